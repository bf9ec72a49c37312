package grade

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Bounds on what the grader reads from disk.
const (
	maxGoFile        = 1 << 20 // one source file, trusted or submitted
	maxExerciseBytes = 4 << 20 // all the files taken for one exercise
	maxTrustedFiles  = 2000    // files of the trusted exercises module
	maxListed        = 50      // ignored entries listed per exercise or submission
	maxWalk          = 10000   // entries visited in a submission's module folder
)

// trustedCourse is the grader's snapshot of its own copy of the course,
// read once before any submission's code runs: the manifest, and every file
// of the exercises module that a build can read (go.mod, go.sum, the .go
// files). Runs get these through -overlay, so code that rewrites the
// instructor's checkout while it is graded cannot change what later runs
// compile.
type trustedCourse struct {
	c       *course.Course
	modDir  string // the exercises module, absolute
	modPath string // its module path

	// files maps the absolute path of every go.mod, go.sum and .go file of
	// the module outside the exercise folders to its content.
	files map[string][]byte

	exercises []*trustedExercise
}

// trustedExercise is one exercise of the trusted course.
type trustedExercise struct {
	e   *course.Exercise
	dir string // absolute

	// goFiles maps the base name of every .go file in the folder (test
	// files included) to its content.
	goFiles map[string][]byte
	// testFiles are the _test.go files, in name order.
	testFiles []*testFile
	// testPkg is the package clause of the test files that declare the
	// manifest's tests; pkg that of the stub.
	testPkg, pkg string
	// tests holds what is known of each manifest test, by name.
	tests map[string]*testSource
}

// testFile is one trusted test file and the places where the manifest's
// test names occur in it (which each run renames, see overlay.go).
type testFile struct {
	name string
	src  []byte
	pkg  string
	refs []nameRef
}

// nameRef is one occurrence of a manifest test's name in a test file.
type nameRef struct {
	off  int
	name string
}

// testSource is where a manifest test is declared, and its source text.
type testSource struct {
	file string // base name of its test file
	line int
	code string
}

// loadTrusted reads the course at root: its manifest, and the exercises
// module's files.
func loadTrusted(root string) (*trustedCourse, error) {
	c, err := course.Load(root)
	if err != nil {
		return nil, err // course.Load says what is wrong, in both languages
	}
	tc := &trustedCourse{c: c, modDir: c.ModuleDir(), files: map[string][]byte{}}
	exDirs := map[string]bool{}
	for i := range c.Exercises {
		exDirs[filepath.Clean(c.ExerciseDir(&c.Exercises[i]))] = true
	}
	for _, name := range []string{"go.mod", "go.sum"} {
		p := filepath.Join(tc.modDir, name)
		data, err := readBounded(p)
		if errors.Is(err, fs.ErrNotExist) && name == "go.sum" {
			continue
		}
		if err != nil {
			return nil, i18n.Errorf(msgReadingCourse, err)
		}
		tc.files[p] = data
	}
	count := 0
	err = filepath.WalkDir(tc.modDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != tc.modDir && (exDirs[p] || name == "testdata" || name == "vendor" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Lstat(filepath.Join(p, "go.mod")); p != tc.modDir && err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !d.Type().IsRegular() || !gofiles.Counts(d.Name()) {
			return nil
		}
		if count++; count > maxTrustedFiles {
			return i18n.Errorf(msgTooManyGoFiles, maxTrustedFiles)
		}
		data, err := readBounded(p)
		if err != nil {
			return err
		}
		tc.files[p] = data
		return nil
	})
	if err != nil {
		return nil, i18n.Errorf(msgReadingCourse, err)
	}
	tc.modPath = modulePath(tc.files[filepath.Join(tc.modDir, "go.mod")])
	if tc.modPath == "" {
		return nil, i18n.NewError(msgNoModulePath)
	}
	for i := range c.Exercises {
		te, err := loadTrustedExercise(c, &c.Exercises[i])
		if err != nil {
			return nil, i18n.Errorf(msgInExercise, c.Exercises[i].Dir, err)
		}
		tc.exercises = append(tc.exercises, te)
	}
	return tc, nil
}

// testName is the name of a manifest test.
func testName(t course.Test) string { return t.Name }

// readBounded reads a regular file of at most maxGoFile bytes.
func readBounded(p string) ([]byte, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, i18n.Errorf(msgIsNotRegular, p)
	}
	if fi.Size() > maxGoFile {
		return nil, i18n.Errorf(msgLargerThan, p, maxGoFile>>10)
	}
	return os.ReadFile(p)
}

