package grade

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The class: every folder of testdata/class is a submission (see
// testdata/README.md), plus two built at run time: "solved", from
// solutions/ for every exercise of the manifest, and one with symbolic
// links and a FIFO, which git does not keep well. It is graded once, in
// English, without the race detector (TestRaceDetector covers it), against
// a course of its own (coursetest.Tiny), not the real one; every format is
// then checked against the same grades.

// expect is how one submission must be graded.
type expect struct {
	// score and status of each exercise by folder; an exercise not listed
	// must be "error" with 0 points (not submitted).
	score  map[string]int
	status map[string]string
	// tests: "dir/TestName" -> status, for the tests worth checking.
	tests map[string]string
	// message: "dir" or "dir/TestName" -> a part of its message.
	message map[string]string
	notes   []string // parts of the exercises' notes
	review  []string // parts of the exercises' review remarks
	ignored []string // paths listed as ignored (exercise or submission level)
	// notIgnored are paths that must not be listed (unchanged copies).
	notIgnored []string
	// reason: "dir" -> a part of why the exercise lost points.
	reason map[string]string
}

// The exercises of the class's course, coursetest.Tiny, by folder. A
// submission's exercises that no expectation lists are not submitted.
const (
	exSum    = "01_sum"
	exWords  = "02_words"
	exMinmax = "03_minmax"
)

// echo is the real course's first exercise, which the attacks of
// attack_test.go are graded on.
const echo = "01_echo"

// classCourse writes the course the class is graded on.
func classCourse(t *testing.T) *course.Course {
	t.Helper()
	warmCache(t)
	return coursetest.Write(t, coursetest.Tiny()...)
}

// points answers what the manifest gives, so that the expectations hold
// whatever the course's points and however many exercises it has.
type points struct{ c *course.Course }

// exercise is the exercise in folder dir.
func (p points) exercise(dir string) *course.Exercise {
	for i := range p.c.Exercises {
		if p.c.Exercises[i].Dir == dir {
			return &p.c.Exercises[i]
		}
	}
	panic("the manifest has no exercise " + dir)
}

// full is the exercise's full marks.
func (p points) full(dir string) int { return p.exercise(dir).MaxPoints() }

// without is the exercise's full marks less the points of the tests named.
func (p points) without(dir string, tests ...string) int {
	e := p.exercise(dir)
	n := e.MaxPoints()
	for _, name := range tests {
		t, ok := e.Test(name)
		if !ok {
			panic("the manifest has no test " + dir + "/" + name)
		}
		n -= t.Points
	}
	return n
}

// total is the course's full marks.
func (p points) total() int {
	n := 0
	for i := range p.c.Exercises {
		n += p.c.Exercises[i].MaxPoints()
	}
	return n
}

// tests is the number of tests in the course.
func (p points) tests() int {
	n := 0
	for _, e := range p.c.Exercises {
		n += len(e.Tests)
	}
	return n
}

// classExpect is how each submission of the class must be graded.
func classExpect(p points) map[string]expect {
	solved := expect{score: map[string]int{}, status: map[string]string{}}
	for _, e := range p.c.Exercises {
		solved.score[e.Dir], solved.status[e.Dir] = e.MaxPoints(), statusPass
	}
	return map[string]expect{
		"solved": solved,
		"partly": {
			score:   map[string]int{exSum: p.full(exSum), exWords: p.without(exWords, "TestLongest"), exMinmax: 0},
			status:  map[string]string{exSum: "pass", exWords: "fail", exMinmax: "error"},
			tests:   map[string]string{exWords + "/TestCount": "pass", exWords + "/TestLongest": "fail", exMinmax + "/TestMin": "not_run"},
			message: map[string]string{exWords + "/TestLongest": `Longest = "cc", want bb`, exMinmax + "/TestMax": "not attempted", exMinmax: "not attempted"},
			reason:  map[string]string{exWords: "1 of 2 tests earned nothing: TestLongest", exMinmax: "not attempted"},
		},
		"broken": {
			score:   map[string]int{exSum: 0, exWords: p.full(exWords)},
			status:  map[string]string{exSum: "error", exWords: "pass"},
			tests:   map[string]string{exSum + "/TestAdd": "not_run"},
			message: map[string]string{exSum: "exercises/01_sum/sum.go:6:9: cannot use", exMinmax: "not submitted"},
			reason:  map[string]string{exSum: "does not compile: exercises/01_sum/sum.go:6:9: cannot use", exMinmax: "not submitted"},
		},
		"split": {
			score:      map[string]int{exSum: p.full(exSum)},
			status:     map[string]string{exSum: "pass"},
			ignored:    []string{"exercises/01_sum/notes.md"},
			notIgnored: []string{"exercises/01_sum/sum_test.go"},
		},
		"forged_plain":   {score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"}},
		"forged_json":    {score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"}},
		"forged_framing": {score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"}, notes: []string{"contradictory"}},
		"forged_exit0": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"},
			notes: []string{"did not finish its tests"}, review: []string{"imports syscall"},
		},
		"init_exit0": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "error"},
			tests:   map[string]string{exSum + "/TestAdd": "not_run"},
			message: map[string]string{exSum: "exited early"},
		},
		"test_exit0": {
			score: map[string]int{exSum: p.without(exSum, "TestTotal")}, status: map[string]string{exSum: "fail"},
			tests:   map[string]string{exSum + "/TestTotal": "error", exSum + "/TestAdd": "pass", exSum + "/TestHalves": "pass"},
			message: map[string]string{exSum + "/TestTotal": "exited early"},
		},
		"testmain": {score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"}, review: []string{"imports testing"}},
		"mitm":     {score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"}, review: []string{"imports syscall"}},
		"args": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"},
			notes:   []string{"did not record"},
			message: map[string]string{exSum + "/TestAdd": "never ran"},
		},
		"hang": {
			score: map[string]int{exSum: p.without(exSum, "TestTotal")}, status: map[string]string{exSum: "fail"},
			tests:   map[string]string{exSum + "/TestTotal": "error", exSum + "/TestHalves": "pass"},
			message: map[string]string{exSum + "/TestTotal": "time limit"},
			reason:  map[string]string{exSum: "1 of 3 tests earned nothing: TestTotal"},
		},
		"flood":      {score: map[string]int{exSum: p.full(exSum)}, status: map[string]string{exSum: "pass"}},
		"goroutines": {score: map[string]int{exSum: p.full(exSum)}, status: map[string]string{exSum: "pass"}},
		"children":   {score: map[string]int{exSum: p.full(exSum)}, status: map[string]string{exSum: "pass"}, review: []string{"imports os/exec"}},
		"replaced_tests": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "error"},
			reason:  map[string]string{exSum: "not attempted"},
			ignored: []string{"exercises/01_sum/sum_test.go", "exercises/01_sum/extra_test.go"},
		},
		"gomod_replace": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "error"},
			ignored: []string{"exercises/go.mod", "exercises/internal/harness/harness.go", "exercises/fake-testify/require/require.go"},
		},
		"cgo": {
			score: map[string]int{exSum: p.full(exSum)}, status: map[string]string{exSum: "pass"},
			ignored: []string{"exercises/01_sum/leak.go"},
		},
		"outside": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "error"},
			ignored: []string{"exercises/01_sum/sub/", "exercises/sum.go"},
		},
		"panics": {
			score: map[string]int{exSum: p.without(exSum, "TestTotal")}, status: map[string]string{exSum: "fail"},
			tests:   map[string]string{exSum + "/TestTotal": "error", exSum + "/TestAdd": "pass", exSum + "/TestHalves": "pass"},
			message: map[string]string{exSum + "/TestTotal": "panicked"},
		},
		"stealer": {
			score: map[string]int{exSum: 0}, status: map[string]string{exSum: "fail"},
			review: []string{"mentions /proc/"},
		},
		"symlinks": {
			score:   map[string]int{exSum: 0, exWords: 0, exMinmax: 0},
			status:  map[string]string{exSum: "error", exWords: "error", exMinmax: "error"},
			message: map[string]string{exSum: "no Go file", exWords: "symbolic link", exMinmax: "no Go file"},
			ignored: []string{"exercises/01_sum/sum.go", "exercises/01_sum/fifo.go", "exercises/02_words", "exercises/03_minmax/minmax.go"},
		},
	}
}

