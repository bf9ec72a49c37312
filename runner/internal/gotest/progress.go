package gotest

import (
	"slices"
	"sync"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Progress is what a run in flight is doing, read from the event stream:
// enough for a screen to say "building, 37 s" or "running TestEcho, 3 s,
// 4 tests passed".
type Progress struct {
	// Building is true until go starts the test binary.
	Building bool
	// Since is when the current phase began: when go started, while
	// Building; when the test binary started, after.
	Since time.Time
	// Running are the tests running now, in the order they started (a
	// subtest after its parent).
	Running []string
	// CurrentSince is when Current started (zero when none runs).
	CurrentSince time.Time
	// Passed and Failed count the tests that have ended so far: the
	// expected ones (Options.Expected) when the course names them, else
	// every test and subtest.
	Passed, Failed int
}

// Current is the test most recently started of those still running, ""
// when none is.
func (p Progress) Current() string {
	if len(p.Running) == 0 {
		return ""
	}
	return p.Running[len(p.Running)-1]
}

// errBuildLimit is the cause of the context cancelled when the build went
// past Options.BuildTimeout.
var errBuildLimit = i18n.NewError(msgBuildLimit)

// clock enforces Run's two limits: the build's, from go's start, and the
// test binary's, from the binary's start (the stream's "start" event).
// Its methods are called from the goroutine that reads go's output and
// from Run's own; the mutex orders them.
type clock struct {
	mu      sync.Mutex
	timer   *time.Timer
	started time.Time // when the binary started; zero before
	stopped bool
	cancel  func(cause error)
	limit   time.Duration
}

// newClock starts the build's limit (none when build is zero).
func newClock(cancel func(error), build, run time.Duration) *clock {
	c := &clock{cancel: cancel, limit: run}
	if build > 0 {
		c.timer = time.AfterFunc(build, func() { cancel(errBuildLimit) })
	}
	return c
}

// binaryStarted stops the build's limit and starts the run's. Only the
// first call counts.
func (c *clock) binaryStarted(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped || !c.started.IsZero() {
		return
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	c.started = now
	c.timer = time.AfterFunc(c.limit, func() { c.cancel(errTimeLimit) })
}

// stop stops whichever limit is running and returns when the binary
// started (zero when it never did).
func (c *clock) stop() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.timer != nil {
		c.timer.Stop()
	}
	return c.started
}

// progress is the parser's view of a run in flight.
func (p *parser) progress(since time.Time) Progress {
	pr := Progress{Building: !p.started, Since: since, Running: slices.Clone(p.running)}
	if cur := pr.Current(); cur != "" {
		pr.CurrentSince = p.tests[cur].started
	}
	for _, name := range p.order {
		if len(p.o.expected) > 0 && !p.o.expected[name] {
			continue
		}
		t := p.tests[name]
		switch {
		case t.passes > 0 && t.fails == 0:
			pr.Passed++
		case t.fails > 0:
			pr.Failed++
		}
	}
	return pr
}
