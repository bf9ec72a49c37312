package watch

import (
	"context"
	"sync"

	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// RunFunc runs the tests of one exercise and returns their result. seq is
// the run's sequence number (see Event.Seq); digest is the content the run
// judges, as the Watcher read it (see Event.Digest): the function does not
// read it again. ctx is cancelled when the run is no longer wanted (a newer
// save, a request, the Scheduler stopping): the function should then stop
// its work (kill its process group) and return soon; what it returns is
// reported as a RunCancelled event.
//
// report publishes what the run has to say before it ends: how it goes,
// or an interim verdict (the quick run's, while the race-checked run goes
// on). A report comes out as a RunReport event, after the run's RunStarted
// and before its end, while the run is in flight and not cancelled;
// otherwise it is dropped. It never blocks, and may be called from any
// goroutine.
type RunFunc[R any] func(ctx context.Context, exercise, seq int, digest gofiles.Digest, report func(R)) R

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event. For one exercise, the events of a run come in the
// order RunStarted, zero or more RunReport, then RunFinished or
// RunCancelled; runs of one exercise never overlap.
const (
	// RunStarted: run Seq of Exercise began, for the content Digest.
	RunStarted EventKind = iota + 1
	// RunReport: run Seq, still current, reported Value through its
	// report function (see RunFunc).
	RunReport
	// RunFinished: run Seq ended and was not cancelled: Value is the
	// result for the content Digest.
	RunFinished
	// RunCancelled: run Seq was cancelled before it ended, because newer
	// content or a request superseded it; Value is what the run function
	// returned anyway and is not a verdict. A RunStarted or RunSkipped
	// for the exercise follows.
	RunCancelled
	// RunSkipped: a run was due, but the content Digest already has its
	// verdict (see SchedulerOptions.HasVerdict), e.g. a save undone while
	// its run was going: that verdict is current again. Seq is 0.
	RunSkipped
)

// Event is what a Scheduler reports about a run.
type Event[R any] struct {
	// Kind says what happened.
	Kind EventKind
	// Exercise is the exercise, as the Change or Request named it.
	Exercise int
	// Seq is the run's sequence number: 1 for the Scheduler's first run,
	// then increasing by one per run, whatever the exercise. A larger Seq
	// is a later run.
	Seq int
	// Digest is the content of the exercise's Go files the run judges
	// (zero when unknown).
	Digest gofiles.Digest
	// Value is the run's report (RunReport) or result (RunFinished,
	// RunCancelled).
	Value R
}

// SchedulerOptions configure a Scheduler. The zero value is ready to use.
type SchedulerOptions struct {
	// MaxParallel bounds how many exercises run at once; zero means no
	// bound. An exercise never has more than one run at a time.
	MaxParallel int
	// Digests are the exercises' contents when the Scheduler starts (the
	// Watcher's Digests), by index: what a requested run judges until a
	// Change gives newer content. Missing ones are unknown.
	Digests []gofiles.Digest
	// HasVerdict reports whether the content d of an exercise already has
	// its verdict, as the owner of the verdicts knows; a run due for it
	// that was not requested is then skipped (RunSkipped). Nil: every
	// change is run.
	HasVerdict func(exercise int, d gofiles.Digest) bool
}

// Scheduler starts, cancels and reports runs of a RunFunc as changes and
// requests arrive. Create it with NewScheduler, start it with Run, read
// Events. Its methods are safe for concurrent use.
type Scheduler[R any] struct {
	run    RunFunc[R]
	opts   SchedulerOptions
	events chan Event[R]
	done   chan message[R] // a run's function returned
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

// message is a Request, a report or a run's end, for the loop.
type message[R any] struct {
	request  bool
	exercise int
	seq      int
	value    R
}

// NewScheduler returns a Scheduler that runs run.
func NewScheduler[R any](run RunFunc[R], opts SchedulerOptions) *Scheduler[R] {
	return &Scheduler[R]{
		run:    run,
		opts:   opts,
		events: make(chan Event[R]),
		done:   make(chan message[R]),
		wake:   make(chan struct{}, 1),
	}
}

// Events delivers what happens to runs, in order for each exercise. It is
// closed when Run returns; events not read by then are dropped. The
// Scheduler never waits for a reader: events queue up until read.
func (s *Scheduler[R]) Events() <-chan Event[R] { return s.events }

// Request asks for a run of exercise now, even if its content did not
// change. A run of it in flight is cancelled and replaced. Requests made
// before Run are handled when it starts; after Run returned they are
// ignored.
func (s *Scheduler[R]) Request(exercise int) {
	s.post(message[R]{request: true, exercise: exercise})
}

// report is the report function of run seq of exercise (see RunFunc).
func (s *Scheduler[R]) report(exercise, seq int) func(R) {
	return func(value R) { s.post(message[R]{exercise: exercise, seq: seq, value: value}) }
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

// exerciseSched is the loop's state for one exercise.
type exerciseSched struct {
	digest gofiles.Digest // the latest content known
	// the run in flight, if any
	seq       int
	runDigest gofiles.Digest
	cancel    context.CancelFunc
	cancelled bool
	running   bool
	// the next run, wanted once the one in flight (if any) has returned
	queued bool // in the loop's queue
	force  bool // requested: run even when the content has its verdict
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
		return i18n.NewError(msgSchedulerTwice)
	}
	s.state = schedRunning
	s.mu.Unlock()

	l := &loop[R]{s: s, ctx: ctx, exercises: make(map[int]*exerciseSched)}
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
	s         *Scheduler[R]
	ctx       context.Context
	exercises map[int]*exerciseSched
	queue     []int // exercises wanting a run, oldest first
	out       []Event[R]
	seq       int
	nrun      int
	stopped   bool
}

func (l *loop[R]) exercise(i int) *exerciseSched {
	x := l.exercises[i]
	if x == nil {
		x = &exerciseSched{}
		if i >= 0 && i < len(l.s.opts.Digests) {
			x.digest = l.s.opts.Digests[i]
		}
		l.exercises[i] = x
	}
	return x
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
			if !l.stopped {
				l.want(m.exercise, l.exercise(m.exercise), true)
			}
			continue
		}
		if x := l.exercises[m.exercise]; x != nil && x.running && !x.cancelled && x.seq == m.seq {
			l.emit(Event[R]{Kind: RunReport, Exercise: m.exercise, Seq: x.seq, Digest: x.runDigest, Value: m.value})
		}
	}
}

