package grade

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
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
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The hostile student's attacks on the grader (issues 15 and 22), one test
// each. An attack is a file of its own, testdata/attacks/NAME/attack.go,
// put at test time beside the course's reference solution of exercise 1
// (so that a contained attack earns full marks, and a grader that merely
// broke the solution is told apart from one that contained it) or beside
// the untouched stub (so that a forger earns what the stub earns:
// nothing). A fixture gets what it needs at run time (a path, a port, a
// size, a marker unique to the test's run, the exercise's tests) from
// placeholders (@@NAME@@) that the test substitutes: the grader passes no
// environment of the test's choosing to the test binary. exfil changes
// the solution itself and is a whole file.
//
// The attacks on the host (escape, exfil, scribble, spawner, snoop, disk)
// need the sandbox and skip where bubblewrap cannot run. The bounds and
// the attestation hold with or without it, and the noisy honest solution
// must keep its marks either way.

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

// attackSubmission copies the whole-file fixture
// testdata/attacks/name/exercises/01_echo/echo.go into a temporary folder,
// with each placeholder of vars replaced by its value, and returns the
// copy. Every placeholder must occur in the fixture.
func attackSubmission(t *testing.T, name string, vars map[string]string) string {
	t.Helper()
	src := filepath.Join("testdata", "attacks", name, "exercises", echo, "echo.go")
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), name)
	dst := filepath.Join(dir, "exercises", echo, "echo.go")
	require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
	require.NoError(t, os.WriteFile(dst, []byte(substitute(t, name, string(data), vars)), 0o644))
	return dir
}

// substitute replaces each placeholder of vars in fixture name's text.
func substitute(t *testing.T, name, text string, vars map[string]string) string {
	t.Helper()
	for k, v := range vars {
		require.Contains(t, text, k, "the fixture %s has no placeholder %s", name, k)
		text = strings.ReplaceAll(text, k, v)
	}
	return text
}

// The two bases of an attack.
const (
	onSolution = "solution" // the course's reference solution of exercise 1
	onStub     = "stub"     // its untouched stub
)

// attackOn builds a submission of exercise 1 from base (onSolution or
// onStub) and the attack file testdata/attacks/name/attack.go, its package
// clause made the exercise's and each placeholder of vars replaced, and
// returns the submission's folder.
func attackOn(t *testing.T, base, name string, vars map[string]string) string {
	t.Helper()
	c := loadCourse(t)
	var e *course.Exercise
	for i := range c.Exercises {
		if c.Exercises[i].Dir == echo {
			e = &c.Exercises[i]
		}
	}
	require.NotNil(t, e, "the course has no exercise %s", echo)
	dir := filepath.Join(t.TempDir(), name)
	dst := filepath.Join(dir, c.ExercisesDir, echo)
	require.NoError(t, os.MkdirAll(dst, 0o755))
	from := filepath.Join(c.ModuleDir(), echo)
	if base == onSolution {
		from = filepath.Dir(c.SolutionPath(e))
	}
	entries, err := os.ReadDir(from)
	require.NoError(t, err)
	pkg := ""
	for _, d := range entries {
		if !strings.HasSuffix(d.Name(), ".go") || strings.HasSuffix(d.Name(), "_test.go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, d.Name()))
		require.NoError(t, err)
		f, err := parser.ParseFile(token.NewFileSet(), d.Name(), data, parser.PackageClauseOnly)
		require.NoError(t, err)
		pkg = f.Name.Name
		require.NoError(t, os.WriteFile(filepath.Join(dst, d.Name()), data, 0o644))
	}
	attack, err := os.ReadFile(filepath.Join("testdata", "attacks", name, "attack.go"))
	require.NoError(t, err)
	text := strings.Replace(substitute(t, name, string(attack), vars), "\npackage echo\n", "\npackage "+pkg+"\n", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dst, "attack.go"), []byte(text), 0o644))
	return dir
}

