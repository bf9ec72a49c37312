package book_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// messageFuncs are the harness functions whose second argument is the
// Chinese half of a failure message: harness.T("en", "zh") in the
// exercises' tests, T("en", "zh") in the harness itself.
var messageFuncs = map[string]bool{"T": true, "Textf": true, "Say": true, "Sayf": true}

// TestChineseTestMessages holds the Chinese halves of the exercises' test
// failure messages, which learners read more than any chapter, to the
// glossary: none of its ruled-out terms, and full-width punctuation. It
// parses each exercise's _test.go files and the harness's own files (the
// checks every echo server passes, the waits, the clients) and reads the
// second argument of every T, Textf, Say and Sayf call of the harness (a
// string literal, or literals joined with +); a half built any other way
// is not checked.
func TestChineseTestMessages(t *testing.T) {
	b := loadBook(t)
	never := loadNeverRules(t, b)
	c, err := course.Load(b.root)
	require.NoError(t, err, "the manifest must load")
	check := func(path string, inHarness bool) (checked int) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		require.NoError(t, err, "cannot parse %s", c.Rel(path))
		ast.Inspect(f, func(n ast.Node) bool {
			zh, pos, ok := chineseHalf(n, inHarness)
			if !ok {
				return true
			}
			checked++
			at := c.Rel(path) + ":" + strconv.Itoa(fset.Position(pos).Line)
			if bad, use := never.find(zh); bad != "" {
				assert.Failf(t, "term the glossary rules out", "%s: %q: book/GLOSSARY.md says %s", at, bad, use)
			}
			if m := halfWidthPunct.FindString(zh); m != "" {
				assert.Failf(t, "half-width punctuation", "%s: %q: use full-width punctuation（，。：；？！（））in Chinese sentences", at, m)
			}
			return true
		})
		return checked
	}
	checked := 0
	for i := range c.Exercises {
		e := &c.Exercises[i]
		files, err := filepath.Glob(filepath.Join(c.ExerciseDir(e), "*_test.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "exercise %s has no _test.go file in %s", e.ID, c.Rel(c.ExerciseDir(e)))
		for _, path := range files {
			checked += check(path, false)
		}
	}
	// The harness's helpers may be renamed; the test must not then pass
	// by checking nothing.
	require.Greater(t, checked, 100, "found too few harness.T/Textf/Say/Sayf calls in the exercises' tests: has the harness's API changed?")

	files, err := filepath.Glob(filepath.Join(c.ModuleDir(), "internal", "harness", "*.go"))
	require.NoError(t, err)
	checked = 0
	for _, path := range files {
		if !strings.HasSuffix(path, "_test.go") { // its tests hold what they expect, not what learners read
			checked += check(path, true)
		}
	}
	require.Greater(t, checked, 50, "found too few T/Textf/Say/Sayf calls in exercises/internal/harness: has its API changed?")
}

// chineseHalf returns the Chinese half of a call of the harness's T,
// Textf, Say or Sayf, and where it is, when n is such a call with a
// constant string as its second argument: harness.T in the exercises'
// tests, T unqualified inHarness.
func chineseHalf(n ast.Node, inHarness bool) (string, token.Pos, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) < 2 {
		return "", 0, false
	}
	switch fun := call.Fun.(type) {
	case *ast.SelectorExpr:
		if pkg, ok := fun.X.(*ast.Ident); inHarness || !ok || pkg.Name != "harness" || !messageFuncs[fun.Sel.Name] {
			return "", 0, false
		}
	case *ast.Ident:
		if !inHarness || !messageFuncs[fun.Name] {
			return "", 0, false
		}
	default:
		return "", 0, false
	}
	zh, ok := constString(call.Args[1])
	return zh, call.Args[1].Pos(), ok
}

// constString is the value of a string literal, or of literals joined
// with +.
func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := constString(e.X)
		if !ok {
			return "", false
		}
		y, ok := constString(e.Y)
		return x + y, ok
	case *ast.ParenExpr:
		return constString(e.X)
	}
	return "", false
}
