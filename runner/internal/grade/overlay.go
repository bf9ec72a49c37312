package grade

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
)

// How a run is put together.
//
// Every go test run of a submission compiles, through -overlay, the course's
// own module (go.mod, go.sum, shared test code and test files, from the
// snapshot taken before anything ran) with the learner's files in place of
// the exercise's non-test files. Two files are changed on the way:
//
//   - The course's test files, where each manifest test TestX is renamed
//     to a per-run random name (only identifiers change: line numbers stay).
//   - A generated test file adds, under the original names, a TestX that
//     records that it ran and how it ended (in a cleanup registered first,
//     so it runs after the test's own cleanups and subtests), then calls
//     the renamed test; and a TestMain that calls m.Run and then writes an
//     attestation: m.Run's exit code and each test's record, signed with
//     HMAC-SHA256 under a key generated for this run.
//
// The grader credits a test only when the go test -json stream says it
// passed AND the attestation is present, correctly signed, says m.Run
// returned 0, and says the test ran exactly once and ended once, neither
// failed nor skipped. Printing forged results, rewriting the binary's
// output on its way out, exiting early with status 0, or changing which
// tests run (os.Args, the -test.* flags) cannot produce the attestation:
// it is written only by code that runs after the testing package itself
// has decided, and its key is never printed, set in the environment or
// passed on a command line. See doc.go for what remains possible.

// attestation is what the generated TestMain writes after m.Run.
type attestation struct {
	Code  int                  `json:"code"`
	Tests map[string]attRecord `json:"tests"`
}