// echoTests are the names of exercise 1's tests, for a forger to claim.
func echoTests(t *testing.T) string {
	t.Helper()
	var names []string
	for _, e := range loadCourse(t).Exercises {
		if e.Dir == echo {
			for _, tt := range e.Tests {
				names = append(names, tt.Name)
			}
		}
	}
	require.NotEmpty(t, names)
	return strings.Join(names, ",")
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

// courseCopy is a copy of the workbook's course (its manifest and the
// folders it names), for a test whose grading writes into the checkout.
func courseCopy(t *testing.T) string {
	t.Helper()
	c := loadCourse(t)
	dst := filepath.Join(t.TempDir(), "course")
	require.NoError(t, os.MkdirAll(dst, 0o755))
	data, err := os.ReadFile(filepath.Join(c.Root, course.ManifestName))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dst, course.ManifestName), data, 0o644))
	for _, dir := range []string{c.BookDir, c.ExercisesDir, c.SolutionsDir} {
		require.NoError(t, os.CopyFS(filepath.Join(dst, dir), os.DirFS(filepath.Join(c.Root, dir))))
	}
	return dst
}

// gradeAttack grades the attack submissions as an instructor grades a
// class, with the sandbox mode and limits given: an honest submission
// (exercise 1's reference solution) is graded last, beside them, and must
// keep its full marks; and graded checks what every grading must hold.
// The honest submission's report is the last of the report's.
func gradeAttack(t *testing.T, mode confine.Mode, limits confine.Limits, subs ...string) *report {
	t.Helper()
	return gradeAttackIn(t, workbookRoot(t), mode, limits, subs...)
}

// gradeAttackIn is gradeAttack with the course at root.
func gradeAttackIn(t *testing.T, root string, mode confine.Mode, limits confine.Limits, subs ...string) *report {
	t.Helper()
	rep := gradedIn(t, root, mode, limits, append(subs, solvedEcho(t))...)
	honest := rep.Submissions[len(subs)]
	ex := exerciseReport(t, honest, echo)
	if !assert.Equal(t, ex.MaxScore, ex.Score, "the honest submission graded beside the attack lost marks") {
		logTests(t, ex)
	}
	return rep
}

// The instructor's secrets every graded grading holds: a token in the
// grader's environment and a file the grader inherited open, as a
// shell's 9<secret leaves it (not close-on-exec).
const (
	secretToken   = "ghp_Instructor0Token0Never0In0A0Report"
	secretContent = "s3cr3t of a file the grader inherited"
)

// graded grades the submissions as an instructor would, with the sandbox
// mode and limits given, and asserts what issue 22 asks of every grading,
// whatever a submission did: it completed (the command's exit status 0);
// no format of the report holds the instructor's secrets (secretContent;
// secretToken too, but unconfined) or the course's reference solution; nothing is left in
// the grader's temporary folder (one of its own, for this grading); and
// no process the grading started is still running.
func graded(t *testing.T, mode confine.Mode, limits confine.Limits, subs ...string) *report {
	t.Helper()
	return gradedIn(t, workbookRoot(t), mode, limits, subs...)
}

// gradedIn is graded with the course at root.
func gradedIn(t *testing.T, root string, mode confine.Mode, limits confine.Limits, subs ...string) *report {
	t.Helper()
	warmCache(t)
	t.Setenv("GITHUB_TOKEN", secretToken)
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte(secretContent), 0o600))
	f, err := os.Open(secret)
	require.NoError(t, err)
	defer f.Close()
	defer leakToChildren(t, f)()
	tmp, err := os.MkdirTemp("", "attack-tmp-")
	require.NoError(t, err)
	t.Cleanup(func() { removeAll(tmp) })
	t.Setenv("TMPDIR", tmp)

	// Four at a time, as TestClass grades: the attack tests run alone,
	// and with two at a time a batch kept 0.8 of the two cores busy (the
	// builds of a run are one chain of compiles and a link; a sandboxed
	// run waits on bubblewrap).
	rep, err := grade(context.Background(), config{
		root: root, submissions: subs, jobs: 4, timeout: 60 * time.Second,
		race: check.RaceOff, lang: i18n.En, sandbox: mode, limits: limits,
	})
	require.NoError(t, err, "grading the class did not complete")
	require.Len(t, rep.Submissions, len(subs))

	assert.Empty(t, descendants(os.Getpid()), "processes of the grading are still running")
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	var names []string
	for _, d := range left {
		names = append(names, d.Name())
	}
	assert.Empty(t, names, "the grading left files in its temporary folder")
	needle := solutionNeedle(t)
	for _, format := range Formats {
		out := rendered(t, rep, format)
		if mode != confine.Off {
			assert.NotContains(t, out, secretToken, "%s: the grader's environment reached the report", format)
		}
		assert.NotContains(t, out, "s3cr3t", "%s: a descriptor the grader inherited reached the report", format)
		assert.NotContains(t, out, needle, "%s: the course's reference solution reached the report", format)
	}
	return rep
}

