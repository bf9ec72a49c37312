package book_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
	"github.com/gospawn/workbook/runner/internal/course"
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
	want := []book.ChapterFile{
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

func TestLangs(t *testing.T) {
	langs := book.Langs()
	require.Len(t, langs, len(course.BookLanguages))
	for i, l := range course.BookLanguages {
		assert.Equal(t, book.Lang(l), langs[i], "the book's languages are the folders course.BookLanguages names, in its order")
	}
	assert.Equal(t, []book.Lang{book.English, book.Chinese}, langs, "English first, then Chinese")
	langs[0] = "xx"
	assert.Equal(t, book.English, book.Langs()[0], "Langs must return a fresh slice each time")
}
