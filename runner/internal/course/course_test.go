package course

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := Find(".")
	require.NoError(t, err)
	return root
}

func TestLoadTheCourse(t *testing.T) {
	c, err := Load(repoRoot(t))
	require.NoError(t, err)
	require.NotEmpty(t, c.Exercises)
	for i, e := range c.Exercises {
		assert.Equal(t, i+1, e.Number)
		assert.Positive(t, e.MaxPoints())
		_, err := Pristine(&c.Exercises[i])
		assert.NoError(t, err, "every exercise has its shipped stub embedded")
	}
}

// twoExercises is a course of two exercises and two chapters without one,
// for the lookups.
var twoExercises = `title = { en = "T", zh = "标" }
book = "book"
exercises = "exercises"
solutions = "solutions"
read_after = ["outro"]
[[chapter]]
id = "intro"
file = "00-intro.md"
title = { en = "Intro", zh = "导" }
[[chapter]]
id = "outro"
file = "09-outro.md"
title = { en = "Outro", zh = "尾" }
` + exerciseX + exercise("wait-group", "02_wait_group", "wg.go", "02-wg.md", "TestWG")

func TestLookup(t *testing.T) {
	c, err := Load(minimal(t, twoExercises))
	require.NoError(t, err)
	tests := []struct {
		name, want, suggestion string
	}{
		{"2", "wait-group", ""},
		{"wait-group", "wait-group", ""},
		{"WAIT-GROUP", "wait-group", ""},
		{"02_wait_group", "wait-group", ""},
		{"exercises/02_wait_group/", "wait-group", ""},
		{"1", "x", ""},
		{"wiat-group", "", "wait-group"},
		{"xx", "", "x"},
		{"02_wait", "", "02_wait_group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := c.Lookup(tt.name)
			if tt.want != "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, e.ID)
				return
			}
			require.EqualError(t, err, fmt.Sprintf("there is no exercise %q; did you mean %q? (workbook list shows them all)", tt.name, tt.suggestion))
		})
	}
	_, err = c.Lookup("9")
	assert.ErrorContains(t, err, "numbered 1 to 2")

}

func TestPage(t *testing.T) {
	c, err := Load(minimal(t, twoExercises))
	require.NoError(t, err)
	tests := []struct {
		name, file, exercise string
	}{
		{"2", "02-wg.md", "wait-group"}, // a number is an exercise's, never a file's prefix
		{"1", "01-x.md", "x"},
		{"wait-group", "02-wg.md", "wait-group"},
		{"02_wait_group", "02-wg.md", "wait-group"},
		{"intro", "00-intro.md", ""},
		{"OUTRO", "09-outro.md", ""},
		{"09-outro", "09-outro.md", ""},
		{"09-outro.md", "09-outro.md", ""},
		{"02-wg.md", "02-wg.md", "wait-group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.Page(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.file, p.File)
			if tt.exercise == "" {
				assert.Nil(t, p.Exercise)
			} else {
				require.NotNil(t, p.Exercise)
				assert.Equal(t, tt.exercise, p.Exercise.ID)
			}
		})
	}
	_, err = c.Page("9")
	assert.ErrorContains(t, err, "numbered 1 to 2")
	_, err = c.Page("otro")
	require.EqualError(t, err, `there is no exercise or chapter "otro" (did you mean "outro"?); give an exercise's number, id or folder, or one of the chapters: intro, outro`)
	assert.Contains(t, i18n.Message(err, i18n.Zh), "以下章节之一：intro、outro")

	after := c.ReadAfter()
	require.Len(t, after, 1)
	assert.Equal(t, "outro", after[0].ID)
	assert.Len(t, c.Pages(), 4, "every exercise's chapter, then the others")
}

func TestReadChapter(t *testing.T) {
	c, err := Load(minimal(t, good))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(c.ChapterPath("en", "01-x.md"), []byte("# X"), 0o644))
	require.NoError(t, os.WriteFile(c.ChapterPath("zh-CN", "01-x.md"), []byte("# 叉"), 0o644))
	for lang, want := range map[i18n.Lang][]string{i18n.En: {"# X"}, i18n.Zh: {"# 叉"}, i18n.Both: {"# X", "# 叉"}} {
		got, err := c.ReadChapter("01-x.md", lang)
		require.NoError(t, err)
		assert.Equal(t, want, got, "language %v", lang)
	}
	_, err = c.ReadChapter("02-y.md", i18n.En)
	require.EqualError(t, err, "the chapter book/en/02-y.md is missing; restore it with git checkout -- book/en/02-y.md")

	assert.Equal(t, "exercises/01_x/x.go", c.Rel(c.StubPath(&c.Exercises[0])))
	assert.Equal(t, "/elsewhere/x.go", c.Rel("/elsewhere/x.go"), "a path outside the workbook stays as it is")
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, ManifestName), nil, 0o644))
	deep := filepath.Join(root, "exercises", "01_echo")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	got, err := Find(deep)
	require.NoError(t, err)
	assert.Equal(t, root, got, "Find walks up to the manifest")
	_, err = Find(t.TempDir())
	assert.True(t, errors.Is(err, ErrNotInWorkbook))
}