// descendants lists the processes below pid, from /proc: none may be left
// once a grading returned.
func descendants(pid int) []string {
	parent := map[int]int{}
	cmd := map[int]string{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(data, ')')
		fields := strings.Fields(string(data[min(i+1, len(data)):]))
		id, err1 := strconv.Atoi(strings.Split(p, "/")[2])
		if i < 0 || len(fields) < 2 || err1 != nil {
			continue
		}
		ppid, err := strconv.Atoi(fields[1])
		if err != nil || fields[0] == "Z" {
			continue
		}
		parent[id], cmd[id] = ppid, string(data[:i+1])
	}
	var out []string
	for id := range parent {
		for p, n := parent[id], 0; p > 1 && n < 1000; p, n = parent[p], n+1 {
			if p == pid {
				out = append(out, cmd[id])
				break
			}
		}
	}
	return out
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
		if proc, err2 := os.FindProcess(pid); err == nil && err2 == nil {
			_ = proc.Kill()
		}
	}
}

// The attack tests run one after the other, before TestClass and the
// other parallel tests: each grades submissions of its own, and all of
// them at once beside the class (24 submissions, 4 at a time) left a
// correct solution's test too little CPU for its Patience on two cores
// beside two CPU-bound processes. (gradedIn also sets the grader's
// environment, which no parallel test may do.)

// An attack is one of the hostile student's attacks that is graded in a
// batch (gradeBatch), with the others that need the same limits.
type attack struct {
	name string
	// sandbox says that only the sandbox contains the attack: it is
	// skipped where bubblewrap cannot run.
	sandbox bool
	// prepare makes the attack's submissions and whatever the host must
	// hold before grading, and returns the submissions with the check of
	// what the grading shows of them.
	prepare func(t *testing.T) ([]string, attackCheck)
}

// An attackCheck asserts what the grading rep shows of an attack: own are
// the reports of the attack's own submissions, in the order it made them.
type attackCheck func(t *testing.T, rep *report, own []*subReport)

// gradeBatch prepares each attack, grades all their submissions in one
// grading of the real course with the limits given (gradeAttack: the
// sandbox where it runs, and one honest submission beside them all, which
// must keep its full marks), then checks each attack in a subtest of its
// name.
//
// One grading, not one per attack: each paid again the grading's fixed
// cost (bubblewrap's probe, test2json's build, go env: 0.8 CPU-seconds
// here) and the honest submission's build and run (2.1 more). Each attack
// is still graded beside the honest submission, and now beside the other
// attacks too.
// -run selects a batch, not one of its attacks: the batch is graded whole.
func gradeBatch(t *testing.T, limits confine.Limits, attacks []attack) {
	t.Helper()
	gradeBatchIn(t, workbookRoot(t), attackSandbox(), limits, attacks)
}

// gradeBatchIn is gradeBatch with the course at root and the sandbox mode
// given.
func gradeBatchIn(t *testing.T, root string, mode confine.Mode, limits confine.Limits, attacks []attack) {
	t.Helper()
	type prepared struct {
		name        string
		first, last int
		check       attackCheck
	}
	var subs []string
	var batch []prepared
	for _, a := range attacks {
		if ok, _ := bwrapProbe(); a.sandbox && !ok {
			t.Run(a.name, needSandbox)
			continue
		}
		own, check := a.prepare(t)
		batch = append(batch, prepared{a.name, len(subs), len(subs) + len(own), check})
		subs = append(subs, own...)
	}
	if len(subs) == 0 {
		return
	}
	rep := gradeAttackIn(t, root, mode, limits, subs...)
	for _, p := range batch {
		t.Run(p.name, func(t *testing.T) { p.check(t, rep, rep.Submissions[p.first:p.last]) })
	}
}

