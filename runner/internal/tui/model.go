// Package tui is the watch mode's full-screen interface: the chapter on one
// side, the progress and the live verdict on the other, updated as the
// scheduler reports runs. It starts no process itself: runs arrive as
// messages and the r key asks for one through a function, so the model can
// be driven and tested without a terminal.
package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// Outcome is what one run of an exercise gave.
type Outcome struct {
	Result *check.Result // nil when Err is set
	Err    error
}

// RunMsg carries a scheduler event into the model.
type RunMsg struct{ Event watch.Event[*Outcome] }

// ProgressMsg says how run Seq of the exercise directory Dir is going.
type ProgressMsg struct {
	Dir      string
	Seq      int
	Progress check.RunProgress
}

// tickMsg moves the clock of the elapsed times shown while a run is in
// flight.
type tickMsg time.Time

// tickEvery is how often those times are redrawn.
const tickEvery = 500 * time.Millisecond

// StatusMsg says how the files are being watched, when that is worth
// saying (polling, and why); "" clears it.
type StatusMsg struct{ Text string }

// Config is what the model needs from the runner.
type Config struct {
	Course *course.Course
	Store  *state.Store
	Lang   i18n.Lang                 // of chapters and hints
	UI     func(i18n.Lang) i18n.Lang // the language of the model's own words for a content language
	Plain  bool                      // no colours (NO_COLOR, TERM=dumb)
	Start  int                       // index of the exercise shown first
	// AutoNext moves on to the next exercise as soon as the shown one
	// passes.
	AutoNext bool
	// Request asks for a run of an exercise directory now.
	Request func(dir string)
	// Save persists the state after a verdict or a hint; nil to skip.
	Save func()
}

type mode int

const (
	modeNormal mode = iota
	modeHelp
	modeList
	modeHint
	modeSolution
)

// runState is what the model knows of one exercise's runs.
type runState struct {
	running int                    // seq of the run in flight, 0 when none
	shown   *watch.Event[*Outcome] // the verdict on screen: finished, skipped or partial
	// progress of run progressSeq, by whether it is the race-checked run
	// (RunTwin's two runs report apart). A run may report before its
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

// Model is the watch mode's state. Create it with New.
type Model struct {
	cfg           Config
	lang, ui      i18n.Lang
	width, height int
	view          int // the exercise shown
	mode          mode
	listCursor    int
	runs          map[string]*runState // by exercise directory
	chapter       viewport.Model
	chapterKey    string // what the viewport holds, to render only on change
	note          string // a passing remark (solution locked, say)
	narrow        bool   // the panel sits above the chapter: keep it short
	// rows are the progress as the state holds it. They change only when a
	// verdict is recorded (an edit always starts a run), so they are
	// computed then, not on every render: each computation hashes every
	// exercise's files.
	rows   []render.Row
	status string // how the files are watched
	// now is the time of the last tick, for the elapsed times on screen;
	// ticking says a tick is on its way.
	now     time.Time
	ticking bool
}

// New returns the model, showing the exercise cfg.Start.
func New(cfg Config) *Model {
	m := &Model{cfg: cfg, lang: cfg.Lang, ui: cfg.UI(cfg.Lang), view: cfg.Start, runs: map[string]*runState{},
		width: 80, height: 24}
	m.chapter = viewport.New()
	m.chapter.MouseWheelEnabled = true
	m.rows = check.Progress(cfg.Course, cfg.Store)
	return m
}

// Init asks for the first run of the exercise shown.
func (m *Model) Init() tea.Cmd {
	m.request(m.view)
	return nil
}

func (m *Model) exercise(i int) *course.Exercise { return &m.cfg.Course.Exercises[i] }

func (m *Model) dir(i int) string { return m.cfg.Course.ExerciseDir(m.exercise(i)) }

func (m *Model) run(i int) *runState {
	rs, ok := m.runs[m.dir(i)]
	if !ok {
		rs = &runState{}
		m.runs[m.dir(i)] = rs
	}
	return rs
}

func (m *Model) request(i int) {
	if m.cfg.Request != nil {
		m.cfg.Request(m.dir(i))
	}
}

// passes reports whether exercise i's verdict on screen is a finished pass.
func (m *Model) passes(i int) bool {
	rs := m.run(i)
	return rs.shown != nil && rs.shown.Kind != watch.RunPartial && rs.shown.Value.Result != nil &&
		rs.shown.Value.Result.Passed()
}

// Update handles keys, the mouse, resizes and run events.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = max(msg.Width, 20), max(msg.Height, 8)
	case tea.KeyPressMsg:
		return m, m.key(msg.String())
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.chapter, cmd = m.chapter.Update(msg)
		return m, cmd
	case RunMsg:
		m.event(msg.Event)
	case ProgressMsg:
		m.progress(msg)
		return m, m.tick()
	case tickMsg:
		m.now, m.ticking = time.Time(msg), false
		return m, m.tick()
	case StatusMsg:
		m.status = msg.Text
	}
	return m, nil
}

