package gotest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// blockedBuild writes a module whose build cannot finish until the test
// lets it: its cgo preamble includes a FIFO, and the C compiler reading it
// waits for a writer. Opening the FIFO for writing returns once the
// compiler has opened it, which proves the build is under way; closing it
// gives the compiler an empty file. cgo runs the compiler on the preamble
// several times: see [serveFIFO]. It skips when cgo cannot build here.
func blockedBuild(t *testing.T) (dir, fifo string) {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled here, and this test stalls a build in the C compiler")
	}
	dir = t.TempDir()
	// Outside the package's folder: go reads the .h files there itself.
	fifo = filepath.Join(t.TempDir(), "stall.h")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	files := map[string]string{
		"go.mod":        "module stall\n\ngo 1.25\n",
		"stall.go":      "package stall\n\n// #include \"" + fifo + "\"\nimport \"C\"\n\n// Two is 2.\nfunc Two() int { return 2 }\n",
		"stall_test.go": "package stall\n\nimport \"testing\"\n\nfunc TestTwo(t *testing.T) {\n\tif Two() != 2 {\n\t\tt.Fatal(\"not 2\")\n\t}\n}\n",
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir, fifo
}

// serveFIFO gives every later reader of the FIFO an empty file, until the
// test ends.
func serveFIFO(t *testing.T, fifo string) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			w.Close()
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		// Be the reader the loop is waiting for, so that it sees stop.
		if r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			<-done
			r.Close()
		}
	})
}

func TestRunTimeLimitDoesNotCountTheBuild(t *testing.T) {
	dir, fifo := blockedBuild(t)
	const limit = time.Second
	var seen []Progress
	done := make(chan runResult, 1)
	go func() {
		v, err := Run(context.Background(), Options{
			Dir: dir, Package: ".", Timeout: limit, Env: fixtureEnv(), Expected: []string{"TestTwo"},
			Progress: func(p Progress) { seen = append(seen, p) },
		})
		done <- runResult{v, err}
	}()
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // returns once the compiler reads it
	require.NoError(t, err)
	// The build stays stalled for longer than the run's limit: a limit
	// that counted the build would expire here.
	time.Sleep(2 * limit)
	require.NoError(t, w.Close())
	serveFIFO(t, fifo)
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, KindPass, r.v.Kind, "%+v", r.v.Timeout)
	assert.GreaterOrEqual(t, r.v.BuildElapsed, 2*limit)
	assert.Less(t, r.v.BuildElapsed, r.v.Elapsed)

	// The progress the callback saw: building, then running, then the pass.
	require.NotEmpty(t, seen)
	assert.True(t, seen[0].Building)
	last := seen[len(seen)-1]
	assert.False(t, last.Building)
	assert.Equal(t, 1, last.Passed)
	assert.Empty(t, last.Running)
	assert.False(t, last.Since.Before(seen[0].Since.Add(2*limit)), "the running phase starts after the build")
	var sawRunning bool
	for _, p := range seen {
		sawRunning = sawRunning || p.Current() == "TestTwo"
	}
	assert.True(t, sawRunning, "TestTwo was reported running: %+v", seen)
}

func TestRunBuildTimeLimit(t *testing.T) {
	dir, fifo := blockedBuild(t)
	done := make(chan runResult, 1)
	go func() {
		v, err := Run(context.Background(), Options{
			Dir: dir, Package: ".", Timeout: time.Minute, BuildTimeout: time.Second,
			Env: fixtureEnv(), Expected: []string{"TestTwo"},
		})
		done <- runResult{v, err}
	}()
	// Hold the build until the limit has killed the compiler: the FIFO's
	// write end stays open, so its read waits. On a loaded machine the
	// limit may fire before the compiler opens the FIFO at all; then the
	// test opens the read end itself, which lets the writer's open return.
	opened := make(chan *os.File, 1)
	go func() {
		w, _ := os.OpenFile(fifo, os.O_WRONLY, 0)
		opened <- w
	}()
	r := <-done
	if rd, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		defer rd.Close()
	}
	if w := <-opened; w != nil {
		w.Close()
	}
	require.NoError(t, r.err)
	assert.Equal(t, KindTimeout, r.v.Kind)
	require.NotNil(t, r.v.Timeout)
	assert.True(t, r.v.Timeout.ByRunner)
	assert.True(t, r.v.Timeout.DuringBuild)
	assert.Equal(t, time.Second, r.v.Timeout.After)
	got, _ := r.v.Test("TestTwo")
	assert.Equal(t, StatusNotRun, got.Status)
}
