package grade

import (
	"bytes"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// taken is a learner's file the grader compiles: a regular, non-test .go
// file directly in an exercise folder, read once into memory.
type taken struct {
	name string
	data []byte
}

// ignored is a file or folder of a submission the grader did not use.
type ignored struct {
	path   string // relative to the submission, with slashes
	reason i18n.Text
}

// ignoredList collects ignored entries up to maxListed.
type ignoredList struct {
	items []ignored
	more  int
}

func (l *ignoredList) add(p string, reason i18n.Text) {
	if len(l.items) >= maxListed {
		l.more++
		return
	}
	l.items = append(l.items, ignored{path: p, reason: reason})
}

// submitted is what the grader took from one submission for one exercise.
type submitted struct {
	files   []taken
	ignored ignoredList
	// missing, when set, says why nothing could be taken: no folder, no Go
	// files. The exercise is then not run.
	missing *i18n.Text
	// review are remarks for the instructor about what the code does
	// (imports unsafe, starts processes, ...). They do not change a score.
	review []i18n.Text
	// untouched: the learner's files are the course's stub files, line
	// endings and a byte-order mark aside. The exercise is then not run:
	// it was not attempted.
	untouched bool
}

// snapshot is what the grader took from one submission, before any code
// runs.
type snapshot struct {
	exercises []*submitted // in manifest order
	ignored   ignoredList  // module-level files that differ from the course's
	problem   *i18n.Text   // the submission has no exercises folder at all
	notes     []i18n.Text  // how it was found (inside a folder, in a ZIP)
}

// takeSubmission reads a submission: the learner's files of every exercise
// and the list of what is ignored. It never writes to the submission, never
// follows a symbolic link, and reads a bounded amount. A submission is a
// folder, a folder whose only entry is that folder (see descend), or a ZIP
// file of either, which is unpacked into a new folder of scratch and
// removed once read.
func takeSubmission(tc *trustedCourse, dir, scratch string) *snapshot {
	s := &snapshot{}
	for range tc.exercises {
		s.exercises = append(s.exercises, &submitted{})
	}
	if fi, err := os.Stat(dir); err == nil && fi.Mode().IsRegular() && isZip(dir) {
		unpacked, err := os.MkdirTemp(scratch, "zip-")
		if err != nil {
			s.fail(msgScratch.Sprintf(err))
			return s
		}
		defer removeAll(unpacked)
		if why := unpackZip(dir, unpacked, tc.c.ExercisesDir, &s.ignored); why != nil {
			s.fail(*why)
			return s
		}
		dir = unpacked
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		s.fail(msgNoExercisesFolder.Sprintf(tc.c.ExercisesDir))
		return s
	}
	defer root.Close()
	top, inner := descend(root, tc.c.ExercisesDir)
	if top != root {
		defer top.Close()
		s.notes = append(s.notes, msgInnerFolder.Sprintf(quoteName(inner)))
	}
	exRoot, err := openSubdir(top, tc.c.ExercisesDir)
	if err != nil {
		if deeper := findExercises(root, tc.c.ExercisesDir); deeper != "" {
			s.fail(msgExercisesDeeper.Sprintf(tc.c.ExercisesDir, quoteName(deeper)))
			return s
		}
		s.fail(msgNoExercisesFolder.Sprintf(tc.c.ExercisesDir))
		return s
	}
	defer exRoot.Close()
	self := isTrustedModule(tc, exRoot)
	for i, te := range tc.exercises {
		takeExercise(tc, te, exRoot, s.exercises[i], self)
	}
	scanModule(tc, exRoot, &s.ignored)
	return s
}

func (s *snapshot) fail(why i18n.Text) {
	s.problem = &why
	for _, e := range s.exercises {
		e.missing = &why
	}
}

// openSubdir opens name inside root, refusing anything but a real folder.
func openSubdir(root *os.Root, name string) (*os.Root, error) {
	fi, err := root.Lstat(name)
	if err != nil {
		return nil, i18n.Errorf(msgOpening, name, err)
	}
	if !fi.IsDir() {
		return nil, i18n.Errorf(msgIsNotAFolder, name)
	}
	sub, err := root.OpenRoot(name)
	if err != nil {
		return nil, i18n.Errorf(msgOpening, name, err)
	}
	after, err := sub.Stat(".")
	if err != nil || !os.SameFile(fi, after) {
		sub.Close()
		return nil, i18n.Errorf(msgChangedWhileOpened, name)
	}
	return sub, nil
}

// isTrustedModule reports whether the submission's exercises folder is the
// trusted course's own: `workbook grade` with no submission, run by a
// learner in their workbook.
func isTrustedModule(tc *trustedCourse, exRoot *os.Root) bool {
	sub, err := exRoot.Stat(".")
	if err != nil {
		return false
	}
	own, err := os.Stat(tc.modDir)
	return err == nil && os.SameFile(sub, own)
}

// takeExercise reads the learner's files of one exercise. self is true
// when the submission is the trusted course itself (isTrustedModule).
func takeExercise(tc *trustedCourse, te *trustedExercise, exRoot *os.Root, out *submitted, self bool) {
	rel := path.Join(tc.c.ExercisesDir, te.e.Dir)
	fi, err := exRoot.Lstat(te.e.Dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		out.missing = ptr(msgNoFolder.Sprintf(rel))
	case err != nil:
		out.missing = ptr(msgUnreadable.Sprintf(rel, err))
	case fi.Mode()&fs.ModeSymlink != 0:
		out.ignored.add(rel, msgSymlink)
		out.missing = ptr(msgFolderIsSymlink.Sprintf(rel))
	case !fi.IsDir():
		out.ignored.add(rel, msgNotAFolder)
		out.missing = ptr(msgNoFolder.Sprintf(rel))
	}
	if out.missing != nil {
		return
	}
	dir, err := openSubdir(exRoot, te.e.Dir)
	var entries []fs.DirEntry
	if err == nil {
		defer dir.Close()
		entries, err = readDirBounded(dir, maxWalk)
	}
	if err != nil {
		out.missing = ptr(msgUnreadable.Sprintf(rel, err))
		return
	}
	total := 0
	for _, d := range entries {
		name := d.Name()
		p := rel + "/" + name
		fi, err := dir.Lstat(name)
		var why i18n.Text
		switch {
		case err != nil:
			why = msgUnreadableEntry
		case fi.Mode()&fs.ModeSymlink != 0:
			why = msgSymlink
		case fi.IsDir():
			p, why = p+"/", msgSubfolder
		case !fi.Mode().IsRegular():
			why = msgNotRegular
		case !strings.HasSuffix(name, ".go"):
			why = msgNotGo
		case !printableName(name):
			// The go command would show it in its messages, escape
			// sequences and newlines as they are.
			why = msgNameNotPrintable
		case !gofiles.Counts(name): // ".x.go", "_x.go": go build skips them
			why = msgHiddenGo
		case fi.Size() > maxGoFile:
			why = msgTooLarge.Sprintf(maxGoFile >> 10)
		case strings.HasSuffix(name, "_test.go"):
			// A test file: the course's own are used. An unchanged copy of
			// one is not worth a line in the report.
			why = msgExtraTestFile
			if trusted, ok := te.goFiles[name]; ok {
				if data, err := readRegular(dir, name, fi); err == nil && sameText(data, trusted) {
					continue
				}
				why = msgChangedTestFile
			}
		case total+int(fi.Size()) > maxExerciseBytes:
			why = msgTooLarge.Sprintf(maxExerciseBytes >> 10)
		default:
			data, err := readRegular(dir, name, fi)
			switch imports := parsedImports(name, data); {
			case err != nil:
				why = msgChangedWhileRead
			case imports["C"]:
				// The build runs outside the sandbox, and cgo would have the C
				// compiler (and pkg-config) read and run what the file says.
				why = msgCgoRefused
			case imports["embed"]:
				// The build would read files of the exercise's folder (and of
				// the course's checkout, which code run unconfined may have
				// written) into the learner's package.
				why = msgEmbedRefused
			default:
				total += len(data)
				out.files = append(out.files, taken{name: name, data: data})
				continue
			}
		}
		out.ignored.add(p, why)
	}
	if len(out.files) == 0 {
		out.missing = ptr(msgNoGoFiles.Sprintf(rel))
		return
	}
	out.untouched = isStub(te, out.files, self)
	modPath := modulePath(tc.files[filepath.Join(tc.modDir, "go.mod")])
	for _, f := range out.files {
		out.review = append(out.review, reviewFile(f, modPath)...)
	}
}

// isStub reports whether files are the course's stub files of the
// exercise, all of them and nothing else, each the same text. When the
// submission is the trusted course itself (self), its files are the
// course's by definition: the learner's file is then compared with the
// stub as the course ships it (course.Pristine), or taken as attempted
// when the binary holds no shipped copy of it.
func isStub(te *trustedExercise, files []taken, self bool) bool {
	stubs := 0
	for name := range te.goFiles {
		if !strings.HasSuffix(name, "_test.go") {
			stubs++
		}
	}
	if len(files) != stubs {
		return false
	}
	for _, f := range files {
		trusted, ok := te.goFiles[f.name]
		if self && f.name == te.e.File {
			shipped, err := course.Pristine(te.e)
			trusted, ok = shipped, err == nil
		}
		if !ok || strings.HasSuffix(f.name, "_test.go") || !sameText(f.data, trusted) {
			return false
		}
	}
	return true
}

// sameText reports whether a learner's file says what the course's does,
// once a UTF-8 byte-order mark and Windows line endings (CRLF), which an
// editor or git's autocrlf may have added, are left out of both: they
// are no edit.
func sameText(learner, course []byte) bool {
	return bytes.Equal(learner, course) || bytes.Equal(normalText(learner), normalText(course))
}

// normalText is b without a leading byte-order mark and with CRLF as LF.
func normalText(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// printableName reports whether a file name is made of printable UTF-8
// characters and spaces only.
func printableName(name string) bool {
	return utf8.ValidString(name) && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) })
}

