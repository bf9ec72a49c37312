package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// intent is what a key asks for, whatever the screen shows.
type intent int

const (
	noIntent intent = iota
	intentQuit
	intentBack
	intentHelp
	intentList
	intentHint
	intentRerun
	intentLanguage
	intentSolution
	intentNext
	intentVerdict
	intentEdit
	intentUp
	intentDown
	intentChoose
	intentTop
	intentBottom
	intentScroll // anything else: the chapter's or the verdict's viewport may take it
)

// The keys of each mode: the list takes few keys; the whole-screen verdict
// a few of its own, and the viewport's (arrows, pages, j, k); everywhere
// else the letters of the footer apply, and the chapter's viewport may take
// the rest.
var (
	listKeys    = map[string]intent{"up": intentUp, "k": intentUp, "down": intentDown, "j": intentDown, "enter": intentChoose, "l": intentBack}
	verdictKeys = map[string]intent{"home": intentTop, "g": intentTop, "end": intentBottom, "G": intentBottom, "v": intentBack, "e": intentEdit}
	helpKeys    = map[string]intent{"home": intentTop, "g": intentTop, "end": intentBottom, "G": intentBottom, "?": intentHelp, "e": intentEdit}
	screenKeys  = map[string]intent{"?": intentHelp, "l": intentList, "h": intentHint, "r": intentRerun, "t": intentLanguage,
		"s": intentSolution, "n": intentNext, "v": intentVerdict, "e": intentEdit}
)

// intentOf maps a key to what it asks for in the given mode: the one
// place keys are bound.
func intentOf(k string, in mode) intent {
	switch k {
	case "ctrl+c", "q":
		return intentQuit
	case "esc":
		return intentBack
	}
	keys := screenKeys
	switch in {
	case modeList:
		return listKeys[k] // noIntent for any other
	case modeVerdict:
		keys = verdictKeys
	case modeHelp:
		keys = helpKeys
	}
	if i, ok := keys[k]; ok {
		return i
	}
	return intentScroll
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	in := intentOf(msg.String(), m.mode)
	if m.mode != modeList {
		m.note = ""
	}
	switch in {
	case intentQuit:
		return tea.Quit
	case intentBack:
		m.mode = modeNormal
	case intentUp:
		m.listCursor = max(0, m.listCursor-1)
	case intentDown:
		m.listCursor = min(len(m.snap.Rows)-1, m.listCursor+1)
	case intentTop:
		m.whole.GotoTop()
	case intentBottom:
		m.whole.GotoBottom()
	case intentChoose:
		m.show(m.listCursor)
	case intentHelp:
		m.toggle(modeHelp)
		if m.mode == modeHelp {
			m.fillWhole()
			m.whole.GotoTop()
		}
	case intentList:
		m.listCursor = m.view
		m.mode = modeList
	case intentHint:
		var cmd tea.Cmd
		if m.mode != modeHint && m.cfg.ShowHint != nil {
			i, showHint := m.view, m.cfg.ShowHint
			cmd = func() tea.Msg {
				showHint(i) // the owner's snapshot says the count
				return nil
			}
		}
		m.toggle(modeHint)
		return cmd
	case intentRerun:
		m.request(m.view)
	case intentLanguage:
		next := map[i18n.Lang]i18n.Lang{i18n.En: i18n.Zh, i18n.Zh: i18n.Both, i18n.Both: i18n.En}
		m.lang = next[m.lang]
		m.ui = m.cfg.UI(m.lang)
	case intentSolution:
		if !m.passes(m.view) {
			m.note = msgSolutionLock.In(m.ui)
			return nil
		}
		m.toggle(modeSolution)
	case intentVerdict:
		m.mode = modeVerdict
		m.fillWhole()
		m.whole.GotoTop()
	case intentNext:
		if m.passes(m.view) && m.view+1 < len(m.snap.Rows) {
			m.show(m.view + 1)
		}
	case intentEdit:
		return m.edit()
	case intentScroll:
		return m.scroll(msg)
	}
	return nil
}

// scroll hands a key or the mouse wheel to the viewport on screen: the
// whole screen's (verdict, help), else the chapter's.
func (m *Model) scroll(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if m.mode.onWhole() {
		m.whole, cmd = m.whole.Update(msg)
	} else {
		m.chapter.view, cmd = m.chapter.view.Update(msg)
	}
	return cmd
}

func (m *Model) toggle(to mode) {
	if m.mode == to {
		m.mode = modeNormal
	} else {
		m.mode = to
	}
}
