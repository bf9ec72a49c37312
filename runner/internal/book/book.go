// Package book finds and loads the chapters of the workbook's book.
//
// The book lives in one folder (book/ at the workbook root) with one
// subfolder per language, book/en and book/zh-CN. A chapter is a Markdown
// file named NN-name.md (two digits, a dash, a lower-case name), and the
// same chapter has the same file name in every language.
package book

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Lang names a language of the book; its value is the name of the
// language's folder inside the book folder.
type Lang string

const (
	// English is the language of the chapters in book/en.
	English Lang = "en"
	// Chinese is Simplified Chinese, the language of the chapters in book/zh-CN.
	Chinese Lang = "zh-CN"
)

// Langs returns every language of the book, English first.
func Langs() []Lang {
	return []Lang{English, Chinese}
}

// Chapter is one chapter of the book, in whichever languages it exists.
type Chapter struct {
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
func (c Chapter) File() string {
	return c.Name + ".md"
}

// Path returns the path of the chapter's file in lang inside bookDir,
// whether or not that file exists.
func (c Chapter) Path(bookDir string, lang Lang) string {
	return filepath.Join(bookDir, string(lang), c.File())
}

// Has reports whether the chapter exists in lang.
func (c Chapter) Has(lang Lang) bool {
	return slices.Contains(c.Langs, lang)
}

// Chapters lists the chapters in bookDir (the book folder, e.g.
// "<root>/book"), ordered by number and then by name. A chapter is listed
// when it exists in at least one language; Langs says which. Files whose
// names are not of the form NN-name.md, and a missing language folder, are
// ignored. It is an error when bookDir itself cannot be read.
func Chapters(bookDir string) ([]Chapter, error) {
	if _, err := os.ReadDir(bookDir); err != nil {
		return nil, fmt.Errorf("book: reading the book folder: %w", err)
	}
	byName := map[string]*Chapter{}
	for _, lang := range Langs() {
		dir := filepath.Join(bookDir, string(lang))
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("book: listing the %s chapters: %w", lang, err)
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
				ch = &Chapter{Name: name, Number: n}
				byName[name] = ch
			}
			ch.Langs = append(ch.Langs, lang)
		}
	}
	chapters := make([]Chapter, 0, len(byName))
	for _, ch := range byName {
		chapters = append(chapters, *ch)
	}
	slices.SortFunc(chapters, func(a, b Chapter) int {
		if a.Number != b.Number {
			return a.Number - b.Number
		}
		return strings.Compare(a.Name, b.Name)
	})
	return chapters, nil
}

// Load returns the Markdown text of the chapter called name (e.g. "01-echo";
// a trailing ".md" is accepted) in lang, read from bookDir. When the chapter
// does not exist in that language, the error wraps fs.ErrNotExist.
func Load(bookDir, name string, lang Lang) (string, error) {
	if !slices.Contains(Langs(), lang) {
		return "", fmt.Errorf("book: unknown language %q (want %q or %q)", lang, English, Chinese)
	}
	file := name
	if !strings.HasSuffix(file, ".md") {
		file += ".md"
	}
	if !chapterFile.MatchString(file) {
		return "", fmt.Errorf("book: %q is not a chapter name (want NN-name, e.g. 01-echo)", name)
	}
	data, err := os.ReadFile(filepath.Join(bookDir, string(lang), file))
	if err != nil {
		return "", fmt.Errorf("book: loading chapter %s in %s: %w", strings.TrimSuffix(file, ".md"), lang, err)
	}
	return string(data), nil
}

// Title returns the text of the first level-one heading ("# Title") of a
// chapter's Markdown, or "" when there is none. Headings inside fenced code
// blocks are skipped.
func Title(markdown string) string {
	fence := ""
	for line := range strings.Lines(markdown) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimLeft(line, " ")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fence = trimmed[:3]
			continue
		}
		if title, ok := strings.CutPrefix(line, "# "); ok {
			return headingText(title)
		}
	}
	return ""
}

// headingText returns the text of an ATX heading without the optional
// closing sequence of #s ("Title ##" → "Title").
func headingText(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimRight(s, "#"); t == "" || strings.HasSuffix(t, " ") {
		s = strings.TrimSpace(t)
	}
	return s
}
