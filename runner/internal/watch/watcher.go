package watch

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Defaults used when the corresponding Options field is zero.
const (
	// DefaultDebounce is how long a directory must stay quiet after a
	// file-system event before its content is hashed and a Change emitted.
	//
	// Measured on a 2-core Linux machine (inotify, ext4) for every save
	// pattern in the package documentation: the events of one save reach
	// the watcher within 0.2 ms of each other; the steps of one save are
	// at most 1.3 ms apart on an idle machine, and up to 30–90 ms apart
	// (p90 under 20 ms) while `go test -race` keeps both cores busy. The
	// steps that leave a directory half-written (a Go file missing or
	// empty) are covered by Settle as well, so the debounce mostly has to
	// merge the saves of a burst: 50 saves in a second come 20 ms apart,
	// plus scheduling jitter (up to about 26 ms between saves seen in
	// the tests under -race). 50 ms does that and leaves most of a 400 ms
	// budget for the test run; a save's Change then comes 50–51 ms after
	// it (p50 and p90, BenchmarkSaveToChange, idle machine).
	DefaultDebounce = 50 * time.Millisecond
	// DefaultSettle bounds how long a directory that looks half-saved (a
	// Go file that was there is missing, or a Go file is empty) is given
	// to settle before its state is emitted anyway. It is measured from
	// the first event of the burst.
	DefaultSettle = 250 * time.Millisecond
	// DefaultPollInterval is the polling interval.
	DefaultPollInterval = 250 * time.Millisecond
)

// Options configure a Watcher. The zero value is ready to use.
type Options struct {
	// Debounce is the quiet time after the last event of a burst before the
	// directory is looked at (DefaultDebounce when zero).
	Debounce time.Duration
	// Settle is the longest time a burst that leaves the directory
	// looking half-saved is waited for (DefaultSettle when zero; never
	// less than Debounce).
	Settle time.Duration
	// Poll makes the Watcher poll instead of using file-system events
	// (`--poll`), for file systems that send none.
	Poll bool
	// PollInterval is the polling interval (DefaultPollInterval when
	// zero), also when the Watcher falls back to polling by itself.
	PollInterval time.Duration

	// newNotifier and remoteFS replace fsnotify and the file-system type
	// check in tests.
	newNotifier func() (notifier, error)
	remoteFS    func(dir string) (string, bool)
}

// Change says that the Go files of one watched directory changed: one
// Change per save (or burst of saves), emitted once the directory was quiet
// for the debounce time and its content differed from the content of the
// previous Change (or, for the first one, from the content when the
// Watcher was created).
type Change struct {
	// Exercise is the directory's index in the list given to New: the
	// exercise, from here on.
	Exercise int
	// Digest is the content of its Go files when the change was emitted
	// (see [gofiles.Read]), read once: the run judges these files.
	Digest gofiles.Digest
	// First and Last are when the first and the last event of the burst
	// were noticed (file-system events or polls).
	First, Last time.Time
	// Emitted is when the Change was emitted.
	Emitted time.Time
}

// Watcher watches directories and emits a Change for each save. Create it
// with New, start it with Run, read Changes. Its methods are safe for
// concurrent use.
type Watcher struct {
	opts    Options
	dirs    []*dirWatch
	byPath  map[string]*dirWatch // by absolute path
	initial []gofiles.Digest     // the content at New, by index
	changes chan Change
	updates chan Method

	n      notifier // nil when events are not used
	poll   *poller  // nil when not polling
	timer  *time.Timer
	ticker *time.Ticker

	mu     sync.Mutex
	status Method

	started atomic.Bool
}

// dirWatch is the Watcher's state for one directory.
type dirWatch struct {
	index int              // in the list given to New
	path  string           // absolute, clean
	last  gofiles.Snapshot // at the last Change (or at New)
	fp    gofiles.Digest   // the poller's last fingerprint

	dirty       bool
	first, seen time.Time // first and last event of the current burst
	due         time.Time // when to look at the directory
}