// TestAttacks grades, in one batch, the attacks that need no limit of
// their own, the flood, and the noisy honest course. The output limit is
// the one the flood's verdict must name, 16 MiB; it is also the default
// (confine.DefaultLimits), so every other attack of the batch is graded
// under the grader's default limits, as before the flood joined it.
func TestAttacks(t *testing.T) {
	gradeBatch(t, confine.Limits{Output: 16 << 20}, []attack{
		{"Escape", true, attackEscape},
		{"Exfil", true, attackExfil},
		{"Scribble", true, attackScribble},
		{"Spawner", true, attackSpawner},
		{"Embed", false, attackEmbed},
		{"SelfSearch", false, attackSelfSearch},
		{"Snoop", true, attackSnoop},
		{"FakeBwrap", true, attackFakeBwrap},
		{"Threads", false, attackThreads},
		{"Disk", true, attackDisk},
		{"RawCgo", false, attackRawCgo},
		{"Escapes", false, attackEscapes},
		{"Flood", false, attackFlood},
		{"Noisy", false, attackNoisy},
	})
}

// TestAttacksOnMemory grades, in one batch, the attacks on memory: the
// run's, under a limit of 256 MiB, and the build's, under a limit of
// 512 MiB for one program of the build. Each bound is one only the other
// batch's attacks would not cross: the hog and the sockets build as any
// correct solution does, and the bomb never runs.
func TestAttacksOnMemory(t *testing.T) {
	gradeBatch(t, confine.Limits{Memory: 256 << 20, Build: 512 << 20}, []attack{
		{"Hog", false, attackHog},
		{"Sockets", false, attackSockets},
		{"Bomb", false, attackBomb},
	})
}

// attackEscape: a process started from the fixture's init leaves its
// session (setsid, then a background subshell of a shell that exits), waits
// until grading is over and rewrites the instructor's report (a file
// outside the submission standing for it). Contained, it ends with its run.
func attackEscape(t *testing.T) ([]string, attackCheck) {
	dir := t.TempDir()
	reportFile := filepath.Join(dir, "report.txt")
	original := []byte("instructor's report: the stub, 0/69\n")
	require.NoError(t, os.WriteFile(reportFile, original, 0o644))
	started, graded := filepath.Join(dir, "started"), filepath.Join(dir, "graded")
	marker := newMarker(t)
	t.Cleanup(func() { endLeftovers(marker) })
	sub := attackOn(t, onSolution, "escape", map[string]string{
		"@@REPORT@@": reportFile, "@@STARTED@@": started, "@@GRADED@@": graded, "@@MARKER@@": marker,
	})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		fullMarks(t, own[0])
		checkEscaped(t, marker, reportFile, started, graded, original)
	}
}

// checkEscaped asserts that the escape's process did not outlive the
// grading, and that it wrote nothing, then or later.
func checkEscaped(t *testing.T, marker, reportFile, started, graded string, original []byte) {
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

// attackExfil: the fixture reads the course's reference solution
// through its working directory and sends it to a listener on the host's
// loopback; when it could read it, it also fails one test with the
// solution in its output, which reaches the report whatever the sandbox
// does to the network. Contained, it reads nothing and reaches no one.
func attackExfil(t *testing.T) ([]string, attackCheck) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { ln.Close() })
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
	return []string{sub}, func(t *testing.T, rep *report, own []*subReport) {
		checkExfil(t, ln, &wg, &mu, &received, needle, rep)
		fullMarks(t, own[0])
	}
}

// checkExfil asserts that nothing reached the listener ln, whose
// connections wg waits for and received holds (under mu), and that the
// report rep does not show the reference solution (needle).
func checkExfil(t *testing.T, ln net.Listener, wg *sync.WaitGroup, mu *sync.Mutex, received *[][]byte, needle string, rep *report) {
	// A connection the fixture made is established by now, accepted or
	// waiting in the backlog: the last Accept takes what waits, and its
	// deadline only bounds the wait when nothing does.
	require.NoError(t, ln.(*net.TCPListener).SetDeadline(time.Now().Add(time.Second)))
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	for _, data := range *received {
		sent := strings.Contains(string(data), needle)
		assert.Fail(t, "the submission reached a listener on the host's loopback",
			"%d bytes; the reference solution among them: %v", len(data), sent)
	}
	var b bytes.Buffer
	require.NoError(t, renderJSON(&b, rep))
	assert.False(t, strings.Contains(b.String(), needle), "the report shows the solution the submission read (%q)", needle)
}

