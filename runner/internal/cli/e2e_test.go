package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// workbook is the built binary and a fresh copy of the test course
// (coursetest.Tiny) to run it in.
type workbook struct {
	t         *testing.T
	bin, root string
	course    *course.Course
}

// built is the workbook binary, built once for all the tests.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func newWorkbook(t *testing.T) *workbook {
	t.Helper()
	c := coursetest.Write(t, coursetest.Tiny()...)
	built.once.Do(func() { built.dir, built.bin, built.err = build(c) })
	require.NoError(t, built.err, "building the workbook command")
	return &workbook{t: t, bin: built.bin, root: c.Root, course: c}
}

// build builds the workbook command into a new folder, with c's stubs as
// the copies it ships for reset, as go generate writes the real course's:
// go build's -overlay adds them to the embedded folder.
func build(c *course.Course) (dir, bin string, err error) {
	dir, err = os.MkdirTemp("", "workbook-e2e-")
	if err != nil {
		return "", "", err
	}
	module, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return dir, "", fmt.Errorf("finding the module's folder: %v", err)
	}
	replace := map[string]string{}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		replace[filepath.Join(strings.TrimSpace(string(module)), filepath.FromSlash(course.PristineCopy(e)))] = c.StubPath(e)
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return dir, "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "overlay.json"), overlay, 0o644); err != nil {
		return dir, "", err
	}
	bin = filepath.Join(dir, "workbook")
	out, err := exec.Command("go", "build", "-overlay", filepath.Join(dir, "overlay.json"), "-o", bin,
		"github.com/gospawn/workbook/runner/cmd/workbook").CombinedOutput()
	if err != nil {
		return dir, "", fmt.Errorf("%v: %s", err, out)
	}
	return dir, bin, nil
}

// shipped is exercise i's stub as the course ships it.
func (w *workbook) shipped(i int) string { return coursetest.Tiny()[i].Stub }

// stub is the path of exercise i's file, relative to the copy's root.
func (w *workbook) stub(i int) string { return w.course.Rel(w.course.StubPath(&w.course.Exercises[i])) }

// solveExercise puts exercise i's solution in place of its stub.
func (w *workbook) solveExercise(i int) {
	e := &w.course.Exercises[i]
	w.solve(e.Dir, e.File)
}

// stackTrace matches the header of a goroutine in a Go stack trace.
var stackTrace = regexp.MustCompile(`goroutine [0-9]+ \[`)

type result struct {
	code           int
	stdout, stderr string
}

// run runs the workbook in dir (relative to the copy's root) with env
// additions, like a learner in a pipe: not a terminal, so plain output.
func (w *workbook) run(dir string, env []string, args ...string) result {
	w.t.Helper()
	cmd := exec.Command(w.bin, args...)
	cmd.Dir = filepath.Join(w.root, dir)
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=", "LC_MESSAGES=", "WORKBOOK_LANG=", "COLUMNS=100")
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else {
		require.NoError(w.t, err)
	}
	r := result{code, stdout.String(), stderr.String()}
	// Errors go to stderr; the book on stdout quotes stack traces on purpose.
	assert.NotRegexp(w.t, stackTrace, r.stderr, "no Go stack trace may reach the user")
	assert.NotContains(w.t, r.stderr, "panic:", "no Go panic may reach the user")
	for _, s := range []string{r.stdout, r.stderr} {
		assert.NotContains(w.t, s, "\x1b[", "output to a pipe must be plain")
	}
	return r
}

func (w *workbook) solve(dir, file string) {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.root, "solutions", dir, file))
	require.NoError(w.t, err)
	require.NoError(w.t, os.WriteFile(filepath.Join(w.root, "exercises", dir, file), data, 0o644))
}

