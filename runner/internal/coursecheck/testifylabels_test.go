package coursecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// TestTheHarnessSaysTestifyAsTheRunnersExplain checks that testify's block
// reads the same in Chinese under a plain go test (the harness's TB, in
// exercises/internal/harness/testify.go) as in the workbook (explain, in
// runner/internal/explain/labels.go): the same labels with the same
// Chinese, and the same lines of testify's Error field, in the same order
// (the first that matches wins), with the same Chinese. The two modules
// cannot share the tables, so this test reads both files' source.
func TestTheHarnessSaysTestifyAsTheRunnersExplain(t *testing.T) {
	root, err := course.Find(".")
	require.NoError(t, err, "the author check must run inside the workbook")
	harness := filepath.Join(root, "exercises", "internal", "harness", "testify.go")
	explain := filepath.Join(root, "runner", "internal", "explain", "labels.go")

	assert.Equal(t, stringMap(t, explain, "testifyLabels"), stringMap(t, harness, "testifyLabels"),
		"testify's labels in Chinese: explain's (expected) and the harness's (actual) differ")
	assert.Equal(t, patternLines(t, explain, "assertionLines"), patternLines(t, harness, "testifyLines"),
		"testify's lines in Chinese: explain's (expected) and the harness's (actual) differ")
}

// TestPatternLines checks the reading of a table on a small source, so
// that the test above cannot pass by reading nothing from both files.
func TestPatternLines(t *testing.T) {
	src := "package p\n\nvar lines = []struct{ re *regexp.Regexp; zh string }{\n" +
		"\t{regexp.MustCompile(`^Not equal:$`), \"不相等：\"},\n" +
		"\t// A comment.\n" +
		"\t{regexp.MustCompile(\"^a (.*)$\"), \"甲 %s\"},\n}\n" +
		"var labels = map[string]string{\"Error\": \"错误\", `Test`: \"测试\"}\n"
	file := filepath.Join(t.TempDir(), "p.go")
	require.NoError(t, os.WriteFile(file, []byte(src), 0o644))
	assert.Equal(t, []string{"^Not equal:$ → 不相等：", "^a (.*)$ → 甲 %s"}, patternLines(t, file, "lines"))
	assert.Equal(t, map[string]string{"Error": "错误", "Test": "测试"}, stringMap(t, file, "labels"))
}

// tableOf is the composite literal that the package-level variable name
// of the Go file at path is set to; it fails the test if there is none.
func tableOf(t *testing.T, path, name string) *ast.CompositeLit {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	require.NoError(t, err)
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, n := range v.Names {
				if n.Name == name && i < len(v.Values) {
					lit, ok := v.Values[i].(*ast.CompositeLit)
					require.True(t, ok, "%s: var %s is not a composite literal", path, name)
					return lit
				}
			}
		}
	}
	t.Fatalf("%s: no var %s", path, name)
	return nil
}

// stringMap is the map[string]string literal of var name in the file at
// path.
func stringMap(t *testing.T, path, name string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, e := range tableOf(t, path, name).Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		require.True(t, ok, "%s: an element of %s is not key: value", path, name)
		m[stringLit(t, path, kv.Key)] = stringLit(t, path, kv.Value)
	}
	return m
}

// patternLines is the table of var name in the file at path, a slice of
// {regexp.MustCompile(pattern), chinese}, as "pattern → chinese" lines in
// its order.
func patternLines(t *testing.T, path, name string) []string {
	t.Helper()
	var lines []string
	for _, e := range tableOf(t, path, name).Elts {
		row, ok := e.(*ast.CompositeLit)
		require.True(t, ok && len(row.Elts) == 2, "%s: an element of %s is not {regexp.MustCompile(…), \"…\"}", path, name)
		call, ok := row.Elts[0].(*ast.CallExpr)
		require.True(t, ok && len(call.Args) == 1, "%s: an element of %s does not start with regexp.MustCompile(…)", path, name)
		lines = append(lines, fmt.Sprintf("%s → %s", stringLit(t, path, call.Args[0]), stringLit(t, path, row.Elts[1])))
	}
	require.NotEmpty(t, lines, "%s: %s is empty", path, name)
	return lines
}

// stringLit is the value of e, a string literal.
func stringLit(t *testing.T, path string, e ast.Expr) string {
	t.Helper()
	lit, ok := e.(*ast.BasicLit)
	require.True(t, ok && lit.Kind == token.STRING, "%s: %T is not a string literal", path, e)
	s, err := strconv.Unquote(lit.Value)
	require.NoError(t, err)
	return s
}
