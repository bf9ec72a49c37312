package watch

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

func TestNames(t *testing.T) {
	cases := []struct {
		name     string
		relevant bool
	}{
		{"echo.go", true},
		{"echo_test.go", true},
		{"render.tmpl.go", true},
		{"x.template.go", true},
		{"_echo.go", false},
		{".echo.go", false},
		{".go", false},
		{"notes.txt", false},
		{"go.mod", false},
		// vim
		{".echo.go.swp", false},
		{".echo.go.swo", false},
		{".echo.go.swx", false},
		{"echo.go~", false},
		{"4913", false},
		{"5036", false},
		// emacs
		{"#echo.go#", false},
		{".#echo.go", false},
		// JetBrains
		{"echo.go___jb_tmp___", false},
		{"echo.go___jb_old___", false},
		// temporary files of atomic writers
		{"echo.go.tmp", false},
		{".echo.go.tmp", false},
		{".echo.go.tmp1234", false},
		{"echo.go.tmp.5678", false},
		{"echo.go.TMP", false},
		{"echo.go.temp-x1", false},
		{".goutputstream-ABC123", false},
		{"echo.go.crswap", false},
		{"echo.go.kate-swp", false},
		{"echo.go.save", false},
		{"echo.go.bak", false},
		{"echo.go.orig", false},
		// litter
		{".DS_Store", false},
		{"._echo.go", false},
		{"Thumbs.db", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.relevant, gofiles.Counts(tc.name), "gofiles.Counts(%q)", tc.name)
	}
}

func TestHashDir(t *testing.T) {
	dir, stub := exerciseDir(t)
	h0 := hashOf(t, dir)
	require.False(t, h0.IsZero())
	require.Len(t, h0.String(), 12)

	steps := []struct {
		name    string
		do      func(t *testing.T)
		changes bool
	}{
		{"nothing", func(t *testing.T) {}, false},
		{"a non-Go file", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), content(), 0o644))
		}, false},
		{"an editor's file", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, ".stub.go.swp"), content(), 0o644))
		}, false},
		{"a file the go tool ignores", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "_old.go"), content(), 0o644))
		}, false},
		{"a subdirectory", func(t *testing.T) {
			require.NoError(t, os.Mkdir(filepath.Join(dir, "sub.go"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "sub.go", "x.go"), content(), 0o644))
		}, false},
		{"a dangling link", func(t *testing.T) {
			if runtime.GOOS == "windows" {
				return // symbolic links need a privilege there
			}
			require.NoError(t, os.Symlink("nowhere", filepath.Join(dir, "link.go")))
		}, false},
		{"time stamps and mode", func(t *testing.T) {
			now := time.Now().Add(-time.Hour)
			require.NoError(t, os.Chtimes(stub, now, now))
			require.NoError(t, os.Chmod(stub, 0o600))
		}, false},
		{"the stub's content", func(t *testing.T) {
			require.NoError(t, os.WriteFile(stub, content(), 0o644))
		}, true},
		{"a test file", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "stub_test.go"), content(), 0o644))
		}, true},
		{"a new Go file", func(t *testing.T) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "more.go"), nil, 0o644))
		}, true},
		{"a renamed Go file with the same content", func(t *testing.T) {
			require.NoError(t, os.Rename(filepath.Join(dir, "more.go"), filepath.Join(dir, "less.go")))
		}, true},
	}
	prev := h0
	for _, s := range steps {
		s.do(t)
		h := hashOf(t, dir)
		if s.changes {
			assert.NotEqual(t, prev, h, s.name)
		} else {
			assert.Equal(t, prev, h, s.name)
		}
		prev = h
	}

	// Back to earlier content: back to the earlier hash.
	data, err := os.ReadFile(stub)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(stub, content(), 0o644))
	require.NotEqual(t, prev, hashOf(t, dir))
	require.NoError(t, os.WriteFile(stub, data, 0o644))
	require.Equal(t, prev, hashOf(t, dir))

	_, err = gofiles.Read(filepath.Join(dir, "missing"))
	require.ErrorIs(t, err, os.ErrNotExist)
	_, err = gofiles.Read(stub)
	require.Error(t, err)
}

func TestIncomplete(t *testing.T) {
	prev := gofiles.Snapshot{Sizes: map[string]int64{"a.go": 10, "b.go": 20}}
	cases := []struct {
		name string
		st   gofiles.Snapshot
		want bool
	}{
		{"same files", gofiles.Snapshot{Sizes: map[string]int64{"a.go": 11, "b.go": 20}}, false},
		{"one more", gofiles.Snapshot{Sizes: map[string]int64{"a.go": 11, "b.go": 20, "c.go": 1}}, false},
		{"one missing", gofiles.Snapshot{Sizes: map[string]int64{"a.go": 11}}, true},
		{"one empty", gofiles.Snapshot{Sizes: map[string]int64{"a.go": 0, "b.go": 20}}, true},
		{"directory gone", gofiles.Snapshot{Missing: true}, true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, incomplete(tc.st, prev), tc.name)
	}
	assert.False(t, incomplete(gofiles.Snapshot{Missing: true}, gofiles.Snapshot{Missing: true}))
}

func TestPollerRereadsRacyFiles(t *testing.T) {
	dir, stub := exerciseDir(t)
	stamp := time.Now().Add(-time.Hour).Truncate(time.Second)
	write := func(data string) {
		require.NoError(t, os.WriteFile(stub, []byte(data), 0o644))
		require.NoError(t, os.Chtimes(stub, stamp, stamp)) // as a file system with a coarse clock would
	}
	p := newPoller()

	// Read within the racy window of the time stamp: a write with the same
	// size and time stamp is still seen.
	write("package a // 1\n")
	fp1 := p.fingerprint(dir, stamp.Add(racyWindow/2))
	write("package a // 2\n")
	fp2 := p.fingerprint(dir, stamp.Add(racyWindow/2))
	require.NotEqual(t, fp1, fp2)

	// Read well after the time stamp: stat is trusted, the file not read.
	fp3 := p.fingerprint(dir, stamp.Add(2*racyWindow))
	require.Equal(t, fp2, fp3)
	write("package a // 3\n") // cannot happen with a real clock: the time stamp would move
	require.Equal(t, fp3, p.fingerprint(dir, stamp.Add(2*racyWindow)))

	// Size, time stamp, and the set of files are seen.
	require.NoError(t, os.WriteFile(stub, []byte("package a // 44\n"), 0o644))
	fp4 := p.fingerprint(dir, time.Now())
	require.NotEqual(t, fp3, fp4)
	require.NoError(t, os.Remove(stub))
	fp5 := p.fingerprint(dir, time.Now())
	require.NotEqual(t, fp4, fp5)
	require.Len(t, p.files, 1, "the removed file is forgotten")
	require.NoError(t, os.RemoveAll(dir))
	require.NotEqual(t, fp5, p.fingerprint(dir, time.Now()))
	require.Empty(t, p.files)
}
