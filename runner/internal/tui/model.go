// Package tui is the watch mode's full-screen interface: the chapter on one
// side, the progress and the live verdict on the other, updated as runs
// are reported. It starts no process and records nothing: runs and their
// progress arrive as messages (already recorded by the caller), the r key
// asks for a run through a function, and slow work — reading and
// rendering a chapter or a solution, saving the state — happens in
// commands whose results come back as messages. Update and View touch no
// file, so the model can be driven and tested without a terminal.
package tui

import (
	"time"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// Outcome is what one run of an exercise gave.
type Outcome struct {
	Result *check.Result // nil when Err is set
	Err    error
}

// RunMsg carries a scheduler event of exercise index Exercise into the
// model. A finished run's result is recorded before the message is sent.
type RunMsg struct {
	Exercise int
	Event    watch.Event[*Outcome]
}

// ProgressMsg says how run Seq of exercise index Exercise is going.
type ProgressMsg struct {
	Exercise int
	Seq      int
	Progress check.RunProgress
}

// StatusMsg says how the files are being watched, when that is worth
// saying (polling, and why); "" clears it.
type StatusMsg struct{ Text string }

// tickMsg moves the clock of the elapsed times shown while a run is in
// flight.
type tickMsg time.Time

// tickEvery is how often those times are redrawn.
const tickEvery = 500 * time.Millisecond

// Config is what the model needs from the runner.
type Config struct {
	Course *course.Course
	// Progress is where the learner stands. The model reads it (memory
	// only) and counts hints in it; the caller records runs in it.
	Progress *progress.Tracker
	Lang     i18n.Lang                 // of chapters and hints
	UI       func(i18n.Lang) i18n.Lang // the language of the model's own words for a content language
	Plain    bool                      // no colours (NO_COLOR, TERM=dumb)
	Start    int                       // index of the exercise shown first
	// AutoNext moves on to the next exercise as soon as the shown one
	// passes.
	AutoNext bool
	// Request asks for a run of exercise index i now.
	Request func(i int)
	// Save persists the state after a hint; it runs in a command, off the
	// screen's loop. Nil to skip.
	Save func() error
}

type mode int

const (
	modeNormal mode = iota
	modeHelp
	modeList
	modeHint
	modeSolution
	modeVerdict // the panel on the whole screen, scrolled by verdictTop
)

// Model is the watch mode's state. Create it with New.
type Model struct {
	cfg           Config
	lang, ui      i18n.Lang
	width, height int
	view          int // the exercise shown
	mode          mode
	listCursor    int
	verdictTop    int        // the first line shown in modeVerdict
	runs          []runState // by exercise index
	chapter       chapterPane
	note          string // a passing remark (solution locked, say)
	// rows are the progress as last read from the tracker: at the start
	// and after each recorded run.
	rows   []progress.Row
	status string // how the files are watched
	// now is the time of the last tick, for the elapsed times on screen;
	// ticking says a tick is on its way.
	now     time.Time
	ticking bool
	// tickCmd schedules the next tick; tests replace it.
	tickCmd func() tea.Cmd
}

// New returns the model, showing the exercise cfg.Start.
func New(cfg Config) *Model {
	m := &Model{cfg: cfg, lang: cfg.Lang, ui: cfg.UI(cfg.Lang), view: cfg.Start,
		runs: make([]runState, len(cfg.Course.Exercises)), width: 80, height: 24}
	m.chapter.view = viewport.New()
	m.chapter.view.MouseWheelEnabled = true
	m.rows = cfg.Progress.Rows()
	m.tickCmd = func() tea.Cmd {
		return tea.Tick(tickEvery, func(t time.Time) tea.Msg { return tickMsg(t) })
	}
	return m
}

// Init asks for the first run of the exercise shown and its chapter.
func (m *Model) Init() tea.Cmd {
	m.request(m.view)
	return m.chapterCmd()
}

func (m *Model) exercise(i int) *course.Exercise { return &m.cfg.Course.Exercises[i] }

func (m *Model) request(i int) {
	if m.cfg.Request != nil {
		m.cfg.Request(i)
	}
}

// Update handles keys, the mouse, resizes, run events and the results of
// the model's own commands. Every path ends by asking for the chapter the
// screen now needs, when it is not the one on screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
	case tea.KeyPressMsg:
		cmd = m.key(msg.String())
	case tea.MouseWheelMsg:
		m.chapter.view, cmd = m.chapter.view.Update(msg)
	case RunMsg:
		m.event(msg)
	case ProgressMsg:
		m.progress(msg)
		cmd = m.tick()
	case tickMsg:
		m.now, m.ticking = time.Time(msg), false
		cmd = m.tick()
	case StatusMsg:
		m.status = msg.Text
	case chapterMsg:
		m.chapter.arrived(msg)
	case savedMsg:
		if msg.err != nil {
			m.note = msgNotSaved.F(m.ui, msg.err)
		}
	}
	return m, tea.Batch(cmd, m.chapterCmd())
}

// savedMsg is the end of a save of the state.
type savedMsg struct{ err error }

func (m *Model) save() tea.Cmd {
	if m.cfg.Save == nil {
		return nil
	}
	return func() tea.Msg { return savedMsg{m.cfg.Save()} }
}

// tick asks for the next tick while some run is in flight.
func (m *Model) tick() tea.Cmd {
	if m.ticking {
		return nil
	}
	for _, rs := range m.runs {
		if rs.running != 0 {
			m.ticking = true
			return m.tickCmd()
		}
	}
	return nil
}

// show switches to exercise i, asking for its first run when it has none.
func (m *Model) show(i int) {
	m.view = i
	m.mode = modeNormal
	if rs := &m.runs[i]; rs.shown == nil && rs.running == 0 {
		m.request(i)
	}
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}
