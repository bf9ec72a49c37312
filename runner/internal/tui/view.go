package tui

import (
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
)

// The layout's heights; its widths are render.Split's.
const (
	minNarrowTop  = 3 // lines of panel above a narrow screen's chapter, at least
	footerHeight  = 1
	narrowDivider = 1 // the rule between panel and chapter
)

func (m *Model) wide() bool {
	wide, _, _ := render.Split(m.width)
	return wide
}

func (m *Model) body() int { return m.height - footerHeight }

// panelLines is the panel drawn for the layout, cut to the lines it may
// take; a cut verdict says how to see the rest.
func (m *Model) panelLines() []string {
	if wide, _, panelW := render.Split(m.width); wide {
		return m.cutPanel(strings.Split(m.panel(panelW), "\n"), m.body())
	}
	return m.cutPanel(strings.Split(m.panel(m.width), "\n"), max(minNarrowTop, m.body()/2))
}

// cutPanel keeps at most n lines of the panel, the last saying how many
// more there are and which key shows them.
func (m *Model) cutPanel(lines []string, n int) []string {
	if len(lines) <= n || n <= 0 || m.mode != modeNormal {
		return cut(lines, n)
	}
	more := render.Truncate(msgMoreVerdict.F(m.ui, len(lines)-n+1), m.width)
	return append(lines[:n-1:n-1], more)
}

// chapterBox is the chapter pane's size in the layout.
func (m *Model) chapterBox() (width, height int) {
	if m.wide() {
		return m.chapterWidth(), m.body()
	}
	return m.width, max(1, m.body()-len(m.panelLines())-narrowDivider)
}

// Render draws the screen as text, as View shows it.
func (m *Model) Render() string {
	w, body := m.width, m.body()
	status := render.Truncate(m.footer(), w)
	var screen string
	if m.mode.onWhole() {
		screen = m.whole.View()
	} else if panel := m.panelLines(); m.wide() {
		screen = render.Columns(strings.Split(m.chapter.view.View(), "\n"), panel, m.chapterWidth())
	} else {
		screen = strings.Join(panel, "\n") + "\n" + strings.Repeat("─", w) + "\n" + m.chapter.view.View()
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

// footer is the keys line: the mode's own keys, or the screen's (all of
// them, or the main ones when all do not fit), with ←→ when a code line of
// the chapter or the solution is cut on screen, and only then.
func (m *Model) footer() string {
	keys, own := map[mode]i18n.Text{modeList: msgKeysList, modeHelp: msgKeysBack, modeHint: msgKeysBack,
		modeVerdict: msgKeysBack, modeSolution: msgKeysBack}[m.mode]
	sideways := (m.mode == modeNormal || m.mode == modeSolution) && m.chapterCut()
	if m.mode == modeSolution && sideways {
		return msgKeysSideways.In(m.ui)
	}
	if own {
		return keys.In(m.ui)
	}
	arrows := ""
	if sideways {
		arrows = msgKeysCode.In(m.ui) + " · "
	}
	if all := arrows + msgKeys.In(m.ui); render.Width(all) <= m.width {
		return all
	}
	return arrows + msgKeysShort.In(m.ui)
}

// chapterCut reports whether the chapter pane shows a line cut at its
// right edge, or is scrolled sideways (← brings it back).
func (m *Model) chapterCut() bool {
	v := &m.chapter.view
	if v.XOffset() > 0 {
		return true
	}
	lines := strings.Split(v.GetContent(), "\n")
	top := min(v.YOffset(), len(lines))
	for _, l := range lines[top:min(top+v.Height(), len(lines))] {
		if render.Width(l) > v.Width() {
			return true
		}
	}
	return false
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

func (m *Model) options(width int) render.Options {
	return render.Options{Width: width, Plain: m.cfg.Plain, Lang: m.ui, Messages: m.lang, Links: m.cfg.Links}
}

// panel is the right (or top) side: by mode, the list, the hints, or the
// exercise and its verdict (the help has the whole screen).
func (m *Model) panel(width int) string {
	switch m.mode {
	case modeList:
		return m.listPanel(width)
	case modeHint:
		return m.hintsPanel(width)
	}
	return m.verdictPanel(width)
}