// readDirBounded lists at most max entries of the root's folder.
func readDirBounded(r *os.Root, max int) ([]fs.DirEntry, error) {
	f, err := r.Open(".")
	if err != nil {
		return nil, i18n.Errorf(msgListing, err)
	}
	defer f.Close()
	all, err := f.ReadDir(max) // at most max, read until there are or none is left
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, i18n.Errorf(msgListing, err)
	}
	slices.SortFunc(all, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return all, nil
}

// readRegular reads a file that Lstat found to be a regular file, making
// sure that what was opened is that same file (not a symbolic link or a
// FIFO swapped in meanwhile) and reading no more than maxGoFile bytes.
func readRegular(dir *os.Root, name string, want fs.FileInfo) ([]byte, error) {
	f, err := dir.OpenFile(name, os.O_RDONLY|openNoFollow, 0)
	if err != nil {
		return nil, i18n.Errorf(msgOpening, name, err)
	}
	defer f.Close()
	got, err := f.Stat()
	if err != nil {
		return nil, i18n.Errorf(msgUnreadable, name, err)
	}
	if !got.Mode().IsRegular() || !os.SameFile(want, got) {
		return nil, i18n.NewError(msgChangedWhileRead)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxGoFile+1))
	if err != nil {
		return nil, i18n.Errorf(msgUnreadable, name, err)
	}
	if len(data) > maxGoFile {
		return nil, i18n.NewError(msgChangedWhileRead)
	}
	return data, nil
}

