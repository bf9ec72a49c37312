package tui

import (
	"fmt"
	"os"

	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
)

// chapterPane is the scrollable side of the screen: the shown exercise's
// chapter, or its solution. Its text is read and rendered in a command;
// asked names the text last asked for, so that a late answer to an older
// question is dropped.
type chapterPane struct {
	view  viewport.Model
	asked string
}

// chapterMsg is a rendered chapter or solution, for the question key.
type chapterMsg struct{ key, text string }

func (p *chapterPane) arrived(msg chapterMsg) {
	if msg.key != p.asked {
		return
	}
	p.view.SetContent(msg.text)
	p.view.GotoTop()
}

// chapterWidth is the width the chapter gets beside or below the panel.
func (m *Model) chapterWidth() int {
	_, w, _ := render.Split(m.width)
	return w
}

// chapterCmd asks for the text the chapter pane needs now, unless it is
// the one already asked for; it also sizes the pane to the layout.
func (m *Model) chapterCmd() tea.Cmd {
	width, height := m.chapterBox()
	m.chapter.view.SetWidth(width)
	m.chapter.view.SetHeight(height)
	e, lang, solution := m.exercise(m.view), m.lang, m.mode == modeSolution
	key := fmt.Sprintf("%s|%s|%d|%v", e.Chapter, lang, width, solution)
	if key == m.chapter.asked {
		return nil
	}
	m.chapter.asked = key
	c, plain, o, ui := m.cfg.Course, m.cfg.Plain, m.options(width), m.ui
	return func() tea.Msg {
		if solution {
			return chapterMsg{key, solutionText(c, e, o, ui)}
		}
		md, err := c.ReadChapter(e.Chapter, lang)
		if err != nil {
			return chapterMsg{key, i18n.Message(err, ui)}
		}
		text, err := render.Chapters(md, width, plain)
		if err != nil {
			return chapterMsg{key, i18n.Message(err, ui)}
		}
		return chapterMsg{key, text}
	}
}

// solutionText is the solution with line numbers, then how the learner's
// file differs from it.
func solutionText(c *course.Course, e *course.Exercise, o render.Options, ui i18n.Lang) string {
	solution, err := os.ReadFile(c.SolutionPath(e))
	if err != nil {
		return msgNoSolution.F(ui, err)
	}
	mine, _ := os.ReadFile(c.StubPath(e))
	return render.Solution(string(solution), string(mine), o)
}
