package coursecheck

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gospawn/workbook/runner/internal/book"
	"github.com/gospawn/workbook/runner/internal/course"
)

// Load loads the course whose manifest is in root and lists what keeps it
// from being checked: a manifest that does not load (one problem per
// complaint, such as too few hint tiers or a hint in one language only), or
// files the manifest names that do not exist. The course is nil only when
// the manifest does not load.
func Load(root string) (*course.Course, []string) {
	c, err := course.Load(root)
	if err != nil {
		return nil, manifestProblems(err)
	}
	var problems []string
	for _, path := range missingFiles(c) {
		problems = append(problems, fmt.Sprintf("%s does not exist, but %s names it: write it, or take it out of the manifest.",
			rel(c, path), course.ManifestName))
	}
	return c, problems
}

// missingFiles lists the files the manifest names that do not exist:
// stubs, solutions and chapters in every language.
func missingFiles(c *course.Course) []string {
	var paths []string
	for _, ch := range c.Chapters {
		for _, lang := range course.BookLanguages {
			paths = append(paths, c.ChapterPath(lang, ch.File))
		}
	}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		paths = append(paths, c.StubPath(e), c.SolutionPath(e))
		for _, lang := range course.BookLanguages {
			paths = append(paths, c.ChapterPath(lang, e.Chapter))
		}
	}
	var missing []string
	for _, p := range paths {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, p)
		}
	}
	return missing
}

// manifestProblems cuts course.Load's error ("checking <path>: a; b")
// into its complaints, one problem each, so that an author sees every one
// on a line of its own.
func manifestProblems(err error) []string {
	inner := errors.Unwrap(err)
	if inner == nil {
		return []string{fmt.Sprintf("%s does not load: %v.", course.ManifestName, err)}
	}
	var problems []string
	for _, part := range strings.Split(inner.Error(), "; ") {
		problems = append(problems, fmt.Sprintf("%s: %s.", course.ManifestName, part))
	}
	return problems
}

// MutantProblems checks every exercise's mutants file without running
// anything: that it exists and lists mutants, that each mutant names a test
// of the manifest, and that its edits apply to the solution. A test that no
// mutant targets is a note, not a problem: a mutant is worth writing only
// when a plausible wrong implementation passes the other tests.
func MutantProblems(c *course.Course) (problems, notes []string) {
	for i := range c.Exercises {
		e := &c.Exercises[i]
		path := MutantsPath(c, e)
		mutants, err := loadMutants(path, rel(c, path))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, fmt.Sprintf("exercise %d (%s) has no mutants file: write %s, with at least one "+
				"[[mutant]] (a plausible wrong implementation and the test that must catch it).", e.Number, e.ID, rel(c, path)))
			continue
		case err != nil:
			problems = append(problems, fmt.Sprintf("%v.", err))
			continue
		case len(mutants) == 0:
			problems = append(problems, fmt.Sprintf("%s lists no mutants: add at least one [[mutant]] "+
				"(a plausible wrong implementation and the test that must catch it).", rel(c, path)))
			continue
		}
		targeted := map[string]bool{}
		for _, m := range mutants {
			targeted[m.Test] = true
			if _, listed := e.Test(m.Test); !listed {
				problems = append(problems, fmt.Sprintf("%s: the mutant %q names %s, which %s does not list "+
					"as a test of exercise %d (%s).", rel(c, path), m.Wrong.En, m.Test, course.ManifestName, e.Number, e.ID))
			}
			if m.File != "" {
				if _, err := os.Stat(m.Replaces(c, e)); err != nil {
					problems = append(problems, fmt.Sprintf("%s: the mutant %q changes %s, but the exercise's folder has no copy of it to replace: %v.",
						rel(c, path), m.Wrong.En, m.File, err))
				}
			}
			solution, err := os.ReadFile(m.Path(c, e))
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: the mutant %q cannot be checked: %v.", rel(c, path), m.Wrong.En, err))
				continue
			}
			if _, err := m.Apply(string(solution)); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", rel(c, path), err))
			}
		}
		for _, t := range e.Tests {
			if !targeted[t.Name] {
				notes = append(notes, fmt.Sprintf("no mutant of exercise %d (%s) targets %s: if a plausible wrong "+
					"implementation passes the other tests, add it to %s.", e.Number, e.ID, t.Name, rel(c, path)))
			}
		}
	}
	return problems, notes
}

// BookProblems lists the chapters of the book that exist in one language
// folder only (course.BookLanguages).
func BookProblems(c *course.Course) []string {
	bookDir := filepath.Join(c.Root, c.BookDir)
	chapters, err := book.Chapters(bookDir)
	if err != nil {
		return []string{fmt.Sprintf("the book cannot be read: %v.", err)}
	}
	var problems []string
	for _, ch := range chapters {
		for _, lang := range book.Langs() {
			if ch.Has(lang) {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s has no %s version: write %s too (every chapter exists in every language of the book).",
				rel(c, ch.Path(bookDir, ch.Langs[0])), lang, rel(c, ch.Path(bookDir, lang))))
		}
	}
	return problems
}

// StubProblems lists the exercises whose stub in exercises/ differs from
// the copy the binary embeds for `workbook reset`, which shipped returns
// (course.Pristine in the real workbook). Each problem says where they
// differ and that `go generate ./...` refreshes the copies.
func StubProblems(c *course.Course, shipped func(*course.Exercise) ([]byte, error)) []string {
	var problems []string
	for i := range c.Exercises {
		e := &c.Exercises[i]
		stub := rel(c, c.StubPath(e))
		copied := filepath.ToSlash(course.PristineCopy(e))
		working, err := os.ReadFile(c.StubPath(e))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s cannot be read: %v.", stub, err))
			continue
		}
		embedded, err := shipped(e)
		if err != nil {
			problems = append(problems, fmt.Sprintf("the binary embeds no copy of %s (%s): "+
				"run `go generate ./...` at the workbook root to write the copies, then build again.", stub, copied))
			continue
		}
		if bytes.Equal(working, embedded) {
			continue
		}
		problems = append(problems, fmt.Sprintf("%s differs from the copy the binary embeds for `workbook reset` (%s): %s. "+
			"Run `go generate ./...` at the workbook root to refresh the copies. "+
			"This check is for course authors: a learner who has edited exercises/ is not meant to run it.",
			stub, copied, firstDifference(string(working), string(embedded))))
	}
	return problems
}

// firstDifference says where two texts part: the first line that differs,
// as each has it.
func firstDifference(working, embedded string) string {
	w, e := strings.Split(working, "\n"), strings.Split(embedded, "\n")
	for i := range max(len(w), len(e)) {
		wl, el := line(w, i), line(e, i)
		if wl != el {
			return fmt.Sprintf("line %d is %s in exercises/ and %s in the copy", i+1, wl, el)
		}
	}
	return "they differ" // not reached: equal lines make equal texts
}

func line(lines []string, i int) string {
	if i >= len(lines) {
		return "missing"
	}
	return fmt.Sprintf("%q", lines[i])
}

// rel is path relative to the workbook root, with slashes, for messages.
func rel(c *course.Course, path string) string {
	if r, err := filepath.Rel(c.Root, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}
