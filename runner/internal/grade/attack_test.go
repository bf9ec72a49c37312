package grade

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"go/parser"
	"go/token"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The hostile student's attacks on the grader (issue 15), one test each.
// Every fixture in testdata/attacks is a correct solution of exercise 1
// with an attack in it, so that a contained attack earns full marks and a
// grader that merely broke the solution is told apart from one that
// contained it. A fixture gets what it needs at run time (a path, a port,
// a size, a marker unique to the test's run) from placeholders (@@NAME@@)
// that the test substitutes in a copy of its source: the grader passes no
// environment of the test's choosing to the test binary.
//
// The attacks on the host (escape, exfil, scribble, spawner) need the
// sandbox and skip where bubblewrap cannot run. The bounds (hog, flood)
// hold with or without it, and the noisy honest solution must keep its
// marks either way.

// bwrapProbe reports whether bubblewrap can make every namespace here, and
// if not, why.
var bwrapProbe = sync.OnceValues(func() (bool, string) {
	out, err := exec.Command("bwrap", "--unshare-all", "--ro-bind", "/", "/", "true").CombinedOutput()
	if err != nil {
		return false, strings.TrimSpace(err.Error() + ": " + string(out))
	}
	return true, ""
})

// needSandbox skips a test whose attack only the sandbox contains.
func needSandbox(t *testing.T) {
	t.Helper()
	if ok, why := bwrapProbe(); !ok {
		t.Skipf("bubblewrap cannot run here (bwrap --unshare-all --ro-bind / / true: %s); install the bubblewrap package: this attack is only contained inside the sandbox", why)
	}
}

// attackSandbox is the sandbox mode of the tests whose bounds hold without
// the sandbox too: on where bubblewrap runs, off where it cannot.
func attackSandbox() confine.Mode {
	if ok, _ := bwrapProbe(); ok {
		return confine.On
	}
	return confine.Off
}

// newMarker is a word unique to one run of a test, to find what its
// fixture left in the process table or the file system.
func newMarker(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "wbgattack" + hex.EncodeToString(b)
}

// attackSubmission copies the fixture testdata/attacks/name into a
// temporary folder, with each placeholder of vars replaced by its value,
// and returns the copy. Every placeholder must occur in the fixture.
func attackSubmission(t *testing.T, name string, vars map[string]string) string {
	t.Helper()
	src := filepath.Join("testdata", "attacks", name, "exercises", echo, "echo.go")
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	text := string(data)
	for k, v := range vars {
		require.Contains(t, text, k, "the fixture %s has no placeholder %s", name, k)
		text = strings.ReplaceAll(text, k, v)
	}
	dir := filepath.Join(t.TempDir(), name)
	dst := filepath.Join(dir, "exercises", echo, "echo.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
	require.NoError(t, os.WriteFile(dst, []byte(text), 0o644))
	return dir
}

// solvedEcho is a submission holding only exercise 1's reference solution.
func solvedEcho(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "solved")
	dst := filepath.Join(dir, "exercises", echo)
	require.NoError(t, os.MkdirAll(dst, 0o755))
	require.NoError(t, os.CopyFS(dst, os.DirFS(filepath.Join(workbookRoot(t), "solutions", echo))))
	return dir
}

// gradeAttack grades the submissions as an instructor would, with the
// sandbox mode and limits given.
func gradeAttack(t *testing.T, mode confine.Mode, limits confine.Limits, subs ...string) *report {
	t.Helper()
	rep, err := grade(context.Background(), config{
		root: workbookRoot(t), submissions: subs, jobs: 2, timeout: 60 * time.Second,
		race: check.RaceOff, lang: i18n.En, sandbox: mode, limits: limits,
	})
	require.NoError(t, err)
	require.Len(t, rep.Submissions, len(subs))
	return rep
}

// verdictText is everything the report says about an exercise, its review
// remarks aside: its message, its notes and its tests' messages.
func verdictText(e *exReport) string {
	parts := append([]string{e.Message}, e.Notes...)
	for _, tr := range e.Tests {
		parts = append(parts, tr.Message)
	}
	return strings.Join(parts, "\n")
}