// attackScribble: the fixture writes a file named by the test's marker
// into the home folder ($HOME and the user database's), the shared
// temporary folder (os.TempDir and /tmp) and the top of the course's
// checkout. The grader passes the test binary the instructor's own HOME,
// so the test looks in the real places, under a name no one else uses,
// and removes what it finds.
func attackScribble(t *testing.T) ([]string, attackCheck) {
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
	sub := attackOn(t, onSolution, "scribble", map[string]string{"@@MARKER@@": marker})
	return []string{sub}, func(t *testing.T, rep *report, own []*subReport) {
		for _, p := range places {
			assert.NoFileExists(t, filepath.Join(p, marker), "the submission wrote into %s", p)
		}
		assert.Empty(t, remarks(rep), "no remark about the grading itself")
		fullMarks(t, own[0])
	}
}

// attackSpawner: the fixture starts ten processes that sleep for five
// minutes, in the test binary's process group, in groups of their own and
// in sessions of their own. None may outlive its run.
func attackSpawner(t *testing.T) ([]string, attackCheck) {
	marker := newMarker(t)
	t.Cleanup(func() { endLeftovers(marker) })
	sub := attackOn(t, onSolution, "spawner", map[string]string{"@@MARKER@@": marker})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		left := leftovers(marker)
		assert.Empty(t, left, "%d of the 10 processes the submission started outlived the grading", len(left))
		fullMarks(t, own[0])
	}
}

// attackHog: the fixture holds 1 GiB (every page written) while its
// tests run, under a limit of 256 MiB, beside a correct submission. The
// hog gets a verdict that says memory; the other is graded as usual.
func attackHog(t *testing.T) ([]string, attackCheck) {
	hog := attackOn(t, onSolution, "hog", map[string]string{"@@SIZE@@": strconv.Itoa(1 << 30)})
	return []string{hog}, func(t *testing.T, _ *report, own []*subReport) {
		ex := exerciseReport(t, own[0], echo)
		if !assert.Contains(t, verdictText(ex), "memory", "the hog's report must say it used more memory than allowed") {
			logTests(t, ex)
		}
		assert.Less(t, ex.Score, ex.MaxScore, "a run stopped at its memory limit earns no full marks")
	}
}

// outputLimit16 is how the flood's verdict names its limit, 16 MiB.
var outputLimit16 = regexp.MustCompile(`\b16(\.0)? ?MiB\b|\b16777216\b`)

// attackFlood: the fixture prints one line of 80 MB without a newline
// under an output limit of 16 MiB (the 400 MB, scaled down so that
// the test stays cheap). The verdict names the output limit, the flood's
// report stays small, and grading finishes. (The grader's own memory is
// measured by the benchmark, section 8: go test is a child of this
// process, so this process's peak says nothing about it.)
func attackFlood(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onSolution, "flood", map[string]string{"@@SIZE@@": strconv.Itoa(80_000_000)})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ex := exerciseReport(t, own[0], echo)
		text := verdictText(ex)
		ok := assert.Contains(t, text, "output", "the flood's report must say the output limit was exceeded")
		ok = assert.Regexp(t, outputLimit16, text, "the flood's report must name the limit (16 MiB)") && ok
		if !ok {
			logTests(t, ex)
		}
		var b bytes.Buffer
		require.NoError(t, renderJSON(&b, own[0]))
		assert.Less(t, b.Len(), 256<<10, "the flood's report stays small")
	}
}

// attackNoisy: the whole course solved, with an honest learner's
// debugging output left in every exercise (testdata/attacks/noisy/noise.go:
// output without a final newline, 20 000 log lines, 2 MiB in one line,
// standard error), earns full marks with no note: noise is never taken for
// forgery.
func attackNoisy(t *testing.T) ([]string, attackCheck) {
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

	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		s := own[0]
		assert.Equal(t, s.MaxScore, s.Score, "the noisy solved course")
		for _, ex := range s.Exercises {
			if !assert.Equal(t, ex.MaxScore, ex.Score, ex.Dir) {
				logTests(t, ex)
			}
			assert.Empty(t, ex.Notes, "%s: an honest noisy solution gets no note", ex.Dir)
		}
		assert.Empty(t, s.Notes)
	}
}

