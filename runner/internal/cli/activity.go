package cli

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/render"
)

// quietFor is how long plain output says nothing about runs in flight (a
// variable for the tests only).
var quietFor = 5 * time.Second

// activity keeps the latest progress the checker told, that of the run the
// learner waits for (check.Checker.OnProgress), for the line that says how
// it goes.
type activity struct {
	latest atomic.Pointer[check.RunProgress]
}

func (a *activity) update(p check.RunProgress) { a.latest.Store(&p) }

// waitingFor is the run the learner waits for, if one is going.
func (a *activity) waitingFor() (check.RunProgress, bool) {
	if p := a.latest.Load(); p != nil && p.Exercise != nil && !p.Done {
		return *p, true
	}
	return check.RunProgress{}, false
}

// showRuns shows how checker's runs go until the returned stop is called.
func (s *session) showRuns(ctx context.Context, checker *check.Checker) (stop func()) {
	runs := &activity{}
	checker.OnProgress = runs.update
	return s.showActivity(ctx, runs)
}

// showActivity draws the activity until the returned stop is called: on a
// terminal one line redrawn in place (and erased by stop); in plain output
// one line on stderr once the runs have gone on for quietFor, and nothing
// before.
func (s *session) showActivity(ctx context.Context, a *activity) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	terminal := !s.env.plain()
	go func() {
		defer close(done)
		start := time.Now()
		every := 250 * time.Millisecond
		if !terminal {
			every = quietFor
		}
		tick := time.NewTicker(every)
		defer tick.Stop()
		drawn, noted := false, false
		for {
			select {
			case <-ctx.Done():
				if drawn && terminal {
					fmt.Fprint(s.env.Stdout, "\r\x1b[2K")
				}
				return
			case now := <-tick.C:
				p, ok := a.waitingFor()
				if !ok {
					continue
				}
				o := s.renderOptions(s.env.Width - 1) // the cursor's cell
				line := render.Activity(p.Exercise.Number, false, p.Progress, now, o)
				note := ""
				if !noted {
					note = render.BuildNote(p.Race, p.Progress, now, s.ui)
					noted = note != ""
				}
				switch {
				case terminal:
					if note != "" {
						// Once, above the line that is redrawn: it stays on screen.
						fmt.Fprint(s.env.Stdout, "\r\x1b[2K"+strings.Join(render.Wrap(note, o.Width), "\n")+"\n")
					}
					fmt.Fprint(s.env.Stdout, "\r\x1b[2K"+line)
					drawn = true
				case now.Sub(start) >= quietFor:
					fmt.Fprintln(s.env.Stderr, msgStillRunning.F(s.ui, line))
					if note != "" {
						fmt.Fprintln(s.env.Stderr, note)
					}
					tick.Stop()
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
