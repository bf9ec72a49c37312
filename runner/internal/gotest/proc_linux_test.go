package gotest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pids are what the hang fixture writes: its process group, its own pid and
// the pid of the child process it started.
type pids struct{ group, test, child int }

func readPids(t *testing.T, file string) pids {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err, "the hang fixture did not write its pids")
	var p pids
	_, err = fmt.Sscan(string(data), &p.group, &p.test, &p.child)
	require.NoError(t, err)
	return p
}

// liveMembers lists the processes of a group that are alive (zombies, dead
// but not yet reaped by init, do not count).
func liveMembers(t *testing.T, group int) []string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	require.NoError(t, err)
	var live []string
	for _, f := range stats {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // gone meanwhile
		}
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(s[i+1:]) // state ppid pgrp ...
		if len(fields) < 3 {
			continue
		}
		if pg, _ := strconv.Atoi(fields[2]); pg == group && fields[0] != "Z" && fields[0] != "X" {
			live = append(live, s[:i+1])
		}
	}
	return live
}

// assertGroupGone checks that no process of the fixture's group is left.
// SIGKILL has been sent when Run returns; the kernel may take a moment to
// finish the processes off, so this waits for that, within a deadline.
func assertGroupGone(t *testing.T, p pids) {
	t.Helper()
	assert.True(t, p.group != syscall.Getpgrp(), "the tests ran in the test process's own group")
	assert.Equal(t, p.group != 0, true)
	deadline := time.Now().Add(10 * time.Second)
	for {
		live := liveMembers(t, p.group)
		if len(live) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes of group %d still alive: %v", p.group, live)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type runResult struct {
	v   *Verdict
	err error
}

// hangOptions are the options to run the hang fixture, which writes its
// process group, its pid and its child's pid to a file and blocks.
func hangOptions(t *testing.T, limit time.Duration) (Options, string) {
	t.Helper()
	// Build the test binary first (running no test) so that the time limit
	// below is not spent compiling.
	run(t, Options{Package: "./hang", Run: "^$"})
	pidfile := filepath.Join(t.TempDir(), "pids")
	return Options{
		Dir:      fixtureDir(t),
		Package:  "./hang",
		Timeout:  limit,
		Env:      fixtureEnv("GOTEST_FIXTURE_PIDFILE=" + pidfile),
		Expected: []string{"TestHang"},
	}, pidfile
}

func TestRunTimeLimitKillsProcessGroup(t *testing.T) {
	for _, c := range []struct {
		name     string
		limit    time.Duration
		byRunner bool
	}{
		// Under 1.5s go test's -timeout is set seconds past the limit:
		// Run's limit always expires first.
		{"run's limit", 1400 * time.Millisecond, true},
		// With -timeout=2.5s go test catches the hang itself and exits,
		// leaving the fixture's child process behind: Run kills it.
		{"go test's -timeout", 3 * time.Second, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts, pidfile := hangOptions(t, c.limit)
			v, err := Run(context.Background(), opts)
			require.NoError(t, err)
			if _, err := os.Stat(pidfile); err != nil {
				t.Skipf("the fixture had not started when the %v limit expired (a slow machine?): %+v", c.limit, v.Timeout)
			}
			assert.Equal(t, KindTimeout, v.Kind)
			require.NotNil(t, v.Timeout)
			if c.byRunner {
				assert.True(t, v.Timeout.ByRunner)
				assert.Equal(t, -1, v.ExitCode)
			}
			assert.Equal(t, []string{"TestHang"}, v.Timeout.Running)
			assert.Equal(t, StatusFail, mustTest(t, v, "TestHang").Status)
			assertGroupGone(t, readPids(t, pidfile))
		})
	}
}

func TestRunCancelKillsProcessGroup(t *testing.T) {
	opts, pidfile := hangOptions(t, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan runResult, 1)
	go func() {
		v, err := Run(ctx, opts)
		done <- runResult{v, err}
	}()
	pids := waitForPids(t, pidfile, done)
	cancel()
	r := <-done
	assert.True(t, errors.Is(r.err, context.Canceled), "%v", r.err)
	assert.Nil(t, r.v)
	assertGroupGone(t, pids)
}

// waitForPids waits until the hang fixture has written its pid file (or the
// run ended without doing so).
func waitForPids(t *testing.T, pidfile string, done <-chan runResult) pids {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(pidfile); err == nil {
			return readPids(t, pidfile)
		}
		select {
		case r := <-done:
			t.Fatalf("the run ended before the fixture started: %v %+v", r.err, r.v)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatal("the hang fixture did not start")
	return pids{}
}