// minimal writes a one-exercise course into a temporary folder and returns
// its root; manifest replaces the manifest when not empty.
func minimal(t *testing.T, manifest string) string {
	t.Helper()
	root := t.TempDir()
	for _, f := range []string{"exercises/01_x/x.go", "solutions/01_x/x.go", "book/en/01-x.md", "book/zh-CN/01-x.md",
		"exercises/02_wait_group/wg.go", "solutions/02_wait_group/wg.go", "book/en/02-wg.md", "book/zh-CN/02-wg.md",
		"book/en/00-intro.md", "book/zh-CN/00-intro.md", "book/en/09-outro.md", "book/zh-CN/09-outro.md"} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, f), []byte("package x\n"), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(root, ManifestName), []byte(manifest), 0o644))
	return root
}

var good = `title = { en = "T", zh = "标" }
book = "book"
exercises = "exercises"
solutions = "solutions"
` + exerciseX

var exerciseX = exercise("x", "01_x", "x.go", "01-x.md", "TestX")

// exercise is a manifest entry with two hints and one test of two points.
func exercise(id, dir, file, chapter, test string) string {
	return fmt.Sprintf(`[[exercise]]
id = %q
dir = %q
file = %q
chapter = %q
title = { en = "X", zh = "叉" }
[[exercise.hint]]
en = "one"
zh = "一"
[[exercise.hint]]
en = "two"
zh = "二"
[[exercise.test]]
name = %q
points = 2
en = "does x"
zh = "做 x"
`, id, dir, file, chapter, test)
}

func TestValidation(t *testing.T) {
	c, err := Load(minimal(t, good))
	require.NoError(t, err)
	assert.Equal(t, 2, c.Exercises[0].MaxPoints())
	assert.Equal(t, Text{}, c.Exercises[0].Crash, "the crash step is optional")
	c, err = Load(minimal(t, strings.Replace(good, `id = "x"`, "id = \"x\"\ncrash = { en = \"Step.\", zh = \"步骤。\" }", 1)))
	require.NoError(t, err)
	assert.Equal(t, Text{En: "Step.", Zh: "步骤。"}, c.Exercises[0].Crash)

	// Visibility: visible unless the exercise or the test says otherwise,
	// the test's own winning.
	e := &c.Exercises[0]
	assert.Equal(t, "visible", e.TestVisibility(e.Tests[0]), "visible by default")
	c, err = Load(minimal(t, strings.Replace(good, `id = "x"`, "id = \"x\"\nvisibility = \"after_due_date\"", 1)))
	require.NoError(t, err)
	e = &c.Exercises[0]
	assert.Equal(t, "after_due_date", e.TestVisibility(e.Tests[0]), "the exercise's")
	c, err = Load(minimal(t, strings.Replace(strings.Replace(good, `id = "x"`, "id = \"x\"\nvisibility = \"after_due_date\"", 1), "points = 2", "points = 2\nvisibility = \"hidden\"", 1)))
	require.NoError(t, err)
	e = &c.Exercises[0]
	assert.Equal(t, "hidden", e.TestVisibility(e.Tests[0]), "the test's own wins")

	c, err = Load(minimal(t, strings.Replace(good, `id = "x"`, "id = \"x\"\ntry = [\"./cmd/show\", \"-all\"]", 1)))
	require.NoError(t, err)
	assert.Equal(t, []string{"./cmd/show", "-all"}, c.Exercises[0].Try)

	tests := []struct {
		name, from, to, want string
	}{
		{"not TOML", "title =", "title = = =", "reading"},
		{"unknown key", `id = "x"`, "id = \"x\"\nrace = true\ncolour = 1", "unknown key"},
		{"missing Chinese", `zh = "做 x"`, `zh = ""`, "needs both en and zh"},
		{"crash step without Chinese", `id = "x"`, "id = \"x\"\ncrash = { en = \"Recover in the goroutine.\" }", "crash needs both en and zh"},
		{"one hint", "[[exercise.hint]]\nen = \"two\"\nzh = \"二\"\n", "", "at least 2 hints"},
		{"bad test name", `name = "TestX"`, `name = "CheckX"`, "must start with Test"},
		{"zero points", "points = 2", "points = 0", "points must be positive"},
		{"points not a number", "points = 2", `points = "two"`, `(last key "exercise.test.points"): incompatible types: TOML value has type string; destination has type integer`},
		{"bad visibility", `id = "x"`, "id = \"x\"\nvisibility = \"later\"", `exercise 1 (x): visibility "later" is not one of visible, hidden, after_due_date, after_published`},
		{"bad test visibility", "points = 2", "points = 2\nvisibility = \"secret\"", `exercise 1 (x) test TestX: visibility "secret" is not one of`},
		{"unknown key in a test", `en = "does x"`, "en = \"does x\"\nweight = 1", `unknown key "exercise.test.weight"`},
		{"try outside the module", `id = "x"`, "id = \"x\"\ntry = [\"./cmd/../../x\"]", `exercise 1 (x): try must start with a package of the exercises module`},
		{"try not a package path", `id = "x"`, "id = \"x\"\ntry = [\"-clients\"]", `not "-clients"`},
		{"try absolute", `id = "x"`, "id = \"x\"\ntry = [\"/usr/bin/x\"]", `try must start with a package`},
		{"read_after names no chapter", `solutions = "solutions"`, "solutions = \"solutions\"\nread_after = [\"x\"]", `read_after: "x" is not the id of a chapter`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, good, tt.from)
			_, err := Load(minimal(t, strings.Replace(good, tt.from, tt.to, 1)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