// progress keeps what the latest run reports; reports of runs that are
// over or superseded are dropped.
func (m *Model) progress(msg ProgressMsg) {
	i := m.index(msg.Dir)
	if i < 0 {
		return
	}
	rs := m.run(i)
	switch {
	case msg.Seq < max(rs.running, rs.progressSeq):
		return // a run that is over or superseded
	case msg.Seq > rs.progressSeq:
		rs.progress, rs.progressSeq = map[bool]check.RunProgress{}, msg.Seq
	}
	rs.progress[msg.Progress.Race] = msg.Progress
}

// tick asks for the next tick while some run is in flight.
func (m *Model) tick() tea.Cmd {
	if m.ticking {
		return nil
	}
	for _, rs := range m.runs {
		if rs.running != 0 {
			m.ticking = true
			return tea.Tick(tickEvery, func(t time.Time) tea.Msg { return tickMsg(t) })
		}
	}
	return nil
}

func (m *Model) key(k string) tea.Cmd {
	if k == "ctrl+c" || k == "q" {
		return tea.Quit
	}
	if m.mode == modeList {
		switch k {
		case "up", "k":
			m.listCursor = max(0, m.listCursor-1)
		case "down", "j":
			m.listCursor = min(len(m.cfg.Course.Exercises)-1, m.listCursor+1)
		case "enter":
			m.show(m.listCursor)
			m.mode = modeNormal
		case "esc", "l":
			m.mode = modeNormal
		}
		return nil
	}
	m.note = ""
	switch k {
	case "esc":
		m.mode = modeNormal
	case "?":
		m.toggle(modeHelp)
	case "l":
		m.listCursor = m.view
		m.mode = modeList
	case "h":
		e := m.exercise(m.view)
		if m.mode != modeHint {
			m.cfg.Store.SetHintsShown(e.ID, min(m.cfg.Store.HintsShown(e.ID)+1, len(e.Hints)))
			m.save()
		}
		m.toggle(modeHint)
	case "r":
		m.request(m.view)
	case "t":
		next := map[i18n.Lang]i18n.Lang{i18n.En: i18n.Zh, i18n.Zh: i18n.Both, i18n.Both: i18n.En}
		m.lang = next[m.lang]
		m.ui = m.cfg.UI(m.lang)
	case "s":
		if !m.passes(m.view) {
			m.note = msgSolutionLock.In(m.ui)
			return nil
		}
		m.toggle(modeSolution)
	case "n":
		if m.passes(m.view) && m.view+1 < len(m.cfg.Course.Exercises) {
			m.show(m.view + 1)
		}
	default:
		var cmd tea.Cmd
		m.chapter, cmd = m.chapter.Update(tea.KeyPressMsg(keyOf(k)))
		return cmd
	}
	return nil
}

// keyOf turns a key's name back into a key for the viewport's key map.
func keyOf(k string) tea.Key {
	switch k {
	case "up":
		return tea.Key{Code: tea.KeyUp}
	case "down":
		return tea.Key{Code: tea.KeyDown}
	case "pgup":
		return tea.Key{Code: tea.KeyPgUp}
	case "pgdown", "space":
		return tea.Key{Code: tea.KeyPgDown}
	case "home":
		return tea.Key{Code: tea.KeyHome}
	case "end":
		return tea.Key{Code: tea.KeyEnd}
	}
	r := []rune(k)
	if len(r) == 1 {
		return tea.Key{Code: r[0], Text: k}
	}
	return tea.Key{}
}

func (m *Model) toggle(to mode) {
	if m.mode == to {
		m.mode = modeNormal
	} else {
		m.mode = to
	}
}

