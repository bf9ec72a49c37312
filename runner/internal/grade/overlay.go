package grade

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// How a run is put together (doc.go, "Why a printed pass is not enough",
// says why): through -overlay, the course's module from the snapshot, the
// learner's files in place of the exercise's non-test files, every other
// file on disk in the folders the build reads hidden, the course's test
// files with the manifest's tests renamed, the grader's wrappers and
// TestMain, and a file that imports the run's attestation package.

// attestation is what the attestation package signs after m.Run.
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

// runFiles are the files of one go test run.
type runFiles struct {
	dir      string // scratch folder of the run
	overlay  string // the -overlay file
	exec     string // the go test -exec wrapper
	toolexec string // the go test -toolexec wrapper
	outcome  string // where the -exec program writes its confine.Outcome
	prefix   string // of the renamed tests and the generated identifiers
	genName  string // base name of the generated test file
}

// attestModule begins the module path of a run's attestation package,
// which a random suffix makes new for every run: no learner's file can
// import it.
const attestModule = "workbook.invalid/attest"

// prepareRun writes the overlay of one run of exercise te with the learner's
// files (already in scratch's learner folder: see writeLearner) into a new
// folder under scratch.
func (g *grader) prepareRun(te *trustedExercise, files []taken, scratch string) (*runFiles, error) {
	random := make([]byte, 8)
	_, _ = rand.Read(random) // it never fails: the program stops if it cannot
	id := hex.EncodeToString(random)
	rf := &runFiles{dir: filepath.Join(scratch, "run-"+id), prefix: "wbg" + id + "_"}
	src := filepath.Join(rf.dir, "src")
	attestDir := filepath.Join(rf.dir, "attest")
	for _, d := range []string{rf.dir, src, attestDir} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, i18n.Errorf(msgCreating, d, err)
		}
	}
	// put writes a file of the run.
	put := func(p string, data []byte) error {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return i18n.Errorf(msgWritingRunFiles, err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			return i18n.Errorf(msgWritingRunFiles, err)
		}
		return nil
	}
	// The program go test runs the test binary with (-exec): a script that
	// hands it to self's confine.Main with the run's spec.
	spec := &confine.Spec{
		Bwrap:   g.bwrap,
		Limits:  g.limits,
		Etc:     g.etc,
		Cgroup:  g.cgroup,
		Env:     sandboxEnv,
		Outcome: filepath.Join(rf.dir, "outcome.json"),
	}
	rf.outcome = spec.Outcome
	data, err := json.Marshal(spec)
	if err != nil {
		return nil, i18n.Errorf(msgWritingRunFiles, err)
	}
	specPath := filepath.Join(rf.dir, "spec.json")
	if err := put(specPath, data); err != nil {
		return nil, err
	}
	if rf.exec, err = writeScript(filepath.Join(rf.dir, "exec.sh"), g.cfg.self, "run", specPath); err != nil {
		return nil, err
	}
	// Written anew for every run, like the course's files: unconfined, the
	// code of the run before could have changed them.
	rf.toolexec, err = writeScript(filepath.Join(rf.dir, "build.sh"), g.cfg.self, "build",
		strconv.FormatInt(g.limits.Build, 10), string(g.cfg.lang))
	if err != nil {
		return nil, err
	}

	// The attestation package, a module of its own.
	attestPath := attestModule + id
	attest := confine.AttestSource("attest")
	attest["go.mod"] = []byte("module " + attestPath + "\n\ngo 1.22\n")
	for name, data := range attest {
		if err := put(filepath.Join(attestDir, name), data); err != nil {
			return nil, err
		}
	}

	// The course's files, written anew from the snapshot taken before any
	// code ran: unconfined, code graded earlier may have changed the copy
	// of the run before.
	replace := map[string]string{}
	for p, data := range g.tc.files {
		rel, err := filepath.Rel(g.tc.modDir, p)
		if err != nil {
			return nil, i18n.Errorf(msgWritingRunFiles, err)
		}
		replace[p] = filepath.Join(rf.dir, "course", rel)
		if err := put(replace[p], data); err != nil {
			return nil, err
		}
	}
	// Every other file on disk in the folders the build reads (code graded
	// earlier, run without the sandbox, may have written some: an
	// assembly file is compiled into the package as surely as a Go one)
	// is hidden.
	for dir := range g.trustedDirs {
		entries, _ := os.ReadDir(dir)
		for _, d := range entries {
			if p := filepath.Join(dir, d.Name()); !d.IsDir() {
				if _, trusted := replace[p]; !trusted {
					replace[p] = ""
				}
			}
		}
	}
	// The exercise folder: the learner's non-test files, the course's test
	// files renamed, the generated files; nothing else.
	entries, _ := os.ReadDir(te.dir)
	for _, d := range entries {
		if !d.IsDir() {
			replace[filepath.Join(te.dir, d.Name())] = ""
		}
	}
	for name := range te.goFiles {
		replace[filepath.Join(te.dir, name)] = ""
	}
	for _, f := range files {
		replace[filepath.Join(te.dir, f.name)] = filepath.Join(scratch, "learner", f.name)
	}
	write := func(name string, data []byte, in string) error {
		replace[filepath.Join(in, name)] = filepath.Join(src, name)
		return put(filepath.Join(src, name), data)
	}
	for _, tf := range te.testFiles {
		if err := write(tf.name, tf.renamed(rf.prefix), te.dir); err != nil {
			return nil, err
		}
	}
	rf.genName = "zz_" + rf.prefix + "test.go"
	if err := write(rf.genName, generateWrapper(te, rf.prefix, attestPath), te.dir); err != nil {
		return nil, err
	}
	importer := fmt.Sprintf("// Code generated by workbook grade for one run. DO NOT EDIT.\n\npackage %s\n\nimport _ %q\n", te.pkg, attestPath)
	if err := write("zz_"+rf.prefix+"attest.go", []byte(importer), te.dir); err != nil {
		return nil, err
	}
	gomod := filepath.Join(g.tc.modDir, "go.mod")
	mod := fmt.Sprintf("%s\nrequire %s v0.0.0\n\nreplace %s => %s\n", g.tc.files[gomod], attestPath, attestPath, attestDir)
	if err := write("go.mod", []byte(mod), g.tc.modDir); err != nil {
		return nil, err
	}

	if data, err = json.Marshal(map[string]map[string]string{"Replace": replace}); err != nil {
		return nil, i18n.Errorf(msgWritingRunFiles, err)
	}
	rf.overlay = filepath.Join(src, "overlay.json")
	return rf, put(rf.overlay, data)
}

