// Package course loads the workbook's manifest, workbook.toml: the exercises
// in order, their tests and points, hints and chapters, in both languages.
// The runner and the grader know the course through this package alone.
package course

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// ManifestName is the manifest's file name at the workbook root.
const ManifestName = "workbook.toml"

// ErrNotInWorkbook is returned by Find when no folder above the start holds
// a manifest.
var ErrNotInWorkbook = errors.New("not inside a workbook")

// Text is a string in both of the course's languages.
type Text = i18n.Text

// Course is a loaded manifest.
type Course struct {
	// Root is the absolute path of the folder holding the manifest.
	Root string `toml:"-"`

	Title        Text       `toml:"title"`
	BookDir      string     `toml:"book"`
	ExercisesDir string     `toml:"exercises"`
	SolutionsDir string     `toml:"solutions"`
	Chapters     []Chapter  `toml:"chapter"`
	Exercises    []Exercise `toml:"exercise"`
}

// Chapter is a chapter of the book that has no exercise of its own.
type Chapter struct {
	ID    string `toml:"id"`
	File  string `toml:"file"`
	Title Text   `toml:"title"`
}

// Exercise is one exercise: a stub the learner edits and its tests.
type Exercise struct {
	// Number is the exercise's position in the course, from 1.
	Number int `toml:"-"`

	ID      string `toml:"id"`
	Dir     string `toml:"dir"`     // inside the exercises module
	File    string `toml:"file"`    // the stub, inside Dir
	Chapter string `toml:"chapter"` // the book's file name, in every language
	Race    bool   `toml:"race"`    // run its tests with the race detector when possible
	Title   Text   `toml:"title"`
	Hints   []Text `toml:"hint"`
	Tests   []Test `toml:"test"`
}

// Test is one top-level Test function of an exercise.
type Test struct {
	Name        string `toml:"name"`
	Points      int    `toml:"points"`
	Description Text   `toml:",inline"`
}

// UnmarshalTOML reads a test's name, points and its description in both
// languages, which sit beside them as en and zh.
func (t *Test) UnmarshalTOML(data any) error {
	m, ok := data.(map[string]any)
	if !ok {
		return fmt.Errorf("a test must be a table, not %T", data)
	}
	for key, v := range m {
		var err error
		switch key {
		case "name":
			t.Name, err = asString(key, v)
		case "en":
			t.Description.En, err = asString(key, v)
		case "zh":
			t.Description.Zh, err = asString(key, v)
		case "points":
			n, ok := v.(int64)
			if !ok {
				return fmt.Errorf("points must be a whole number, not %v", v)
			}
			t.Points = int(n)
		default:
			return fmt.Errorf("unknown key %q in a test (expected name, points, en, zh)", key)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func asString(key string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s must be a string, not %v", key, v)
	}
	return s, nil
}

// MaxPoints is the sum of the exercise's tests' points.
func (e *Exercise) MaxPoints() int {
	total := 0
	for _, t := range e.Tests {
		total += t.Points
	}
	return total
}

// Test returns the exercise's test called name, if it has one.
func (e *Exercise) Test(name string) (Test, bool) {
	for _, t := range e.Tests {
		if t.Name == name {
			return t, true
		}
	}
	return Test{}, false
}

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

// Find walks up from start to the first folder that holds a manifest and
// returns that folder. It returns ErrNotInWorkbook when there is none.
func Find(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", fmt.Errorf("finding the workbook: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, ManifestName)); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNotInWorkbook
		}
		dir = parent
	}
}

// Load reads and checks the manifest in root.
func Load(root string) (*Course, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("loading the course: %w", err)
	}
	path := filepath.Join(root, ManifestName)
	var c Course
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return nil, fmt.Errorf("reading %s: unknown key %q", path, undecoded[0].String())
	}
	c.Root = root
	for i := range c.Exercises {
		c.Exercises[i].Number = i + 1
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("checking %s: %w", path, err)
	}
	return &c, nil
}

