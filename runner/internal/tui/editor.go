package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// EditedMsg says how opening the editor went: Err, said in both
// languages, when it did not. A terminal editor's message comes when it
// ends and the screen is back; nothing else of the model changed meanwhile.
type EditedMsg struct{ Err error }

// edit opens the shown exercise's file through the runner's Edit, back on
// the verdict screen so that the save's run is in view.
func (m *Model) edit() tea.Cmd {
	if m.cfg.Edit == nil {
		return nil
	}
	m.mode = modeNormal
	return m.cfg.Edit(m.cfg.Course.StubPath(m.exercise(m.view)))
}

// edited shows what went wrong with the editor, if anything, where the
// screen's remarks go.
func (m *Model) edited(msg EditedMsg) {
	if msg.Err != nil {
		m.mode = modeNormal
		m.note = i18n.Message(msg.Err, m.ui)
	}
}