// change handles a Change: the exercise needs a run for its new content,
// unless the run in flight is already for that content.
func (l *loop[R]) change(c Change) {
	x := l.exercise(c.Exercise)
	x.digest = c.Digest
	if x.running && !x.cancelled && !c.Digest.IsZero() && c.Digest == x.runDigest {
		return
	}
	l.want(c.Exercise, x, false)
}

func (l *loop[R]) want(i int, x *exerciseSched, force bool) {
	if x.running && !x.cancelled {
		x.cancelled = true
		x.cancel()
	}
	x.force = x.force || force
	if !x.queued {
		x.queued = true
		l.queue = append(l.queue, i)
	}
	l.schedule()
}

// schedule starts the wanted runs that can start, oldest first.
func (l *loop[R]) schedule() {
	rest := l.queue[:0]
	for _, i := range l.queue {
		x := l.exercises[i]
		if x.running || (l.s.opts.MaxParallel > 0 && l.nrun >= l.s.opts.MaxParallel) {
			rest = append(rest, i)
			continue
		}
		x.queued = false
		l.start(i, x)
	}
	clear(l.queue[len(rest):])
	l.queue = rest
}

// start starts a run of exercise i for its latest content, or reports
// RunSkipped when that content has its verdict and the run was not
// requested.
func (l *loop[R]) start(i int, x *exerciseSched) {
	digest, force := x.digest, x.force
	x.force = false
	if !force && !digest.IsZero() && l.s.opts.HasVerdict != nil && l.s.opts.HasVerdict(i, digest) {
		l.emit(Event[R]{Kind: RunSkipped, Exercise: i, Digest: digest})
		return
	}
	l.seq++
	ctx, cancel := context.WithCancel(l.ctx)
	x.seq, x.runDigest, x.cancel, x.cancelled, x.running = l.seq, digest, cancel, false, true
	l.nrun++
	l.emit(Event[R]{Kind: RunStarted, Exercise: i, Seq: x.seq, Digest: digest})
	go func(seq int) {
		v := l.s.run(ctx, i, seq, digest, l.s.report(i, seq))
		l.s.done <- message[R]{exercise: i, seq: seq, value: v}
	}(x.seq)
}

// finished handles the end of a run, after what it reported before it
// returned.
func (l *loop[R]) finished(r message[R]) {
	l.drainInbox()
	x := l.exercises[r.exercise]
	x.cancel()
	x.running = false
	l.nrun--
	ev := Event[R]{Kind: RunFinished, Exercise: r.exercise, Seq: r.seq, Digest: x.runDigest, Value: r.value}
	if x.cancelled {
		ev.Kind = RunCancelled
	}
	l.emit(ev)
	if !l.stopped {
		l.schedule()
	}
}

// shutdown cancels every run and waits for their functions to return.
func (l *loop[R]) shutdown() {
	l.stopped = true
	for _, x := range l.exercises {
		if x.running {
			x.cancelled = true
			x.cancel()
		}
	}
	for l.nrun > 0 {
		l.finished(<-l.s.done)
	}
}