func TestCourseFromStartToFinish(t *testing.T) {
	t.Parallel()
	w := newWorkbook(t)
	exercises := w.course.Exercises
	n := len(exercises)
	for done := 0; done <= n; done++ {
		// Without the race detector until the end, as a learner whose
		// machine cannot build it.
		next := w.run("exercises", nil, "next", "--race=off")
		list := w.run(".", nil, "list")
		require.Equal(t, 0, list.code, "list: %s", list.stderr)
		assert.Contains(t, next.stdout, "Progress", "next shows the progress")
		if done > 0 {
			assert.Contains(t, next.stdout, fmt.Sprintf("✓ Exercise %d passes", done), "next says the exercise just solved passes")
			assert.Contains(t, next.stdout, fmt.Sprintf("workbook solution %d", done), "and how to compare it with the solution")
		}
		assert.Contains(t, list.stdout, fmt.Sprintf("%d of %d exercises done", done, n), "list after %d solutions", done)
		for i, e := range exercises {
			switch {
			case i < done:
				assert.Contains(t, list.stdout, fmt.Sprintf("✓ %d  %s", i+1, e.Title.En), "list marks solved exercises done")
			case i == done:
				assert.Contains(t, list.stdout, fmt.Sprintf("▶ %d  %s", i+1, e.Title.En), "list marks the first unsolved exercise current")
			}
		}
		if done < n {
			e := exercises[done]
			assert.Equal(t, 1, next.code, "next exits 1 while an exercise fails: %s", next.stderr)
			assert.Contains(t, next.stdout, fmt.Sprintf("Exercise %d of %d · %s", done+1, n, e.Title.En))
			assert.Contains(t, next.stdout, "Edit: "+w.stub(done), "next names the file to edit")
			assert.Contains(t, next.stdout, "✗ 0 of", "an untouched stub passes no test")
			assert.Contains(t, next.stdout, "not implemented yet", "the stub's message is shown")
			w.solveExercise(done)
		} else {
			assert.Equal(t, 0, next.code, "next exits 0 when every exercise passes: %s", next.stderr)
			assert.Contains(t, next.stdout, "Every exercise passes")
			for _, ch := range w.course.ReadAfter() {
				assert.Contains(t, next.stdout, "workbook read "+ch.ID, "and says what the manifest suggests reading next")
			}
		}
	}
	// With the race detector where the machine has it, the solved course
	// still passes.
	final := w.run(".", nil, "next")
	assert.Equal(t, 0, final.code, "%s%s", final.stdout, final.stderr)
}

// TestEveryKindOfRun puts each version of the first exercise's file in
// place and runs next: the screen says how the run ended, in the words the
// learner needs (what failed, the compiler's line, the panic, the test that
// did not finish, the race).
func TestEveryKindOfRun(t *testing.T) {
	t.Parallel()
	raceOK, _, err := gotest.RaceAvailable(context.Background(), nil)
	require.NoError(t, err)
	for _, tc := range []struct {
		kind  coursetest.Kind
		flags []string
		want  []string
	}{
		{coursetest.Pass, nil, []string{"✓ Exercise 1 passes", "Exercise 2 of 3"}},
		{coursetest.Fail, nil, []string{"Exercise 1 of 3", "✗ 1 of 3", "Total(1, 2, 3, 4) = 9, want 10"}},
		{coursetest.CompileError, nil, []string{"Exercise 1 of 3", "The code does not compile", "sum.go:7"}},
		{coursetest.Crash, nil, []string{"Exercise 1 of 3", "The tests panicked while TestHalves was running", "index out of range"}},
		{coursetest.Hang, []string{"--timeout", "5s"}, []string{"Exercise 1 of 3", "TestHalves did not finish within the time limit (5s)"}},
		{coursetest.Race, []string{"--race=on"}, []string{"Exercise 1 of 3", "Data race detected in TestHalves"}},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			if tc.kind == coursetest.Race && !raceOK {
				t.Skip("the race detector cannot be built here (it needs cgo and a C compiler)")
			}
			w := newWorkbook(t)
			require.NoError(t, os.WriteFile(w.course.StubPath(&w.course.Exercises[0]), []byte(coursetest.SumAs(tc.kind)), 0o644))
			flags := append([]string{"next"}, tc.flags...)
			if !slices.Contains(tc.flags, "--race=on") {
				flags = append(flags, "--race=off")
			}
			r := w.run(".", nil, flags...)
			assert.Equal(t, 1, r.code, "the second exercise, or this one, fails: %s", r.stderr)
			for _, want := range tc.want {
				assert.Contains(t, r.stdout, want)
			}
		})
	}
}

