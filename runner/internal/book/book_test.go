package book_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
)

// makeBook writes files (path relative to the book folder → content) into a
// temporary book folder and returns it.
func makeBook(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func TestChapters(t *testing.T) {
	dir := makeBook(t, map[string]string{
		"README.md":                "# Contents\n",
		"en/10-last.md":            "# Last\n",
		"en/01-echo.md":            "# Echo\n",
		"en/00-introduction.md":    "# Introduction\n",
		"en/notes.md":              "not a chapter\n",
		"en/1-short.md":            "not a chapter either\n",
		"zh-CN/01-echo.md":         "# 回显\n",
		"zh-CN/00-introduction.md": "# 简介\n",
		"zh-CN/02-only-zh.md":      "# 只有中文\n",
	})
	chapters, err := book.Chapters(dir)
	require.NoError(t, err)
	want := []book.Chapter{
		{Name: "00-introduction", Number: 0, Langs: []book.Lang{book.English, book.Chinese}},
		{Name: "01-echo", Number: 1, Langs: []book.Lang{book.English, book.Chinese}},
		{Name: "02-only-zh", Number: 2, Langs: []book.Lang{book.Chinese}},
		{Name: "10-last", Number: 10, Langs: []book.Lang{book.English}},
	}
	assert.Equal(t, want, chapters, "Chapters must list every NN-name.md of either language, ordered by number, with the languages it exists in")

	ch := chapters[2]
	assert.True(t, ch.Has(book.Chinese), "02-only-zh exists in Chinese")
	assert.False(t, ch.Has(book.English), "02-only-zh does not exist in English")
	assert.Equal(t, "02-only-zh.md", ch.File())
	assert.Equal(t, filepath.Join(dir, "en", "02-only-zh.md"), ch.Path(dir, book.English), "Path must not care whether the file exists")
}

func TestChaptersWithoutALanguageFolder(t *testing.T) {
	dir := makeBook(t, map[string]string{"en/00-introduction.md": "# Introduction\n"})
	chapters, err := book.Chapters(dir)
	require.NoError(t, err, "a missing language folder is not an error")
	require.Len(t, chapters, 1)
	assert.Equal(t, []book.Lang{book.English}, chapters[0].Langs)
}

func TestChaptersOfAMissingFolder(t *testing.T) {
	_, err := book.Chapters(filepath.Join(t.TempDir(), "nope"))
	require.Error(t, err, "a book folder that does not exist must be reported")
	assert.ErrorIs(t, err, fs.ErrNotExist, "the error must wrap the cause")
	assert.Contains(t, err.Error(), "book folder", "the error must say what could not be read")
}

func TestLoad(t *testing.T) {
	dir := makeBook(t, map[string]string{
		"en/01-echo.md":    "# Echo\n\nText.\n",
		"zh-CN/01-echo.md": "# 回显\n",
	})

	text, err := book.Load(dir, "01-echo", book.English)
	require.NoError(t, err)
	assert.Equal(t, "# Echo\n\nText.\n", text)

	text, err = book.Load(dir, "01-echo.md", book.Chinese)
	require.NoError(t, err, "a name with .md must be accepted too")
	assert.Equal(t, "# 回显\n", text)

	_, err = book.Load(dir, "02-spawn", book.English)
	require.Error(t, err, "loading a chapter that does not exist must fail")
	assert.ErrorIs(t, err, fs.ErrNotExist, "a missing chapter must be recognisable with errors.Is(err, fs.ErrNotExist)")
	assert.Contains(t, err.Error(), "02-spawn", "the error must name the chapter")

	for _, name := range []string{"../01-echo", "01_echo", "echo", "", "en/01-echo"} {
		_, err = book.Load(dir, name, book.English)
		assert.Error(t, err, "Load(%q) must refuse a name that is not NN-name", name)
	}

	_, err = book.Load(dir, "01-echo", book.Lang("fr"))
	assert.ErrorContains(t, err, "fr", "an unknown language must be refused, naming it")
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, markdown, want string
	}{
		{"first heading", "# Echo: accepting connections\n\nText.\n", "Echo: accepting connections"},
		{"closing hashes", "# Title ##\n", "Title"},
		{"hash in title", "# C# and Go\n", "C# and Go"},
		{"after a code block", "```sh\n# not a title\n```\n\n# Real\n", "Real"},
		{"level two only", "## Not a title\n", ""},
		{"Chinese", "# 回显：接受连接\n", "回显：接受连接"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, book.Title(tt.markdown), "Title(%q)", tt.markdown)
		})
	}
}

func TestLangs(t *testing.T) {
	langs := book.Langs()
	assert.Equal(t, []book.Lang{"en", "zh-CN"}, langs, "the book's languages, English first, named like their folders")
	langs[0] = "xx"
	assert.Equal(t, book.English, book.Langs()[0], "Langs must return a fresh slice each time")
}