// loadCourse loads the real course, which the attacks are graded on.
func loadCourse(t *testing.T) *course.Course {
	t.Helper()
	c, err := course.Load(workbookRoot(t))
	require.NoError(t, err)
	return c
}

// makeSolved builds the "solved" submission from solutions/: every
// exercise of the manifest, with its reference solution.
func makeSolved(t *testing.T, c *course.Course) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "solved")
	for i := range c.Exercises {
		e := &c.Exercises[i]
		dst := filepath.Join(dir, c.ExercisesDir, e.Dir)
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.CopyFS(dst, os.DirFS(filepath.Dir(c.SolutionPath(e)))))
	}
	return dir
}

// courseCopies are the files of testdata/class's submissions that are
// unchanged copies of coursetest.Tiny's stubs and solutions: classSubmission
// writes them at test time, from the course, rather than keeping copies
// that every change of the course must follow. fixture -> path -> source.
func courseCopies() map[string]map[string]string {
	tiny := coursetest.Tiny()
	sum, minmax := tiny[0], tiny[2]
	return map[string]map[string]string{
		"partly":         {"exercises/01_sum/sum.go": sum.Solution, "exercises/03_minmax/minmax.go": minmax.Stub},
		"cgo":            {"exercises/01_sum/sum.go": sum.Solution},
		"outside":        {"exercises/01_sum/sub/sum.go": sum.Solution, "exercises/sum.go": sum.Solution},
		"replaced_tests": {"exercises/01_sum/sum.go": sum.Stub},
		"gomod_replace":  {"exercises/01_sum/sum.go": sum.Stub},
	}
}