// logTests logs each test's result, for a failing assertion on a score.
func logTests(t *testing.T, e *exReport) {
	t.Helper()
	t.Logf("%s: %s %d/%d: %s; notes: %q", e.Dir, e.Status, e.Score, e.MaxScore, e.Message, e.Notes)
	for _, tr := range e.Tests {
		t.Logf("  %s: %s %d/%d: %.300s", tr.Name, tr.Status, tr.Points, tr.MaxPoints, tr.Message)
	}
}

// fullMarks asserts that exercise 1 of s earned all its points: the attack
// was contained, and the correct solution around it was graded as such.
func fullMarks(t *testing.T, s *subReport) {
	t.Helper()
	ex := exerciseReport(t, s, echo)
	if !assert.Equal(t, ex.MaxScore, ex.Score, "%s: a contained attack is a correct solution", s.Path) {
		logTests(t, ex)
	}
}

// endLeftovers kills the processes whose command line mentions marker: the
// attack's processes that got away, so that a failing test leaves nothing
// running.
func endLeftovers(marker string) {
	for _, p := range leftovers(marker) {
		pid, err := strconv.Atoi(strings.Split(p, "/")[2])
		if err == nil {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// The attack tests run one after the other, before TestClass and the
// other parallel tests: each grades submissions of its own, and all of
// them at once beside the class (24 submissions, 4 at a time) left a
// correct solution's test too little CPU for its Patience on two cores
// beside two CPU-bound processes.

// TestAttackEscape: a process started from the fixture's init leaves its
// session (setsid, then a background subshell of a shell that exits), waits
// until grading is over and rewrites the instructor's report (a file
// outside the submission standing for it). Contained, it ends with its run.
func TestAttackEscape(t *testing.T) {
	needSandbox(t)
	dir := t.TempDir()
	reportFile := filepath.Join(dir, "report.txt")
	original := []byte("instructor's report: the stub, 0/69\n")
	require.NoError(t, os.WriteFile(reportFile, original, 0o644))
	started, graded := filepath.Join(dir, "started"), filepath.Join(dir, "graded")
	marker := newMarker(t)
	t.Cleanup(func() { endLeftovers(marker) })
	sub := attackSubmission(t, "escape", map[string]string{
		"@@REPORT@@": reportFile, "@@STARTED@@": started, "@@GRADED@@": graded, "@@MARKER@@": marker,
	})

	rep := gradeAttack(t, confine.On, confine.Limits{}, sub)
	fullMarks(t, rep.Submissions[0])
	alive := leftovers(marker)
	assert.Empty(t, alive, "the escaped process outlived the grading")
	assert.NoFileExists(t, started, "the escaped process wrote to the host's file system")

	// The handshake: grading is over, the escaped process may act. A
	// security check cannot wait for an event that never comes when the
	// attack is contained, so the wait is bounded, and it ends as soon as
	// no escaped process is left (once gone, nothing can write): at once
	// when the sandbox did its work, when the process has written (it
	// exits then) when it did not. Ten seconds leave a loaded machine room
	// to schedule a shell that polls every 100 ms.
	require.NoError(t, os.WriteFile(graded, nil, 0o644))
	for deadline := time.Now().Add(10 * time.Second); len(alive) > 0 && time.Now().Before(deadline); alive = leftovers(marker) {
		time.Sleep(20 * time.Millisecond)
	}
	got, err := os.ReadFile(reportFile)
	require.NoError(t, err)
	assert.Equal(t, string(original), string(got), "the report was rewritten after the grader ended")
}

// solutionNeedle is the longest line of exercise 1's reference solution
// that neither the stub nor any attack fixture has: finding it proves the
// solution was read.
func solutionNeedle(t *testing.T) string {
	t.Helper()
	sol, err := os.ReadFile(filepath.Join(workbookRoot(t), "solutions", echo, "echo.go"))
	require.NoError(t, err)
	stub, err := os.ReadFile(filepath.Join(workbookRoot(t), "exercises", echo, "echo.go"))
	require.NoError(t, err)
	fixture, err := os.ReadFile(filepath.Join("testdata", "attacks", "exfil", "exercises", echo, "echo.go"))
	require.NoError(t, err)
	needle := ""
	for _, l := range strings.Split(string(sol), "\n") {
		l = strings.TrimSpace(l)
		if len(l) > len(needle) && !bytes.Contains(stub, []byte(l)) && !bytes.Contains(fixture, []byte(l)) {
			needle = l
		}
	}
	require.NotEmpty(t, needle, "the reference solution has no line of its own")
	return needle
}

// TestAttackExfil: the fixture reads the course's reference solution
// through its working directory and sends it to a listener on the host's
// loopback; when it could read it, it also fails one test with the
// solution in its output, which reaches the report whatever the sandbox
// does to the network. Contained, it reads nothing and reaches no one.
func TestAttackExfil(t *testing.T) {
	needSandbox(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	var (
		mu       sync.Mutex
		received [][]byte
		wg       sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer conn.Close()
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				data, _ := io.ReadAll(conn)
				mu.Lock()
				received = append(received, data)
				mu.Unlock()
			}()
		}
	}()
	needle := solutionNeedle(t)
	sub := attackSubmission(t, "exfil", map[string]string{"@@ADDR@@": ln.Addr().String()})

	rep := gradeAttack(t, confine.On, confine.Limits{}, sub)
	// A connection the fixture made is established by now, accepted or
	// waiting in the backlog: the last Accept takes what waits, and its
	// deadline only bounds the wait when nothing does.
	require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(time.Second)))
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, data := range received {
		sent := strings.Contains(string(data), needle)
		assert.Fail(t, "the submission reached a listener on the host's loopback",
			"%d bytes; the reference solution among them: %v", len(data), sent)
	}
	var b bytes.Buffer
	require.NoError(t, renderJSON(&b, rep))
	assert.False(t, strings.Contains(b.String(), needle), "the report shows the solution the submission read (%q)", needle)
	fullMarks(t, rep.Submissions[0])
}

