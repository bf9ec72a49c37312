package course

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// ModuleDir is the absolute path of the exercises module.
func (c *Course) ModuleDir() string { return filepath.Join(c.Root, c.ExercisesDir) }

// ExerciseDir is the absolute path of an exercise's folder.
func (c *Course) ExerciseDir(e *Exercise) string { return filepath.Join(c.ModuleDir(), e.Dir) }

// StubPath is the absolute path of the file the learner edits.
func (c *Course) StubPath(e *Exercise) string { return filepath.Join(c.ExerciseDir(e), e.File) }

// SolutionPath is the absolute path of the exercise's reference solution.
func (c *Course) SolutionPath(e *Exercise) string {
	return filepath.Join(c.Root, c.SolutionsDir, e.Dir, e.File)
}

// ChapterPath is the absolute path of a chapter file in a language's folder
// of the book ("en" or "zh-CN").
func (c *Course) ChapterPath(bookLang, file string) string {
	return filepath.Join(c.Root, c.BookDir, bookLang, file)
}

// Package is the exercise's package pattern inside the exercises module,
// as go test takes it.
func (e *Exercise) Package() string { return "./" + e.Dir }

// Rel is path relative to the workbook root with forward slashes, as a
// learner types it; path itself when it is not inside the root.
func (c *Course) Rel(path string) string {
	if rel, err := filepath.Rel(c.Root, path); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return path
}

// BookLanguages are the book's language folders, English first.
var BookLanguages = []string{"en", "zh-CN"}

// ReadChapter returns the Markdown of a chapter file once for each book
// folder lang reads: one language's, or both for [i18n.Both], English
// first. A file that is not there is an error that says how to restore it.
func (c *Course) ReadChapter(file string, lang i18n.Lang) ([]string, error) {
	folders := BookLanguages[:1]
	if lang == i18n.Zh {
		folders = BookLanguages[1:]
	} else if lang == i18n.Both {
		folders = BookLanguages
	}
	var out []string
	for _, folder := range folders {
		path := c.ChapterPath(folder, file)
		md, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, i18n.Errorf(msgChapterMissing, c.Rel(path))
		} else if err != nil {
			return nil, i18n.Errorf(msgChapterUnread, c.Rel(path), err)
		}
		out = append(out, string(md))
	}
	return out, nil
}