// loadTrustedExercise reads one exercise folder and finds its tests.
func loadTrustedExercise(c *course.Course, e *course.Exercise) (*trustedExercise, error) {
	te := &trustedExercise{e: e, dir: c.ExerciseDir(e), goFiles: map[string][]byte{}, tests: map[string]*testSource{}}
	entries, err := os.ReadDir(te.dir)
	if err != nil {
		return nil, i18n.Errorf(msgReadingCourse, err)
	}
	for _, d := range entries {
		if !d.Type().IsRegular() || !gofiles.Counts(d.Name()) {
			continue
		}
		data, err := readBounded(filepath.Join(te.dir, d.Name()))
		if err != nil {
			return nil, i18n.Errorf(msgReadingCourse, err)
		}
		te.goFiles[d.Name()] = data
	}
	stub, ok := te.goFiles[e.File]
	if !ok {
		return nil, i18n.Errorf(msgStubMissing, e.File)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, e.File, stub, parser.PackageClauseOnly)
	if err != nil {
		return nil, i18n.Errorf(msgParsingCourse, e.File, err)
	}
	te.pkg = f.Name.Name
	wanted := map[string]bool{}
	for _, t := range e.Tests {
		wanted[t.Name] = true
	}
	names := slices.Sorted(maps.Keys(te.goFiles))
	type parsed struct {
		tf *testFile
		f  *ast.File
	}
	var files []parsed
	for _, name := range names {
		if !strings.HasSuffix(name, "_test.go") {
			continue
		}
		src := te.goFiles[name]
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			return nil, i18n.Errorf(msgParsingCourse, name, err)
		}
		tf := &testFile{name: name, src: src, pkg: f.Name.Name}
		files = append(files, parsed{tf, f})
		te.testFiles = append(te.testFiles, tf)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			if fn.Name.Name == "TestMain" {
				return nil, i18n.Errorf(msgHasTestMain, name)
			}
			if !wanted[fn.Name.Name] {
				continue
			}
			if prev, dup := te.tests[fn.Name.Name]; dup {
				return nil, i18n.Errorf(msgDeclaredTwice, fn.Name.Name, prev.file, name)
			}
			start, end := fset.Position(fn.Pos()).Offset, fset.Position(fn.End()).Offset
			if fn.Doc != nil {
				start = fset.Position(fn.Doc.Pos()).Offset
			}
			te.tests[fn.Name.Name] = &testSource{file: name, line: fset.Position(fn.Pos()).Line, code: string(src[start:end])}
			if te.testPkg != "" && te.testPkg != f.Name.Name {
				return nil, i18n.Errorf(msgTestsSpread, te.testPkg, f.Name.Name)
			}
			te.testPkg = f.Name.Name
		}
	}
	for _, t := range e.Tests {
		if te.tests[t.Name] == nil {
			return nil, i18n.Errorf(msgTestNotDeclared, course.ManifestName, t.Name, e.Dir)
		}
	}
	// Every use of a manifest test's name in the test package is renamed
	// in each run, so that the grader's own TestX can wrap it.
	for _, p := range files {
		if p.tf.pkg != te.testPkg {
			continue
		}
		p.tf.refs = findRefs(fset, p.f, wanted)
	}
	return te, nil
}

// findRefs returns the offsets of the identifiers naming one of the tests in
// names: the declarations and every use that is not a field or method name.
func findRefs(fset *token.FileSet, f *ast.File, names map[string]bool) []nameRef {
	// A node is visited before its children: an identifier's parent has
	// said whether to skip it by the time it is visited.
	skip := map[*ast.Ident]bool{}
	var refs []nameRef
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			skip[n.Sel] = true
		case *ast.FuncDecl:
			skip[n.Name] = n.Recv != nil
		case *ast.Field:
			for _, id := range n.Names {
				skip[id] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.Ident:
			if names[n.Name] && !skip[n] {
				refs = append(refs, nameRef{off: fset.Position(n.Pos()).Offset, name: n.Name})
			}
		}
		return true
	})
	slices.SortFunc(refs, func(a, b nameRef) int { return a.off - b.off })
	return refs
}

// renamed returns the test file's source with every reference to a manifest
// test renamed to prefix+name. Line numbers do not change.
func (tf *testFile) renamed(prefix string) []byte {
	if len(tf.refs) == 0 {
		return tf.src
	}
	var b bytes.Buffer
	b.Grow(len(tf.src) + len(tf.refs)*len(prefix))
	last := 0
	for _, r := range tf.refs {
		b.Write(tf.src[last:r.off])
		b.WriteString(prefix)
		b.WriteString(r.name)
		last = r.off + len(r.name)
	}
	b.Write(tf.src[last:])
	return b.Bytes()
}