// classSubmission is the submission testdata/class/name, copied into a
// temporary folder of that name with its courseCopies written in.
func classSubmission(t *testing.T, name string) string {
	t.Helper()
	return classSubmissionIn(t, t.TempDir(), name)
}

// classSubmissionIn is classSubmission, copied into parent.
func classSubmissionIn(t *testing.T, parent, name string) string {
	t.Helper()
	dir := filepath.Join(parent, name)
	require.NoError(t, os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "class", name))))
	for p, src := range courseCopies()[name] {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		_, err := os.Stat(dst)
		require.ErrorIs(t, err, fs.ErrNotExist, "testdata/class/%s keeps a copy of %s: the test writes it from coursetest", name, p)
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		require.NoError(t, os.WriteFile(dst, []byte(src), 0o644))
	}
	return dir
}

// makeSplit is the split fixture with, beside it, an unchanged copy of the
// course's own test file, taken from the course at test time so that it
// stays unchanged whatever the test file becomes.
func makeSplit(t *testing.T, parent, root string) string {
	t.Helper()
	dir := classSubmissionIn(t, parent, "split")
	test, err := os.ReadFile(filepath.Join(root, "exercises", exSum, "sum_test.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "exercises", exSum, "sum_test.go"), test, 0o644))
	return dir
}

// workbookRoot is the real course's root, which the attacks are graded on.
func workbookRoot(t *testing.T) string {
	t.Helper()
	root, err := course.Find(".")
	require.NoError(t, err)
	return root
}

// makeSymlinks builds the "symlinks" submission: an exercise file that is a
// symbolic link to a solution outside its folder, a FIFO named like a Go
// file (reading it would block), an exercise folder that is a link to
// another submission's (solved, as makeSolved builds it), and a file linked
// by absolute path.
func makeSymlinks(t *testing.T, root, solved string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "symlinks")
	ex := filepath.Join(dir, "exercises")
	require.NoError(t, os.MkdirAll(filepath.Join(ex, exSum), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(ex, exMinmax), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "stash"), 0o755))
	sol, err := os.ReadFile(filepath.Join(root, "solutions", exSum, "sum.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stash", "sum.go"), sol, 0o644))
	require.NoError(t, os.Symlink(filepath.Join("..", "..", "stash", "sum.go"), filepath.Join(ex, exSum, "sum.go")))
	if err := mkfifo(filepath.Join(ex, exSum, "fifo.go")); err != nil {
		t.Logf("no FIFO in the symlinks submission: %v", err)
		require.NoError(t, os.WriteFile(filepath.Join(ex, exSum, "fifo.go"), []byte("package sum\n\nfunc x() {}}\n"), 0o644))
	}
	require.NoError(t, os.Symlink(filepath.Join(solved, "exercises", exWords), filepath.Join(ex, exWords)))
	require.NoError(t, os.Symlink(filepath.Join(root, "solutions", exMinmax, "minmax.go"), filepath.Join(ex, exMinmax, "minmax.go")))
	return dir
}

