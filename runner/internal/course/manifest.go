package course

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// ManifestName is the manifest's file name at the workbook root.
const ManifestName = "workbook.toml"

// TestLangEnv is the environment variable that tells an exercise's tests
// the learner's language: "en", "zh" or "both". The exercises' harness
// writes its failure messages in it; the runner and the grader set it on
// every test run.
const TestLangEnv = "WORKBOOK_TEST_LANG"

// RunnerEnv is set to 1 on every test run whose output the workbook reads:
// the exercises' harness then leaves testify's block in English, which the
// workbook says in the learner's language itself (package explain).
const RunnerEnv = "WORKBOOK_RUNNER"

// MinHints is how many hint tiers every exercise has at least: a nudge,
// then a step closer to the answer.
const MinHints = 2

// Text is a string in both of the course's languages.
type Text = i18n.Text

// Course is a loaded manifest.
type Course struct {
	// Root is the absolute path of the folder holding the manifest.
	Root string `toml:"-"`

	Title        Text   `toml:"title"`
	BookDir      string `toml:"book"`
	ExercisesDir string `toml:"exercises"`
	SolutionsDir string `toml:"solutions"`
	// After are the ids of the chapters to read once the course passes.
	After     []string   `toml:"read_after"`
	Chapters  []Chapter  `toml:"chapter"`
	Exercises []Exercise `toml:"exercise"`
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
	// Crash is the next step shown after a crash in a goroutine the
	// learner's code started: one sentence in both languages, or empty.
	// It is per exercise because what helps depends on what the exercise
	// teaches (exercise 4: recover works only deferred in the goroutine
	// that panics).
	Crash Text `toml:"crash"`
	// Try is what `workbook try` runs for this exercise: the arguments of
	// `go run` in the exercises module, a package of it ("./cmd/x") first.
	// It is for programs that show the learner's code at work outside its
	// tests (exercise 5: real Redis clients against the learner's server).
	// Empty when the exercise has none.
	Try []string `toml:"try"`
	// Visibility is when a grading platform that can hide tests (Gradescope)
	// shows this exercise's tests to the learner: one of Visibilities; empty
	// for visible. A test's own visibility overrides it.
	Visibility string `toml:"visibility"`
}

// Test is one top-level Test function of an exercise: its name, its
// points and what it checks, in both languages (the Text's en and zh sit
// beside name and points in the manifest).
type Test struct {
	Name   string `toml:"name"`
	Points int    `toml:"points"`
	// Visibility overrides the exercise's (see Exercise.Visibility).
	Visibility string `toml:"visibility"`
	Text
}

// Visibilities are the values a visibility may take, as Gradescope names
// them: visible (the default), hidden (never shown to the learner),
// after_due_date, after_published (once the instructor publishes grades).
var Visibilities = []string{"visible", "hidden", "after_due_date", "after_published"}

// TestVisibility is when test t of e is shown to the learner: its own
// visibility, else the exercise's, else visible.
func (e *Exercise) TestVisibility(t Test) string {
	switch {
	case t.Visibility != "":
		return t.Visibility
	case e.Visibility != "":
		return e.Visibility
	}
	return Visibilities[0]
}

// Index is the exercise's index in Course.Exercises: how progress, check
// and watch name it.
func (e *Exercise) Index() int { return e.Number - 1 }

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