// scanModule lists the submission's module-level files that could change a
// build and differ from the course's: they are all ignored.
func scanModule(tc *trustedCourse, exRoot *os.Root, out *ignoredList) {
	exDirs := map[string]bool{}
	for _, te := range tc.exercises {
		exDirs[te.e.Dir] = true
	}
	visited := 0
	prefix := tc.c.ExercisesDir + "/"
	_ = fs.WalkDir(exRoot.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if visited++; visited > maxWalk {
			return fs.SkipAll
		}
		if d.IsDir() {
			if exDirs[p] {
				return fs.SkipDir
			}
			return nil
		}
		// Only what could change a build: module files, Go, assembly and
		// C sources, and anything vendored.
		if !slices.Contains([]string{"go.mod", "go.sum", "go.work", "go.work.sum"}, path.Base(p)) &&
			!strings.HasPrefix(p, "vendor/") && !slices.Contains([]string{".go", ".s", ".c", ".h", ".syso"}, path.Ext(p)) {
			return nil
		}
		rel := prefix + p
		if d.Type()&fs.ModeSymlink != 0 {
			out.add(rel, msgSymlink)
			return nil
		}
		if !d.Type().IsRegular() {
			out.add(rel, msgNotRegular)
			return nil
		}
		trusted, ok := tc.files[filepath.Join(tc.modDir, filepath.FromSlash(p))]
		if !ok {
			out.add(rel, msgExtraModuleFile)
			return nil
		}
		fi, err := d.Info()
		if err != nil || fi.Size() > maxGoFile {
			out.add(rel, msgChangedModuleFile)
			return nil
		}
		data, err := readRegular(exRoot, p, fi)
		if err != nil || !sameText(data, trusted) {
			out.add(rel, msgChangedModuleFile)
		}
		return nil
	})
}

