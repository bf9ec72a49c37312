// Package book lists the chapter files of the workbook's book: which
// NN-name.md files exist in which of its language folders, the folders
// course.BookLanguages names. The author check (coursecheck) uses it to find
// a chapter written in one language only, and this package's tests use it
// to check the book itself: the same chapters, headings and code in both
// languages, Go code that compiles, Chinese typography and the glossary's
// terms.
//
// It does not read chapters for the learner: the runner finds a chapter
// through course and renders it in render.
//
// The book lives in one folder (book/ at the workbook root) with one
// subfolder per language. A chapter is a Markdown file named NN-name.md (two
// digits, a dash, a lower-case name), and the same chapter has the same file
// name in every language.
package book

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Lang names a language of the book; its value is the name of the
// language's folder inside the book folder, one of course.BookLanguages.
type Lang string

// The book's two languages, in the order of course.BookLanguages (English,
// then Chinese), which is where their folder names are written.
var (
	// English is the language of the chapters in book/en.
	English = Lang(course.BookLanguages[0])
	// Chinese is Simplified Chinese, the language of the chapters in book/zh-CN.
	Chinese = Lang(course.BookLanguages[1])
)

// Langs returns every language of the book, in the order of
// course.BookLanguages.
func Langs() []Lang {
	langs := make([]Lang, len(course.BookLanguages))
	for i, l := range course.BookLanguages {
		langs[i] = Lang(l)
	}
	return langs
}

// ChapterFile is one chapter file of the book, in whichever languages it
// exists (course.Chapter is a chapter as the manifest lists it).
type ChapterFile struct {
	// Name is the chapter's file name without ".md", the same in every
	// language, e.g. "01-echo".
	Name string
	// Number is the number the file name starts with, e.g. 1 for "01-echo".
	Number int
	// Langs lists the languages the chapter exists in, in the order of Langs.
	Langs []Lang
}

// chapterFile matches the file name of a chapter: NN-name.md.
var chapterFile = regexp.MustCompile(`^([0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)

// File returns the chapter's file name, e.g. "01-echo.md".
func (c ChapterFile) File() string {
	return c.Name + ".md"
}

// Path returns the path of the chapter's file in lang inside bookDir,
// whether or not that file exists.
func (c ChapterFile) Path(bookDir string, lang Lang) string {
	return filepath.Join(bookDir, string(lang), c.File())
}

// Has reports whether the chapter exists in lang.
func (c ChapterFile) Has(lang Lang) bool {
	return slices.Contains(c.Langs, lang)
}

// Chapters lists the chapters in bookDir (the book folder, e.g.
// "<root>/book"), ordered by number and then by name. A chapter is listed
// when it exists in at least one language; Langs says which. Files whose
// names are not of the form NN-name.md, and a missing language folder, are
// ignored. It is an error when bookDir itself cannot be read.
func Chapters(bookDir string) ([]ChapterFile, error) {
	if _, err := os.ReadDir(bookDir); err != nil {
		return nil, i18n.Errorf(msgBookDir, bookDir, err)
	}
	byName := map[string]*ChapterFile{}
	for _, lang := range Langs() {
		dir := filepath.Join(bookDir, string(lang))
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, i18n.Errorf(msgChapters, dir, err)
		}
		for _, e := range entries {
			m := chapterFile.FindStringSubmatch(e.Name())
			if m == nil || !e.Type().IsRegular() {
				continue
			}
			name := strings.TrimSuffix(e.Name(), ".md")
			ch := byName[name]
			if ch == nil {
				n, _ := strconv.Atoi(m[1]) // two digits: cannot fail
				ch = &ChapterFile{Name: name, Number: n}
				byName[name] = ch
			}
			ch.Langs = append(ch.Langs, lang)
		}
	}
	chapters := make([]ChapterFile, 0, len(byName))
	for _, ch := range byName {
		chapters = append(chapters, *ch)
	}
	slices.SortFunc(chapters, func(a, b ChapterFile) int {
		if a.Number != b.Number {
			return a.Number - b.Number
		}
		return strings.Compare(a.Name, b.Name)
	})
	return chapters, nil
}