func TestChineseScreens(t *testing.T) {
	t.Parallel()
	w := newWorkbook(t)
	first, n := &w.course.Exercises[0], len(w.course.Exercises)
	next := w.run(".", []string{"LANG=zh_CN.UTF-8"}, "next", "--race=off")
	assert.Equal(t, 1, next.code)
	assert.Contains(t, next.stdout, fmt.Sprintf("练习 1/%d · %s", n, first.Title.Zh))
	assert.Contains(t, next.stdout, "编辑："+w.stub(0))
	chapter, err := w.course.ReadChapter(first.Chapter, i18n.Zh)
	require.NoError(t, err)
	heading, _, _ := strings.Cut(chapter[0], "\n")
	assert.Contains(t, next.stdout, strings.TrimPrefix(heading, "# "), "the chapter in Chinese")
	assert.NotContains(t, next.stdout, heading, "piped output carries no Markdown syntax")
	list := w.run(".", nil, "list", "--lang", "zh")
	assert.Contains(t, list.stdout, fmt.Sprintf("已完成 0/%d 个练习", n))
}

func TestHintsResetAndSolution(t *testing.T) {
	t.Parallel()
	w := newWorkbook(t)
	e := &w.course.Exercises[0]
	tiers := len(e.Hints)
	first := w.run(".", nil, "hint")
	assert.Contains(t, first.stdout, fmt.Sprintf("Hint 1 of %d", tiers))
	assert.NotContains(t, first.stdout, fmt.Sprintf("Hint 2 of %d", tiers))
	second := w.run(".", nil, "hint", e.ID)
	assert.Contains(t, second.stdout, fmt.Sprintf("Hint 1 of %d", tiers), "earlier tiers are shown again")
	assert.Contains(t, second.stdout, fmt.Sprintf("Hint 2 of %d", tiers))
	for range tiers - 2 {
		w.run(".", nil, "hint")
	}
	last := w.run(".", nil, "hint")
	assert.Contains(t, last.stdout, "That was the last hint")

	solution, err := os.ReadFile(w.course.SolutionPath(e))
	require.NoError(t, err)
	shipped := w.shipped(0)
	onlyInSolution, onlyInStub := lineOnlyIn(string(solution), shipped), lineOnlyIn(shipped, string(solution))

	locked := w.run(".", nil, "solution", "1", "--race=off")
	assert.Equal(t, 1, locked.code)
	assert.Contains(t, locked.stderr, "does not pass yet")
	forced := w.run(".", nil, "solution", "1", "--force")
	assert.Equal(t, 0, forced.code)
	assert.Contains(t, forced.stdout, onlyInSolution, "the solution is shown")
	assert.Contains(t, forced.stdout, onlyInStub, "with a diff against the learner's file")

	w.solveExercise(0)
	unlocked := w.run(".", nil, "solution", e.ID, "--race=off")
	assert.Equal(t, 0, unlocked.code, unlocked.stderr)
	assert.Contains(t, unlocked.stdout, "identical to the reference solution")

	noTTY := w.run(".", nil, "reset", "1")
	assert.Equal(t, 2, noTTY.code, "reset does not replace work without confirmation")
	reset := w.run(".", nil, "reset", e.Dir, "--yes")
	require.Equal(t, 0, reset.code, reset.stderr)
	// Wrapped at 80 columns, at a space: never inside the path.
	assert.Contains(t, strings.Join(strings.Fields(reset.stdout), " "), "Your version was saved to .workbook/backups/"+e.ID+"-")
	backup := strings.TrimSpace(reset.stdout[strings.Index(reset.stdout, ".workbook/"):])
	saved, err := os.ReadFile(filepath.Join(w.root, backup))
	require.NoError(t, err, "the backup exists where reset said")
	assert.Contains(t, string(saved), onlyInSolution, "the backup holds the learner's version")
	stub, err := os.ReadFile(w.course.StubPath(e))
	require.NoError(t, err)
	assert.Contains(t, string(stub), "not implemented yet", "the stub is back")
	again := w.run(".", nil, "reset", "1", "--yes")
	assert.Contains(t, again.stdout, "already as the course shipped it")
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	outside := t.TempDir()
	c := newWorkbook(t).course
	first, second, last := &c.Exercises[0], &c.Exercises[min(1, len(c.Exercises)-1)], &c.Exercises[len(c.Exercises)-1]
	firstStub := c.Rel(c.StubPath(first))
	tests := []struct {
		name     string
		dir      string
		args     []string
		code     int
		stderr   string
		breakage func(w *workbook)
	}{
		{"unknown command", ".", []string{"nxet"}, 2, `there is no command "nxet"; did you mean "next"?`, nil},
		{"unknown exercise", ".", []string{"hint", last.ID + "q"}, 2, fmt.Sprintf("did you mean %q?", last.ID), nil},
		{"exercise number out of range", ".", []string{"hint", "99"}, 2, fmt.Sprintf("numbered 1 to %d", len(c.Exercises)), nil},
		{"unknown chapter", ".", []string{"read", last.ID + "q"}, 2, fmt.Sprintf("did you mean %q?", last.ID), nil},
		{"unknown flag", ".", []string{"list", "--colour"}, 2, "unknown flag --colour", nil},
		{"bad language", ".", []string{"list", "--lang", "fr"}, 2, "use en, zh or both", nil},
		{"bad race mode", ".", []string{"next", "--race", "maybe"}, 2, "use on, off or auto", nil},
		{"too many arguments", ".", []string{"list", "extra"}, 2, "workbook list takes no arguments but was given 1: extra; workbook help list says more.", nil},
		{"one argument too many", ".", []string{"hint", "1", "2"}, 2, "workbook hint takes at most one EXERCISE but was given 2: 1 2", nil},
		{"reset without exercise", ".", []string{"reset"}, 2, "needs an exercise", nil},
		{"outside a workbook", "", []string{"list"}, 2, "not inside a workbook", nil},
		{"no go on PATH", ".", []string{"next", "--race=off"}, 1, "the go command is not on your PATH", nil},
		{"missing exercise file", ".", []string{"next", "--race=off"}, 1, "workbook reset " + first.Dir, func(w *workbook) {
			stub := filepath.Join(w.root, firstStub)
			require.NoError(t, os.Rename(stub, stub+".bak"))
		}},
		{"an exercise file that cannot be read", ".", []string{"reset", "1", "--yes"}, 1, firstStub + " cannot be read (is a directory)", func(w *workbook) {
			stub := filepath.Join(w.root, firstStub)
			require.NoError(t, os.Remove(stub))
			require.NoError(t, os.Mkdir(stub, 0o755)) // as root, no file is unreadable; a folder is
		}},
		{"missing chapter", ".", []string{"read", "2", "--lang", "zh"}, 1, "章节 book/zh-CN/" + second.Chapter + " 缺失", func(w *workbook) {
			require.NoError(t, os.Remove(filepath.Join(w.root, "book/zh-CN", second.Chapter)))
		}},
		{"broken manifest", ".", []string{"list"}, 2, "the course manifest is broken", func(w *workbook) {
			require.NoError(t, os.WriteFile(filepath.Join(w.root, course.ManifestName), []byte("[[exercise]\nid="), 0o644))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorkbook(t) // a copy of its own: the breakages must not add up
			dir := tt.dir
			if dir == "" {
				rel, err := filepath.Rel(w.root, outside)
				require.NoError(t, err)
				dir = rel
			}
			if tt.breakage != nil {
				tt.breakage(w)
			}
			var env []string
			if tt.name == "no go on PATH" {
				env = []string{"PATH=" + t.TempDir()}
			}
			r := w.run(dir, env, tt.args...)
			assert.Equal(t, tt.code, r.code, "exit status; stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, tt.stderr)
			assert.Equal(t, 1, strings.Count(strings.TrimSpace(r.stderr), "\n")+1, "one sentence, on one line: %q", r.stderr)
		})
	}
}

func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	w := newWorkbook(t)
	for _, args := range [][]string{{"help"}, {"--help"}, {"help", "next"}, {"next", "--help"}, {"reset", "-h"}, {"version"}} {
		r := w.run(".", nil, args...)
		assert.Equal(t, 0, r.code, "%v: %s", args, r.stderr)
		assert.NotEmpty(t, r.stdout, "%v prints something", args)
	}
	assert.Contains(t, w.run(".", nil, "help", "hint").stdout, "workbook hint 2", "help has examples")
	second := &w.course.Exercises[min(1, len(w.course.Exercises)-1)]
	assert.Contains(t, w.run(".", nil, "help", "reset").stdout, "workbook reset "+second.Dir+" --yes", "examples name the course's own exercises")
	assert.Contains(t, w.run(".", []string{"LANG=zh_CN.UTF-8"}, "help").stdout, "命令")
}

