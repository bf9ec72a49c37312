package gofiles

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounts(t *testing.T) {
	for name, want := range map[string]bool{
		"echo.go": true, "echo_test.go": true, "x.tmpl.go": true,
		".#echo.go": false, "#echo.go#": false, "echo.go~": false, ".echo.go.swp": false, "4913": false,
		"echo.go___jb_tmp___": false, "_echo.go": false, ".go": false, "echo.txt": false, "echo.go.orig": false,
	} {
		assert.Equal(t, want, Counts(name), name)
	}
}

// exercise makes a folder holding a small package.
func exercise(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "echo.go"), []byte("package echo\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "echo_test.go"), []byte("package echo\n\nimport \"testing\"\n"), 0o644))
	return dir
}

func TestReadIgnoresWhatGoBuildIgnores(t *testing.T) {
	clean := exercise(t)
	want, err := Read(clean)
	require.NoError(t, err)
	assert.Equal(t, map[string]int64{"echo.go": 13, "echo_test.go": 31}, want.Sizes)

	for _, c := range []struct {
		name string
		make func(dir string) error
	}{
		{"an Emacs lock link, dangling", func(dir string) error {
			return os.Symlink("root@host.1234:1700000000", filepath.Join(dir, ".#echo.go"))
		}},
		{"an Emacs auto-save", func(dir string) error { return write(dir, "#echo.go#", "package echo // unsaved\n") }},
		{"a backup", func(dir string) error { return write(dir, "echo.go~", "package old\n") }},
		{"a vim swap file", func(dir string) error { return write(dir, ".echo.go.swp", "b0VIM") }},
		{"vim's write probe", func(dir string) error { return write(dir, "4913", "") }},
		{"a JetBrains safe-write file", func(dir string) error { return write(dir, "echo.go___jb_tmp___", "package echo\n") }},
		{"a dangling link named like a Go file", func(dir string) error {
			return os.Symlink(filepath.Join(dir, "nowhere.go"), filepath.Join(dir, "gone.go"))
		}},
		{"a folder named x.go", func(dir string) error { return os.Mkdir(filepath.Join(dir, "x.go"), 0o755) }},
		{"a FIFO named y.go (it would block a reader)", func(dir string) error {
			return mkfifo(filepath.Join(dir, "y.go"))
		}},
		{"a subfolder with Go files", func(dir string) error {
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				return err
			}
			return write(filepath.Join(dir, "sub"), "sub.go", "package sub\n")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := exercise(t)
			if err := c.make(dir); errors.Is(err, errors.ErrUnsupported) {
				t.Skip("this system has no FIFOs")
			} else {
				require.NoError(t, err)
			}
			got, err := Read(dir)
			require.NoError(t, err)
			assert.Equal(t, want.Digest, got.Digest, "litter is not code")
			assert.Equal(t, want.Sizes, got.Sizes)
		})
	}
}

func write(dir, name, text string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
}

func TestReadSeesEveryChangeOfCode(t *testing.T) {
	dir := exercise(t)
	seen := map[Digest]string{}
	note := func(what string) {
		t.Helper()
		s, err := Read(dir)
		require.NoError(t, err)
		if prev, ok := seen[s.Digest]; ok {
			t.Errorf("%s has the digest of %s", what, prev)
		}
		seen[s.Digest] = what
	}
	note("the start")
	require.NoError(t, write(dir, "echo.go", "package echo\n\n"))
	note("an added line")
	require.NoError(t, write(dir, "extra.go", ""))
	note("an empty file added")
	require.NoError(t, os.Rename(filepath.Join(dir, "extra.go"), filepath.Join(dir, "other.go")))
	note("a file renamed")
	require.NoError(t, os.Remove(filepath.Join(dir, "other.go")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "echo.go"), filepath.Join(dir, "link.go")))
	note("a link to a file (go build follows it)")
}

func TestReadAnUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which can read any file: no file is unreadable")
	}
	dir := exercise(t)
	before, err := Read(dir)
	require.NoError(t, err)
	require.NoError(t, os.Chmod(filepath.Join(dir, "echo.go"), 0))
	after, err := Read(dir)
	require.NoError(t, err, "an unreadable file is go build's to report, not a failure to read the folder")
	assert.Equal(t, int64(-1), after.Sizes["echo.go"])
	assert.NotEqual(t, before.Digest, after.Digest)
}

func TestReadAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gone")
	s, err := Read(dir)
	require.Error(t, err)
	assert.True(t, s.Missing)
	assert.False(t, s.Digest.IsZero(), "a folder coming back is a change")
}
