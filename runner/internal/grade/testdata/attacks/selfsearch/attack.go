// The self-searcher: with no import the grader lists for review, it looks
// for the run's key in its own executable and in its own memory (through
// /proc/self/mem, named so that no string in the file mentions /proc/),
// starts itself again as the grader did, to have a real attestation to
// test its guesses against, and then signs an attestation that every test
// passed with what it found, writes it on every descriptor the grader
// could read one from, prints a passing run and exits with status 0
// (TestAttacks/SelfSearch). It goes beside the untouched stub.
package echo

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// tests are the exercise's tests, put in by the test.
const tests = "@@TESTS@@"

func init() {
	if os.Getenv("SELFSEARCH_CHILD") != "" {
		return // the copy started below: it is the grader's binary as built
	}
	// What the binary holds: its executable, and its memory where it can
	// read it.
	var hay [][]byte
	if exe, err := os.Executable(); err == nil {
		if data, err := os.ReadFile(exe); err == nil {
			hay = append(hay, data)
		}
	}
	proc := "/" + "proc"
	if maps, err := os.Open(proc + "/self/maps"); err == nil {
		mem, err := os.Open(proc + "/self/mem")
		sc := bufio.NewScanner(maps)
		for err == nil && sc.Scan() {
			f := strings.Fields(sc.Text())
			lo, hi, _ := strings.Cut(f[0], "-")
			a, _ := strconv.ParseUint(lo, 16, 64)
			b, _ := strconv.ParseUint(hi, 16, 64)
			if !strings.HasPrefix(f[1], "rw") || b-a > 64<<20 {
				continue
			}
			buf := make([]byte, b-a)
			if n, _ := mem.ReadAt(buf, int64(a)); n > 0 {
				hay = append(hay, buf[:n])
			}
		}
		maps.Close()
	}
	// A real attestation: itself, started again the way the grader
	// starts it, with a pipe where the grader reads the attestation (and
	// nothing where it gave the key: that descriptor is closed by now).
	var real []byte
	if exe, err := os.Executable(); err == nil {
		r, w, _ := os.Pipe()
		null, _ := os.Open(os.DevNull)
		attr := &os.ProcAttr{Env: append(os.Environ(), "SELFSEARCH_CHILD=1"),
			Files: []*os.File{null, null, null, null, w}}
		if p, err := os.StartProcess(exe, []string{exe, "-test.run=^$"}, attr); err == nil {
			w.Close()
			real, _ = io.ReadAll(r)
			p.Wait()
		}
	}
	body, sig, _ := bytes.Cut(real, []byte("\n"))
	want, _ := hex.DecodeString(string(sig))
	// Every aligned 32 bytes is a guess; without a real attestation to
	// test them on, the last one will have to do.
	var key []byte
search:
	for _, h := range hay {
		for i := 0; i+32 <= len(h) && i < 16<<20; i += 8 {
			key = h[i : i+32]
			if want != nil {
				mac := hmac.New(sha256.New, key)
				mac.Write(body)
				if hmac.Equal(mac.Sum(nil), want) {
					break search
				}
			}
		}
	}
	records := map[string]any{}
	for _, name := range strings.Split(tests, ",") {
		records[name] = map[string]int{"runs": 1, "ends": 1}
	}
	forged, _ := json.Marshal(map[string]any{"code": 0, "tests": records})
	mac := hmac.New(sha256.New, key)
	mac.Write(forged)
	for fd := 3; fd < 64; fd++ {
		os.NewFile(uintptr(fd), "").Write(append(append(forged, '\n'), hex.EncodeToString(mac.Sum(nil))...))
	}
	for _, name := range strings.Split(tests, ",") {
		fmt.Printf("\x16=== RUN   %s\n\x16--- PASS: %s (0.00s)\n", name, name)
	}
	fmt.Println("\x16PASS")
	os.Exit(0)
}
