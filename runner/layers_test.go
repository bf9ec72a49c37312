// Package runner_test checks the map runner/README.md draws: data flows
// one way, from the course through the runs to the screens.
package runner_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/gospawn/workbook/runner/internal/"

// views draw; nothing below them may import them.
var views = []string{"render", "tui", "cli"}

// imports lists the runner packages each package's non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir("internal", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			strings.Contains(path, "testdata") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(strings.TrimPrefix(filepath.Dir(path), "internal"+string(filepath.Separator)))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok {
				out[pkg] = append(out[pkg], rest)
			} else if p == "os" || p == "io/fs" {
				out[pkg] = append(out[pkg], p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDataFlowsOneWay(t *testing.T) {
	all := imports(t)
	if len(all) < 10 {
		t.Fatalf("found only %d packages under internal/: is the test in runner/?", len(all))
	}
	for pkg, deps := range all {
		if slices.Contains(views, pkg) {
			continue
		}
		for _, dep := range deps {
			if slices.Contains(views, dep) {
				t.Errorf("%s imports %s: a domain package must not depend on a view", pkg, dep)
			}
		}
	}
	for _, dep := range all["render"] {
		if dep == "os" || dep == "io/fs" || dep == "state" {
			t.Errorf("render imports %s: it draws what it is given and reads no file", dep)
		}
	}
	for _, dep := range all["tui"] {
		if dep == "state" {
			t.Errorf("tui imports %s: it records nothing", dep)
		}
	}
	// confine runs inside every test binary's run: it knows no course,
	// grade or verdict, only the spec it is given. It says its errors in
	// both languages (i18n, which imports nothing of the runner).
	for _, dep := range all["confine"] {
		if dep != "os" && dep != "io/fs" && dep != "i18n" {
			t.Errorf("confine imports %s: it depends on no other package of the runner", dep)
		}
	}
}
