package course

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := Find(".")
	require.NoError(t, err)
	return root
}

func TestLoadTheCourse(t *testing.T) {
	c, err := Load(repoRoot(t))
	require.NoError(t, err)
	require.Len(t, c.Exercises, 4)
	for i, e := range c.Exercises {
		assert.Equal(t, i+1, e.Number)
		assert.Positive(t, e.MaxPoints())
		shipped, err := Pristine(&c.Exercises[i])
		require.NoError(t, err, "every exercise has its shipped stub embedded")
		assert.Contains(t, string(shipped), "not implemented yet")
	}
}

func TestLookup(t *testing.T) {
	c, err := Load(repoRoot(t))
	require.NoError(t, err)
	tests := []struct {
		name, want, suggestion string
	}{
		{"3", "join", ""},
		{"join", "join", ""},
		{"JOIN", "join", ""},
		{"03_join", "join", ""},
		{"exercises/03_join/", "join", ""},
		{"panic-boundary", "panic-boundary", ""},
		{"jion", "", "join"},
		{"echoo", "", "echo"},
		{"04_panic", "", "04_panic_boundary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := c.Lookup(tt.name)
			if tt.want != "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, e.ID)
				return
			}
			var unknown *UnknownError
			require.ErrorAs(t, err, &unknown)
			assert.Equal(t, tt.suggestion, unknown.Suggestion)
		})
	}
	_, err = c.Lookup("9")
	assert.ErrorContains(t, err, "numbered 1 to 4")
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, ManifestName), nil, 0o644))
	deep := filepath.Join(root, "exercises", "01_echo")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	got, err := Find(deep)
	require.NoError(t, err)
	assert.Equal(t, root, got, "Find walks up to the manifest")
	_, err = Find(t.TempDir())
	assert.True(t, errors.Is(err, ErrNotInWorkbook))
}

// minimal writes a one-exercise course into a temporary folder and returns
// its root; manifest replaces the manifest when not empty.
func minimal(t *testing.T, manifest string) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"exercises/01_x/x.go", "solutions/01_x/x.go", "book/en/01-x.md", "book/zh-CN/01-x.md"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), []byte("package x\n"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, ManifestName), []byte(manifest), 0o644))
	return root
}

const good = `title = { en = "T", zh = "标" }
book = "book"
exercises = "exercises"
solutions = "solutions"
[[exercise]]
id = "x"
dir = "01_x"
file = "x.go"
chapter = "01-x.md"
title = { en = "X", zh = "叉" }
[[exercise.hint]]
en = "one"
zh = "一"
[[exercise.hint]]
en = "two"
zh = "二"
[[exercise.test]]
name = "TestX"
points = 2
en = "does x"
zh = "做 x"
`

func TestValidation(t *testing.T) {
	c, err := Load(minimal(t, good))
	require.NoError(t, err)
	assert.Equal(t, 2, c.Exercises[0].MaxPoints())

	tests := []struct {
		name, from, to, want string
	}{
		{"not TOML", "title =", "title = = =", "reading"},
		{"unknown key", `id = "x"`, "id = \"x\"\nrace = true\ncolour = 1", "unknown key"},
		{"missing Chinese", `zh = "做 x"`, `zh = ""`, "needs both en and zh"},
		{"one hint", "[[exercise.hint]]\nen = \"two\"\nzh = \"二\"\n", "", "at least two hints"},
		{"bad test name", `name = "TestX"`, `name = "CheckX"`, "must start with Test"},
		{"zero points", "points = 2", "points = 0", "points must be positive"},
		{"points not a number", "points = 2", `points = "two"`, "whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, good, tt.from)
			_, err := Load(minimal(t, strings.Replace(good, tt.from, tt.to, 1)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestMissingFiles(t *testing.T) {
	c, err := Load(minimal(t, good))
	require.NoError(t, err)
	assert.Empty(t, c.MissingFiles())
	require.NoError(t, os.Remove(c.StubPath(&c.Exercises[0])))
	require.NoError(t, os.Remove(c.ChapterPath("zh-CN", "01-x.md")))
	missing := c.MissingFiles()
	require.Len(t, missing, 2, "a missing file is not a broken manifest: Load succeeds, MissingFiles names it")
	assert.Contains(t, missing, c.StubPath(&c.Exercises[0]))

	real, err := Load(repoRoot(t))
	require.NoError(t, err)
	if os.Getenv("CI") != "" {
		assert.Empty(t, real.MissingFiles(), "every file the manifest names must exist")
	}
}

func TestFingerprint(t *testing.T) {
	root := minimal(t, good)
	c, err := Load(root)
	require.NoError(t, err)
	e := &c.Exercises[0]
	before, err := c.Fingerprint(e)
	require.NoError(t, err)
	again, err := c.Fingerprint(e)
	require.NoError(t, err)
	assert.Equal(t, before, again, "same files, same fingerprint")
	require.NoError(t, os.WriteFile(c.StubPath(e), []byte("package x // edited\n"), 0o644))
	after, err := c.Fingerprint(e)
	require.NoError(t, err)
	assert.NotEqual(t, before, after, "an edit changes the fingerprint")
	require.NoError(t, os.WriteFile(filepath.Join(c.ExerciseDir(e), "notes.txt"), []byte("hi"), 0o644))
	notes, err := c.Fingerprint(e)
	require.NoError(t, err)
	assert.Equal(t, after, notes, "files other than .go do not count")
}