// attRecord is what the grader's wrapper recorded about one test.
type attRecord struct {
	Runs    int `json:"runs"`
	Ends    int `json:"ends"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// passed reports whether the record shows exactly one run that passed.
func (r attRecord) passed() bool {
	return r.Runs == 1 && r.Ends == 1 && r.Failed == 0 && r.Skipped == 0
}

// maxAttestation bounds the attestation file the grader reads.
const maxAttestation = 256 << 10

// runFiles are the files of one go test run.
type runFiles struct {
	dir     string // scratch folder of the run
	src     string // the generated sources, deleted before the test binary starts
	exec    string // the go test -exec wrapper that deletes src; "" when none
	overlay string // the -overlay file
	attest  string // where the attestation is to be written
	outcome string // where the -exec program writes its confine.Outcome; "" without one
	key     [32]byte
	prefix  string // of the renamed tests and the generated identifiers
	genName string // base name of the generated test file
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// prepareRun writes the overlay of one run of exercise te with the learner's
// files (already copied to learnerDir) into a new folder under scratch.
func (g *grader) prepareRun(te *trustedExercise, files []taken, learnerDir, scratch string) (*runFiles, error) {
	id, err := randomHex(6)
	if err != nil {
		return nil, err
	}
	rf := &runFiles{dir: filepath.Join(scratch, "run-"+id)}
	if err := os.Mkdir(rf.dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating a run folder: %w", err)
	}
	if _, err := rand.Read(rf.key[:]); err != nil {
		return nil, fmt.Errorf("generating a run key: %w", err)
	}
	// The one folder the test binary may write to (inside the sandbox,
	// the only one of the host's): it holds nothing but the attestation.
	written := filepath.Join(rf.dir, "out")
	rf.attest = filepath.Join(written, "attestation")
	rf.src = filepath.Join(rf.dir, "src")
	for _, d := range []string{written, rf.src} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, fmt.Errorf("creating a run folder: %w", err)
		}
	}
	if !g.cfg.noExecWrapper {
		spec := &confine.Spec{
			Bwrap:    g.bwrap,
			Limits:   g.limits,
			Remove:   []string{rf.src},
			Writable: written,
			Etc:      g.etc,
			Env:      sandboxEnv,
			Outcome:  filepath.Join(rf.dir, "outcome.json"),
		}
		if rf.exec, err = writeExecWrapper(rf.dir, g.self, spec); err != nil {
			return nil, err
		}
		if rf.exec != "" {
			rf.outcome = spec.Outcome
		} else if g.bwrap != nil {
			return nil, fmt.Errorf("the sandbox needs a run folder without spaces or quotes, and %s has some: set TMPDIR to another folder", rf.dir)
		}
	}
	prefix := "wbg" + id + "_"
	rf.prefix = prefix

	replace := map[string]string{}
	for p := range g.tc.files {
		replace[p] = g.trustedCopy[p]
	}
	// Files that appeared on disk in the course's folders since the
	// snapshot (code graded earlier may have written them) are left out.
	for dir := range g.trustedDirs {
		entries, _ := os.ReadDir(dir)
		for _, d := range entries {
			p := filepath.Join(dir, d.Name())
			if _, ok := replace[p]; !ok && strings.HasSuffix(d.Name(), ".go") {
				replace[p] = ""
			}
		}
	}
	// The exercise folder: the learner's non-test files, the course's test
	// files renamed, the generated file; nothing else.
	entries, _ := os.ReadDir(te.dir)
	for _, d := range entries {
		if strings.HasSuffix(d.Name(), ".go") {
			replace[filepath.Join(te.dir, d.Name())] = ""
		}
	}
	for name := range te.goFiles {
		replace[filepath.Join(te.dir, name)] = ""
	}
	for _, f := range files {
		replace[filepath.Join(te.dir, f.name)] = filepath.Join(learnerDir, f.name)
	}
	for _, tf := range te.testFiles {
		p := filepath.Join(rf.src, tf.name)
		if err := os.WriteFile(p, tf.renamed(prefix), 0o600); err != nil {
			return nil, fmt.Errorf("writing a test file: %w", err)
		}
		replace[filepath.Join(te.dir, tf.name)] = p
	}
	genName := "zz_" + prefix + "test.go"
	rf.genName = genName
	gen := filepath.Join(rf.src, genName)
	if err := os.WriteFile(gen, generateWrapper(te, prefix, rf.key, rf.attest), 0o600); err != nil {
		return nil, fmt.Errorf("writing the grader's test file: %w", err)
	}
	replace[filepath.Join(te.dir, genName)] = gen

	data, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return nil, fmt.Errorf("encoding the overlay: %w", err)
	}
	rf.overlay = filepath.Join(rf.src, "overlay.json")
	if err := os.WriteFile(rf.overlay, data, 0o600); err != nil {
		return nil, fmt.Errorf("writing the overlay: %w", err)
	}
	return rf, nil
}

// sandboxEnv are the variables of go test's environment a test binary
// gets inside the sandbox: the runtime's and the course's own. The
// instructor's other variables (tokens, keys) stay outside.
var sandboxEnv = []string{
	"PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
	"GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG", "GORACE", "GOTRACEBACK",
	course.TestLangEnv,
}

// writeExecWrapper writes the program go test runs the test binary with
// (go test -exec): a shell script that hands the binary to self's
// confine.Main with the run's spec. Main deletes the run's generated
// sources, which hold its key, before the binary starts, so the key is
// left only inside the binary, whose symbol table is stripped. It returns
// "" where there is no POSIX shell or where GOFLAGS could not carry the
// path (it has spaces).
func writeExecWrapper(dir, self string, spec *confine.Spec) (string, error) {
	if runtime.GOOS == "windows" || strings.ContainsAny(dir, " \t\n'\"\\") {
		return "", nil
	}
	data, err := json.Marshal(spec)
	if err != nil {
		return "", fmt.Errorf("encoding the run's spec: %w", err)
	}
	specPath := filepath.Join(dir, "spec.json")
	if err := os.WriteFile(specPath, data, 0o600); err != nil {
		return "", fmt.Errorf("writing the run's spec: %w", err)
	}
	p := filepath.Join(dir, "exec.sh")
	script := "#!/bin/sh\nexec " + shellQuote(self) + " " + confine.Command + " '" + specPath + "' \"$@\"\n"
	if err := os.WriteFile(p, []byte(script), 0o700); err != nil {
		return "", fmt.Errorf("writing the run's -exec wrapper: %w", err)
	}
	return p, nil
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// readOutcome reads what the -exec program said about a run; nil when it
// wrote nothing readable (it never ran: the build failed).
func readOutcome(path string) *confine.Outcome {
	data, err := readBounded(path)
	if err != nil {
		return nil
	}
	var o confine.Outcome
	if json.Unmarshal(data, &o) != nil {
		return nil
	}
	return &o
}

// generateWrapper returns the grader's test file for one run: the wrappers
// and the TestMain that writes the attestation. Its identifiers all carry
// the run's random prefix, so that no learner code can name them, and the
// key is split in two shares so that it appears nowhere in one piece.
func generateWrapper(te *trustedExercise, prefix string, key [32]byte, attestPath string) []byte {
	var share [32]byte
	_, _ = rand.Read(share[:])
	var other [32]byte
	for i := range key {
		other[i] = key[i] ^ share[i]
	}
	p := prefix
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by workbook grade for one run. DO NOT EDIT.\n\npackage %s\n\n", te.testPkg)
	fmt.Fprintf(&b, "import (\n")
	for _, imp := range []string{"crypto/hmac", "crypto/sha256", "encoding/hex", "encoding/json", "os", "sync", "testing"} {
		fmt.Fprintf(&b, "\t%s%s %q\n", p, filepath.Base(imp), imp)
	}
	fmt.Fprintf(&b, ")\n\n")
	fmt.Fprintf(&b, "var %sshareA = [32]byte{%s}\n\nvar %sshareB = [32]byte{%s}\n\n", p, byteList(share[:]), p, byteList(other[:]))
	fmt.Fprintf(&b, "type %srecord struct {\n\tRuns    int `json:\"runs\"`\n\tEnds    int `json:\"ends\"`\n\tFailed  int `json:\"failed\"`\n\tSkipped int `json:\"skipped\"`\n}\n\n", p)
	fmt.Fprintf(&b, "var (\n\t%smu      %ssync.Mutex\n\t%srecords = map[string]*%srecord{}\n)\n\n", p, p, p, p)
	fmt.Fprintf(&b, `func %[1]strack(t *%[1]stesting.T, name string, f func(*%[1]stesting.T)) {
	%[1]smu.Lock()
	r := %[1]srecords[name]
	if r == nil {
		r = &%[1]srecord{}
		%[1]srecords[name] = r
	}
	r.Runs++
	%[1]smu.Unlock()
	t.Cleanup(func() {
		failed, skipped := t.Failed(), t.Skipped()
		%[1]smu.Lock()
		defer %[1]smu.Unlock()
		r.Ends++
		if failed {
			r.Failed++
		}
		if skipped {
			r.Skipped++
		}
	})
	f(t)
}

`, p)
	names := make([]string, 0, len(te.e.Tests))
	for _, t := range te.e.Tests {
		names = append(names, t.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "func %s(t *%stesting.T) { %strack(t, %q, %s%s) }\n\n", n, p, p, n, p, n)
	}
	fmt.Fprintf(&b, `func TestMain(m *%[1]stesting.M) {
	code := m.Run()
	%[1]smu.Lock()
	body, err := %[1]sjson.Marshal(struct {
		Code  int                    `+"`json:\"code\"`"+`
		Tests map[string]*%[1]srecord `+"`json:\"tests\"`"+`
	}{code, %[1]srecords})
	%[1]smu.Unlock()
	if err == nil {
		var key [32]byte
		for i := range key {
			key[i] = %[1]sshareA[i] ^ %[1]sshareB[i]
		}
		mac := %[1]shmac.New(%[1]ssha256.New, key[:])
		mac.Write(body)
		f, err := %[1]sos.OpenFile(%[2]s, %[1]sos.O_WRONLY|%[1]sos.O_CREATE|%[1]sos.O_EXCL, 0o600)
		if err == nil {
			_, _ = f.Write(append(append(body, '\n'), %[1]shex.EncodeToString(mac.Sum(nil))...))
			_ = f.Close()
		}
	}
	%[1]sos.Exit(code)
}
`, p, strconv.Quote(attestPath))
	return b.Bytes()
}

