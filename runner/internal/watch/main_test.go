package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// wait bounds every wait in these tests: it turns a hang into a failure,
// it never decides an outcome.
const wait = 10 * time.Second

// recv receives from ch or fails the test after wait.
func recv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v, ok := <-ch:
		require.True(t, ok, "%s: channel closed", what)
		return v
	case <-time.After(wait):
		require.FailNow(t, "timed out waiting for "+what)
	}
	panic("unreachable")
}

// saveCount makes every saved content unique.
var saveCount atomic.Int64

// content returns a new, unique Go source for the stub.
func content() []byte {
	return fmt.Appendf(nil, "package stub\n\n// Save %d.\nfunc Answer() int { return %d }\n", saveCount.Add(1), saveCount.Load())
}

// exerciseDir makes a directory like an exercise's: a stub the learner
// edits and a test file. It returns the directory and the stub's path.
func exerciseDir(t testing.TB) (string, string) {
	t.Helper()
	dir := t.TempDir()
	stub := filepath.Join(dir, "stub.go")
	require.NoError(t, os.WriteFile(stub, content(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stub_test.go"),
		[]byte("package stub\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {}\n"), 0o644))
	return dir, stub
}

// startWatcher creates a Watcher and runs it until the test ends.
func startWatcher(t testing.TB, dirs []string, opts Options) *Watcher {
	t.Helper()
	w, err := New(dirs, opts)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(wait):
			t.Error("Watcher.Run did not return after its context was cancelled")
		}
	})
	return w
}

// hashOf is the digest of dir's Go files now, which must be readable.
func hashOf(t testing.TB, dir string) gofiles.Digest {
	t.Helper()
	s, err := gofiles.Read(dir)
	require.NoError(t, err)
	return s.Digest
}

// indexOf is dir's index in the Watcher's list.
func indexOf(t testing.TB, w *Watcher, dir string) int {
	t.Helper()
	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	if d := w.byPath[abs]; d != nil {
		return d.index
	}
	require.FailNow(t, "not a watched directory: "+dir)
	return -1
}

// nextChangeIs receives the next Change and checks it is for dir's content
// now.
func nextChangeIs(t testing.TB, w *Watcher, dir, what string) Change {
	t.Helper()
	c := recv(t, w.Changes(), what)
	require.Equal(t, indexOf(t, w, dir), c.Exercise, what)
	require.Equal(t, hashOf(t, dir), c.Digest, "%s: the change is not for the directory's content now", what)
	return c
}

// sentinel writes a new content to another Go file of dir and checks that
// the next Change is for it: no other Change came before it.
func sentinel(t testing.TB, w *Watcher, dir string) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sentinel.go"), content(), 0o644))
	nextChangeIs(t, w, dir, "the sentinel's change")
}
