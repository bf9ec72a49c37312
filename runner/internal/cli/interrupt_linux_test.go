package cli_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// descendants lists the live processes below pid, by walking /proc.
func descendants(pid int) map[int]string {
	children := map[int][]int{}
	names := map[int]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// stat is "pid (comm) state ppid ...": comm may hold spaces.
		s := string(stat)
		closeParen := strings.LastIndexByte(s, ')')
		fields := strings.Fields(s[closeParen+1:])
		if len(fields) < 2 || fields[0] == "Z" {
			continue // a zombie has already ended
		}
		ppid, _ := strconv.Atoi(fields[1])
		children[ppid] = append(children[ppid], p)
		names[p] = s[strings.IndexByte(s, '(')+1 : closeParen]
	}
	found := map[int]string{}
	var walk func(int)
	walk = func(p int) {
		for _, c := range children[p] {
			found[c] = names[c]
			walk(c)
		}
	}
	walk(pid)
	return found
}

func TestInterruptLeavesNoProcessBehind(t *testing.T) {
	w := newWorkbook(t)
	// A test binary that never gets to its tests, so the run is still going
	// when the learner presses Ctrl-C.
	e := &w.course.Exercises[0]
	stub, err := os.ReadFile(w.course.StubPath(e))
	require.NoError(t, err)
	pkg := regexp.MustCompile(`(?m)^package (\w+)`).FindSubmatch(stub)
	require.NotNil(t, pkg, "the stub has a package clause")
	hang := "package " + string(pkg[1]) + "\n\nimport \"time\"\n\nfunc init() { time.Sleep(time.Hour) }\n"
	require.NoError(t, os.WriteFile(filepath.Join(w.course.ExerciseDir(e), "hang_test.go"), []byte(hang), 0o644))

	cmd := exec.Command(w.bin, "next", "--race=off")
	cmd.Dir = w.root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Wait until the test binary runs (its name ends in .test).
	var seen map[int]string
	deadline := time.Now().Add(time.Minute)
	for {
		seen = descendants(cmd.Process.Pid)
		running := false
		for _, name := range seen {
			running = running || strings.HasSuffix(name, ".test")
		}
		if running {
			break
		}
		require.True(t, time.Now().Before(deadline), "the test binary never started; saw %v", seen)
		time.Sleep(20 * time.Millisecond) // polling /proc, not deciding the outcome
	}

	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-done:
		var exit *exec.ExitError
		require.ErrorAs(t, err, &exit, "workbook must exit non-zero after Ctrl-C")
		assert.Equal(t, 1, exit.ExitCode())
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("workbook did not stop within 10s of Ctrl-C")
	}
	assert.Contains(t, stderr.String(), "interrupted")
	// SIGKILL is delivered asynchronously: give the killed processes a
	// bounded moment to be gone, then name any that are not.
	deadline = time.Now().Add(5 * time.Second)
	for {
		var alive []string
		for pid, name := range seen {
			if running(pid) {
				alive = append(alive, fmt.Sprintf("%d (%s)", pid, name))
			}
		}
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still running 5s after workbook exited on Ctrl-C: %v", alive)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// running reports whether pid is a live process (not gone, not a zombie).
func running(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	s := string(stat)
	state := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(state) > 0 && state[0] != "Z" && state[0] != "X"
}