// zeroFor asserts that exercise 1 of s earned nothing: the attack forged
// no point for the stub beside it.
func zeroFor(t *testing.T, s *subReport) *exReport {
	t.Helper()
	ex := exerciseReport(t, s, echo)
	if !assert.Zero(t, ex.Score, "%s: the stub earns nothing, whatever the attack beside it does", s.Path) {
		logTests(t, ex)
	}
	return ex
}

// ignoredAs asserts that the attack file of exercise 1 was not taken, for
// the reason given.
func ignoredAs(t *testing.T, ex *exReport, reason i18n.Text) {
	t.Helper()
	for _, ig := range ex.Ignored {
		if ig.Path == "exercises/"+echo+"/attack.go" {
			assert.Equal(t, reason.En, ig.Reason)
			return
		}
	}
	assert.Fail(t, "the attack file is not listed as ignored", "%+v", ex.Ignored)
}

// attackEmbed (class 1): go:embed would have the build read the
// grader's generated files into the learner's package. The file is not
// taken (and those files hold no key anyway: see TestStealerFindsNoKey),
// and the stub beside it earns nothing.
func attackEmbed(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onStub, "embed", map[string]string{"@@TESTS@@": echoTests(t)})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ignoredAs(t, zeroFor(t, own[0]), msgEmbedRefused)
	}
}

// attackSelfSearch (class 2): a forger with no import the review lists
// searches its executable and its memory for the key, starts itself again
// for a real attestation to test its guesses on, and signs with its best
// guess. There is no key in either, the copy of itself gets none, and the
// stub earns nothing; the review points out StartProcess.
func attackSelfSearch(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onStub, "selfsearch", map[string]string{"@@TESTS@@": echoTests(t)})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ex := zeroFor(t, own[0])
		assert.Contains(t, strings.Join(ex.Review, "\n"), "calls StartProcess")
		if !assert.Contains(t, strings.Join(ex.Notes, "\n"), "tampered with", "the forged attestation is named") {
			logTests(t, ex)
		}
	}
}

// attackSnoop (class 3): a file the grader inherited open (a shell's
// 9<secret) appears in no format of the report, sandbox or not; a token in
// the grader's environment, in none where the sandbox runs (unconfined,
// the code reads the grader's environment through /proc: the README says
// so). graded checks every format; TestAttacksUnconfined grades the
// attack without the sandbox.
func attackSnoop(t *testing.T) ([]string, attackCheck) {
	return []string{attackOn(t, onStub, "snoop", nil)}, checkSnoop
}

// checkSnoop asserts that the snoop earned nothing and that its findings
// are in its report: the attack ran.
func checkSnoop(t *testing.T, _ *report, own []*subReport) {
	zeroFor(t, own[0])
	var b bytes.Buffer
	require.NoError(t, renderJSON(&b, own[0]))
	assert.Contains(t, b.String(), "env: ", "the snoop's findings are in the report (the attack ran)")
}

// rendered is rep in format, as the grader writes it.
func rendered(t *testing.T, rep *report, format string) string {
	t.Helper()
	nameSubmissions(rep)
	if formatList(format)[0].gradebook && rep.gradebook == nil {
		rep.gradebook = rosterOf(rep)
	}
	var b bytes.Buffer
	require.NoError(t, writeReport(rep, format, "", &b))
	return b.String()
}

// attackFakeBwrap (class 4): output that looks like bubblewrap's own
// failure is the submission's result; it does not stop the grading of the
// class, and the solved submission beside it keeps its marks.
func attackFakeBwrap(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onStub, "fakebwrap", nil)
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ex := zeroFor(t, own[0])
		assert.NotContains(t, verdictText(ex), "could not start", "the impostor's failure is its own")
	}
}

// attackThreads (class 4): a submission that starts threads without end
// is stopped at the bound on processes and threads; the rest of the class
// is graded, and the solved submission keeps its marks.
func attackThreads(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onSolution, "threads", nil)
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ex := exerciseReport(t, own[0], echo)
		if !assert.Contains(t, verdictText(ex), "processes and threads") {
			logTests(t, ex)
		}
	}
}

