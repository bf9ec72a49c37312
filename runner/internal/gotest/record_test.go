package gotest

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "re-record testdata/*.jsonl by running go test on the fixture packages")

// fakeExercises is where recorded streams say the fixture module lives, so
// that they do not depend on where the repository is checked out.
const (
	fakeRoot      = "/workbook"
	fakeExercises = "/workbook/exercises"
)

// record runs go test -json on one fixture package and writes its stream,
// with the fixture module's absolute path replaced by fakeExercises, to
// testdata/NAME.jsonl.
func record(t *testing.T, module, name string, flags []string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", module))
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"test", "-json", "-count=1"}, flags...)
	args = append(args, "./"+name)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("recording %s: %v", name, err)
		}
	}
	if stderr.Len() > 0 {
		t.Logf("recording %s: go wrote on stderr:\n%s", name, stderr.String())
	}
	out := strings.ReplaceAll(stdout.String(), dir, fakeExercises)
	if err := os.WriteFile(filepath.Join("testdata", name+".jsonl"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// parseRecorded parses testdata/NAME.jsonl as if it had been run on the
// package ./NAME of a module at fakeExercises, in a workbook at fakeRoot.
func parseRecorded(t *testing.T, name string, expected []string) *Verdict {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".jsonl"))
	if err != nil {
		t.Fatalf("%v (run the tests with -update to record it)", err)
	}
	defer f.Close()
	v, err := Parse(f, Options{Dir: fakeExercises, Package: "./" + name, Root: fakeRoot, Expected: expected})
	if err != nil {
		t.Fatal(err)
	}
	return v
}
