package watch

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// RunFunc runs the tests of one directory and returns their result. seq is
// the run's sequence number (see Event.Seq); hash is the content the run
// is for (see Event.Hash), so that the function need not read it again.
// ctx is cancelled when the run is no longer wanted (a newer save, a
// request, the Scheduler stopping): the function should then stop its work
// (kill its process group) and return soon; what it returns is reported as
// a RunCancelled event.
//
// partial publishes an interim result of this run, e.g. the verdict of a
// quick run without the race detector while the race-enabled run goes on.
// It is delivered as a RunPartial event only while the run is in flight
// and not cancelled; otherwise it is dropped. It never blocks, and may be
// called from any goroutine.
type RunFunc[R any] func(ctx context.Context, dir string, seq int, hash Hash, partial func(R)) R

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event. For one directory, the events of a run come in the
// order RunStarted, zero or more RunPartial, then RunFinished or
// RunCancelled; runs of one directory never overlap.
const (
	// RunStarted: run Seq of Dir began, for the content Hash.
	RunStarted EventKind = iota + 1
	// RunPartial: run Seq, still current, published an interim Value
	// through its partial function (see RunFunc).
	RunPartial
	// RunFinished: run Seq ended and was not cancelled: Value is the
	// result for the content Hash. It stays the directory's current
	// verdict until the next RunStarted (or RunSkipped) for the directory.
	RunFinished
	// RunCancelled: run Seq was cancelled before it ended, because newer
	// content or a request superseded it; Value is what the run function
	// returned anyway and is not a verdict. A RunStarted or RunSkipped
	// for the directory follows.
	RunCancelled
	// RunSkipped: a run was due but the directory holds the content of its
	// last finished run again (e.g. a save undone while its run was
	// going): Seq, Hash and Value are those of that earlier RunFinished,
	// which is current again.
	RunSkipped
)

