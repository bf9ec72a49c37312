package state

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEditCmdIsRememberedAndForgotten(t *testing.T) {
	root := t.TempDir()
	s, _ := Open(root)
	assert.Empty(t, s.EditCmd(), "no command until one is chosen")
	s.SetEditCmd("code --wait")
	require.NoError(t, s.Save())

	// Another process's save (watch mode's progress) keeps the setting.
	other, _ := Open(root)
	other.ShowHint("echo", 3)
	require.NoError(t, other.Save())

	again, warn := Open(root)
	require.NoError(t, warn)
	assert.Equal(t, "code --wait", again.EditCmd())
	assert.Equal(t, 1, again.HintsShown("echo"))

	again.SetEditCmd("")
	require.NoError(t, again.Save())
	last, _ := Open(root)
	assert.Empty(t, last.EditCmd(), `"" forgets the command`)
}
