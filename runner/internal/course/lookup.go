package course

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Lookup finds an exercise by number ("2"), id ("words") or directory
// ("02_words", also as a path ending in it). When nothing matches, the error
// names the closest exercise.
func (c *Course) Lookup(name string) (*Exercise, error) {
	key := strings.TrimSuffix(filepath.ToSlash(strings.TrimSpace(name)), "/")
	if n, err := strconv.Atoi(key); err == nil {
		if n >= 1 && n <= len(c.Exercises) {
			return &c.Exercises[n-1], nil
		}
		return nil, i18n.Errorf(msgNoExerciseN, n, len(c.Exercises))
	}
	base := key[strings.LastIndex(key, "/")+1:]
	for i := range c.Exercises {
		e := &c.Exercises[i]
		if strings.EqualFold(key, e.ID) || strings.EqualFold(base, e.Dir) {
			return e, nil
		}
	}
	var candidates []string
	for _, e := range c.Exercises {
		candidates = append(candidates, e.ID, e.Dir)
	}
	return nil, i18n.Errorf(msgUnknownExercise, name, Closest(base, candidates))
}

// Closest is the candidate most like name: one that starts with it, else
// the one fewest edits away (case aside).
func Closest(name string, candidates []string) string {
	name = strings.ToLower(name)
	best, bestDist := "", -1
	for _, candidate := range candidates {
		c := strings.ToLower(candidate)
		if name != "" && strings.HasPrefix(c, name) {
			return candidate
		}
		if d := distance(name, c); bestDist < 0 || d < bestDist {
			best, bestDist = candidate, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// Page is a chapter of the book as a reader names it: its file (the same
// in every language's folder), its title, and the exercise it belongs to
// (nil for a chapter without one).
type Page struct {
	File     string
	Title    Text
	Exercise *Exercise
}

// Pages are the book's chapters in reading order: each exercise's, then
// those without an exercise, in the manifest's order.
func (c *Course) Pages() []Page {
	var pages []Page
	for i := range c.Exercises {
		e := &c.Exercises[i]
		pages = append(pages, Page{File: e.Chapter, Title: e.Title, Exercise: e})
	}
	for _, ch := range c.Chapters {
		pages = append(pages, Page{File: ch.File, Title: ch.Title})
	}
	return pages
}

// Page finds the chapter a reader names: an exercise (by number, id or
// folder, as Lookup takes it), whose chapter it means, or a chapter by its
// id ("introduction") or file name, with or without ".md". When nothing
// matches, the error suggests the closest name and lists the chapters.
func (c *Course) Page(name string) (Page, error) {
	key := strings.TrimSpace(name)
	_, numErr := strconv.Atoi(key) // a number is an exercise's, never a file's prefix
	for _, ch := range c.Chapters {
		if numErr != nil && strings.EqualFold(key, ch.ID) {
			return Page{File: ch.File, Title: ch.Title}, nil
		}
	}
	for _, p := range c.Pages() {
		if numErr != nil && (key == p.File || key == strings.TrimSuffix(p.File, ".md")) {
			return p, nil
		}
	}
	if e, err := c.Lookup(key); err == nil {
		return Page{File: e.Chapter, Title: e.Title, Exercise: e}, nil
	} else if numErr == nil {
		return Page{}, err
	}
	var names []string
	for _, ch := range c.Chapters {
		names = append(names, ch.ID)
	}
	candidates := slices.Clone(names)
	for _, e := range c.Exercises {
		candidates = append(candidates, e.ID)
	}
	chapters := Text{En: strings.Join(names, ", "), Zh: strings.Join(names, "、")}
	return Page{}, i18n.Errorf(msgUnknownChapter, name, Closest(key, candidates), chapters)
}

// ReadAfter are the chapters the manifest suggests once every exercise
// passes, in its order.
func (c *Course) ReadAfter() []Chapter {
	var out []Chapter
	for _, id := range c.After {
		for _, ch := range c.Chapters {
			if ch.ID == id {
				out = append(out, ch)
			}
		}
	}
	return out
}