// exerciseReport is the report of the exercise in folder dir.
func exerciseReport(t *testing.T, s *subReport, dir string) *exReport {
	t.Helper()
	for _, e := range s.Exercises {
		if e.Dir == dir {
			return e
		}
	}
	require.FailNow(t, "no exercise "+dir+" in the report of "+s.Path)
	return nil
}

// treeHash hashes every name, link target and file content under dir,
// without following links.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		h.Write([]byte(p + "\x00" + d.Type().String() + "\x00"))
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			h.Write([]byte(target))
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			h.Write(data)
		}
		return nil
	})
	require.NoError(t, err)
	return hex.EncodeToString(h.Sum(nil))
}

// remarks are the grading's notes but the one every grading on Linux has
// without cgroups (the kernel buffers --memory does not count).
func remarks(rep *report) []string {
	var out []string
	prefix, _, _ := strings.Cut(msgKernelNotCounted.In(rep.lang), "%v")
	for _, n := range rep.Notes {
		if !strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

// leftovers lists processes whose command line mentions marker.
func leftovers(marker string) []string {
	var found []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		data, err := os.ReadFile(p)
		if err == nil && bytes.Contains(data, []byte(marker)) {
			found = append(found, p+": "+strings.ReplaceAll(string(data), "\x00", " "))
		}
	}
	return found
}

func TestClass(t *testing.T) {
	t.Parallel()
	c := classCourse(t)
	root := c.Root
	p := points{c}
	expected := classExpect(p)
	entries, err := os.ReadDir(filepath.Join("testdata", "class"))
	require.NoError(t, err)
	var subs []string
	names := map[string]string{} // path given -> fixture name
	class := t.TempDir()
	for _, e := range entries {
		name := e.Name()
		var p string
		if name == "split" {
			p = makeSplit(t, class, root)
		} else {
			p = classSubmissionIn(t, class, name)
		}
		subs = append(subs, p)
		names[p] = name
	}
	solved := makeSolved(t, c)
	sym := makeSymlinks(t, root, solved)
	subs = append(subs, solved, sym)
	names[solved], names[sym] = "solved", "symlinks"
	for name := range expected {
		if name != "solved" && name != "symlinks" {
			assert.Contains(t, slices.Collect(maps.Values(names)), name, "no fixture %s", name)
		}
	}

	before := treeHash(t, class) + treeHash(t, solved) + treeHash(t, sym)
	trustedBefore := treeHash(t, filepath.Join(root, "exercises"))

	// The hang costs a whole time limit: it is graded with a shorter one, at
	// the same time as the rest of the class (which takes longer anyway),
	// whose limit leaves room for a loaded machine. The short limit must
	// leave that room too: at 10 s, on two cores beside eight CPU-bound
	// processes, the hang's first test once ran out of it before the hang.
	// The two reports are then one class again.
	quick := map[string]bool{filepath.Join(class, "hang"): true}
	var main, short []string
	for _, p := range subs {
		if quick[p] {
			short = append(short, p)
		} else {
			main = append(main, p)
		}
	}
	start := time.Now()
	var shortRep *report
	var shortErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		shortRep, shortErr = grade(context.Background(), config{
			root: root, submissions: short, jobs: 2, timeout: 20 * time.Second, race: check.RaceOff, lang: i18n.En,
		})
	}()
	rep, err := grade(context.Background(), config{
		root: root, submissions: main, jobs: max(4, runtime.NumCPU()),
		timeout: 30 * time.Second, race: check.RaceOff, lang: i18n.En,
	})
	<-done
	require.NoError(t, err)
	require.NoError(t, shortErr)
	t.Logf("graded %d submissions in %v", len(subs), time.Since(start).Round(time.Millisecond))
	byPath := map[string]*subReport{}
	for _, s := range append(rep.Submissions, shortRep.Submissions...) {
		byPath[s.Path] = s
	}
	rep.Submissions = nil
	for _, p := range subs {
		rep.Submissions = append(rep.Submissions, byPath[p])
	}
	nameSubmissions(rep)

	assert.Equal(t, before, treeHash(t, class)+treeHash(t, solved)+treeHash(t, sym), "a submission changed on disk")
	assert.Equal(t, trustedBefore, treeHash(t, filepath.Join(root, "exercises")), "the course changed on disk")
	assert.Empty(t, remarks(rep), "no remark about the grading itself")
	assert.Empty(t, leftovers("wbgfixturechild"), "a process the tests started survived grading")

	require.Len(t, rep.Submissions, len(subs))
	for _, s := range rep.Submissions {
		name := names[s.Path]
		t.Run(name, func(t *testing.T) {
			want, ok := expected[name]
			require.True(t, ok, "no expectation for %s", name)
			checkSubmission(t, p, s, want)
		})
	}

	t.Run("format=json", func(t *testing.T) { checkJSON(t, p, rep) })
	t.Run("format=junit", func(t *testing.T) { checkJUnit(t, p, rep) })
	t.Run("format=exercism", func(t *testing.T) { checkExercism(t, p, rep) })
	t.Run("format=classroom50", func(t *testing.T) { checkClassroom50(t, p, rep) })
	t.Run("format=markdown", func(t *testing.T) { checkMarkdown(t, p, rep) })
	t.Run("format=csv", func(t *testing.T) { checkCSV(t, p, rep) })
	t.Run("format=text", func(t *testing.T) { checkText(t, p, rep) })
	t.Run("flood is bounded", func(t *testing.T) {
		for _, s := range rep.Submissions {
			var b bytes.Buffer
			require.NoError(t, renderJSON(&b, s))
			assert.Less(t, b.Len(), 256<<10, "%s: the report of one submission must stay small", s.Path)
		}
	})
}

