package tui

import (
	"strings"

	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
)

// helpPanel is what each key does.
func (m *Model) helpPanel(width int) string {
	return msgHelpTitle.In(m.ui) + "\n\n" + strings.Join(render.Wrap(msgHelpBody.F(m.ui, langNames[m.lang].In(m.ui)), width), "\n")
}

// listPanel is the exercises with a cursor to choose one.
func (m *Model) listPanel(width int) string {
	o := m.options(width)
	return msgListTitle.In(m.ui) + "\n\n" + render.ListCursor(m.snap.Rows, m.listCursor, o)
}

// hintsPanel is the hint tiers of the shown exercise the learner has seen.
func (m *Model) hintsPanel(width int) string {
	e := m.exercise(m.view)
	shown := max(1, m.snap.Rows[m.view].Hints)
	lines := []string{msgHintsTitle.F(m.ui, e.Number), "", render.Hints(e, shown, m.lang, m.options(width)), ""}
	if shown >= len(e.Hints) {
		lines = append(lines, msgHintNoMore.In(m.ui))
	}
	return strings.Join(lines, "\n")
}

// verdictPanel is the progress, the shown exercise and its verdict; on
// the whole screen, the verdict is drawn whole.
func (m *Model) verdictPanel(width int) string {
	o := m.options(width)
	o.Whole = m.mode == modeVerdict
	e := m.exercise(m.view)
	var parts []string
	if m.wide() {
		parts = append(parts, render.Progress(m.snap.Rows, o))
	} else {
		parts = append(parts, render.ProgressLine(m.snap.Rows, o))
	}
	parts = append(parts, render.Header(e, len(m.snap.Rows), m.cfg.Course.Rel(m.cfg.Course.StubPath(e)), o))
	if m.note != "" { // above the verdict, which a short screen cuts
		parts = append(parts, strings.Join(render.Wrap(m.note, width), "\n"))
	}
	parts = append(parts, m.verdict(o))
	if m.status != "" {
		parts = append(parts, strings.Join(render.Wrap(msgPolling.F(m.ui, m.status), width), "\n"))
	}
	if err := m.snap.SaveErr; err != nil {
		parts = append(parts, strings.Join(render.Wrap(msgNotSaved.F(m.ui, err), width), "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// verdict says what the shown exercise's runs say, and never shows an old
// verdict without saying it is old.
func (m *Model) verdict(o render.Options) string {
	run := m.run(m.view)
	shown := run.Shown
	var lines []string
	add := func(s string) { lines = append(lines, render.Wrap(s, o.Width)...) }
	switch {
	case shown == nil && run.Running == 0:
		add(msgWaiting.In(m.ui))
		return strings.Join(lines, "\n")
	case shown == nil:
		add(msgRunning.F(m.ui, run.Running))
		m.addActivity(&lines, run, o)
		return strings.Join(lines, "\n")
	case run.Running != 0 && run.Running != shown.Seq:
		if d, ok := m.started[m.view]; ok && shown.Result != nil && shown.Result.Digest == d {
			add(msgRerunning.F(m.ui, run.Running, shown.Seq))
		} else {
			add(msgStaleBelow.F(m.ui, run.Running, shown.Seq))
		}
		m.addActivity(&lines, run, o)
	default:
		add(msgRunLabel.F(m.ui, shown.Seq))
	}
	if shown.Err != nil {
		add(msgRunError.F(m.ui, shown.Err))
		return strings.Join(lines, "\n")
	}
	if shown.Quick {
		add(msgCheckingRace.In(m.ui))
		m.addActivity(&lines, run, o)
	}
	r := shown.Result
	lines = append(lines, render.Verdict(r.Exercise, r.Verdict, r.Race, o))
	if shown.Passes() {
		lines = append(lines, "")
		if rows := m.snap.Rows; progress.CountDone(rows) == len(rows) {
			add(msgAllDone.In(m.ui))
			for _, ch := range m.cfg.Course.ReadAfter() {
				add(render.ReadNext(ch.Title.In(m.ui), ch.ID, o))
			}
		} else {
			add(msgPassedBanner.F(m.ui, m.view+1, m.view+1))
		}
	}
	return strings.Join(lines, "\n")
}

// addActivity adds the line that says what the run in flight is doing.
func (m *Model) addActivity(lines *[]string, run *progress.Run, o render.Options) {
	p, ok := run.Activity()
	if !ok {
		return
	}
	checking := p.Race && run.Shown != nil && run.Shown.Quick
	*lines = append(*lines, render.Activity(p.Exercise.Number, checking, p.Progress, m.now, o))
	if note := render.BuildNote(p.Race, p.Progress, m.now, m.ui); note != "" {
		*lines = append(*lines, render.Wrap(note, o.Width)...)
	}
}
