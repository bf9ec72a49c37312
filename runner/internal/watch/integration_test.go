package watch

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// startPipeline runs a Watcher on dir and a Scheduler on its changes until
// the test ends.
func startPipeline[R any](t *testing.T, dir string, run RunFunc[R]) *Scheduler[R] {
	t.Helper()
	w := startWatcher(t, []string{dir}, Options{})
	s := NewScheduler(run, SchedulerOptions{Digests: w.Digests()})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, w.Changes()) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, recv(t, done, "Scheduler.Run's return"))
	})
	return s
}

func TestBurstOfSavesGivesOneVerdict(t *testing.T) {
	dir, stub := exerciseDir(t)
	// The "verdict" is the stub as the run read it.
	s := startPipeline(t, dir, func(ctx context.Context, _, seq int, _ gofiles.Digest, _ func(string)) string {
		data, err := os.ReadFile(stub)
		assert.NoError(t, err) // not require: this is not the test's goroutine
		return string(data)
	})
	last, paced := burst(t, dir, stub, savePatterns)
	ev := recv(t, s.Events(), "the run's start")
	for !paced && (ev.Kind != RunFinished || ev.Value != string(last)) {
		ev = recv(t, s.Events(), "the final run's verdict")
	}
	if paced {
		require.Equal(t, RunStarted, ev.Kind)
		require.Equal(t, 1, ev.Seq)
		require.Equal(t, hashOf(t, dir), ev.Digest)
		ev = recv(t, s.Events(), "the verdict")
		require.Equal(t, RunFinished, ev.Kind)
	}
	require.Equal(t, string(last), ev.Value, "the verdict is for the final content")
	seq := ev.Seq
	require.Equal(t, hashOf(t, dir), ev.Digest, "the verdict is for the content the directory holds")

	// The next event is the next save's: there was one run, one verdict.
	savePatterns[0].save(t, dir, stub, content())
	ev = recv(t, s.Events(), "the next save's run")
	require.Equal(t, RunStarted, ev.Kind)
	require.Equal(t, seq+1, ev.Seq)
}

func TestSaveDuringRunGivesTheVerdictOfTheNewContent(t *testing.T) {
	dir, stub := exerciseDir(t)
	s := startPipeline(t, dir, func(ctx context.Context, _, seq int, _ gofiles.Digest, _ func(string)) string {
		if seq == 1 {
			<-ctx.Done() // a long run, only ended by the next save
			return "interrupted"
		}
		data, err := os.ReadFile(stub)
		assert.NoError(t, err) // not require: this is not the test's goroutine
		return string(data)
	})
	savePatterns[0].save(t, dir, stub, content())
	require.Equal(t, RunStarted, recv(t, s.Events(), "run 1's start").Kind)
	final := content()
	savePatterns[4].save(t, dir, stub, final) // vim
	ev := recv(t, s.Events(), "run 1's end")
	require.Equal(t, Event[string]{Kind: RunCancelled, Exercise: 0, Seq: 1, Digest: ev.Digest, Value: "interrupted"}, ev)
	ev = recv(t, s.Events(), "run 2's start")
	require.Equal(t, RunStarted, ev.Kind)
	require.Equal(t, 2, ev.Seq)
	ev = recv(t, s.Events(), "run 2's verdict")
	require.Equal(t, RunFinished, ev.Kind)
	require.Equal(t, 2, ev.Seq)
	require.Equal(t, string(final), ev.Value)
}

// TestEditorLitterStartsNoRun: what editors write beside the file they
// save (swap, backup, lock and temporary files, operating-system litter)
// is no Go file go build reads, so the digest of the folder stays the same
// and no run starts: the first run is the next real save's.
func TestEditorLitterStartsNoRun(t *testing.T) {
	dir, stub := exerciseDir(t)
	var runs atomic.Int64
	s := startPipeline(t, dir, func(ctx context.Context, _, seq int, _ gofiles.Digest, _ func(string)) string {
		runs.Add(1)
		return ""
	})
	for _, name := range []string{".stub.go.swp", ".stub.go.swx", "stub.go~", "4913", "#stub.go#", ".#stub.go",
		"stub.go___jb_tmp___", "stub.go___jb_old___", ".stub.go.tmp1234", "stub.go.tmp.5678", ".goutputstream-ABC123",
		"stub.go.crswap", "stub.go.kate-swp", "stub.go.orig", ".DS_Store", "._stub.go", "Thumbs.db"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), content(), 0o644))
		require.NoError(t, os.Remove(filepath.Join(dir, name)))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), content(), 0o644))
	}
	savePatterns[0].save(t, dir, stub, content())
	ev := recv(t, s.Events(), "the save's run")
	require.Equal(t, RunStarted, ev.Kind)
	assert.Equal(t, 1, ev.Seq, "no run before the save's")
	assert.Equal(t, hashOf(t, dir), ev.Digest)
	require.Equal(t, RunFinished, recv(t, s.Events(), "its end").Kind)
	assert.Equal(t, int64(1), runs.Load())
}
