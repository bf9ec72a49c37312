package book_test

import (
	"bytes"
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
// temporary module and runs `go vet ./...` once over all of them.
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
	pkgDir := func(i int) string { return fmt.Sprintf("b%03d", i+1) }
	for i, g := range files {
		write(filepath.Join(pkgDir(i), "example.go"), g.code)
	}

	goCmd, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is not on PATH: cannot build the book's Go files")
	cmd := exec.Command(goCmd, "vet", "./...")
	cmd.Dir = dir
	// Only the standard library is allowed: no module downloads, no workspace.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local", "GO111MODULE=on")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr, "cannot run go vet on the book's Go files:\n%s", out)

	// Map every line of vet's output back to the block it is about.
	perBlock := map[int][]string{}
	current := -1
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if m := pkgRef.FindStringSubmatch(line); m != nil {
			i, _ := strconv.Atoi(m[1])
			current = i - 1
		}
		line = fileRef.ReplaceAllStringFunc(line, func(ref string) string {
			m := fileRef.FindStringSubmatch(ref)
			i, _ := strconv.Atoi(m[1])
			n, _ := strconv.Atoi(m[2])
			if i < 1 || i > len(files) {
				return ref
			}
			current = i - 1
			return files[i-1].doc.at(files[i-1].chapterLine(n))
		})
		perBlock[current] = append(perBlock[current], line)
	}
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

var (
	// fileRef matches a file position in go vet's output, with or without
	// a directory in front: "b003/example.go:12:5", "./b003/example.go:12".
	fileRef = regexp.MustCompile(`(?:[^\s:]*[/\\])?b(\d{3})[/\\]example\.go:(\d+)(?::\d+)?`)
	// pkgRef matches a package in go vet's output: "# bookexamples/b003".
	pkgRef = regexp.MustCompile(`bookexamples/b(\d{3})\b`)
)

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
	if f.Name.Name == "main" && !slices.ContainsFunc(f.Decls, func(d ast.Decl) bool {
		fn, ok := d.(*ast.FuncDecl)
		return ok && fn.Recv == nil && fn.Name.Name == "main"
	}) {
		return "it is package main but has no func main, so it does not build; " +
			"add one, or make it a fragment (drop the package clause)"
	}
	return ""
}