// New prepares a Watcher for dirs, which must exist and be directories;
// a directory's index in dirs is how its changes name it. It sets up
// fsnotify watches on the directories (never on files), unless opts.Poll
// is set. When fsnotify cannot be started or a directory cannot be
// watched, New falls back to polling and Method says so and why; it adds
// polling when a directory is on a network or virtual file system. The
// content of every directory is read now (see Digests): only later changes
// to it are emitted.
//
// Run starts emitting, and releases the watches when it returns.
func New(dirs []string, opts Options) (*Watcher, error) {
	if len(dirs) == 0 {
		return nil, i18n.NewError(msgNoDirs)
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Settle <= 0 {
		opts.Settle = DefaultSettle
	}
	opts.Settle = max(opts.Settle, opts.Debounce)
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.newNotifier == nil {
		opts.newNotifier = newFSNotifier
	}
	if opts.remoteFS == nil {
		opts.remoteFS = remoteFS
	}

	w := &Watcher{
		opts:    opts,
		byPath:  make(map[string]*dirWatch, len(dirs)),
		changes: make(chan Change),
		updates: make(chan Method, 1),
	}
	for _, dir := range dirs {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, i18n.Errorf(msgDir, dir, err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, i18n.Errorf(msgDir, dir, err)
		}
		if !fi.IsDir() {
			return nil, i18n.Errorf(msgNotDir, dir)
		}
		if _, dup := w.byPath[abs]; dup {
			return nil, i18n.Errorf(msgDirTwice, dir)
		}
		d := &dirWatch{index: len(w.dirs), path: abs}
		w.dirs = append(w.dirs, d)
		w.byPath[abs] = d
	}

	if opts.Poll {
		w.status = Method{Poll: true, Cause: CauseRequested}
	} else {
		w.status = w.setUpNotify()
	}
	// Read after the watches are in place: a save from now on is either
	// in this read or sends an event.
	for _, d := range w.dirs {
		d.last, _ = gofiles.Read(d.path) // a directory that cannot be read still has a digest
		w.initial = append(w.initial, d.last.Digest)
	}
	if w.status.Poll {
		w.startPolling(time.Now())
	}
	return w, nil
}

// setUpNotify starts fsnotify and watches every directory. It returns the
// resulting status; on failure nothing is left open and the status says
// to poll.
func (w *Watcher) setUpNotify() Method {
	n, err := w.opts.newNotifier()
	if err != nil {
		return Method{Poll: true, Cause: CauseNotifyUnavailable}
	}
	for _, d := range w.dirs {
		if err := n.Add(d.path); err != nil {
			_ = n.Close() // nothing more to learn from its error
			if errors.Is(err, syscall.ENOSPC) {
				return Method{Poll: true, Cause: CauseWatchLimit}
			}
			return Method{Poll: true, Cause: CauseWatchFailed}
		}
	}
	w.n = n
	for _, d := range w.dirs {
		if fsType, ok := w.opts.remoteFS(d.path); ok {
			return Method{Poll: true, Cause: CauseRemoteFS, FSType: fsType}
		}
	}
	return Method{}
}

// startPolling makes the Watcher poll from now on.
func (w *Watcher) startPolling(now time.Time) {
	if w.poll != nil {
		return
	}
	w.poll = newPoller()
	for _, d := range w.dirs {
		d.fp = w.poll.fingerprint(d.path, now)
	}
}

// Digests are the contents of the directories' Go files when New read
// them, by index: the content a run of a directory judges until a Change
// says otherwise.
func (w *Watcher) Digests() []gofiles.Digest { return w.initial }

// Method says how the Watcher notices changes and, when it polls, why.
// It may change while Run runs (see MethodUpdates).
func (w *Watcher) Method() Method {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

// MethodUpdates delivers the new Method whenever it changes while Run
// runs, e.g. when a watched directory is removed and the Watcher starts
// polling. Only the latest one is kept when nobody reads. The channel is
// closed when Run returns.
func (w *Watcher) MethodUpdates() <-chan Method { return w.updates }

// Changes delivers the changes. It is closed when Run returns. The Watcher
// keeps at most one pending Change per directory (the latest) while
// nobody reads.
func (w *Watcher) Changes() <-chan Change { return w.changes }

// Run emits changes until ctx is done, then releases the watches, closes
// Changes and MethodUpdates, and returns nil. It returns an error at once
// when called twice.
func (w *Watcher) Run(ctx context.Context) error {
	if !w.started.CompareAndSwap(false, true) {
		return i18n.NewError(msgRunTwice)
	}
	defer close(w.updates)
	defer close(w.changes)
	defer func() {
		if w.n != nil {
			_ = w.n.Close() // a failing close on the way out changes nothing
		}
		if w.ticker != nil {
			w.ticker.Stop()
		}
	}()

	w.timer = time.NewTimer(time.Hour)
	w.timer.Stop()
	defer w.timer.Stop()

	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.n != nil {
		events, errs = w.n.Events(), w.n.Errors()
	}
	var pending []Change // at most one per directory, oldest first
	for {
		var out chan<- Change
		var next Change
		if len(pending) > 0 {
			out, next = w.changes, pending[0]
		}
		var tick <-chan time.Time
		if w.poll != nil {
			if w.ticker == nil {
				w.ticker = time.NewTicker(w.opts.PollInterval)
			}
			tick = w.ticker.C
		}

		select {
		case <-ctx.Done():
			return nil

		case out <- next:
			pending = pending[1:]

		case ev, ok := <-events:
			if !ok {
				events, errs = nil, nil
				w.pollFrom(time.Now(), CauseNotifyFailed, w.dirs...)
				continue
			}
			w.handleEvent(ev, time.Now())

		case _, ok := <-errs:
			if !ok {
				events, errs = nil, nil
				w.pollFrom(time.Now(), CauseNotifyFailed, w.dirs...)
				continue
			}
			// Events may have been lost (queue overflow or a read error):
			// look at every directory again.
			now := time.Now()
			for _, d := range w.dirs {
				w.touch(d, now)
			}

		case now := <-tick:
			for _, d := range w.dirs {
				if fp := w.poll.fingerprint(d.path, now); fp != d.fp {
					d.fp = fp
					w.touch(d, now)
				}
			}

		case <-w.timer.C:
			// Events that arrived while this goroutine waited to run may
			// push deadlines back: take them first.
			for more := events != nil; more; {
				select {
				case ev, ok := <-events:
					if ok {
						w.handleEvent(ev, time.Now())
					} else {
						more = false
					}
				default:
					more = false
				}
			}
			pending = w.fire(time.Now(), pending)
		}
	}
}

func (w *Watcher) handleEvent(ev fsnotify.Event, now time.Time) {
	if d, ok := w.byPath[ev.Name]; ok {
		// The directory itself: removed or renamed ends its watch, so
		// it is polled from now on.
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			w.pollFrom(now, CauseDirRemoved, d)
		}
		return
	}
	// Any file's event counts, an editor's swap or backup file too: the
	// digest of the Go files, read once the folder is quiet, says whether
	// it was a change.
	if d, ok := w.byPath[filepath.Dir(ev.Name)]; ok {
		w.touch(d, now)
	}
}

// touch notes activity in d at now and pushes its deadline back.
func (w *Watcher) touch(d *dirWatch, now time.Time) {
	if !d.dirty {
		d.dirty = true
		d.first = now
	}
	d.seen = now
	d.due = now.Add(w.opts.Debounce)
	w.rearm(now)
}

// rearm sets the timer to the earliest deadline.
func (w *Watcher) rearm(now time.Time) {
	var due time.Time
	for _, d := range w.dirs {
		if d.dirty && (due.IsZero() || d.due.Before(due)) {
			due = d.due
		}
	}
	if due.IsZero() {
		w.timer.Stop()
		return
	}
	w.timer.Reset(max(due.Sub(now), 0))
}

// fire looks at the directories whose deadline passed and queues a Change
// for each whose content changed. A directory that looks half-saved is
// given until Settle after the first event of its burst.
func (w *Watcher) fire(now time.Time, pending []Change) []Change {
	for _, d := range w.dirs {
		if !d.dirty || d.due.After(now) {
			continue
		}
		st, _ := gofiles.Read(d.path)
		if incomplete(st, d.last) && now.Sub(d.first) < w.opts.Settle {
			d.due = now.Add(w.opts.Debounce)
			continue
		}
		d.dirty = false
		if st.Digest == d.last.Digest {
			continue
		}
		d.last = st
		c := Change{Exercise: d.index, Digest: st.Digest, First: d.first, Last: d.seen, Emitted: now}
		replaced := false
		for i := range pending {
			if pending[i].Exercise == d.index {
				c.First = pending[i].First
				pending[i] = c
				replaced = true
				break
			}
		}
		if !replaced {
			pending = append(pending, c)
		}
	}
	w.rearm(now)
	return pending
}

// pollFrom makes the Watcher poll from now on, for cause, and looks at
// dirs again: what happened to them may have sent no event.
func (w *Watcher) pollFrom(now time.Time, cause Cause, dirs ...*dirWatch) {
	w.startPolling(now)
	for _, d := range dirs {
		w.touch(d, now)
	}
	st := Method{Poll: true, Cause: cause}
	w.mu.Lock()
	w.status = st
	w.mu.Unlock()
	w.publish(st)
}

// publish delivers st on MethodUpdates, replacing an unread one. Only
// Run's goroutine sends, so the second send cannot block.
func (w *Watcher) publish(st Method) {
	select {
	case w.updates <- st:
		return
	default:
	}
	select {
	case <-w.updates:
	default:
	}
	w.updates <- st
}