// TestAttackScribble: the fixture writes a file named by the test's marker
// into the home folder ($HOME and the user database's), the shared
// temporary folder (os.TempDir and /tmp) and the top of the course's
// checkout. The grader passes the test binary the instructor's own HOME,
// so the test looks in the real places, under a name no one else uses,
// and removes what it finds.
func TestAttackScribble(t *testing.T) {
	needSandbox(t)
	marker := newMarker(t)
	places := []string{os.TempDir(), "/tmp", workbookRoot(t)}
	if home, err := os.UserHomeDir(); err == nil {
		places = append(places, home)
	}
	if u, err := user.Current(); err == nil {
		places = append(places, u.HomeDir)
	}
	slices.Sort(places)
	places = slices.Compact(places)
	for _, p := range places {
		t.Cleanup(func() { os.Remove(filepath.Join(p, marker)) })
	}
	sub := attackSubmission(t, "scribble", map[string]string{"@@MARKER@@": marker})

	rep := gradeAttack(t, confine.On, confine.Limits{}, sub)
	for _, p := range places {
		assert.NoFileExists(t, filepath.Join(p, marker), "the submission wrote into %s", p)
	}
	assert.Empty(t, rep.Notes, "no remark about the grading itself")
	fullMarks(t, rep.Submissions[0])
}

// TestAttackSpawner: the fixture starts ten processes that sleep for five
// minutes, in the test binary's process group, in groups of their own and
// in sessions of their own. None may outlive its run.
func TestAttackSpawner(t *testing.T) {
	needSandbox(t)
	marker := newMarker(t)
	t.Cleanup(func() { endLeftovers(marker) })
	sub := attackSubmission(t, "spawner", map[string]string{"@@MARKER@@": marker})

	rep := gradeAttack(t, confine.On, confine.Limits{}, sub)
	left := leftovers(marker)
	assert.Empty(t, left, "%d of the 10 processes the submission started outlived the grading", len(left))
	fullMarks(t, rep.Submissions[0])
}

