package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// withEditor gives the harness's model an Edit that records the paths it
// is asked to open and answers with err.
func withEditor(h *harness, err error) *[]string {
	var opened []string
	h.m.cfg.Edit = func(path string) tea.Cmd {
		opened = append(opened, path)
		return func() tea.Msg { return EditedMsg{Err: err} }
	}
	return &opened
}

func TestEditOpensTheShownExercisesFile(t *testing.T) {
	h := newHarness(t, false)
	opened := withEditor(h, nil)
	h.key("?")
	h.key("e")
	require.Equal(t, []string{h.c.StubPath(&h.c.Exercises[0])}, *opened, "e opens the shown exercise's file, by its absolute path")
	assert.Equal(t, modeNormal, h.m.mode, "back on the verdict, where the save's run shows")

	h.key("v")
	h.key("e")
	assert.Len(t, *opened, 2, "e works from the whole-screen verdict too")
	assert.Equal(t, modeNormal, h.m.mode)

	h.key("l")
	h.key("down")
	h.key("enter")
	h.key("e")
	assert.Equal(t, h.c.StubPath(&h.c.Exercises[1]), (*opened)[2], "the exercise on screen, not the first")
	assert.NotContains(t, h.screen(), "editor", "a success says nothing")
}

func TestEditorErrorsAreOneSentenceInTheLearnersLanguage(t *testing.T) {
	fail := i18n.NewError(i18n.Text{En: "The editor `vim` ended with status 1.", Zh: "编辑器 `vim` 以状态 1 退出。"})
	for _, tt := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.En, "The editor `vim` ended with status 1."}, {i18n.Zh, "编辑器 `vim` 以状态 1 退出。"}} {
		h := newHarness(t, false)
		h.m.lang, h.m.ui = tt.lang, tt.lang
		withEditor(h, fail)
		h.key("e")
		assert.Contains(t, h.screen(), tt.want)
		h.key("r")
		assert.NotContains(t, h.screen(), tt.want, "the remark goes with the next key")
	}
}

func TestNoEditKeyWithoutAnEditor(t *testing.T) {
	h := newHarness(t, false)
	before := h.screen()
	assert.Nil(t, h.key("e"))
	assert.Equal(t, before, h.screen(), "e does nothing when the runner gives no editor")
}

func TestEditIsInTheKeysAndTheHelp(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		want := map[i18n.Lang]string{i18n.En: "e edit", i18n.Zh: "e 编辑"}[lang]
		assert.Contains(t, msgKeys.In(lang), want)
		assert.Contains(t, msgKeysShort.In(lang), want)
		assert.Contains(t, msgHelpBody.In(lang), "\ne  ")
	}
}