// Find walks up from start to the first folder that holds a manifest and
// returns that folder. It returns ErrNotInWorkbook when there is none.
func Find(start string) (string, error) {
	dir, err := filepath.Abs(start)
	if err != nil {
		return "", i18n.Errorf(msgNoWorkingDir, err)
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
		return nil, i18n.Errorf(msgNoWorkingDir, err)
	}
	path := filepath.Join(root, ManifestName)
	var c Course
	md, err := toml.DecodeFile(path, &c)
	if err != nil {
		return nil, i18n.Errorf(msgReadingManifest, path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return nil, i18n.Errorf(msgUnknownKey, path, undecoded[0].String())
	}
	c.Root = root
	for i := range c.Exercises {
		c.Exercises[i].Number = i + 1
	}
	if err := c.validate(); err != nil {
		return nil, i18n.Errorf(msgCheckingFile, path, err)
	}
	return &c, nil
}

// validate checks what the manifest promises: every field the runner needs
// is there, in both languages. Whether the files it names exist is another
// question (the author check's): a learner who deleted a stub has a missing
// file, not a broken manifest.
func (c *Course) validate() error {
	var problems []Text
	add := func(t Text, args ...any) { problems = append(problems, t.Sprintf(args...)) }
	bilingual := func(where Text, t Text) {
		if strings.TrimSpace(t.En) == "" || strings.TrimSpace(t.Zh) == "" {
			add(msgNeedsBoth, where)
		}
	}
	bilingual(msgTitle, c.Title)
	for _, field := range []struct{ name, value string }{
		{"book", c.BookDir}, {"exercises", c.ExercisesDir}, {"solutions", c.SolutionsDir},
	} {
		if field.value == "" {
			add(msgFolderMissing, field.name)
		}
	}
	ids := map[string]bool{}
	chapter := func(where Text, file string) {
		if file == "" {
			add(msgNoChapterFile, where)
		}
	}
	for i, ch := range c.Chapters {
		where := msgChapterN.Sprintf(i+1, ch.ID)
		if ch.ID == "" || ids[ch.ID] {
			add(msgIDNotUnique, where)
		}
		ids[ch.ID] = true
		bilingual(msgTitleOf.Sprintf(where), ch.Title)
		chapter(where, ch.File)
	}
	for _, id := range c.After {
		if !ids[id] {
			add(msgReadAfter, id)
		}
	}
	if len(c.Exercises) == 0 {
		add(msgNoExercises)
	}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		where := msgExerciseN.Sprintf(e.Number, e.ID)
		if e.ID == "" || ids[e.ID] {
			add(msgIDNotUnique, where)
		}
		ids[e.ID] = true
		bilingual(msgTitleOf.Sprintf(where), e.Title)
		if e.Dir == "" || e.File == "" {
			add(msgDirAndFile, where)
		}
		chapter(where, e.Chapter)
		if len(e.Hints) < MinHints {
			add(msgFewHints, where, MinHints)
		}
		for j, h := range e.Hints {
			bilingual(msgHintOf.Sprintf(where, j+1), h)
		}
		if e.Crash != (Text{}) {
			bilingual(msgCrashOf.Sprintf(where), e.Crash)
		}
		if len(e.Tests) == 0 {
			add(msgNoTests, where)
		}
		if len(e.Try) > 0 && !localPackage(e.Try[0]) {
			add(msgTryPackage, where, e.Try[0])
		}
		if e.Visibility != "" && !slices.Contains(Visibilities, e.Visibility) {
			add(msgVisibility, where, e.Visibility, strings.Join(Visibilities, ", "))
		}
		names := map[string]bool{}
		for _, t := range e.Tests {
			if !strings.HasPrefix(t.Name, "Test") || names[t.Name] {
				add(msgTestName, where, t.Name)
			}
			names[t.Name] = true
			if t.Points <= 0 {
				add(msgTestPoints, where, t.Name)
			}
			bilingual(msgTestOf.Sprintf(where, t.Name), t.Text)
			if t.Visibility != "" && !slices.Contains(Visibilities, t.Visibility) {
				add(msgVisibility, msgTestOf.Sprintf(where, t.Name), t.Visibility, strings.Join(Visibilities, ", "))
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	var en, zh []string
	for _, p := range problems {
		en, zh = append(en, p.En), append(zh, p.Zh)
	}
	return i18n.NewError(Text{En: strings.Join(en, "; "), Zh: strings.Join(zh, "；")})
}

// localPackage reports whether p names a package inside the module it is
// run in: "./" and a slash-separated path that never climbs out with "..".
func localPackage(p string) bool {
	rest, ok := strings.CutPrefix(p, "./")
	clean := path.Clean(rest)
	return ok && rest != "" && clean != ".." && !strings.HasPrefix(clean, "../") && !strings.Contains(rest, "\\")
}