func checkSubmission(t *testing.T, p points, s *subReport, want expect) {
	total := 0
	var notes, review []string
	var ignored []string
	for _, ig := range s.Ignored {
		ignored = append(ignored, ig.Path)
	}
	for _, e := range s.Exercises {
		wantStatus, listed := want.status[e.Dir]
		if !listed {
			wantStatus = statusError
			assert.Contains(t, e.Message, "not submitted", "%s", e.Dir)
		}
		assert.Equal(t, wantStatus, e.Status, "%s status (message: %s)", e.Dir, e.Message)
		if !assert.Equal(t, want.score[e.Dir], e.Score, "%s score", e.Dir) {
			for _, tr := range e.Tests {
				t.Logf("%s/%s: %s %d/%d: %s", e.Dir, tr.Name, tr.Status, tr.Points, tr.MaxPoints, tr.Message)
			}
		}
		sum := 0
		for _, tr := range e.Tests {
			if tr.Status == statusPass {
				assert.Equal(t, tr.MaxPoints, tr.Points, "%s/%s", e.Dir, tr.Name)
			} else {
				assert.Zero(t, tr.Points, "%s/%s", e.Dir, tr.Name)
				assert.NotEmpty(t, tr.Message, "%s/%s has no message", e.Dir, tr.Name)
			}
			assert.Contains(t, []string{statusPass, statusFail, statusError, statusNotRun}, tr.Status)
			sum += tr.Points
			key := e.Dir + "/" + tr.Name
			if st, ok := want.tests[key]; ok {
				assert.Equal(t, st, tr.Status, "%s (message: %s)", key, tr.Message)
			}
			if m, ok := want.message[key]; ok {
				assert.Contains(t, tr.Message, m, "%s", key)
			}
		}
		assert.Equal(t, sum, e.Score, "%s: the score is the sum of the tests' points", e.Dir)
		if m, ok := want.message[e.Dir]; ok {
			assert.Contains(t, e.Message, m, "%s", e.Dir)
		}
		if m, ok := want.reason[e.Dir]; ok {
			assert.Contains(t, e.Reason, m, "%s", e.Dir)
		}
		assert.Equal(t, e.Score < e.MaxScore, e.Reason != "", "%s: a reason exactly when points were lost: %q", e.Dir, e.Reason)
		total += e.Score
		notes = append(notes, e.Notes...)
		review = append(review, e.Review...)
		for _, ig := range e.Ignored {
			ignored = append(ignored, ig.Path)
		}
	}
	assert.Equal(t, total, s.Score)
	assert.Equal(t, p.total(), s.MaxScore)
	assert.Len(t, s.Exercises, len(p.c.Exercises), "every exercise of the manifest, submitted or not")
	joined := strings.Join(notes, "\n")
	for _, n := range want.notes {
		assert.Contains(t, joined, n, "notes")
	}
	joined = strings.Join(review, "\n")
	for _, n := range want.review {
		assert.Contains(t, joined, n, "review remarks")
	}
	for _, p := range want.ignored {
		assert.Contains(t, ignored, p, "ignored")
	}
	for _, p := range want.notIgnored {
		assert.NotContains(t, ignored, p, "ignored")
	}
}

// checkJSON checks the document's shape: exactly the fields (and
// the documented extra ones), every submission, consistent scores.
func checkJSON(t *testing.T, p points, rep *report) {
	var b bytes.Buffer
	require.NoError(t, renderJSON(&b, rep))
	var doc struct {
		Submissions []map[string]json.RawMessage `json:"submissions"`
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	require.Len(t, doc.Submissions, len(rep.Submissions))
	keys := func(m map[string]json.RawMessage) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		slices.Sort(k)
		return k
	}
	for i, s := range doc.Submissions {
		assert.Subset(t, keys(s), []string{"path", "score", "max_score", "exercises", "ignored"})
		var exs []map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(s["exercises"], &exs))
		require.Len(t, exs, len(p.c.Exercises))
		for _, e := range exs {
			assert.Subset(t, keys(e), []string{"id", "status", "score", "max_score", "tests", "ignored"})
			var status string
			require.NoError(t, json.Unmarshal(e["status"], &status))
			assert.Contains(t, []string{"pass", "fail", "error"}, status)
			var tests []map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(e["tests"], &tests))
			for _, tr := range tests {
				assert.Subset(t, keys(tr), []string{"name", "status", "points", "message"})
			}
			assert.NotEqual(t, "null", string(e["ignored"]))
		}
		var score int
		require.NoError(t, json.Unmarshal(s["score"], &score))
		assert.Equal(t, rep.Submissions[i].Score, score)
	}
}

