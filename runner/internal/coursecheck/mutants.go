package coursecheck

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// MutantsFile is the name of the file, beside an exercise's solution, that
// lists the exercise's mutants.
const MutantsFile = "mutants.toml"

// A Mutant is a plausible wrong implementation: the exercise's solution with
// a few exact edits. The tests are only as good as the mutants they catch.
type Mutant struct {
	// Wrong says what the learner got wrong, in both languages.
	Wrong i18n.Text `toml:"wrong"`
	// Test is the manifest's test that must fail on this mutant, in a run
	// of the exercise's whole package.
	Test string `toml:"test"`
	// Repeat is how many whole-package runs, each a process of its own,
	// must all fail with Test among the failures: more than one for a
	// mistake about ordering, which a lucky schedule could let through
	// once. Zero means once.
	Repeat int `toml:"repeat"`
	// File is the file the edits change, beside the solution: the
	// solution itself when empty. Another file is a provided one, of which
	// the exercise's folder holds a copy, tested through the learner's
	// work: the mutant replaces that copy and the solution the stub.
	File string `toml:"file"`
	// Edits turn the file into the mutant, in order.
	Edits []Edit `toml:"edit"`
}

// Edit replaces Old, which must occur exactly once in the file, with New.
type Edit struct {
	Old string `toml:"old"`
	New string `toml:"new"`
}

// MutantsPath is the path of an exercise's mutants file.
func MutantsPath(c *course.Course, e *course.Exercise) string {
	return filepath.Join(filepath.Dir(c.SolutionPath(e)), MutantsFile)
}

// LoadMutants reads a mutants file. A file that does not exist is an error
// wrapping fs.ErrNotExist; a file with no mutants is not an error.
func LoadMutants(path string) ([]Mutant, error) {
	return loadMutants(path, path)
}

// loadMutants is LoadMutants with the file called name in its errors.
func loadMutants(path, name string) ([]Mutant, error) {
	var f struct {
		Mutants []Mutant `toml:"mutant"`
	}
	md, err := toml.DecodeFile(path, &f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return nil, fmt.Errorf("reading %s: unknown key %q (a mutant has wrong.en, wrong.zh, test, an optional repeat, "+
			"an optional file and [[mutant.edit]] old and new)",
			name, undecoded[0].String())
	}
	for i, m := range f.Mutants {
		if err := m.valid(); err != nil {
			return nil, fmt.Errorf("reading %s: mutant %d: %w", name, i+1, err)
		}
	}
	return f.Mutants, nil
}

// valid reports what a mutant lacks to be run: both descriptions, a test
// and at least one edit that changes something.
func (m Mutant) valid() error {
	var missing []string
	if strings.TrimSpace(m.Wrong.En) == "" || strings.TrimSpace(m.Wrong.Zh) == "" {
		missing = append(missing, "it needs wrong.en and wrong.zh, saying what the learner got wrong")
	}
	if m.Test == "" {
		missing = append(missing, "it needs test, the test that must catch it")
	}
	if len(m.Edits) == 0 {
		missing = append(missing, "it needs at least one [[mutant.edit]]")
	}
	if m.Repeat < 0 || m.Repeat > 200 {
		missing = append(missing, "its repeat must be between 1 and 200")
	}
	if m.File != "" && (m.File != filepath.Base(m.File) || filepath.Ext(m.File) != ".go" || strings.HasSuffix(m.File, "_test.go")) {
		missing = append(missing, fmt.Sprintf("its file %q must be the name of a Go file beside the solution, not a test", m.File))
	}
	for j, ed := range m.Edits {
		if ed.Old == "" || ed.Old == ed.New {
			missing = append(missing, fmt.Sprintf("edit %d needs an old text, and a new one that differs", j+1))
		}
	}
	if len(missing) > 0 {
		return errors.New(strings.Join(missing, "; "))
	}
	return nil
}

// Path is the file the mutant changes: the exercise's solution, or File
// beside it.
func (m Mutant) Path(c *course.Course, e *course.Exercise) string {
	if m.File == "" {
		return c.SolutionPath(e)
	}
	return filepath.Join(filepath.Dir(c.SolutionPath(e)), m.File)
}

// Replaces is the exercise's file that the mutant takes the place of: the
// stub, or the copy of File in the exercise's folder.
func (m Mutant) Replaces(c *course.Course, e *course.Exercise) string {
	if m.File == "" {
		return c.StubPath(e)
	}
	return filepath.Join(c.ExerciseDir(e), m.File)
}

// Apply makes the mutant out of the source of the file it changes (Path).
// Each edit's old text must occur exactly once, so that a changed solution
// cannot silently turn a mutant into the solution itself.
func (m Mutant) Apply(solution string) (string, error) {
	src := solution
	for j, ed := range m.Edits {
		if n := strings.Count(src, ed.Old); n != 1 {
			return "", fmt.Errorf("edit %d of the mutant %q matches the solution %d times, not once "+
				"(did the solution change?); it looks for:\n%s", j+1, m.Wrong.En, n, ed.Old)
		}
		src = strings.Replace(src, ed.Old, ed.New, 1)
	}
	return src, nil
}