// TestAttackHog: the fixture holds 1 GiB (every page written) while its
// tests run, under a limit of 256 MiB, beside a correct submission. The
// hog gets a verdict that says memory; the other is graded as usual.
func TestAttackHog(t *testing.T) {
	hog := attackSubmission(t, "hog", map[string]string{"@@SIZE@@": strconv.Itoa(1 << 30)})
	solved := solvedEcho(t)

	rep := gradeAttack(t, attackSandbox(), confine.Limits{Memory: 256 << 20}, hog, solved)
	ex := exerciseReport(t, rep.Submissions[0], echo)
	if !assert.Contains(t, verdictText(ex), "memory", "the hog's report must say it used more memory than allowed") {
		logTests(t, ex)
	}
	assert.Less(t, ex.Score, ex.MaxScore, "a run stopped at its memory limit earns no full marks")
	fullMarks(t, rep.Submissions[1])
}

// outputLimit16 is how the flood's verdict names its limit, 16 MiB.
var outputLimit16 = regexp.MustCompile(`\b16(\.0)? ?MiB\b|\b16777216\b`)

// TestAttackFlood: the fixture prints one line of 80 MB without a newline
// under an output limit of 16 MiB (the 400 MB, scaled down so that
// the test stays cheap). The verdict names the output limit, and grading
// finishes. (The grader's own memory is measured by the benchmark,
// section 8: go test is a child of this process, so this process's peak
// says nothing about it.)
func TestAttackFlood(t *testing.T) {
	sub := attackSubmission(t, "flood", map[string]string{"@@SIZE@@": strconv.Itoa(80_000_000)})

	rep := gradeAttack(t, attackSandbox(), confine.Limits{Output: 16 << 20}, sub)
	ex := exerciseReport(t, rep.Submissions[0], echo)
	text := verdictText(ex)
	ok := assert.Contains(t, text, "output", "the flood's report must say the output limit was exceeded")
	ok = assert.Regexp(t, outputLimit16, text, "the flood's report must name the limit (16 MiB)") && ok
	if !ok {
		logTests(t, ex)
	}
	var b bytes.Buffer
	require.NoError(t, renderJSON(&b, rep))
	assert.Less(t, b.Len(), 256<<10, "the report stays small")
}

// TestAttackNoisy: the whole course solved, with an honest learner's
// debugging output left in every exercise (testdata/attacks/noisy/noise.go:
// output without a final newline, 20 000 log lines, 2 MiB in one line,
// standard error), earns full marks with no note: noise is never taken for
// forgery.
func TestAttackNoisy(t *testing.T) {
	c := loadCourse(t)
	sub := makeSolved(t, c)
	noise, err := os.ReadFile(filepath.Join("testdata", "attacks", "noisy", "noise.go"))
	require.NoError(t, err)
	for _, e := range c.Exercises {
		dir := filepath.Join(sub, c.ExercisesDir, e.Dir)
		f, err := parser.ParseFile(token.NewFileSet(), c.SolutionPath(&e), nil, parser.PackageClauseOnly)
		require.NoError(t, err)
		src := strings.Replace(string(noise), "package noisy", "package "+f.Name.Name, 1)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "noise.go"), []byte(src), 0o644))
	}

	rep := gradeAttack(t, attackSandbox(), confine.Limits{}, sub)
	s := rep.Submissions[0]
	assert.Equal(t, s.MaxScore, s.Score, "the noisy solved course")
	for _, ex := range s.Exercises {
		if !assert.Equal(t, ex.MaxScore, ex.Score, ex.Dir) {
			logTests(t, ex)
		}
		assert.Empty(t, ex.Notes, "%s: an honest noisy solution gets no note", ex.Dir)
	}
	assert.Empty(t, s.Notes)
}