// String returns the name of k.
func (k EventKind) String() string {
	switch k {
	case RunStarted:
		return "started"
	case RunPartial:
		return "partial"
	case RunFinished:
		return "finished"
	case RunCancelled:
		return "cancelled"
	case RunSkipped:
		return "skipped"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is what a Scheduler reports about a run.
type Event[R any] struct {
	// Kind says what happened.
	Kind EventKind
	// Dir is the directory, spelled as in the Change or Request.
	Dir string
	// Seq is the run's sequence number: 1 for the Scheduler's first run,
	// then increasing by one per run, whatever the directory. A larger Seq
	// is a later run.
	Seq int
	// Hash is the content of the directory's Go files when the run
	// started (zero when it could not be read).
	Hash Hash
	// Value is the run's result for RunPartial, RunFinished, RunCancelled
	// and RunSkipped.
	Value R
}

// SchedulerOptions configure a Scheduler. The zero value is ready to use.
type SchedulerOptions struct {
	// MaxParallel bounds how many directories run at once; zero means no
	// bound. A directory never has more than one run at a time.
	MaxParallel int

	// hash replaces HashDir in tests.
	hash func(dir string) (Hash, error)
}

// Scheduler starts, cancels and reports runs of a RunFunc as changes and
// requests arrive. Create it with NewScheduler, start it with Run, read
// Events. Its methods are safe for concurrent use.
type Scheduler[R any] struct {
	run    RunFunc[R]
	opts   SchedulerOptions
	events chan Event[R]
	done   chan runDone[R]
	wake   chan struct{}

	mu    sync.Mutex
	state int // schedNew, schedRunning, schedDone
	inbox []message[R]
}

const (
	schedNew = iota
	schedRunning
	schedDone
)

// message is a Request or a partial result waiting for the loop.
type message[R any] struct {
	request bool
	dir     string
	seq     int
	value   R
}

// runDone is sent by a run's goroutine when the run function returned.
type runDone[R any] struct {
	dir   string
	seq   int
	value R
}

// NewScheduler returns a Scheduler that runs run.
func NewScheduler[R any](run RunFunc[R], opts SchedulerOptions) *Scheduler[R] {
	if opts.hash == nil {
		opts.hash = HashDir
	}
	return &Scheduler[R]{
		run:    run,
		opts:   opts,
		events: make(chan Event[R]),
		done:   make(chan runDone[R]),
		wake:   make(chan struct{}, 1),
	}
}

// Events delivers what happens to runs, in order for each directory. It is
// closed when Run returns; events not read by then are dropped. The
// Scheduler never waits for a reader: events queue up until read.
func (s *Scheduler[R]) Events() <-chan Event[R] { return s.events }

// Request asks for a run of dir now, even if its content did not change.
// A run of dir in flight is cancelled and replaced. Requests made before
// Run are handled when it starts; after Run returned they are ignored.
func (s *Scheduler[R]) Request(dir string) {
	s.post(message[R]{request: true, dir: dir})
}

// partial is the partial function of run seq (see RunFunc).
func (s *Scheduler[R]) partial(seq int) func(R) {
	return func(value R) { s.post(message[R]{seq: seq, value: value}) }
}

func (s *Scheduler[R]) post(m message[R]) {
	s.mu.Lock()
	if s.state == schedDone {
		s.mu.Unlock()
		return
	}
	s.inbox = append(s.inbox, m)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// dirSched is the loop's state for one directory.
type dirSched struct {
	// the run in flight, if any
	seq       int
	hash      Hash
	cancel    context.CancelFunc
	cancelled bool
	// a run is wanted once the one in flight (if any) has returned
	want    bool
	force   bool // requested: run even when unchanged
	queued  bool // in the loop's queue
	running bool
}

// Run starts runs for the changes received on changes (which may be nil,
// and whose closing only means that no more changes come) and for
// requests, until ctx is done. It then cancels the runs in flight, waits
// for their functions to return, closes Events and returns nil. The
// context of every run is cancelled before Run returns. It returns an error
// at once when called twice.
func (s *Scheduler[R]) Run(ctx context.Context, changes <-chan Change) error {
	s.mu.Lock()
	if s.state != schedNew {
		s.mu.Unlock()
		return errors.New("watch: Scheduler.Run called twice")
	}
	s.state = schedRunning
	s.mu.Unlock()

	l := &loop[R]{s: s, ctx: ctx, dirs: make(map[string]*dirSched), last: make(map[string]Event[R])}
	defer close(s.events)
	defer func() {
		s.mu.Lock()
		s.state = schedDone
		s.inbox = nil
		s.mu.Unlock()
	}()

	// Requests posted before Run.
	l.drainInbox()
	for {
		var out chan<- Event[R]
		var next Event[R]
		if len(l.out) > 0 {
			out, next = s.events, l.out[0]
		}
		select {
		case <-ctx.Done():
			l.shutdown()
			return nil
		case out <- next:
			l.out[0] = Event[R]{}
			l.out = l.out[1:]
		case c, ok := <-changes:
			if !ok {
				changes = nil
				continue
			}
			l.change(c)
		case <-s.wake:
			l.drainInbox()
		case d := <-s.done:
			l.finished(d)
		}
	}
}

// loop is the state of Scheduler.Run, owned by its goroutine.
type loop[R any] struct {
	s       *Scheduler[R]
	ctx     context.Context
	dirs    map[string]*dirSched
	last    map[string]Event[R] // the RunFinished event of each directory's last finished run
	queue   []string            // directories wanting a run, oldest first
	out     []Event[R]
	seq     int
	nrun    int
	stopped bool
}

func (l *loop[R]) dir(name string) *dirSched {
	d := l.dirs[name]
	if d == nil {
		d = &dirSched{}
		l.dirs[name] = d
	}
	return d
}

func (l *loop[R]) emit(ev Event[R]) {
	if !l.stopped {
		l.out = append(l.out, ev)
	}
}

func (l *loop[R]) drainInbox() {
	l.s.mu.Lock()
	inbox := l.s.inbox
	l.s.inbox = nil
	l.s.mu.Unlock()
	for _, m := range inbox {
		if m.request {
			l.request(m.dir)
			continue
		}
		for name, d := range l.dirs {
			if d.running && !d.cancelled && d.seq == m.seq {
				l.emit(Event[R]{Kind: RunPartial, Dir: name, Seq: d.seq, Hash: d.hash, Value: m.value})
			}
		}
	}
}

// change handles a Change: the directory needs a run for its new content,
// unless the run in flight is already for that content.
func (l *loop[R]) change(c Change) {
	d := l.dir(c.Dir)
	if d.running && !d.cancelled && !c.Hash.IsZero() && c.Hash == d.hash {
		return
	}
	l.want(c.Dir, d, false)
}

// request handles Scheduler.Request.
func (l *loop[R]) request(name string) {
	l.want(name, l.dir(name), true)
}

func (l *loop[R]) want(name string, d *dirSched, force bool) {
	if d.running && !d.cancelled {
		d.cancelled = true
		d.cancel()
	}
	d.want = true
	d.force = d.force || force
	if !d.queued {
		d.queued = true
		l.queue = append(l.queue, name)
	}
	l.schedule()
}

// schedule starts the wanted runs that can start, oldest first.
func (l *loop[R]) schedule() {
	rest := l.queue[:0]
	for _, name := range l.queue {
		d := l.dirs[name]
		if d.running || (l.s.opts.MaxParallel > 0 && l.nrun >= l.s.opts.MaxParallel) {
			rest = append(rest, name)
			continue
		}
		d.queued = false
		d.want = false
		l.start(name, d)
	}
	clear(l.queue[len(rest):])
	l.queue = rest
}

// start starts a run of name, or reports RunSkipped when its content is
// that of its last finished run and the run was not requested.
func (l *loop[R]) start(name string, d *dirSched) {
	h, err := l.s.opts.hash(name)
	if err != nil {
		h = Hash{}
	}
	if !d.force && !h.IsZero() {
		if last, ok := l.last[name]; ok && last.Hash == h {
			last.Kind = RunSkipped
			l.emit(last)
			return
		}
	}
	l.seq++
	ctx, cancel := context.WithCancel(l.ctx)
	d.seq, d.hash, d.cancel, d.cancelled, d.running = l.seq, h, cancel, false, true
	d.force = false
	l.nrun++
	l.emit(Event[R]{Kind: RunStarted, Dir: name, Seq: d.seq, Hash: h})
	go func(seq int) {
		v := l.s.run(ctx, name, seq, h, l.s.partial(seq))
		l.s.done <- runDone[R]{dir: name, seq: seq, value: v}
	}(d.seq)
}

// finished handles the end of a run.
func (l *loop[R]) finished(r runDone[R]) {
	d := l.dirs[r.dir]
	d.cancel()
	d.running = false
	l.nrun--
	ev := Event[R]{Kind: RunFinished, Dir: r.dir, Seq: r.seq, Hash: d.hash, Value: r.value}
	if d.cancelled {
		ev.Kind = RunCancelled
	}
	if !d.cancelled && !l.stopped {
		l.last[r.dir] = ev
	}
	l.emit(ev)
	if !l.stopped {
		l.schedule()
	}
}

// shutdown cancels every run and waits for their functions to return.
func (l *loop[R]) shutdown() {
	l.stopped = true
	for _, d := range l.dirs {
		if d.running {
			d.cancelled = true
			d.cancel()
		}
	}
	for l.nrun > 0 {
		l.finished(<-l.s.done)
	}
}
