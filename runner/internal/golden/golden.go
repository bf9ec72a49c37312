// Package golden compares a test's output with a file kept beside the test
// (testdata/…), and rewrites the file instead when the tests run with
// -update. It is for tests only: the screens' golden files are reviewed by
// eye in the diff of the commit that changes them.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the code draws now")

// Check compares got with the golden file at path, or writes got there
// with -update.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no golden file %s: run the test with -update and review what it writes", path)
	}
	if string(want) != got {
		t.Errorf("the screen in %s changed; if on purpose, run the test with -update and review the diff.\nwant:\n%s\ngot:\n%s", path, want, got)
	}
}
