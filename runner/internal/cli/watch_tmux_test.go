package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tmux drives the real binary on a real terminal: what a learner sees is
// what capture-pane reads.
type tmux struct {
	t       *testing.T
	socket  string
	session string
}

func newTmux(t *testing.T, width, height int, dir string, command string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
	}
	tm := &tmux{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), session: "wb"}
	tm.run("new-session", "-d", "-s", tm.session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "-c", dir,
		"env LANG=C.UTF-8 LC_ALL= WORKBOOK_LANG= "+command+"; echo EXITED=$?; cd /; sleep 60")
	t.Cleanup(func() { exec.Command("tmux", "-S", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", tm.socket}, args...)...).CombinedOutput()
	require.NoError(tm.t, err, "tmux %v: %s", args, out)
	return string(out)
}

func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", tm.session) }

func (tm *tmux) keys(keys ...string) {
	tm.run(append([]string{"send-keys", "-t", tm.session}, keys...)...)
}

// waitFor polls the screen until it contains want, failing after a minute
// (the first run builds the tests with the race detector).
func (tm *tmux) waitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		s := tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond) // polling the screen, not deciding anything
	}
}

func TestWatchOnATerminal(t *testing.T) {
	w := newWorkbook(t)
	e := &w.course.Exercises[0]
	for _, size := range [][2]int{{80, 30}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			stub := w.course.StubPath(e)
			require.NoError(t, os.WriteFile(stub, []byte(w.shipped(0)), 0o644))
			os.RemoveAll(filepath.Join(w.root, ".workbook"))

			tm := newTmux(t, size[0], size[1], w.root, w.bin+" watch --race=off")
			s := tm.waitFor("Run #1")
			assert.Contains(t, s, fmt.Sprintf("0 of %d tests pass", len(e.Tests)))
			assert.Contains(t, s, "q quit", "the status line names the keys")

			// Save the solution the way an editor that renames a temporary
			// file over the original does.
			solution, err := os.ReadFile(w.course.SolutionPath(e))
			require.NoError(t, err)
			tmp := stub + ".tmp123"
			require.NoError(t, os.WriteFile(tmp, solution, 0o644))
			require.NoError(t, os.Rename(tmp, stub))
			s = tm.waitFor(fmt.Sprintf("All %d tests pass", len(e.Tests)))
			assert.Contains(t, s, "Run #2", "one save, one run")
			assert.Contains(t, s, "Exercise 1 passes")

			tm.keys("t")
			tm.waitFor("进度")
			tm.keys("q")
			s = tm.waitFor("EXITED=0")
			assert.NotContains(t, s, "进度", "leaving restores the terminal: the watch screen is gone")
			assert.Empty(t, processesIn(t, w.root), "nothing may keep running in the workbook after q")
		})
	}
}

func TestWatchLineMode(t *testing.T) {
	w := newWorkbook(t)
	cmd := exec.Command(w.bin, "watch", "--race=off")
	cmd.Dir = w.root
	cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=", "WORKBOOK_LANG=")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	waitOutput := func(want string) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !strings.Contains(out.String(), want) {
			require.True(t, time.Now().Before(deadline), "line mode never printed %q; it printed:\n%s", want, out.String())
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitOutput("── Run #1 · exercise 1")
	w.solveExercise(0)
	waitOutput("── Run #2 · exercise 1")
	waitOutput(fmt.Sprintf("✓ All %d tests pass", len(w.course.Exercises[0].Tests)))
	require.NoError(t, stdin.Close()) // EOF ends line mode
	select {
	case err := <-exited:
		assert.NoError(t, err, "line mode ends with status 0 on EOF")
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("line mode did not end after its stdin was closed")
	}
	assert.Equal(t, 1, strings.Count(out.String(), "── Run #2"), "one save, one run")
	assert.NotContains(t, out.String(), "── Run #3", "no run without a save")
}

// syncBuffer is a bytes.Buffer safe to write from the child's pipes and read
// from the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// processesIn lists live processes whose working directory is inside dir
// (go test runs test binaries in the package's folder), waiting a bounded
// moment for killed ones to be reaped.
func processesIn(t *testing.T, dir string) []string {
	t.Helper()
	var found []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		found = found[:0]
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
			if err != nil || !strings.HasPrefix(cwd, dir) {
				continue
			}
			comm, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
			found = append(found, e.Name()+" "+strings.TrimSpace(string(comm)))
		}
		if len(found) == 0 || time.Now().After(deadline) {
			return found
		}
		time.Sleep(20 * time.Millisecond)
	}
}
