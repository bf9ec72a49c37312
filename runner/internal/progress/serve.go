package progress

import (
	"sync/atomic"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// Live is a Tracker owned by one goroutine, Serve's: watch mode's. Its
// methods are safe for concurrent use.
type Live struct {
	t     *Tracker
	hints chan int      // exercise indexes whose next hint tier is asked for
	done  chan struct{} // closed when Serve returns
	snap  atomic.Pointer[Snapshot]
}

// Live hands t to a Live: from now on only Serve's goroutine uses it.
func (t *Tracker) Live() *Live {
	l := &Live{t: t, hints: make(chan int), done: make(chan struct{})}
	l.snap.Store(t.Snapshot())
	return l
}

// Serve owns the tracker until updates is closed. It applies each update
// and, once a finished run is recorded, saves the state; then it calls tell
// with the update and a snapshot taken after it, and only then takes the
// next. A hint asked for with ShowHint is counted and saved between
// updates, and told with a zero Update.
func (l *Live) Serve(updates <-chan Update, tell func(Update, *Snapshot)) {
	defer close(l.done)
	for {
		var u Update
		select {
		case next, ok := <-updates:
			if !ok {
				return
			}
			u = next
			if l.t.Apply(u) {
				l.t.Save() // its error is in the snapshot
			}
		case i := <-l.hints:
			l.t.ShowHint(i)
			l.t.Save()
		}
		snap := l.t.Snapshot()
		l.snap.Store(snap)
		tell(u, snap)
	}
}

// ShowHint asks Serve to count one more of exercise i's hint tiers as
// seen; the count comes with the next snapshot told. It waits until Serve
// takes the question, so call it off the goroutine that tell blocks (a
// view's command, not its update).
func (l *Live) ShowHint(i int) {
	select {
	case l.hints <- i:
	case <-l.done:
	}
}

// Snapshot is the latest snapshot: where the learner stands after the last
// update or hint Serve handled.
func (l *Live) Snapshot() *Snapshot { return l.snap.Load() }

// HasVerdict reports whether the content d of exercise i has its verdict
// in the latest snapshot, for the scheduler to skip a run of it.
func (l *Live) HasVerdict(i int, d gofiles.Digest) bool { return l.Snapshot().HasVerdict(i, d) }
