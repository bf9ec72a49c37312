package grade

import (
	"bytes"
	"errors"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestAttested(t *testing.T) {
	_, err := attested(nil)
	assert.True(t, errors.Is(err, errNoAttestation), "no outcome: %v", err)
	_, err = attested(&confine.Outcome{AttestationError: confine.NoAttestation})
	assert.True(t, errors.Is(err, errNoAttestation), "none written: %v", err)
	_, err = attested(&confine.Outcome{AttestationError: "the attestation is not signed with the run's key"})
	assert.ErrorContains(t, err, "not signed")
	assert.Equal(t, "沙箱拒绝了它的校验结果：校验结果不是用这次运行的密钥签名的", i18n.Message(err, i18n.Zh))

	a, err := attested(&confine.Outcome{Attestation: []byte(`{"code":0,"tests":{"TestA":{"runs":1,"ends":1,"failed":0,"skipped":0}}}`)})
	require.NoError(t, err)
	assert.Equal(t, 0, a.Code)
	assert.True(t, a.Tests["TestA"].passed())
	assert.False(t, a.Tests["TestB"].passed(), "a test without a record did not pass")

	// Unknown fields are refused even when signed.
	_, err = attested(&confine.Outcome{Attestation: []byte(`{"code":0,"tests":{},"credit":"all"}`)})
	assert.Error(t, err)

	for _, rec := range []attRecord{{Runs: 2, Ends: 2}, {Runs: 1, Ends: 0}, {Runs: 1, Ends: 1, Failed: 1}, {Runs: 1, Ends: 1, Skipped: 1}} {
		assert.False(t, rec.passed(), "%+v", rec)
	}
}

func TestRenameKeepsLines(t *testing.T) {
	src := `package x_test

import "testing"

type s struct{ TestA int }

func TestA(t *testing.T) { helper(TestA) }

func helper(f func(*testing.T)) {}

func TestOther(t *testing.T) { _ = s{TestA: 1}.TestA }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x_test.go", src, 0)
	require.NoError(t, err)
	tf := &testFile{name: "x_test.go", src: []byte(src), refs: findRefs(fset, f, map[string]bool{"TestA": true})}
	got := string(tf.renamed("p_"))
	assert.Equal(t, strings.Count(src, "\n"), strings.Count(got, "\n"))
	assert.Contains(t, got, "func p_TestA(t *testing.T) { helper(p_TestA) }")
	assert.Contains(t, got, "type s struct{ TestA int }", "a field is not the test")
	assert.Contains(t, got, "_ = s{TestA: 1}.TestA", "nor a key or a selector")
}

func TestLoadTrustedRefusesTestMain(t *testing.T) {
	c := classCourse(t)
	tmp := c.Root
	// A file of the module outside the exercises, as the real course's harness.
	shared := filepath.Join(tmp, "exercises", "internal", "shared", "shared.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(shared), 0o755))
	require.NoError(t, os.WriteFile(shared, []byte("package shared\n"), 0o644))
	tc, err := loadTrusted(tmp)
	require.NoError(t, err, "the course as shipped loads")
	assert.Len(t, tc.exercises, len(c.Exercises))
	assert.Contains(t, tc.files, filepath.Join(tmp, "exercises", "go.mod"))
	assert.Contains(t, tc.files, shared)

	test := filepath.Join(tmp, "exercises", exSum, "sum_test.go")
	f, err := os.OpenFile(test, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, _ = f.WriteString("\nfunc TestMain(m *testing.M) { m.Run() }\n")
	require.NoError(t, f.Close())
	_, err = loadTrusted(tmp)
	assert.ErrorContains(t, err, "declares TestMain")
}

// TestTakeSubmission reads a submission with everything the grader must
// not take, without running anything.
func TestTakeSubmission(t *testing.T) {
	root := classCourse(t).Root
	tc, err := loadTrusted(root)
	require.NoError(t, err)
	sub := t.TempDir()
	dir := filepath.Join(sub, "exercises", exSum)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	write("sum.go", "package sum\n")
	write("helper.go", "package sum\n\nimport (\n\t\"os/exec\"\n\t\"unsafe\"\n)\n\n//go:linkname x y\nvar _ = \"/proc/self/exe\"\n")
	write("big.go", "package sum\n\n//"+strings.Repeat("x", maxGoFile)+"\n")
	write(".hidden.go", "package sum\n")
	write("extra_test.go", "package sum_test\n")
	trustedTest, err := os.ReadFile(filepath.Join(root, "exercises", exSum, "sum_test.go"))
	require.NoError(t, err)
	write("sum_test.go", string(trustedTest))
	write("README", "notes")
	require.NoError(t, os.Symlink("/etc/passwd", filepath.Join(dir, "link.go")))
	fifo := mkfifo(filepath.Join(dir, "fifo.go")) == nil

	s := takeSubmission(tc, sub, t.TempDir())
	require.Nil(t, s.problem)
	ex := s.exercises[0]
	require.Nil(t, ex.missing)
	var names []string
	for _, f := range ex.files {
		names = append(names, f.name)
	}
	assert.Equal(t, []string{"helper.go", "sum.go"}, names)
	reasons := map[string]string{}
	for _, ig := range ex.ignored.items {
		reasons[ig.path] = ig.reason.En
	}
	p := "exercises/" + exSum + "/"
	assert.Contains(t, reasons[p+"big.go"], "too large")
	assert.Contains(t, reasons[p+".hidden.go"], "ignores files")
	assert.Contains(t, reasons[p+"extra_test.go"], "test file the course does not have")
	assert.NotContains(t, reasons, p+"sum_test.go", "an unchanged copy is not listed")
	assert.Contains(t, reasons[p+"README"], "not a Go file")
	assert.Contains(t, reasons[p+"link.go"], "symbolic link")
	assert.Contains(t, reasons[p+"sub/"], "folder")
	if fifo {
		assert.Contains(t, reasons[p+"fifo.go"], "not a regular file")
	}
	var review []string
	for _, r := range ex.review {
		review = append(review, r.En)
	}
	joined := strings.Join(review, "\n")
	for _, w := range []string{"imports os/exec", "imports unsafe", "//go:linkname", "/proc/"} {
		assert.Contains(t, joined, w)
	}
	for i, e := range tc.exercises {
		if e.e.Dir != exSum {
			assert.Contains(t, s.exercises[i].missing.En, "not submitted", e.e.Dir)
		}
	}

	s = takeSubmission(tc, t.TempDir(), t.TempDir())
	require.NotNil(t, s.problem)
	assert.Contains(t, s.problem.En, "no exercises folder")
}

func TestChangedTrusted(t *testing.T) {
	tmp := classCourse(t).Root
	tc, err := loadTrusted(tmp)
	require.NoError(t, err)
	g := &grader{tc: tc}
	assert.Empty(t, g.changedTrusted())
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "exercises", exSum, "zz_evil.go"), []byte("package sum\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(tmp, "exercises", "go.mod"), []byte("module x\n"), 0o644))
	assert.Equal(t, []string{"exercises/01_sum/zz_evil.go", "exercises/go.mod"}, g.changedTrusted())
}

func TestMinScore(t *testing.T) {
	var m MinScore
	assert.False(t, m.below(0, 10), "no minimum")
	m, err := ParseMinScore("40")
	require.NoError(t, err)
	assert.True(t, m.below(39, 50))
	assert.False(t, m.below(40, 50))
	m, err = ParseMinScore("80%")
	require.NoError(t, err)
	assert.True(t, m.below(39, 50)) // 78%
	assert.False(t, m.below(40, 50))
	for _, bad := range []string{"", "-1", "x", "101%", "%"} {
		_, err := ParseMinScore(bad)
		assert.Error(t, err, bad)
	}
}

func TestTextHelpers(t *testing.T) {
	assert.Equal(t, 4, ansi.StringWidth("练习"))
	assert.Equal(t, 7, ansi.StringWidth("Tests·A"))
	var b bytes.Buffer
	table(&b, "", [][]string{{"练习", "x"}, {"01_sum", "y"}})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	assert.Equal(t, ansi.StringWidth(lines[0]), ansi.StringWidth(lines[1]), "columns line up with wide characters:\n%s", b.String())

	assert.Equal(t, "'=cmd", csvSafe("=cmd"))
	assert.Equal(t, "class/a", csvSafe("class/a"))

	long := strings.Repeat("line\n", 5000)
	c := clip(long, i18n.En)
	assert.LessOrEqual(t, len(c), maxMessage+64)
	assert.Contains(t, c, "bytes not shown")
	assert.Contains(t, clip(long, i18n.Zh), "字节未显示")

	rep := &report{Submissions: []*subReport{{Path: "class/a"}, {Path: "other/a"}, {Path: "."}, {Path: "x/a b"}}}
	nameSubmissions(rep)
	var names []string
	for _, s := range rep.Submissions {
		names = append(names, s.name)
	}
	assert.Equal(t, "a", names[0])
	assert.NotEqual(t, names[0], names[1], "distinct file names")
	assert.Equal(t, "a b", names[3], "the learner's name as it is")
}

// TestHungIsTheTestStartedLast: at the runner's time limit, with one test
// at a time, only the test started last is blamed; one still listed as
// running before it (finished, its result not yet printed) is run again.
func TestHungIsTheTestStartedLast(t *testing.T) {
	te := &trustedExercise{e: &course.Exercise{Tests: []course.Test{{Name: "TestA"}, {Name: "TestB"}, {Name: "TestC"}}}}
	v := &gotest.Verdict{
		Kind:    gotest.KindTimeout,
		Timeout: &gotest.TimeoutInfo{ByRunner: true, Running: []string{"TestA", "TestB/sub"}},
		Tests: []gotest.TestResult{
			{Name: "TestA", Status: gotest.StatusFail},
			{Name: "TestB", Status: gotest.StatusFail},
			{Name: "TestB/sub", Status: gotest.StatusFail},
			{Name: "TestC", Status: gotest.StatusPass},
		},
	}
	assert.Equal(t, []string{"TestB"}, hung(v))
	assert.True(t, cutShort(v, "TestA"))
	assert.False(t, cutShort(v, "TestB"))
	passed, unknown := rerunCandidates(te, &run{v: v}, map[string]*run{}, nil)
	assert.Equal(t, []string{"TestC"}, passed)
	assert.Equal(t, []string{"TestA"}, unknown)

	// go test's own time-out names every test it found running.
	v.Timeout.ByRunner = false
	assert.Equal(t, []string{"TestA", "TestB"}, hung(v))
	assert.False(t, cutShort(v, "TestA"))
}

// TestLostToTime: the tests that get a run alone with a whole time limit
// are the hung one, the slow failure, the one failed for another test's
// race and the one the re-runs' time did not reach; not a quick failure,
// nor the racy test itself.
func TestLostToTime(t *testing.T) {
	names := []string{"TestHang", "TestSlow", "TestQuick", "TestRacy", "TestBeside", "TestLate", "TestPass"}
	te := &trustedExercise{e: &course.Exercise{}}
	for _, n := range names {
		te.e.Tests = append(te.e.Tests, course.Test{Name: n})
	}
	raceLine := "    testing.go:1712: " + raceDetected + "\n"
	first := &run{v: &gotest.Verdict{
		Kind:  gotest.KindRace,
		Races: []gotest.RaceReport{{Test: "TestRacy"}},
		Tests: []gotest.TestResult{
			{Name: "TestSlow", Status: gotest.StatusFail, Elapsed: 31 * time.Second, Output: "after 30s: no reply"},
			{Name: "TestQuick", Status: gotest.StatusFail, Elapsed: time.Second, Output: "wrong sum"},
			{Name: "TestRacy", Status: gotest.StatusFail, Output: raceLine},
			{Name: "TestBeside", Status: gotest.StatusFail, Output: raceLine},
			{Name: "TestPass", Status: gotest.StatusPass},
		},
	}}
	hang := &run{v: &gotest.Verdict{
		Kind:    gotest.KindTimeout,
		Timeout: &gotest.TimeoutInfo{ByRunner: true, Running: []string{"TestHang"}},
		Tests:   []gotest.TestResult{{Name: "TestHang", Status: gotest.StatusFail}},
	}}
	got := lostToTime(te, []*run{first, hang}, map[string]bool{"TestLate": true})
	assert.Equal(t, []string{"TestHang", "TestSlow", "TestBeside", "TestLate"}, got)

	// A failure that says more than the race is the test's own.
	first.v.Tests[3].Output = raceLine + "    got 3, want 4\n"
	assert.NotContains(t, lostToTime(te, []*run{first}, nil), "TestBeside")

	// A test run alone with the whole limit is not run alone again.
	alone := &run{v: hang.v, only: []string{"TestHang"}, limit: time.Minute}
	assert.True(t, ranAloneWithin([]*run{alone}, "TestHang", time.Minute))
	assert.False(t, ranAloneWithin([]*run{alone}, "TestHang", 2*time.Minute))
}

// A learner who grades the workbook they are in (no submission given) is
// graded against that same workbook: its files are the "course's" by
// definition, so whether the exercise was attempted is decided by the stub
// as the course ships it.
func TestIsStubOfTheCourseItself(t *testing.T) {
	e := &course.Exercise{Dir: "01_echo", File: "echo.go"}
	shipped, err := course.Pristine(e)
	require.NoError(t, err)
	edited := append(bytes.Clone(shipped), "\n// mine\n"...)
	for _, tt := range []struct {
		name    string
		trusted []byte // the trusted course's copy of echo.go
		learner []byte
		self    bool
		want    bool
	}{
		{"another submission, unchanged", shipped, shipped, false, true},
		{"another submission, edited", shipped, edited, false, false},
		{"the course itself, as shipped", shipped, shipped, true, true},
		{"the course itself, edited", edited, edited, true, false},
		{"the course itself, CRLF only", shipped, bytes.ReplaceAll(shipped, []byte("\n"), []byte("\r\n")), true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			te := &trustedExercise{e: e, goFiles: map[string][]byte{"echo.go": tt.trusted, "echo_test.go": nil}}
			assert.Equal(t, tt.want, isStub(te, []taken{{name: "echo.go", data: tt.learner}}, tt.self))
		})
	}
}