// attackSockets (class 5): bytes left unread in loopback sockets are
// memory the kernel holds for the run; they count against --memory.
func attackSockets(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onSolution, "sockets", map[string]string{"@@SIZE@@": strconv.Itoa(1 << 30)})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ex := exerciseReport(t, own[0], echo)
		if !assert.Contains(t, verdictText(ex), "memory", "the hoarder's report must say it used more memory than allowed") {
			logTests(t, ex)
		}
	}
}

// attackDisk (class 5): nothing a submission writes reaches the
// instructor's disk or stays after grading: the sandbox's writable folders
// are its own, bounded and memory (counted as such), and gone with it.
func attackDisk(t *testing.T) ([]string, attackCheck) {
	marker := newMarker(t)
	sub := attackOn(t, onSolution, "disk", map[string]string{"@@MARKER@@": marker})
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		fullMarks(t, own[0])
		checkDisk(t, marker)
	}
}

// checkDisk asserts that no file named marker is where a submission
// would have written on the instructor's disk, and removes what it finds.
func checkDisk(t *testing.T, marker string) {
	// Where it would have written on the host: the temporary folder, the
	// exercise's folder of the checkout (where the binary starts), the
	// home folder, go's build folders (where the binary is).
	places := []string{os.TempDir(), filepath.Join(loadCourse(t).ModuleDir(), echo)}
	if home, err := os.UserHomeDir(); err == nil {
		places = append(places, home)
	}
	builds, _ := filepath.Glob(filepath.Join(os.TempDir(), "go-build*", "*"))
	places = append(places, builds...)
	var found []string
	for _, dir := range places {
		if p := filepath.Join(dir, marker); fileExists(p) {
			found = append(found, p)
			os.Remove(p)
		}
	}
	assert.Empty(t, found, "the submission's files are on the instructor's disk")
}

// attackBomb (class 6): a file that makes the compiler use memory
// without bound is stopped at the bound of one program of the build, with
// a sentence that says so; and nothing built from a submission stays in
// the instructor's build cache.
func attackBomb(t *testing.T) ([]string, attackCheck) {
	marker := newMarker(t)
	sharedCache, err := goEnv(context.Background(), nil, "GOCACHE")
	require.NoError(t, err)
	start := time.Now()
	bomb := attackOn(t, onStub, "bomb", map[string]string{"@@MARKER@@": marker})
	// An honest submission whose compiled package holds the marker too:
	// compiled, it would be in a build cache.
	marked := solvedEcho(t)
	require.NoError(t, os.WriteFile(filepath.Join(marked, "exercises", echo, "marker.go"),
		[]byte("package echo\n\n// Marker is in the compiled package.\nvar Marker = \""+marker+"\"\n"), 0o644))
	// 512 MiB (TestAttacksOnMemory's bound): above what compiling
	// exercise 1's dependencies on an empty cache needs (the runtime,
	// 242 MB), below the bomb's 1.1 GB.
	return []string{bomb, marked}, func(t *testing.T, _ *report, own []*subReport) {
		ex := exerciseReport(t, own[0], echo)
		assert.Equal(t, statusError, ex.Status)
		if !assert.Contains(t, ex.Message, "used more than 512 MiB of memory, the grader's limit for one program of the build") {
			logTests(t, ex)
		}
		fullMarks(t, own[1])

		if sharedCache == "off" || sharedCache == "" {
			return
		}
		var leaked []string
		filepath.WalkDir(sharedCache, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if fi, err := d.Info(); err == nil && !fi.ModTime().Before(start) {
				if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(marker)) {
					leaked = append(leaked, p)
				}
			}
			return nil
		})
		assert.Empty(t, leaked, "what was built from a submission is in the instructor's build cache")
	}
}

// attackRawCgo (class 6): an import of "C" written as a raw string is
// cgo all the same, and not taken.
func attackRawCgo(t *testing.T) ([]string, attackCheck) {
	sub := attackOn(t, onSolution, "rawcgo", nil)
	p := filepath.Join(sub, "exercises", echo, "attack.go")
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	require.Contains(t, string(data), "import \"C\"")
	require.NoError(t, os.WriteFile(p, bytes.Replace(data, []byte("import \"C\""), []byte("import `C`"), 1), 0o644))
	return []string{sub}, func(t *testing.T, _ *report, own []*subReport) {
		ignoredAs(t, exerciseReport(t, own[0], echo), msgCgoRefused)
		fullMarks(t, own[0])
	}
}

