package state

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	root := t.TempDir()
	s, warn := Open(root)
	require.NoError(t, warn)
	assert.Equal(t, 0, s.HintsShown("echo"))
	s.ShowHint("echo", 3)
	s.ShowHint("echo", 3)
	at := time.Date(2026, 11, 22, 5, 0, 0, 0, time.UTC)
	s.SetLastRun("echo", LastRun{Passed: true, Kind: "pass", TestsPassed: 8, TestsTotal: 8, Fingerprint: "abc", At: at})
	require.NoError(t, s.Save())

	again, warn := Open(root)
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
			s, warn := Open(root)
			require.Error(t, warn, "a file that cannot be read must be reported")
			assert.Contains(t, warn.Error(), "replaced")
			assert.Equal(t, 0, s.HintsShown("echo"), "a bad file gives an empty state")
			s.ShowHint("echo", 3)
			require.NoError(t, s.Save(), "and is replaced on save")
			again, warn := Open(root)
			require.NoError(t, warn)
			assert.Equal(t, 1, again.HintsShown("echo"))
		})
	}
}

func TestDeletedFolderIsAFreshStart(t *testing.T) {
	root := t.TempDir()
	s, _ := Open(root)
	s.ShowHint("join", 3)
	require.NoError(t, s.Save())
	require.NoError(t, os.RemoveAll(filepath.Join(root, DirName)))
	again, warn := Open(root)
	require.NoError(t, warn)
	assert.Equal(t, 0, again.HintsShown("join"))
}

func TestBackupNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	s, _ := Open(root)
	first, err := s.Backup("echo", "echo.go", []byte("first"))
	require.NoError(t, err)
	second, err := s.Backup("echo", "echo.go", []byte("second"))
	require.NoError(t, err)
	assert.Equal(t, "echo.go", filepath.Base(first), "a backup keeps the file's name")
	assert.NotEqual(t, first, second, "two backups in the same second must not share a path")
	for path, want := range map[string]string{first: "first", second: "second"} {
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
}

func TestHintsNeverGoPastTheLastTier(t *testing.T) {
	s, _ := Open(t.TempDir())
	for range 5 {
		s.ShowHint("echo", 2)
	}
	assert.Equal(t, 2, s.HintsShown("echo"))
	s.ForgetHints("echo")
	assert.Equal(t, 0, s.HintsShown("echo"))
}

// TestTwoProcessesLoseNothing: watch mode holds a Store for as long as it
// runs while other commands open, change and save their own (hint in a
// second terminal); each save keeps what the others saved.
func TestTwoProcessesLoseNothing(t *testing.T) {
	root := t.TempDir()
	watch, _ := Open(root)

	other, _ := Open(root)
	other.ShowHint("echo", 3)
	require.NoError(t, other.Save())

	watch.SetLastRun("spawn", LastRun{Passed: true, Kind: "pass"})
	require.NoError(t, watch.Save())
	assert.Equal(t, 1, watch.HintsShown("echo"), "the saving Store holds what the other saved")
	watch.ShowHint("echo", 3)
	require.NoError(t, watch.Save())

	again, _ := Open(root)
	assert.Equal(t, 2, again.HintsShown("echo"), "the hint the other command showed is not lost, nor is watch mode's")
	_, ok := again.LastRun("spawn")
	assert.True(t, ok)

	// A reset in another command forgets the hints; watch mode's next
	// save does not bring them back.
	reset, _ := Open(root)
	reset.ForgetHints("echo")
	require.NoError(t, reset.Save())
	watch.SetLastRun("join", LastRun{Kind: "fail"})
	require.NoError(t, watch.Save())
	again, _ = Open(root)
	assert.Equal(t, 0, again.HintsShown("echo"))
}

// TestSavesAtTheSameTimeLoseNothing: stores saving at once (each in a
// process of its own, in life) are serialised by the lock.
func TestSavesAtTheSameTimeLoseNothing(t *testing.T) {
	root := t.TempDir()
	const stores, hints = 4, 10
	var wg sync.WaitGroup
	for range stores {
		wg.Go(func() {
			for range hints {
				s, _ := Open(root)
				s.ShowHint("echo", stores*hints)
				assert.NoError(t, s.Save())
			}
		})
	}
	wg.Wait()
	s, _ := Open(root)
	assert.Equal(t, stores*hints, s.HintsShown("echo"))
}