// validate checks what the manifest promises: every field the runner needs
// is there, in both languages. Whether the files it names exist is another
// question (MissingFiles): a learner who deleted a stub has a missing file,
// not a broken manifest.
func (c *Course) validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	bilingual := func(where string, t Text) {
		if strings.TrimSpace(t.En) == "" || strings.TrimSpace(t.Zh) == "" {
			add("%s needs both en and zh", where)
		}
	}
	bilingual("title", c.Title)
	for _, field := range []struct{ name, value string }{
		{"book", c.BookDir}, {"exercises", c.ExercisesDir}, {"solutions", c.SolutionsDir},
	} {
		if field.value == "" {
			add("%s (a folder) is missing", field.name)
		}
	}
	ids := map[string]bool{}
	chapter := func(where, file string) {
		if file == "" {
			add("%s: chapter file is missing", where)
		}
	}
	for i, ch := range c.Chapters {
		where := fmt.Sprintf("chapter %d (%s)", i+1, ch.ID)
		if ch.ID == "" || ids[ch.ID] {
			add("%s: id is missing or not unique", where)
		}
		ids[ch.ID] = true
		bilingual(where+" title", ch.Title)
		chapter(where, ch.File)
	}
	if len(c.Exercises) == 0 {
		add("no exercises")
	}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		where := fmt.Sprintf("exercise %d (%s)", e.Number, e.ID)
		if e.ID == "" || ids[e.ID] {
			add("%s: id is missing or not unique", where)
		}
		ids[e.ID] = true
		bilingual(where+" title", e.Title)
		if e.Dir == "" || e.File == "" {
			add("%s: dir and file are required", where)
		}
		chapter(where, e.Chapter)
		if len(e.Hints) < 2 {
			add("%s: needs at least two hints", where)
		}
		for j, h := range e.Hints {
			bilingual(fmt.Sprintf("%s hint %d", where, j+1), h)
		}
		if len(e.Tests) == 0 {
			add("%s: lists no tests", where)
		}
		names := map[string]bool{}
		for _, t := range e.Tests {
			if !strings.HasPrefix(t.Name, "Test") || names[t.Name] {
				add("%s: test %q: a name must start with Test and appear once", where, t.Name)
			}
			names[t.Name] = true
			if t.Points <= 0 {
				add("%s: test %s: points must be positive", where, t.Name)
			}
			bilingual(fmt.Sprintf("%s test %s", where, t.Name), t.Description)
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// MissingFiles lists the files the manifest names that do not exist: stubs,
// solutions and chapters in every language.
func (c *Course) MissingFiles() []string {
	var paths []string
	for _, ch := range c.Chapters {
		for _, lang := range BookLanguages {
			paths = append(paths, c.ChapterPath(lang, ch.File))
		}
	}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		paths = append(paths, c.StubPath(e), c.SolutionPath(e))
		for _, lang := range BookLanguages {
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

// BookLanguages are the book's language folders.
var BookLanguages = []string{"en", "zh-CN"}

// Lookup finds an exercise by number ("3"), id ("join") or directory
// ("03_join", also as a path ending in it). When nothing matches, the error
// names the closest exercise.
func (c *Course) Lookup(name string) (*Exercise, error) {
	key := strings.TrimSuffix(filepath.ToSlash(strings.TrimSpace(name)), "/")
	if n, err := strconv.Atoi(key); err == nil {
		if n >= 1 && n <= len(c.Exercises) {
			return &c.Exercises[n-1], nil
		}
		return nil, fmt.Errorf("there is no exercise %d: the exercises are numbered 1 to %d", n, len(c.Exercises))
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
	return nil, &UnknownError{Name: name, Suggestion: Closest(base, candidates)}
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

// UnknownError is Lookup's error for a name that matches no exercise.
type UnknownError struct {
	Name       string
	Suggestion string // the closest id or directory
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("there is no exercise %q; did you mean %q?", e.Name, e.Suggestion)
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

// pristine holds the stubs as the course ships them, so that reset can put
// one back even after the learner has committed their own version. The .txt
// suffix keeps the copies out of every build; the author check keeps them
// identical to the stubs in exercises/.
//
//go:embed pristine
var pristine embed.FS

// Pristine returns the exercise's stub as the course ships it.
func Pristine(e *Exercise) ([]byte, error) {
	data, err := pristine.ReadFile(path.Join("pristine", e.Dir, e.File+".txt"))
	if err != nil {
		return nil, fmt.Errorf("the shipped stub of %s is missing from this build: %w", e.Dir, err)
	}
	return data, nil
}

// Fingerprint is the digest of the Go files (tests included) in an
// exercise's folder, by the rule of [gofiles.Read]: equal fingerprints mean
// the same code, so a verdict recorded for one still holds for the other.
// The error is set only when the folder cannot be listed.
func (c *Course) Fingerprint(e *Exercise) (string, error) {
	s, err := gofiles.Read(c.ExerciseDir(e))
	if err != nil {
		return "", err
	}
	return s.Digest.Hex(), nil
}