// controls are what a report may not hold raw in any format: the escape
// and bell that open and end terminal commands, 8-bit CSI, a
// right-to-left override.
var controls = []string{"\x1b", "\x07", "\u009b", "\u202e"}

// attackEscapes (class 7): escape sequences and bare carriage returns
// in a panic's value and in file names are written out as text in every
// format; a newline in a file name starts no line of its own (no forged
// score line), and file names are quoted in the text report.
func attackEscapes(t *testing.T) ([]string, attackCheck) {
	panics := attackOn(t, onStub, "escapes", nil)
	named := filepath.Join(t.TempDir(), "named")
	dir := filepath.Join(named, "exercises", echo)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	forged := "x\x1b]0;pwned\x07\r\n== \"forged\" — 69∕69 points ==\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, forged+".go"), []byte("package echo\n\nfunc Serve(\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes\x1b[2J\r.txt"), []byte("x"), 0o644))
	return []string{panics, named}, checkEscapes
}

// checkEscapes asserts that attackEscapes's submissions earned nothing
// and that no format of the report rep holds a control character raw or
// a line that a file name began.
func checkEscapes(t *testing.T, rep *report, own []*subReport) {
	zeroFor(t, own[0])
	zeroFor(t, own[1])
	for _, format := range Formats {
		out := rendered(t, rep, format)
		for _, c := range controls {
			assert.NotContains(t, out, c, "%s: a control character reached the report raw", format)
		}
		assert.NotRegexp(t, `\r[^\n]`, out, "%s: a bare carriage return", format)
		if format == "text" {
			assert.Equal(t, len(rep.Submissions), strings.Count(out, "\n== "), "only the submissions' headers begin a line with ==:\n%s", out)
			assert.Contains(t, out, `"exercises/01_echo/notes\x1b[2J\r.txt" — not a Go file`, "file names are quoted, escapes written out")
			assert.Contains(t, out, `"exercises/01_echo/x\x1b]0;pwned\a\r\n== \"forged\" — 69∕69 points ==\n.go" — `+msgNameNotPrintable.En)
		}
	}
	assert.Contains(t, rendered(t, rep, "json"), `\\x1b]52;c;`, "the panic's value is in the report, as text")
}

// TestAttacksUnconfined grades, in one batch, the attacks graded without
// the sandbox: Checkout, and Snoop again. The course graded is a copy:
// the checkout attack writes into its checkout, and the author check, run
// beside this test by go test ./..., builds the real one's exercises.
func TestAttacksUnconfined(t *testing.T) {
	root := courseCopy(t)
	gradeBatchIn(t, root, confine.Off, confine.Limits{}, []attack{
		{"Checkout", false, attackCheckout(root)},
		{"Snoop", false, attackSnoop},
	})
}

// attackCheckout (class 8): graded without the sandbox, a submission
// writes files of nonsense into the course's checkout and into every file
// of the grader's own folder it can reach. The submissions graded after it
// (two solved ones of its own, the snoop and the batch's honest one) are
// graded as usual: each run reads the course from a copy written anew
// from the snapshot taken before any code ran, hides every file of the
// checkout it did not take, and the build cache drops what changed on
// disk. root is the checkout graded.
func attackCheckout(root string) func(t *testing.T) ([]string, attackCheck) {
	return func(t *testing.T) ([]string, attackCheck) {
		marker := newMarker(t)
		exDir := filepath.Join(root, loadCourse(t).ExercisesDir, echo)
		sub := attackOn(t, onSolution, "checkout", map[string]string{"@@MARKER@@": marker})
		return []string{sub, solvedEcho(t), solvedEcho(t)}, func(t *testing.T, rep *report, own []*subReport) {
			assert.FileExists(t, filepath.Join(exDir, marker+".s"), "the attack ran: it wrote into the checkout")
			assert.Contains(t, rep.Notes, msgOneAtATime.En)
			fullMarks(t, own[1])
			fullMarks(t, own[2])
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
