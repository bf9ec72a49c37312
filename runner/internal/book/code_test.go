package book_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The rules for Go code blocks (```go):
//
//   - A block whose first token, after comments, is `package` is a complete
//     file. Every complete file is copied into a directory of its own in one
//     temporary module (go 1.25, standard library only) and all of them are
//     checked with one `go vet ./...`: they must compile and pass vet.
//   - A complete file that declares a test, a function TestXxx(*testing.T),
//     is a test file: it is copied as example_test.go, and once it passes
//     vet its package is run with `go test`: its tests must pass. (A book's
//     test file holds the code it tests, since a block is a package.)
//   - Any other block is a fragment. It must parse either as top-level
//     declarations (as if preceded by `package p`) or as statements (as if
//     inside `func _() { … }`).
//   - Every block, complete or fragment, is gofmt-formatted.

// goBlock is a Go code block and where it comes from.
type goBlock struct {
	doc *mdDoc
	codeBlock
	n int // 1-based number among the Go blocks of its document
}

// String names the block for messages: "book/en/01-echo.md:42 (Go block 3)".
func (g goBlock) String() string {
	return fmt.Sprintf("%s (Go block %d)", g.doc.at(g.fenceLine), g.n)
}

// chapterLine maps a line of the block's code (from 1) to its line in the chapter.
func (g goBlock) chapterLine(codeLine int) int {
	return g.firstLine + codeLine - 1
}

// complete reports whether the block is a complete Go file.
func (g goBlock) complete() bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(g.code))
	var s scanner.Scanner
	s.Init(file, []byte(g.code), func(token.Position, string) {}, 0)
	_, tok, _ := s.Scan()
	return tok == token.PACKAGE
}

// allGoBlocks returns every Go block of every chapter, in both languages.
func allGoBlocks(t *testing.T) []goBlock {
	t.Helper()
	b := loadBook(t)
	var all []goBlock
	for _, ch := range b.chapters {
		for _, lang := range ch.Langs {
			d := b.doc(t, ch, lang)
			blocks, _ := d.goBlocks()
			for i, blk := range blocks {
				all = append(all, goBlock{doc: d, codeBlock: blk, n: i + 1})
			}
		}
	}
	return all
}

// TestGoBlocksAreGofmted checks that every Go block is formatted as gofmt
// would format it. Blocks that do not parse are left to the other tests.
func TestGoBlocksAreGofmted(t *testing.T) {
	t.Parallel()
	for _, g := range allGoBlocks(t) {
		formatted, err := format.Source([]byte(g.code))
		if err != nil {
			continue
		}
		if string(formatted) == g.code {
			continue
		}
		have, want := strings.Split(g.code, "\n"), strings.Split(string(formatted), "\n")
		i := 0
		for i < len(have) && i < len(want) && have[i] == want[i] {
			i++
		}
		line := func(ls []string) string {
			if i < len(ls) {
				return strconv.Quote(ls[i])
			}
			return "(end of block)"
		}
		assert.Failf(t, "Go block not gofmt-formatted",
			"%s is not gofmt-formatted; first difference at %s:\n  the book has: %s\n  gofmt wants:  %s",
			g, g.doc.at(g.chapterLine(i+1)), line(have), line(want))
	}
}

// TestGoFragmentsParse checks that every Go block that is not a complete file
// parses as declarations or as statements.
func TestGoFragmentsParse(t *testing.T) {
	t.Parallel()
	for _, g := range allGoBlocks(t) {
		if g.complete() {
			continue
		}
		declErr := parseWrapped(g, "package p\n", "")
		if declErr == nil {
			continue
		}
		stmtErr := parseWrapped(g, "package p\nfunc _() {\n", "}\n")
		if stmtErr == nil {
			continue
		}
		assert.Failf(t, "Go fragment does not parse",
			"%s does not start with `package`, so it is a fragment, and a fragment must parse either as declarations or as statements in a function body.\n"+
				"  as declarations: %v\n  as statements:   %v", g, declErr, stmtErr)
	}
}

// parseWrapped parses the block between prefix and suffix and returns the
// first syntax error, with its position mapped back to the chapter.
func parseWrapped(g goBlock, prefix, suffix string) error {
	src := prefix + g.code + suffix
	_, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err == nil {
		return nil
	}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		codeLine := e.Pos.Line - strings.Count(prefix, "\n")
		if codeLine < 1 {
			codeLine = 1
		}
		if max := strings.Count(g.code, "\n"); codeLine > max {
			return fmt.Errorf("at the end of the block: %s", e.Msg)
		}
		return fmt.Errorf("%s: %s", g.doc.at(g.chapterLine(codeLine)), e.Msg)
	}
	return err
}

// TestGoFilesBuild writes every complete Go file into its own package of a
// temporary module, runs `go vet ./...` once over all of them, and then
// `go test` once over the packages of the test files that passed vet.
func TestGoFilesBuild(t *testing.T) {
	t.Parallel()
	var files []goBlock
	for _, g := range allGoBlocks(t) {
		if !g.complete() {
			continue
		}
		// go vet stops at an import from outside the standard library before
		// looking at any other block, and it does not link, so it would miss
		// a package main without func main: check both here.
		if problem := fileProblem(g.code); problem != "" {
			assert.Failf(t, "complete Go file does not build",
				"%s starts with `package`, so it is a complete file: %s", g, problem)
			continue
		}
		files = append(files, g)
	}
	if len(files) == 0 {
		t.Skip("the book has no complete Go files yet")
	}

	dir := t.TempDir()
	write := func(name, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	write("go.mod", "module bookexamples\n\ngo 1.25\n")
	for i, g := range files {
		name := "example.go"
		if isTestFile(g.code) {
			name = "example_test.go"
		}
		write(filepath.Join(pkgDir(i), name), g.code)
	}

	out, err := goIn(t, dir, "vet", "./...")
	perBlock := map[int][]string{}
	if err != nil {
		perBlock = linesPerBlock(files, out)
		for i, g := range files {
			if lines, ok := perBlock[i]; ok {
				assert.Failf(t, "complete Go file does not build",
					"%s starts with `package`, so it is a complete file; it must compile with the standard library and pass go vet:\n%s",
					g, strings.Join(lines, "\n"))
			}
		}
		if lines, ok := perBlock[-1]; ok {
			assert.Failf(t, "go vet failed", "go vet failed on the book's Go files:\n%s", strings.Join(lines, "\n"))
		}
		if !t.Failed() {
			t.Errorf("go vet failed but its output names no block:\n%s", bytes.TrimSpace(out))
		}
	}

	var tested []string
	for i, g := range files {
		if _, failed := perBlock[i]; isTestFile(g.code) && !failed {
			tested = append(tested, "./"+pkgDir(i))
		}
	}
	if len(tested) == 0 {
		return
	}
	// -json, because go test prints a test's messages with the file's name
	// alone ("example_test.go:12: …"): the events say whose they are. The
	// time-out is a watchdog: an example that hangs fails here, well before
	// this package's own time-out would end every test of the book.
	out, err = goIn(t, dir, append([]string{"test", "-json", "-timeout=2m"}, tested...)...)
	if err == nil {
		return
	}
	failed := testFailures(files, out)
	for i, g := range files {
		if lines, ok := failed[i]; ok {
			assert.Failf(t, "test file in the book fails",
				"%s declares a test, so it is a test file; its tests must pass under go test:\n%s",
				g, strings.Join(lines, "\n"))
		}
	}
	if len(failed) == 0 {
		t.Errorf("go test failed on the book's test files but names no failing package:\n%s", bytes.TrimSpace(out))
	}
}

// pkgDir is the directory, in the temporary module, of complete file i.
func pkgDir(i int) string { return fmt.Sprintf("b%03d", i+1) }

// goIn runs the go command in dir with only the standard library allowed:
// no module downloads, no workspace, the local toolchain. An error that is
// not the command's own failure stops the test.
func goIn(t *testing.T, dir string, args ...string) ([]byte, error) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is not on PATH: cannot check the book's Go files")
	cmd := exec.Command(goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GO111MODULE=on")
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		require.NoError(t, err, "cannot run go %s on the book's Go files:\n%s", args[0], out)
	}
	return out, err
}

// linesPerBlock maps every line of go vet's output to the block it is
// about, by file (index in files) or -1 for none, with the block's files
// and lines rewritten as chapter positions.
func linesPerBlock(files []goBlock, out []byte) map[int][]string {
	perBlock := map[int][]string{}
	current := -1
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if m := pkgRef.FindStringSubmatch(line); m != nil {
			i, _ := strconv.Atoi(m[1])
			current = i - 1
		}
		line, current = chapterRefs(files, line, current)
		perBlock[current] = append(perBlock[current], line)
	}
	return perBlock
}

// testEvent is the part of a `go test -json` event that testFailures reads.
type testEvent struct {
	Action     string
	Package    string
	ImportPath string // build output has this instead of Package
	Test       string
	Output     string
}

// testFailures reads `go test -json` output and returns the output of each
// package that failed, by file (index in files), with file positions
// rewritten as chapter positions.
func testFailures(files []goBlock, out []byte) map[int][]string {
	outputs := map[int][]string{}
	failed := map[int][]string{}
	for _, raw := range bytes.Split(out, []byte("\n")) {
		var e testEvent
		if json.Unmarshal(raw, &e) != nil {
			continue // not an event: the go command's own words on stderr
		}
		pkg := e.Package
		if pkg == "" {
			pkg = e.ImportPath
		}
		m := pkgRef.FindStringSubmatch(pkg)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		i--
		switch {
		case e.Action == "output" || e.Action == "build-output":
			line, _ := chapterRefs(files, strings.TrimRight(e.Output, "\n"), i)
			outputs[i] = append(outputs[i], line)
		case e.Action == "fail" && e.Test == "":
			failed[i] = outputs[i]
		}
	}
	return failed
}

// chapterRefs rewrites every file position of a complete file in line
// ("b003/example.go:12:5", "example_test.go:12") as its position in the
// chapter. A position without its package's directory belongs to file
// current. It returns the line and the file it last named.
func chapterRefs(files []goBlock, line string, current int) (string, int) {
	line = fileRef.ReplaceAllStringFunc(line, func(ref string) string {
		m := fileRef.FindStringSubmatch(ref)
		i := current + 1
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		n, _ := strconv.Atoi(m[2])
		if i < 1 || i > len(files) {
			return ref
		}
		current = i - 1
		return files[i-1].doc.at(files[i-1].chapterLine(n))
	})
	return line, current
}

var (
	// fileRef matches a file position of a complete file in the go
	// command's output, with or without its package's directory in front:
	// "b003/example.go:12:5", "./b003/example.go:12", "example_test.go:12".
	fileRef = regexp.MustCompile(`(?:(?:[^\s:]*[/\\])?b(\d{3})[/\\])?example(?:_test)?\.go:(\d+)(?::\d+)?`)
	// pkgRef matches a package of the temporary module: "# bookexamples/b003".
	pkgRef = regexp.MustCompile(`bookexamples/b(\d{3})\b`)
)

// isTestFile reports whether a complete Go file declares a test: a
// function named Test… whose one parameter is a *testing.T. Such a file
// is run with go test.
func isTestFile(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(f.Decls, func(d ast.Decl) bool {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || len(fn.Type.Params.List) != 1 {
			return false
		}
		star, ok := fn.Type.Params.List[0].Type.(*ast.StarExpr)
		if !ok {
			return false
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		pkg, ok := sel.X.(*ast.Ident)
		return ok && pkg.Name == "testing" && sel.Sel.Name == "T"
	})
}

// fileProblem returns why a complete Go file cannot build for reasons go vet
// does not report well: an import from outside the standard library (its
// first path element has a dot, like golang.org/x/…), or a package main
// without a main function. It returns "" otherwise, syntax errors included:
// go vet reports those.
func fileProblem(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			return fmt.Sprintf("it may only use the standard library, but it imports %q; "+
				"make it a fragment (drop the package clause and the imports)", path)
		}
	}
	if f.Name.Name == "main" && !isTestFile(src) && !slices.ContainsFunc(f.Decls, func(d ast.Decl) bool {
		fn, ok := d.(*ast.FuncDecl)
		return ok && fn.Recv == nil && fn.Name.Name == "main"
	}) {
		return "it is package main but has no func main, so it does not build; " +
			"add one, or make it a fragment (drop the package clause)"
	}
	return ""
}