// lineOnlyIn is the first non-blank line of a, trimmed, that b does not
// contain.
func lineOnlyIn(a, b string) string {
	for _, l := range strings.Split(a, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.Contains(b, l) {
			return l
		}
	}
	return ""
}

func TestEditorLitterInAnExerciseFolder(t *testing.T) {
	t.Parallel()
	w := newWorkbook(t)
	e := &w.course.Exercises[0]
	dir, f := w.course.ExerciseDir(e), e.File
	// What editors leave beside a file they have open or just saved; go
	// build reads none of it.
	require.NoError(t, os.Symlink("learner@laptop.4242:1764500000", filepath.Join(dir, ".#"+f))) // Emacs lock, dangling
	for name, text := range map[string]string{
		"#" + f + "#": "package x // auto-save", f + "~": "package x // backup", "." + f + ".swp": "b0VIM 9.0",
		"4913": "", f + "___jb_tmp___": "package x",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	require.NoError(t, os.Mkdir(filepath.Join(dir, "notes.go"), 0o755))

	list := w.run(".", nil, "list")
	assert.Equal(t, 0, list.code, "%s", list.stderr)
	next := w.run(".", nil, "next", "--race=off")
	assert.Equal(t, 1, next.code, "the stub fails: %s", next.stderr)
	assert.Contains(t, next.stdout, "not implemented yet", "the verdict is the stub's own")
	assert.NotContains(t, next.stderr, "workbook:", "no error")
}

// tryProgram is the try program of the test course's third exercise: it
// prints the largest and smallest of its arguments with the learner's
// Max and Min, and the language the workbook gave it.
const tryProgram = `package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/course/03_minmax"
)

func main() {
	var xs []int
	for _, a := range os.Args[1:] {
		n, _ := strconv.Atoi(a)
		xs = append(xs, n)
	}
	fmt.Printf("max %d min %d lang %s\n", minmax.Max(xs), minmax.Min(xs), os.Getenv("WORKBOOK_TEST_LANG"))
	if minmax.Max(xs) != 9 {
		os.Exit(3)
	}
}
`

func TestTry(t *testing.T) {
	t.Parallel()
	exercises := coursetest.Tiny()
	exercises[2].Try = []string{"./cmd/showminmax", "4", "9", "1"}
	exercises[2].Files = map[string]string{"cmd/showminmax/main.go": tryProgram}
	c := coursetest.Write(t, exercises...)
	built.once.Do(func() { built.dir, built.bin, built.err = build(c) })
	require.NoError(t, built.err, "building the workbook command")
	w := &workbook{t: t, bin: built.bin, root: c.Root, course: c}

	none := w.run(".", nil, "try")
	assert.Equal(t, 1, none.code)
	assert.Equal(t, "workbook: exercise 1 has no program to try it with; these have one: 3.\n", none.stderr)

	w.solveExercise(2)
	ok := w.run(".", nil, "try", "3", "--lang", "zh")
	assert.Equal(t, 0, ok.code, ok.stderr)
	assert.Equal(t, "max 9 min 1 lang zh\n", ok.stdout, "the program ran on the learner's code, in the learner's language")

	// The program's own failure is its exit status, said in one sentence.
	require.NoError(t, os.WriteFile(w.course.StubPath(&w.course.Exercises[2]),
		[]byte(strings.Replace(coursetest.Tiny()[2].Solution, "slices.Max(xs)", "slices.Min(xs)", 1)), 0o644))
	failed := w.run(".", nil, "try", "minmax")
	assert.Equal(t, 1, failed.code)
	assert.Equal(t, "max 1 min 1 lang en\n", failed.stdout)
	assert.Equal(t, "workbook: the program of exercise 3 ended with status 3.\n", failed.stderr)

	// Code that does not build: go's messages, then one sentence.
	require.NoError(t, os.WriteFile(w.course.StubPath(&w.course.Exercises[2]), []byte("package minmax\n\nfunc Max(\n"), 0o644))
	broken := w.run(".", nil, "try", "3")
	assert.Equal(t, 1, broken.code)
	assert.Contains(t, broken.stderr, "03_minmax")
	assert.True(t, strings.HasSuffix(broken.stderr, "workbook: the program could not be built: go's messages above say why.\n"), broken.stderr)
}