// modulePath returns the module path declared in a go.mod file.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "module" {
			if s, err := strconv.Unquote(f[1]); err == nil {
				return s
			}
			return f[1]
		}
	}
	return ""
}

// reviewImports are imports that grading does not need and that tampering
// with a test binary does: they are pointed out for a human to look at.
var reviewImports = map[string]i18n.Text{
	"unsafe":                msgReviewUnsafe,
	"syscall":               msgReviewSyscall,
	"golang.org/x/sys/unix": msgReviewSyscall,
	"os/exec":               msgReviewExec,
	"os/signal":             msgReviewSignal,
	"plugin":                msgReviewPlugin,
	"testing":               msgReviewTesting,
	"debug/elf":             msgReviewBinary,
	"debug/gosym":           msgReviewBinary,
	"debug/macho":           msgReviewBinary,
	"debug/pe":              msgReviewBinary,
	"debug/buildinfo":       msgReviewBinary,
}

// reviewNames are functions of imports that are not listed, which grading
// does not need and tampering does.
var reviewNames = map[string]i18n.Text{
	"StartProcess":  msgReviewStart,
	"WriteHeapDump": msgReviewHeapDump,
}

// reviewFile returns the remarks about one learner file.
func reviewFile(f taken, modPath string) []i18n.Text {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, f.name, f.data, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil // it will not compile: the build error says enough
	}
	var out []i18n.Text
	seen := map[string]bool{}
	note := func(t i18n.Text) {
		if !seen[t.En] {
			seen[t.En] = true
			out = append(out, t)
		}
	}
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if t, ok := reviewImports[p]; ok {
			note(t.Sprintf(f.name, p))
		}
		if modPath != "" && (p == modPath+"/internal" || strings.HasPrefix(p, modPath+"/internal/")) {
			note(msgReviewHarness.Sprintf(f.name, p))
		}
	}
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:linkname") {
				note(msgReviewLinkname.Sprintf(f.name))
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if s, err := strconv.Unquote(n.Value); n.Kind == token.STRING && err == nil && strings.Contains(s, "/proc/") {
				note(msgReviewProc.Sprintf(f.name))
			}
		case *ast.Ident:
			// Named in any way (os.StartProcess, a dot import, a method
			// value): starting itself again, or writing out its own memory,
			// is how code looks for what its process holds.
			if t, ok := reviewNames[n.Name]; ok {
				note(t.Sprintf(f.name, n.Name))
			}
		}
		return true
	})
	return out
}

// parsedImports is the set of import paths of a Go file, as the go command
// reads them (a raw string `C` is "C" too). A file that does not parse
// imports nothing to the go command either: it does not build.
func parsedImports(name string, data []byte) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, data, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil {
			out[p] = true
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }
