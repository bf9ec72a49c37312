package grade

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestClassAsItArrives grades a class folder as an instructor downloads
// it: a learner's repository extracted into a folder of its own, another's
// ZIP, a Windows learner who changed nothing, a learner whose name holds
// escapes, and stray files. Then it grades the class again with --changed:
// nothing is graded again; then once more after one learner changed a
// file: only that one is.
func TestClassAsItArrives(t *testing.T) {
	t.Parallel()
	c := classCourse(t)
	root := c.Root
	p := points{c}
	class := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		path := filepath.Join(class, rel)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	}
	stubSum, solSum, testSum := tinyFiles(t, root, exSum, "sum")
	stubWords, solWords, _ := tinyFiles(t, root, exWords, "words")
	stubMinmax, _, _ := tinyFiles(t, root, exMinmax, "minmax")

	// alice: the repository's folder inside hers; 01 solved, 02 the stub.
	write("alice/spawning-goroutines-main/exercises/01_sum/sum.go", solSum)
	write("alice/spawning-goroutines-main/exercises/02_words/words.go", stubWords)
	write("alice/.DS_Store", "junk")
	// bob: a ZIP of his repository; 02 solved, 01 does not compile.
	bobZip := writeZip(t, "bob.zip", []zipEntry{
		{name: "repo-main/exercises/01_sum/sum.go", data: coursetest.SumAs(coursetest.CompileError)},
		{name: "repo-main/exercises/02_words/words.go", data: solWords},
	})
	data, err := os.ReadFile(bobZip)
	require.NoError(t, err)
	write("bob.zip", string(data))
	// 张伟: every stub, untouched, saved on Windows; the test file too.
	write("12-张伟 Zhang Wei/exercises/01_sum/sum.go", windows(stubSum))
	write("12-张伟 Zhang Wei/exercises/01_sum/sum_test.go", windows(testSum))
	write("12-张伟 Zhang Wei/exercises/02_words/words.go", windows(stubWords))
	write("12-张伟 Zhang Wei/exercises/03_minmax/minmax.go", windows(stubMinmax))
	// A name with escapes: 01 solved.
	evil := "\x1b[2Jevil\x1b]0;owned\x07"
	write(evil+"/exercises/01_sum/sum.go", solSum)
	// Stray files.
	write("README.txt", "the class")
	write(".DS_Store", "junk")

	entries, err := filepath.Glob(filepath.Join(class, "*"))
	require.NoError(t, err)
	grade := func(o Options) (string, string) {
		t.Helper()
		o.Submissions, o.Jobs, o.Timeout, o.Race = entries, 2, 30*time.Second, check.RaceOff
		code, out, errOut := runCommand(context.Background(), t, root, i18n.En, o)
		require.Equal(t, 0, code, "stderr: %s", errOut)
		return out, errOut
	}
	decode := func(out string) *report {
		t.Helper()
		var rep report
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		return &rep
	}
	byName := func(rep *report) map[string]*subReport {
		m := map[string]*subReport{}
		for _, s := range rep.Submissions {
			m[filepath.Base(s.Path)] = s
		}
		return m
	}

	start := time.Now()
	first, _ := grade(Options{Format: "json"})
	t.Logf("graded the class in %v", time.Since(start).Round(time.Millisecond))
	rep := decode(first)
	assert.Regexp(t, `^(unknown|[0-9a-f]{40})$`, rep.CourseCommit)
	assert.NotEmpty(t, rep.GraderVersion)
	notes := strings.Join(rep.Notes, "\n")
	assert.Contains(t, notes, `README.txt" is not a submission`)
	assert.Contains(t, notes, `.DS_Store" is not a submission`)
	require.Len(t, rep.Submissions, 4, "the stray files are notes, the others are graded")
	subs := byName(rep)

	alice := subs["alice"]
	require.NotNil(t, alice)
	assert.Equal(t, p.full(exSum), alice.Score)
	assert.Contains(t, strings.Join(alice.Notes, "\n"), `"spawning-goroutines-main"`)
	assert.True(t, exerciseReport(t, alice, exWords).NotAttempted)
	assert.Contains(t, exerciseReport(t, alice, exWords).Reason, "not attempted")
	assert.Contains(t, exerciseReport(t, alice, exMinmax).Reason, "not submitted")

	bob := subs["bob.zip"]
	require.NotNil(t, bob)
	assert.Equal(t, p.full(exWords), bob.Score)
	assert.Contains(t, exerciseReport(t, bob, exSum).Reason, "does not compile: exercises/01_sum/sum.go:")

	zhang := subs["12-张伟 Zhang Wei"]
	require.NotNil(t, zhang)
	assert.Zero(t, zhang.Score)
	assert.Empty(t, zhang.Ignored)
	for _, e := range zhang.Exercises {
		assert.True(t, e.NotAttempted, e.Dir)
		assert.Empty(t, e.Ignored, "%s: CRLF and a BOM are no edit", e.Dir)
		for _, tr := range e.Tests {
			assert.Equal(t, statusNotRun, tr.Status)
			assert.Contains(t, tr.Message, "not attempted")
		}
	}
	for _, s := range rep.Submissions {
		assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, s.Digest)
		for _, e := range s.Exercises {
			assert.Equal(t, e.Score < e.MaxScore, e.Reason != "", "%s/%s: a reason exactly when points were lost: %q", s.Path, e.Dir, e.Reason)
		}
	}
	previous := filepath.Join(t.TempDir(), "previous.json")
	require.NoError(t, os.WriteFile(previous, []byte(first), 0o644))

	// Again with --changed: nothing changed, nothing is graded; the text
	// report, one file per learner, keeps their names.
	out := filepath.Join(t.TempDir(), "out")
	start = time.Now()
	summary, _ := grade(Options{Format: "text", Out: out, Changed: previous})
	t.Logf("carried the class over in %v", time.Since(start).Round(time.Millisecond))
	files, err := os.ReadDir(out)
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	assert.ElementsMatch(t, []string{"12-张伟 Zhang Wei.txt", "_[2Jevil_]0;owned_.txt", "alice.txt", "bob.txt"}, names)
	text, err := os.ReadFile(filepath.Join(out, "12-张伟 Zhang Wei.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(text), "not graded again")
	assert.Contains(t, string(text), "not attempted")
	assert.NotContains(t, string(text), "Not passed:", "an untouched submission is not hundreds of stub failures")
	assert.Contains(t, summary, "Tests passed, by test:")
	assert.Regexp(t, `(?m)^  01_sum/TestAdd +2/4 +1$`, summary)
	assert.Regexp(t, `(?m)^  02_words/TestCount +1/4 +1$`, summary)
	assert.NotContains(t, summary, "\x1b")

	// JUnit carries the reason as a property of the suite, a carried-over
	// one too (12-张伟's "not attempted"). Asked before alice changes her
	// file, it grades nothing again: after, it graded her once more for
	// no fact the CSV's grading had not shown.
	junit, _ := grade(Options{Format: "junit", Changed: previous})
	var doc junitSuites
	require.NoError(t, xml.Unmarshal([]byte(junit), &doc))
	found := false
	for _, s := range doc.Suites {
		for _, prop := range s.Properties.List {
			found = found || prop.Name == "reason" && strings.Contains(prop.Value, "not attempted")
		}
	}
	assert.True(t, found, "a JUnit suite says why it lost its points")

	// alice changes a file: only she is graded again.
	write("alice/spawning-goroutines-main/exercises/02_words/words.go", solWords)
	csvOut, _ := grade(Options{Format: "csv", Changed: previous})
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut, utf8BOM))).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 5)
	reNotes := regexp.MustCompile(`not graded again`)
	for _, row := range rows[1:] {
		name, notes := filepath.Base(row[0]), row[len(row)-1]
		switch name {
		case "alice":
			assert.Equal(t, strconv.Itoa(p.full(exSum)+p.full(exWords)), row[1], "alice is graded again: 01 and 02 solved")
			assert.NotRegexp(t, reNotes, notes)
		case "bob.zip":
			assert.Regexp(t, reNotes, notes)
			assert.Contains(t, notes, "01_sum: does not compile", "the CSV says why")
		default:
			assert.Regexp(t, reNotes, notes, name)
		}
	}
}

// TestCourseCommit: the course's commit from git, or "unknown", never a
// failure.
func TestCourseCommit(t *testing.T) {
	dir := t.TempDir()
	assert.Equal(t, unknown, courseCommit(context.Background(), filepath.Join(dir, "nowhere")))
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: only the unknown case is checked")
	}
	assert.Equal(t, unknown, courseCommit(context.Background(), dir), "not a repository")
	run := func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return strings.TrimSpace(string(out))
	}
	run("init", "-q")
	assert.Equal(t, unknown, courseCommit(context.Background(), dir), "no commit yet")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), []byte("x"), 0o644))
	run("add", "f")
	run("commit", "-q", "-m", "x")
	assert.Equal(t, run("rev-parse", "HEAD"), courseCommit(context.Background(), dir))
	assert.NotEqual(t, unknown, graderVersion())
}

// TestLoadPrevious: --changed takes a JSON report, or the folder of one per
// submission; anything else is one sentence in either language.
func TestLoadPrevious(t *testing.T) {
	dir := t.TempDir()
	one := `{"submissions": [{"path": "class/a", "digest": "sha256:1"}]}`
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
		return p
	}
	file := write("last.json", utf8BOM+one)
	write("out/a.json", one)
	write("out/b.json", `{"submissions": [{"path": "class/b", "digest": "sha256:2"}]}`)
	for _, c := range []struct {
		path  string
		paths []string
		bad   string
	}{
		{path: file, paths: []string{"class/a"}},
		{path: filepath.Join(dir, "out"), paths: []string{"class/a", "class/b"}},
		{path: filepath.Join(dir, "nosuch.json"), bad: "no such file"},
		{path: write("grades.csv", "path,score\n"), bad: "invalid character"},
		{path: write("empty.json", `{"notes": []}`), bad: "lists no submissions"},
		{path: filepath.Dir(write("empty/README", "x")), bad: "no .json file"},
	} {
		prev, err := loadPrevious(c.path)
		if c.bad != "" {
			require.Error(t, err, c.path)
			assert.Contains(t, err.Error(), c.bad)
			assert.Contains(t, i18n.Message(err, i18n.Zh), "无法把")
			continue
		}
		require.NoError(t, err, c.path)
		var paths []string
		for _, s := range prev.Submissions {
			paths = append(paths, s.Path)
		}
		assert.Equal(t, c.paths, paths)
	}
}

// TestByTestAligned: the per-test summary lines up in either language,
// wide characters counted as two columns, and counts each test's passes.
func TestByTestAligned(t *testing.T) {
	ex := func(statuses ...string) *exReport {
		e := &exReport{Dir: "01_sum", MaxScore: len(statuses)}
		for i, s := range statuses {
			e.Tests = append(e.Tests, &testReport{Name: []string{"TestAdd", "TestTotalOfAVeryLongName"}[i], Status: s, MaxPoints: 1})
		}
		return e
	}
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		rep := &report{lang: lang, Submissions: []*subReport{
			{Path: "a", MaxScore: 2, Exercises: []*exReport{ex(statusPass, statusFail)}},
			{Path: "b", MaxScore: 2, Exercises: []*exReport{ex(statusPass, statusNotRun)}},
			{Path: "c", MaxScore: 2, Exercises: []*exReport{ex(statusFail, statusPass)}},
		}}
		var b strings.Builder
		renderClassSummary(&b, rep)
		_, table, ok := strings.Cut(b.String(), lblByTest.In(lang)+"\n")
		require.True(t, ok, b.String())
		lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
		require.Len(t, lines, 3, table)
		col := -1
		for _, l := range lines {
			fields := regexp.MustCompile(`\S+  +`).FindStringIndex(l)
			require.NotNil(t, fields, l)
			w := ansi.StringWidth(l[:fields[1]])
			if col < 0 {
				col = w
			}
			assert.Equal(t, col, w, "%s: the second column starts at the same place:\n%s", lang, table)
		}
		assert.Regexp(t, `01_sum/TestAdd +2/3 +1$`, lines[1])
		assert.Regexp(t, `01_sum/TestTotalOfAVeryLongName +1/3 +1$`, lines[2])
	}
}