// show switches to exercise i, asking for its first run when it has none.
func (m *Model) show(i int) {
	m.view = i
	m.mode = modeNormal
	if rs := m.run(i); rs.shown == nil && rs.running == 0 {
		m.request(i)
	}
}

func (m *Model) event(ev watch.Event[*Outcome]) {
	i := m.index(ev.Dir)
	if i < 0 {
		return
	}
	rs := m.run(i)
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
			check.Record(m.cfg.Store, ev.Value.Result)
			m.save()
			m.rows = check.Progress(m.cfg.Course, m.cfg.Store)
		}
		if i == m.view && m.cfg.AutoNext && m.passes(i) && i+1 < len(m.cfg.Course.Exercises) {
			m.show(i + 1)
		}
	}
}

func (m *Model) save() {
	if m.cfg.Save != nil {
		m.cfg.Save()
	}
}

func (m *Model) index(dir string) int {
	for i := range m.cfg.Course.Exercises {
		if filepath.Clean(m.dir(i)) == filepath.Clean(dir) {
			return i
		}
	}
	return -1
}

// View draws the screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

// Render draws the screen as text, as View shows it.
func (m *Model) Render() string {
	w, h := m.width, m.height
	keys := msgKeys
	switch m.mode {
	case modeList:
		keys = msgKeysList
	case modeHelp, modeHint, modeSolution:
		keys = msgKeysBack
	}
	status := render.Truncate(keys.In(m.ui), w)
	body := h - 1
	var screen string
	if w >= 120 {
		chapterW := min(110, w-40-3)
		panelW := w - chapterW - 3
		m.fillChapter(chapterW, body)
		m.narrow = false
		panel := cut(strings.Split(m.panel(panelW), "\n"), body)
		screen = render.Columns(strings.Split(m.chapter.View(), "\n"), panel, chapterW)
	} else {
		m.narrow = true
		panel := cut(strings.Split(m.panel(w), "\n"), max(3, body/2))
		chapterH := max(1, body-len(panel)-1)
		m.fillChapter(w, chapterH)
		screen = strings.Join(panel, "\n") + "\n" + strings.Repeat("─", w) + "\n" + m.chapter.View()
	}
	lines := cut(strings.Split(screen, "\n"), body)
	for i := range lines {
		lines[i] = render.Truncate(lines[i], w) // the last guard: never wider than the terminal
	}
	for len(lines) < body {
		lines = append(lines, "")
	}
	return strings.Join(append(lines, status), "\n")
}

// cut keeps at most n lines, marking the cut.
func cut(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	return append(lines[:n-1:n-1], "…")
}

// fillChapter puts the shown exercise's chapter (or its solution) into the
// viewport at the given size, rendering only when something changed.
func (m *Model) fillChapter(width, height int) {
	m.chapter.SetWidth(width)
	m.chapter.SetHeight(height)
	e := m.exercise(m.view)
	key := fmt.Sprintf("%s|%s|%d|%v", e.Chapter, m.lang, width, m.mode == modeSolution)
	if key == m.chapterKey {
		return
	}
	m.chapterKey = key
	var text string
	if m.mode == modeSolution {
		text = m.solutionText(e, width)
	} else {
		var err error
		text, err = render.Chapters(m.chapterRenders(e.Chapter), width)
		if err != nil {
			text = err.Error()
		}
	}
	m.chapter.SetContent(text)
	m.chapter.GotoTop()
}

func (m *Model) chapterRenders(file string) []func(int) (string, error) {
	return render.ChapterRenders(m.cfg.Course, m.lang, file, m.cfg.Plain)
}

func (m *Model) solutionText(e *course.Exercise, width int) string {
	solution, err := os.ReadFile(m.cfg.Course.SolutionPath(e))
	if err != nil {
		return err.Error()
	}
	mine, _ := os.ReadFile(m.cfg.Course.StubPath(e))
	o := m.options(width)
	return render.Code(string(solution), width) + "\n\n" + render.Diff(string(mine), string(solution), width, o)
}

func (m *Model) options(width int) render.Options {
	return render.Options{Width: width, Plain: m.cfg.Plain, Lang: m.ui}
}