// junitDoc is read back with encoding/xml to check the structure.
type junitDoc struct {
	XMLName xml.Name `xml:"testsuites"`
	Suites  []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Time     string `xml:"time,attr"`
		Props    []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Time      string `xml:"time,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func checkJUnit(t *testing.T, p points, rep *report) {
	var b bytes.Buffer
	require.NoError(t, renderJUnit(&b, rep, rep.Submissions, time.Now()))
	var doc junitDoc
	require.NoError(t, xml.Unmarshal(b.Bytes(), &doc), "the JUnit output must be well-formed XML")
	require.Len(t, doc.Suites, len(p.c.Exercises)*len(rep.Submissions), "one testsuite per exercise per submission")
	seen := map[string]bool{}
	i := 0
	for _, s := range rep.Submissions {
		for _, e := range s.Exercises {
			suite := doc.Suites[i]
			i++
			assert.False(t, seen[suite.Name], "suite names are unique: %s", suite.Name)
			seen[suite.Name] = true
			assert.Equal(t, s.name+"/"+e.Dir, suite.Name)
			require.Len(t, suite.Cases, len(e.Tests))
			assert.Equal(t, len(e.Tests), suite.Tests)
			_, err := strconv.ParseFloat(suite.Time, 64)
			assert.NoError(t, err)
			failed := 0
			for j, c := range suite.Cases {
				tr := e.Tests[j]
				assert.Equal(t, tr.Name, c.Name)
				assert.Equal(t, s.name+"."+e.Dir, c.Classname)
				switch tr.Status {
				case statusPass:
					assert.Nil(t, c.Failure, c.Name)
					assert.Nil(t, c.Error, c.Name)
				case statusFail:
					require.NotNil(t, c.Failure, c.Name)
					failed++
				default:
					require.NotNil(t, c.Error, c.Name)
					failed++
				}
			}
			assert.Equal(t, failed, suite.Failures+suite.Errors, suite.Name)
			props := map[string]string{}
			for _, p := range suite.Props {
				props[p.Name] = p.Value
			}
			assert.Equal(t, strconv.Itoa(e.Score), props["score"], suite.Name)
			assert.Equal(t, e.Reason, props["reason"], "%s: the suite says why it lost points", suite.Name)
		}
	}

	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils): the output was checked with encoding/xml only, not against testdata/junit.xsd")
	}
	file := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(file, b.Bytes(), 0o644))
	out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), file).CombinedOutput()
	assert.NoError(t, err, "xmllint rejects the JUnit output:\n%s", out)
}

func checkExercism(t *testing.T, p points, rep *report) {
	for _, s := range rep.Submissions {
		var b bytes.Buffer
		require.NoError(t, render(rep, "exercism", []*subReport{s}, &b))
		var doc struct {
			Version int     `json:"version"`
			Status  string  `json:"status"`
			Message *string `json:"message"`
			Tests   []struct {
				Name     string  `json:"name"`
				TestCode string  `json:"test_code"`
				Status   string  `json:"status"`
				Message  *string `json:"message"`
				TaskID   int     `json:"task_id"`
			} `json:"tests"`
		}
		require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
		assert.Equal(t, 3, doc.Version)
		ran := slices.ContainsFunc(s.Exercises, func(e *exReport) bool { return e.Status != statusError })
		switch {
		case !ran:
			assert.Equal(t, "error", doc.Status, s.Path)
			require.NotNil(t, doc.Message, s.Path)
			assert.NotEmpty(t, *doc.Message)
		case s.Score == s.MaxScore:
			assert.Equal(t, "pass", doc.Status, s.Path)
		default:
			assert.Equal(t, "fail", doc.Status, s.Path)
		}
		if !ran {
			continue
		}
		assert.Nil(t, doc.Message, "no top-level message unless status is error")
		assert.Len(t, doc.Tests, p.tests()) // every test of the course
		said := map[string]bool{}           // exercise -> its first failing test says why
		for _, tr := range doc.Tests {
			dir, _, _ := strings.Cut(tr.Name, "/")
			if tr.Status != "pass" && !said[dir] {
				said[dir] = true
				for _, e := range s.Exercises {
					if e.Dir == dir {
						assert.True(t, strings.HasPrefix(*tr.Message, e.Reason) || strings.Contains(*tr.Message, e.Reason), "%s: %q opens with why: %q", s.Path, tr.Name, e.Reason)
					}
				}
			}
			assert.Contains(t, []string{"pass", "fail", "error"}, tr.Status)
			fn := tr.Name[strings.LastIndex(tr.Name, "/")+1:]
			assert.Contains(t, tr.TestCode, "func "+fn+"(", "test_code is the test's source (with its doc comment): %q", tr.TestCode)
			assert.True(t, tr.TaskID >= 1 && tr.TaskID <= len(p.c.Exercises), "task_id is an exercise number: %d", tr.TaskID)
			if tr.Status != "pass" {
				require.NotNil(t, tr.Message, tr.Name)
				assert.NotEmpty(t, *tr.Message, tr.Name)
			}
		}
	}
}

func checkClassroom50(t *testing.T, p points, rep *report) {
	for _, s := range rep.Submissions {
		var b bytes.Buffer
		require.NoError(t, renderJSON(&b, classroom50Results([]*subReport{s}, time.Now(), classroom50Env.get)))
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
		assert.Empty(t, classroom50Problems(doc, classroom50Env), "%s: Classroom 50's runner accepts it", s.Path)
		assert.EqualValues(t, s.Score, doc["score"], s.Path)
		assert.EqualValues(t, p.total(), doc["max-score"], s.Path)
		sum := 0.0
		for _, tr := range doc["tests"].([]any) {
			sum += tr.(map[string]any)["score"].(float64)
		}
		assert.EqualValues(t, s.Score, sum, "%s: the tests' scores add up to the score", s.Path)
		assert.Len(t, doc["tests"], p.tests(), "one entry per test")
	}
}

func checkMarkdown(t *testing.T, p points, rep *report) {
	var b bytes.Buffer
	require.NoError(t, render(rep, "markdown", rep.Submissions, &b))
	assert.LessOrEqual(t, b.Len(), markdownMax, "GitHub's limit on a step's summary")
	for _, s := range rep.Submissions {
		assert.Contains(t, b.String(), "## "+mdCode(s.Path)+" — "+strconv.Itoa(s.Score)+"/"+strconv.Itoa(p.total())+" points")
		for _, e := range s.Exercises {
			if e.Reason != "" {
				assert.Contains(t, b.String(), " — "+mdEscape(bounded(e.Reason, maxStatus))+" |", "%s: the row says why %s lost points", s.Path, e.Dir)
			}
		}
	}
}

func checkCSV(t *testing.T, p points, rep *report) {
	var b bytes.Buffer
	require.NoError(t, renderCSV(&b, rep, rep.Submissions))
	require.True(t, bytes.HasPrefix(b.Bytes(), []byte(utf8BOM)), "the CSV opens with a UTF-8 byte-order mark")
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[len(utf8BOM):])).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(rep.Submissions)+1)
	header := []string{"path", "score", "max_score"}
	for _, e := range p.c.Exercises {
		header = append(header, e.Dir)
	}
	header = append(header, "notes")
	assert.Equal(t, header, rows[0])
	for i, s := range rep.Submissions {
		row := rows[i+1]
		assert.Equal(t, s.Path, row[0])
		assert.Equal(t, strconv.Itoa(s.Score), row[1])
		assert.Equal(t, strconv.Itoa(p.total()), row[2])
		for j, e := range s.Exercises {
			assert.Equal(t, strconv.Itoa(e.Score), row[3+j])
			if e.Reason != "" {
				assert.Contains(t, row[len(row)-1], e.Dir+": "+e.Reason, "%s: the notes say why", s.Path)
			}
		}
	}
}

func checkText(t *testing.T, p points, rep *report) {
	var b bytes.Buffer
	renderText(&b, rep, rep.Submissions)
	out := b.String()
	for _, s := range rep.Submissions {
		assert.Contains(t, out, "== "+quoteName(s.Path)+" — "+strconv.Itoa(s.Score)+"/"+strconv.Itoa(p.total())+" points ==")
	}
	assert.Contains(t, out, "Class summary: "+strconv.Itoa(len(rep.Submissions))+" submission(s)")
	assert.Contains(t, out, "Not passed:")
	assert.Contains(t, out, "Ignored:")
	_, byTest, ok := strings.Cut(out, "Tests passed, by test:\n")
	require.True(t, ok, "the report ends with a summary by test")
	for _, e := range p.c.Exercises {
		for _, tst := range e.Tests {
			passed := 0
			for _, s := range rep.Submissions {
				if exerciseReport(t, s, e.Dir).Tests[slices.IndexFunc(e.Tests, func(x course.Test) bool { return x.Name == tst.Name })].Status == statusPass {
					passed++
				}
			}
			assert.Regexp(t, `(?m)^  `+e.Dir+"/"+tst.Name+` +`+strconv.Itoa(passed)+"/"+strconv.Itoa(len(rep.Submissions))+` +`+strconv.Itoa(tst.Points)+`$`, byTest)
		}
	}
	assert.Contains(t, out, "not attempted: the exercise's files are the course's stub files, unchanged", "one line says it")

	zh := *rep
	zh.lang = i18n.Zh
	b.Reset()
	renderText(&b, &zh, zh.Submissions)
	out = b.String()
	assert.Contains(t, out, "全班汇总")
	assert.Contains(t, out, "各测试的通过情况")
	for _, english := range []string{"Class summary", "Not passed:", "Ignored:", " points ==", "Exercise", "Full marks"} {
		assert.NotContains(t, out, english, "the Chinese report says %q in English", english)
	}
}

// TestStealerFindsNoKey: graded unconfined, where it can read the
// grader's generated sources through its parent's -overlay argument, the
// stealer finds no key in them (there is none in any file) and earns
// nothing.
func TestStealerFindsNoKey(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the stealer reads /proc")
	}
	t.Parallel()
	rep, err := grade(context.Background(), config{
		root: classCourse(t).Root, submissions: []string{classSubmission(t, "stealer")},
		jobs: 1, timeout: time.Minute, race: check.RaceOff, lang: i18n.En, sandbox: confine.Off,
	})
	require.NoError(t, err)
	ex := exerciseReport(t, rep.Submissions[0], exSum)
	assert.Zero(t, ex.Score, "the generated sources hold no key")
}
