package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// fakeNotifier stands in for fsnotify: its events and errors are whatever
// the test sends.
type fakeNotifier struct {
	addErr error
	events chan fsnotify.Event
	errs   chan error

	mu     sync.Mutex
	added  []string
	closed bool
}

func newFake(addErr error) *fakeNotifier {
	return &fakeNotifier{addErr: addErr, events: make(chan fsnotify.Event), errs: make(chan error)}
}

func (f *fakeNotifier) Add(dir string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.added = append(f.added, dir)
	return f.addErr
}

func (f *fakeNotifier) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func (f *fakeNotifier) isClosed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.closed
}

func (f *fakeNotifier) Events() <-chan fsnotify.Event { return f.events }
func (f *fakeNotifier) Errors() <-chan error          { return f.errs }

func TestFallsBackToPollingWhenWatchingCannotBeSetUp(t *testing.T) {
	errInit := errors.New("inotify_init1: too many open files")
	cases := []struct {
		name     string
		notifier func() (notifier, error)
		opts     Options
		want     Method
	}{
		{
			name:     "fsnotify does not start",
			notifier: func() (notifier, error) { return nil, errInit },
			want:     Method{Poll: true, Cause: CauseNotifyUnavailable},
		},
		{
			name:     "watch limit reached",
			notifier: func() (notifier, error) { return newFake(fmt.Errorf("add: %w", syscall.ENOSPC)), nil },
			want:     Method{Poll: true, Cause: CauseWatchLimit},
		},
		{
			name:     "file system does not support watches",
			notifier: func() (notifier, error) { return newFake(syscall.EOPNOTSUPP), nil },
			want:     Method{Poll: true, Cause: CauseWatchFailed},
		},
		{
			name:     "polling requested",
			notifier: func() (notifier, error) { panic("fsnotify must not be started with Poll") },
			opts:     Options{Poll: true},
			want:     Method{Poll: true, Cause: CauseRequested},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, stub := exerciseDir(t)
			opts := tc.opts
			opts.PollInterval = 5 * time.Millisecond
			var made []*fakeNotifier
			opts.newNotifier = func() (notifier, error) {
				n, err := tc.notifier()
				if f, ok := n.(*fakeNotifier); ok {
					made = append(made, f)
				}
				return n, err
			}
			w := startWatcher(t, []string{dir}, opts)

			st := w.Method()
			require.Equal(t, tc.want, st)
			for _, f := range made {
				assert.True(t, f.isClosed(), "the failed notifier was not closed")
			}

			// Polling notices saves.
			require.NoError(t, os.WriteFile(stub, content(), 0o644))
			nextChangeIs(t, w, dir, "the save's change, by polling")
			sentinel(t, w, dir)
		})
	}
}

func TestRemoteFileSystemAddsPolling(t *testing.T) {
	dir, stub := exerciseDir(t)
	fake := newFake(nil)
	w := startWatcher(t, []string{dir}, Options{
		PollInterval: 5 * time.Millisecond,
		newNotifier:  func() (notifier, error) { return fake, nil },
		remoteFS:     func(string) (string, bool) { return "9p", true },
	})
	require.Equal(t, Method{Poll: true, Cause: CauseRemoteFS, FSType: "9p"}, w.Method())

	// The fake sends no events, as for a change made on the other side.
	require.NoError(t, os.WriteFile(stub, content(), 0o644))
	nextChangeIs(t, w, dir, "the save's change, by polling")
}

func TestEventOverflowRescansEveryDirectory(t *testing.T) {
	a, stubA := exerciseDir(t)
	b, stubB := exerciseDir(t)
	fake := newFake(nil)
	w := startWatcher(t, []string{a, b}, Options{newNotifier: func() (notifier, error) { return fake, nil }})
	require.Equal(t, Method{}, w.Method())

	// Saves whose events were lost.
	require.NoError(t, os.WriteFile(stubA, content(), 0o644))
	require.NoError(t, os.WriteFile(stubB, content(), 0o644))
	select {
	case fake.errs <- fsnotify.ErrEventOverflow:
	case <-time.After(wait):
		require.FailNow(t, "the Watcher does not read fsnotify's errors")
	}
	got := map[string]bool{}
	for range 2 {
		c := recv(t, w.Changes(), "a change after the overflow")
		dir := []string{a, b}[c.Exercise]
		require.Equal(t, hashOf(t, dir), c.Digest)
		got[dir] = true
	}
	require.Equal(t, map[string]bool{a: true, b: true}, got)
	require.Equal(t, Method{}, w.Method(), "an overflow is handled, not a reason to poll")
}

func TestEventStreamEndingSwitchesToPolling(t *testing.T) {
	dir, stub := exerciseDir(t)
	fake := newFake(nil)
	w := startWatcher(t, []string{dir}, Options{PollInterval: 5 * time.Millisecond,
		newNotifier: func() (notifier, error) { return fake, nil }})
	close(fake.events)
	st := recv(t, w.MethodUpdates(), "the status update")
	require.Equal(t, Method{Poll: true, Cause: CauseNotifyFailed}, st)
	require.Equal(t, st, w.Method())

	require.NoError(t, os.WriteFile(stub, content(), 0o644))
	nextChangeIs(t, w, dir, "the save's change, by polling")
}

func TestRemovedDirectoryIsPolled(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "01_echo")
	require.NoError(t, os.Mkdir(dir, 0o755))
	stub := filepath.Join(dir, "stub.go")
	require.NoError(t, os.WriteFile(stub, content(), 0o644))
	w := startWatcher(t, []string{dir}, Options{PollInterval: 5 * time.Millisecond})
	require.Equal(t, Method{}, w.Method())

	// Moved away (as a tool replacing the whole directory would).
	require.NoError(t, os.Rename(dir, filepath.Join(parent, "old")))
	st := recv(t, w.MethodUpdates(), "the status update")
	require.Equal(t, Method{Poll: true, Cause: CauseDirRemoved}, st)
	c := recv(t, w.Changes(), "the change of the directory gone")
	require.Equal(t, gofiles.MissingDigest, c.Digest)
	_, err := gofiles.Read(dir)
	require.ErrorIs(t, err, os.ErrNotExist)

	// Back, with new content (put in place at once, as a tool replacing
	// the directory would): noticed by polling.
	next := filepath.Join(parent, "next")
	require.NoError(t, os.Mkdir(next, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(next, "stub.go"), content(), 0o644))
	require.NoError(t, os.Rename(next, dir))
	nextChangeIs(t, w, dir, "the change of the directory back")
}

func TestNewRejectsBadDirectories(t *testing.T) {
	dir, stub := exerciseDir(t)
	cases := []struct {
		name string
		dirs []string
		want string
	}{
		{"none", nil, "no folder to watch"},
		{"missing", []string{filepath.Join(dir, "nope")}, "no such file"},
		{"a file", []string{stub}, "is not a folder"},
		{"twice", []string{dir, dir + "/"}, "given twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.dirs, Options{})
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestRunTwice(t *testing.T) {
	dir, _ := exerciseDir(t)
	w, err := New([]string{dir}, Options{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.NoError(t, w.Run(ctx))
	require.ErrorContains(t, w.Run(ctx), "twice")
	_, open := <-w.Changes()
	require.False(t, open, "Changes is closed when Run returns")
	_, open = <-w.MethodUpdates()
	require.False(t, open, "MethodUpdates is closed when Run returns")
}