func byteList(b []byte) string {
	parts := make([]string, len(b))
	for i, v := range b {
		parts[i] = strconv.Itoa(int(v))
	}
	return strings.Join(parts, ", ")
}

// errNoAttestation means the test binary never reached the end of TestMain.
var errNoAttestation = errors.New("no attestation was written")

// readAttestation reads and checks the attestation of a run. It fails when
// the file is missing (the binary died, exited or was stopped before m.Run
// returned), too large, malformed, or not signed with the run's key.
func readAttestation(path string, key [32]byte) (*attestation, error) {
	// The test binary can write where the attestation goes: a symbolic
	// link or a FIFO there must not make the grader read another file or
	// wait for ever.
	f, err := os.OpenFile(path, os.O_RDONLY|openNoFollow, 0)
	if errors.Is(err, os.ErrNotExist) {
		return nil, errNoAttestation
	}
	if err != nil {
		return nil, fmt.Errorf("opening the attestation: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errors.New("the attestation is not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxAttestation+1))
	if err != nil {
		return nil, fmt.Errorf("reading the attestation: %w", err)
	}
	if len(data) > maxAttestation {
		return nil, errors.New("the attestation is too large")
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxAttestation)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if len(lines) != 2 {
		return nil, errors.New("the attestation is malformed")
	}
	got, err := hex.DecodeString(lines[1])
	if err != nil {
		return nil, errors.New("the attestation's signature is malformed")
	}
	mac := hmac.New(sha256.New, key[:])
	mac.Write([]byte(lines[0]))
	if !hmac.Equal(got, mac.Sum(nil)) {
		return nil, errors.New("the attestation is not signed with the run's key")
	}
	var a attestation
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("decoding the attestation: %w", err)
	}
	return &a, nil
}