// panel is the right (or top) side: progress, the exercise, its verdict;
// or the help, the list or the hints.
func (m *Model) panel(width int) string {
	o := m.options(width)
	e := m.exercise(m.view)
	var parts []string
	switch m.mode {
	case modeHelp:
		return msgHelpTitle.In(m.ui) + "\n\n" + strings.Join(render.Wrap(msgHelpBody.In(m.ui), width), "\n")
	case modeList:
		var lines []string
		lines = append(lines, msgListTitle.In(m.ui), "")
		for i, row := range m.rows {
			prefix := "  "
			if i == m.listCursor {
				prefix = "> "
			}
			lines = append(lines, render.Truncate(prefix+render.List([]render.Row{row}, o), width))
		}
		return strings.Join(lines, "\n")
	case modeHint:
		shown := max(1, m.cfg.Store.HintsShown(e.ID))
		lines := []string{msgHintsTitle.F(m.ui, e.Number), ""}
		for i := range min(shown, len(e.Hints)) {
			lines = append(lines, msgHintTier.F(m.ui, i+1, len(e.Hints)))
			lines = append(lines, render.Indent(render.Wrap(e.Hints[i].In(m.lang), width-2), "  ")...)
			lines = append(lines, "")
		}
		if shown >= len(e.Hints) {
			lines = append(lines, msgHintNoMore.In(m.ui))
		}
		return strings.Join(lines, "\n")
	}
	if m.narrow {
		parts = append(parts, render.ProgressLine(m.rows, o))
	} else {
		parts = append(parts, render.Progress(m.rows, o))
	}
	rel, _ := filepath.Rel(m.cfg.Course.Root, m.cfg.Course.StubPath(e))
	parts = append(parts, render.Header(e, len(m.cfg.Course.Exercises), filepath.ToSlash(rel), o))
	parts = append(parts, m.verdict(o))
	if m.status != "" {
		parts = append(parts, strings.Join(render.Wrap(msgPolling.F(m.ui, m.status), width), "\n"))
	}
	if m.note != "" {
		parts = append(parts, strings.Join(render.Wrap(m.note, width), "\n"))
	}
	return strings.Join(parts, "\n\n")
}

// verdict says what the shown exercise's runs say, and never shows an old
// verdict without saying it is old.
func (m *Model) verdict(o render.Options) string {
	rs := m.run(m.view)
	var lines []string
	add := func(s string) { lines = append(lines, render.Wrap(s, o.Width)...) }
	switch {
	case rs.shown == nil && rs.running == 0:
		add(msgWaiting.In(m.ui))
		return strings.Join(lines, "\n")
	case rs.shown == nil:
		add(msgRunning.F(m.ui, rs.running))
		m.addActivity(&lines, rs, o)
		return strings.Join(lines, "\n")
	case rs.running != 0 && rs.running != rs.shown.Seq:
		add(msgStaleBelow.F(m.ui, rs.running, rs.shown.Seq))
		m.addActivity(&lines, rs, o)
	default:
		add(msgRunLabel.F(m.ui, rs.shown.Seq))
	}
	out := rs.shown.Value
	switch {
	case out.Err != nil:
		add(msgRunError.F(m.ui, out.Err))
	default:
		if rs.shown.Kind == watch.RunPartial {
			add(msgCheckingRace.In(m.ui))
			m.addActivity(&lines, rs, o)
		}
		lines = append(lines, render.Verdict(out.Result.Exercise, out.Result.Verdict, out.Result.Race, o))
		if m.passes(m.view) {
			lines = append(lines, "")
			if m.allPass() {
				add(msgAllDone.In(m.ui))
			} else {
				add(msgPassedBanner.F(m.ui, m.view+1))
			}
		}
	}
	return strings.Join(lines, "\n")
}

// addActivity adds the line that says what the run in flight is doing.
func (m *Model) addActivity(lines *[]string, rs *runState, o render.Options) {
	p, ok := rs.activity()
	if !ok {
		return
	}
	checking := p.Race && rs.shown != nil && rs.shown.Kind == watch.RunPartial
	*lines = append(*lines, render.Activity(p.Exercise.Number, checking, p.Progress, m.now, o))
	if note := render.BuildNote(p.Race, p.Progress, m.now, m.ui); note != "" {
		*lines = append(*lines, render.Wrap(note, o.Width)...)
	}
}

func (m *Model) allPass() bool {
	for _, r := range m.rows {
		if r.Status != render.Done {
			return false
		}
	}
	return true
}
