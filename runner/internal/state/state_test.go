package state

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	root := t.TempDir()
	s, warn, err := Open(root)
	require.NoError(t, err)
	require.NoError(t, warn)
	assert.Equal(t, 0, s.HintsShown("echo"))
	s.SetHintsShown("echo", 2)
	at := time.Date(2026, 11, 22, 5, 0, 0, 0, time.UTC)
	s.SetLastRun("echo", LastRun{Passed: true, Kind: "pass", TestsPassed: 8, TestsTotal: 8, Fingerprint: "abc", At: at})
	require.NoError(t, s.Save())

	again, warn, err := Open(root)
	require.NoError(t, err)
	require.NoError(t, warn)
	assert.Equal(t, 2, again.HintsShown("echo"))
	v, ok := again.LastRun("echo")
	require.True(t, ok)
	assert.Equal(t, LastRun{Passed: true, Kind: "pass", TestsPassed: 8, TestsTotal: 8, Fingerprint: "abc", At: at}, v)
	assert.FileExists(t, filepath.Join(root, DirName, ".gitignore"), "the state folder ignores itself in git")
}

func TestBadFilesAreReportedAndReplaced(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"not JSON", "{{{ garbage"},
		{"another version", `{"version": 99, "hints": {"echo": 3}}`},
		{"a foreign JSON file", `["something", "else"]`},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Join(root, DirName), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, DirName, fileName), []byte(tt.content), 0o644))
			s, warn, err := Open(root)
			require.NoError(t, err)
			require.Error(t, warn, "a file that cannot be read must be reported")
			assert.Contains(t, warn.Error(), "replaced")
			assert.Equal(t, 0, s.HintsShown("echo"), "a bad file gives an empty state")
			s.SetHintsShown("echo", 1)
			require.NoError(t, s.Save(), "and is replaced on save")
			again, warn, err := Open(root)
			require.NoError(t, err)
			require.NoError(t, warn)
			assert.Equal(t, 1, again.HintsShown("echo"))
		})
	}
}

func TestDeletedFolderIsAFreshStart(t *testing.T) {
	root := t.TempDir()
	s, _, err := Open(root)
	require.NoError(t, err)
	s.SetHintsShown("join", 1)
	require.NoError(t, s.Save())
	require.NoError(t, os.RemoveAll(filepath.Join(root, DirName)))
	again, warn, err := Open(root)
	require.NoError(t, err)
	require.NoError(t, warn)
	assert.Equal(t, 0, again.HintsShown("join"))
}

func TestBackupNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "echo.go")
	require.NoError(t, os.WriteFile(src, []byte("first"), 0o644))
	s, _, err := Open(root)
	require.NoError(t, err)
	first, err := s.Backup("echo", src)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(src, []byte("second"), 0o644))
	second, err := s.Backup("echo", src)
	require.NoError(t, err)
	assert.NotEqual(t, first, second, "two backups in the same second must not share a path")
	for path, want := range map[string]string{first: "first", second: "second"} {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
}