// sandboxEnv are the variables of go test's environment a test binary
// gets, sandbox or not: the runtime's and the course's own, and where the
// home and temporary folders are (in the sandbox, its own). The
// instructor's other variables (tokens, keys) stay outside.
var sandboxEnv = []string{
	"PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
	"GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG", "GORACE", "GOTRACEBACK",
	course.TestLangEnv, course.RunnerEnv,
}

// errSpaces is the setup error of a scratch folder that GOFLAGS cannot
// name.
var errSpaces = i18n.NewError(msgSpaces)

// writeScript writes a shell script that runs self's confine.Main with
// args and then its own arguments, for GOFLAGS (whose values cannot hold
// spaces) to name.
func writeScript(path, self string, args ...string) (string, error) {
	if strings.ContainsAny(path, " \t\n'\"\\") {
		return "", errSpaces
	}
	var b strings.Builder
	b.WriteString("#!/bin/sh\nexec " + shellQuote(self) + " " + confine.Command)
	for _, a := range args {
		b.WriteString(" " + shellQuote(a))
	}
	b.WriteString(" \"$@\"\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o700); err != nil {
		return "", i18n.Errorf(msgWritingRunFiles, err)
	}
	return path, nil
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// generateWrapper returns the grader's test file for one run: the wrappers
// and the TestMain that hands m.Run's result to the attestation package at
// attestPath. Its identifiers all carry the run's random prefix, so that
// no learner code can name them.
func generateWrapper(te *trustedExercise, prefix, attestPath string) []byte {
	p := prefix
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by workbook grade for one run. DO NOT EDIT.\n\npackage %s\n\n", te.testPkg)
	fmt.Fprintf(&b, "import (\n\t%sattest %q\n\t%stesting \"testing\"\n)\n\n", p, attestPath, p)
	for _, n := range slices.Sorted(slices.Values(mapped(te.e.Tests, testName))) {
		fmt.Fprintf(&b, "func %s(t *%stesting.T) {\n\tend := %sattest.Run(%q)\n\tt.Cleanup(func() { end(t.Failed(), t.Skipped()) })\n\t%s%s(t)\n}\n\n",
			n, p, p, n, p, n)
	}
	fmt.Fprintf(&b, "func TestMain(m *%stesting.M) { %sattest.Finish(m.Run()) }\n", p, p)
	return b.Bytes()
}

// errNoAttestation means the test binary never reached the end of TestMain.
var errNoAttestation = i18n.NewError(msgNoAttestation)

// attested is the attestation of a run as Main vouched for it, or why there
// is none.
func attested(o *confine.Outcome) (*attestation, error) {
	switch {
	case o == nil:
		return nil, errNoAttestation
	case o.Attestation == nil && o.AttestationError == confine.NoAttestation:
		return nil, errNoAttestation
	case o.Attestation == nil:
		return nil, i18n.Errorf(msgAttestationRejected, confine.AttestationText(o.AttestationError))
	}
	var a attestation
	dec := json.NewDecoder(bytes.NewReader(o.Attestation))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return nil, i18n.Errorf(msgAttestationUnreadable, err)
	}
	return &a, nil
}
