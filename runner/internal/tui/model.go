// Package tui is the watch mode's full-screen interface: the chapter on one
// side, the progress and the live verdict on the other, updated as runs
// are reported. It starts no process and records nothing: it keeps what
// the screen shows (mode, exercise, cursor, scroll) and draws a snapshot of
// where the learner stands, which comes with every update, recorded by
// the owner (package progress) before it is sent. The r key asks for a
// run, the h key for a hint, the e key for the learner's editor, through
// functions; slow work — reading and rendering a chapter or a solution —
// happens in commands whose results come back as messages. Update and View touch no file, so the model can
// be driven and tested without a terminal.
package tui

import (
	"time"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// UpdateMsg is an update of watch mode — a run's start, report, end or
// skip — already recorded by the owner, with where the learner stands
// after it. A zero Update brings the snapshot alone (a hint counted).
type UpdateMsg struct {
	Update   progress.Update
	Snapshot *progress.Snapshot
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
	// Snapshot is where the learner stands when the model starts; each
	// UpdateMsg brings the next.
	Snapshot *progress.Snapshot
	Lang     i18n.Lang                 // of chapters and hints
	UI       func(i18n.Lang) i18n.Lang // the language of the model's own words for a content language
	Plain    bool                      // no colours (NO_COLOR, TERM=dumb)
	Start    int                       // index of the exercise shown first
	// AutoNext moves on to the next exercise as soon as the shown one
	// passes.
	AutoNext bool
	// Request asks for a run of exercise index i now.
	Request func(i int)
	// ShowHint asks the owner to count one more of exercise i's hint
	// tiers as seen; the count comes back in an UpdateMsg. It runs in a
	// command, off the screen's loop, and may wait. Nil to count none.
	ShowHint func(i int)
	// Edit returns the command that opens the file at path (absolute) in
	// the learner's editor, whose message is an EditedMsg. Nil to have no
	// e key.
	Edit func(path string) tea.Cmd
	// Links draws paths as links to their files (render.Links).
	Links render.Links
}

type mode int

const (
	modeNormal mode = iota
	modeHelp
	modeList
	modeHint
	modeSolution
	modeVerdict // the verdict on the whole screen, in its own viewport
)

// onWhole reports whether the mode draws on the whole screen, in the
// viewport whole: the verdict, and the help, which does not fit beside or
// above a chapter at 80×24.
func (md mode) onWhole() bool { return md == modeVerdict || md == modeHelp }

// Model is the watch mode's state. Create it with New.
type Model struct {
	cfg           Config
	lang, ui      i18n.Lang
	width, height int
	view          int // the exercise shown
	mode          mode
	listCursor    int
	// whole is the whole-screen verdict of modeVerdict, or the help,
	// filled again after every message while it is on screen.
	whole   viewport.Model
	chapter chapterPane
	note    string // a passing remark (solution locked, say)
	// started is the content each exercise's latest run started on, to
	// tell a re-run of the same files (r) from a run after a save.
	started map[int]gofiles.Digest
	// snap is where the learner stands, as the owner last said.
	snap   *progress.Snapshot
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
	m := &Model{cfg: cfg, lang: cfg.Lang, ui: cfg.UI(cfg.Lang), view: cfg.Start, snap: cfg.Snapshot,
		width: 80, height: 24, started: map[int]gofiles.Digest{}}
	m.chapter.view = viewport.New()
	m.chapter.view.MouseWheelEnabled = true
	m.whole = viewport.New()
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

// run is what the owner knows of exercise i's runs.
func (m *Model) run(i int) *progress.Run { return &m.snap.Rows[i].Run }

// passes reports whether exercise i's verdict on screen is a finished pass.
func (m *Model) passes(i int) bool { return m.run(i).Shown.Passes() }

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
		cmd = m.key(msg)
	case tea.MouseWheelMsg:
		cmd = m.scroll(msg)
	case UpdateMsg:
		m.updated(msg)
		cmd = m.tick()
	case tickMsg:
		m.now, m.ticking = time.Time(msg), false
		cmd = m.tick()
	case StatusMsg:
		m.status = msg.Text
	case chapterMsg:
		m.chapter.arrived(msg)
	case EditedMsg:
		m.edited(msg)
	}
	if m.mode.onWhole() {
		m.fillWhole() // the snapshot or the size may have changed
	}
	return m, tea.Batch(cmd, m.chapterCmd())
}

// fillWhole sizes the whole-screen viewport to the screen and gives it
// the help, or the verdict as it is now, every failure in full; where it
// was scrolled to stays, as far as the new text allows.
func (m *Model) fillWhole() {
	m.whole.SetWidth(m.width)
	m.whole.SetHeight(m.body())
	if m.mode == modeHelp {
		m.whole.SetContent(m.helpPanel(min(m.width, maxHelpWidth)))
		return
	}
	m.whole.SetContent(m.verdictPanel(m.width))
}

// maxHelpWidth keeps the help's lines readable on a wide screen.
const maxHelpWidth = 100

// updated takes the owner's new snapshot; with --auto-next, a pass of the
// exercise shown moves on to the next.
func (m *Model) updated(msg UpdateMsg) {
	m.snap = msg.Snapshot
	u := msg.Update
	if u.Kind == watch.RunStarted {
		m.started[u.Exercise] = u.Digest
	}
	if (u.Kind == watch.RunFinished || u.Kind == watch.RunSkipped) && u.Exercise == m.view &&
		m.cfg.AutoNext && m.passes(u.Exercise) && u.Exercise+1 < len(m.snap.Rows) {
		m.show(u.Exercise + 1)
	}
}

// tick asks for the next tick while some run is in flight.
func (m *Model) tick() tea.Cmd {
	if m.ticking {
		return nil
	}
	for _, row := range m.snap.Rows {
		if row.Run.Running != 0 {
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
	if run := m.run(i); run.Shown == nil && run.Running == 0 {
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
