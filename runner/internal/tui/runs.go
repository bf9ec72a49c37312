package tui

import (
	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// runState is what the model knows of one exercise's runs.
type runState struct {
	running int                    // seq of the run in flight, 0 when none
	shown   *watch.Event[*Outcome] // the verdict on screen: finished, skipped or partial
	// progress of run progressSeq, by whether it is the race-checked run
	// (RunWithQuickVerdict's two runs report apart). A run may report before its
	// RunStarted arrives: the two come by different channels.
	progress    map[bool]check.RunProgress
	progressSeq int
}

// activity is the progress worth showing of the run in flight: the quick
// run's until its verdict is in, then the race-checked run's.
func (rs *runState) activity() (check.RunProgress, bool) {
	if rs.running == 0 || rs.progressSeq != rs.running {
		return check.RunProgress{}, false
	}
	partial := rs.shown != nil && rs.shown.Kind == watch.RunPartial && rs.shown.Seq == rs.running
	if p, ok := rs.progress[false]; ok && !p.Done && !partial {
		return p, true
	}
	p, ok := rs.progress[true]
	return p, ok && !p.Done
}

// passes reports whether the verdict on screen is a finished pass.
func (rs *runState) passes() bool {
	return rs.shown != nil && rs.shown.Kind != watch.RunPartial && rs.shown.Value.Result != nil &&
		rs.shown.Value.Result.Passed()
}

func (m *Model) valid(i int) bool { return i >= 0 && i < len(m.runs) }

// progress keeps what the latest run reports; reports of runs that are
// over or superseded are dropped.
func (m *Model) progress(msg ProgressMsg) {
	if !m.valid(msg.Exercise) {
		return
	}
	rs := &m.runs[msg.Exercise]
	switch {
	case msg.Seq < max(rs.running, rs.progressSeq):
		return // a run that is over or superseded
	case msg.Seq > rs.progressSeq:
		rs.progress, rs.progressSeq = map[bool]check.RunProgress{}, msg.Seq
	}
	rs.progress[msg.Progress.Race] = msg.Progress
}

func (m *Model) event(msg RunMsg) {
	i, ev := msg.Exercise, msg.Event
	if !m.valid(i) {
		return
	}
	rs := &m.runs[i]
	switch ev.Kind {
	case watch.RunStarted:
		rs.running = ev.Seq
	case watch.RunPartial:
		if ev.Seq == rs.running {
			rs.shown = &ev
		}
	case watch.RunCancelled:
		if ev.Seq == rs.running {
			rs.running = 0
		}
	case watch.RunFinished, watch.RunSkipped:
		if ev.Seq >= rs.running {
			rs.running = 0
		}
		rs.shown = &ev
		if ev.Kind == watch.RunFinished && ev.Value.Result != nil {
			m.rows = m.cfg.Progress.Rows() // the caller recorded it
		}
		if i == m.view && m.cfg.AutoNext && rs.passes() && i+1 < len(m.runs) {
			m.show(i + 1)
		}
	}
}
