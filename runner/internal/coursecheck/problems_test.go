package coursecheck

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// The fixture course: one exercise, 01_x, with two tests and two hints,
// complete as it stands. Each case of TestProblems changes a file or two.
const (
	fixtureHints = `
[[exercise.hint]]
en = "First hint."
zh = "第一条提示。"

[[exercise.hint]]
en = "Second hint."
zh = "第二条提示。"
`
	fixtureManifest = `title = { en = "A course", zh = "一门课" }
book = "book"
exercises = "exercises"
solutions = "solutions"

[[exercise]]
id = "x"
dir = "01_x"
file = "x.go"
chapter = "01-x.md"
title = { en = "X", zh = "X" }
%s
[[exercise.test]]
name = "TestA"
points = 1
en = "A works."
zh = "A 能用。"

[[exercise.test]]
name = "TestB"
points = 1
en = "B works."
zh = "B 能用。"
`
	fixtureStub     = "package x\n\nfunc A() int { return 0 }\n\nfunc B() int { return 0 }\n"
	fixtureSolution = "package x\n\nfunc A() int { return 1 }\n\nfunc B() int { return 2 }\n"
	fixtureMutants  = `[[mutant]]
wrong = { en = "A returns 0", zh = "A 返回 0" }
test = "TestA"
[[mutant.edit]]
old = '''return 1'''
new = '''return 0'''

[[mutant]]
wrong = { en = "B returns 0", zh = "B 返回 0" }
test = "TestB"
[[mutant.edit]]
old = '''return 2'''
new = '''return 0'''
`
)

// A provided file and a mutant of it, for the cases that add them.
const (
	fixtureProvided       = "package x\n\nfunc C() int { return 3 }\n"
	fixtureProvidedMutant = `
[[mutant]]
wrong = { en = "C returns 0", zh = "C 返回 0" }
test = "TestA"
file = "provided.go"
[[mutant.edit]]
old = '''return 3'''
new = '''return 0'''
`
)

// fixtureFiles is the fixture course, slash path → content.
func fixtureFiles() map[string]string {
	return map[string]string{
		"workbook.toml":               fmt.Sprintf(fixtureManifest, fixtureHints),
		"exercises/01_x/x.go":         fixtureStub,
		"solutions/01_x/x.go":         fixtureSolution,
		"solutions/01_x/mutants.toml": fixtureMutants,
		"book/en/01-x.md":             "# X\n",
		"book/zh-CN/01-x.md":          "# X\n",
	}
}

// check runs every file check on the course in root, as the author check
// does, with shipped standing for the copies the binary embeds.
func check(root string, shipped map[string]string) (problems, notes []string) {
	c, problems := Load(root)
	if c == nil {
		return problems, nil
	}
	mutantProblems, notes := MutantProblems(c)
	problems = append(problems, mutantProblems...)
	problems = append(problems, BookProblems(c)...)
	problems = append(problems, StubProblems(c, func(e *course.Exercise) ([]byte, error) {
		s, ok := shipped[e.Dir]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(s), nil
	})...)
	return problems, notes
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string // replace the fixture's; "" deletes the file
		shipped map[string]string // the embedded copies by exercise dir; nil: the stub itself
		want    []string          // each must be within one problem
		note    string            // must be within one note
	}{{
		name: "the fixture is complete",
	}, {
		name:  "no mutants file",
		files: map[string]string{"solutions/01_x/mutants.toml": ""},
		want:  []string{"exercise 1 (x) has no mutants file: write solutions/01_x/mutants.toml, with at least one [[mutant]]"},
	}, {
		name:  "a mutants file without mutants",
		files: map[string]string{"solutions/01_x/mutants.toml": "# none yet\n"},
		want:  []string{"solutions/01_x/mutants.toml lists no mutants: add at least one [[mutant]]"},
	}, {
		name:  "a mutant names a test the manifest does not list",
		files: map[string]string{"solutions/01_x/mutants.toml": strings.Replace(fixtureMutants, `"TestB"`, `"TestGone"`, 1)},
		want:  []string{`solutions/01_x/mutants.toml: the mutant "B returns 0" names TestGone, which workbook.toml does not list as a test of exercise 1 (x).`},
		note:  "no mutant of exercise 1 (x) targets TestB",
	}, {
		name:  "a test no mutant targets is a note",
		files: map[string]string{"solutions/01_x/mutants.toml": fixtureMutants[:strings.LastIndex(fixtureMutants, "[[mutant]]")]},
		note:  "no mutant of exercise 1 (x) targets TestB: if a plausible wrong implementation passes the other tests, add it to solutions/01_x/mutants.toml.",
	}, {
		name:  "an edit that no longer matches the solution",
		files: map[string]string{"solutions/01_x/x.go": strings.Replace(fixtureSolution, "return 2", "return 3", 1)},
		want:  []string{`solutions/01_x/mutants.toml: edit 1 of the mutant "B returns 0" matches the solution 0 times, not once`},
	}, {
		name:  "a mutant that says in one language only what is wrong",
		files: map[string]string{"solutions/01_x/mutants.toml": strings.Replace(fixtureMutants, `, zh = "B 返回 0"`, "", 1)},
		want:  []string{"reading solutions/01_x/mutants.toml: mutant 2: it needs wrong.en and wrong.zh, saying what the learner got wrong."},
	}, {
		name:  "a mutant repeated more than a test run can bear",
		files: map[string]string{"solutions/01_x/mutants.toml": strings.Replace(fixtureMutants, `test = "TestB"`, "test = \"TestB\"\nrepeat = 500", 1)},
		want:  []string{"reading solutions/01_x/mutants.toml: mutant 2: its repeat must be between 1 and 200."},
	}, {
		name:  "a mutant with a key the format does not have",
		files: map[string]string{"solutions/01_x/mutants.toml": strings.Replace(fixtureMutants, `test = "TestB"`, `caught_by = "TestB"`, 1)},
		want:  []string{`reading solutions/01_x/mutants.toml: unknown key "mutant.caught_by"`},
	}, {
		name: "a mutant of a provided file, which the exercise's folder holds a copy of",
		files: map[string]string{
			"solutions/01_x/provided.go":  fixtureProvided,
			"exercises/01_x/provided.go":  fixtureProvided,
			"solutions/01_x/mutants.toml": fixtureMutants + fixtureProvidedMutant,
		},
	}, {
		name: "a mutant of a provided file whose edit no longer matches it",
		files: map[string]string{
			"solutions/01_x/provided.go":  strings.Replace(fixtureProvided, "return 3", "return 4", 1),
			"exercises/01_x/provided.go":  fixtureProvided,
			"solutions/01_x/mutants.toml": fixtureMutants + fixtureProvidedMutant,
		},
		want: []string{`solutions/01_x/mutants.toml: edit 1 of the mutant "C returns 0" matches the solution 0 times, not once`},
	}, {
		name: "a mutant of a file the exercise's folder has no copy of",
		files: map[string]string{
			"solutions/01_x/provided.go":  fixtureProvided,
			"solutions/01_x/mutants.toml": fixtureMutants + fixtureProvidedMutant,
		},
		want: []string{`solutions/01_x/mutants.toml: the mutant "C returns 0" changes provided.go, but the exercise's folder has no copy of it to replace`},
	}, {
		name:  "a mutant whose file is a path",
		files: map[string]string{"solutions/01_x/mutants.toml": fixtureMutants + strings.Replace(fixtureProvidedMutant, `"provided.go"`, `"../01_x/x.go"`, 1)},
		want:  []string{`reading solutions/01_x/mutants.toml: mutant 3: its file "../01_x/x.go" must be the name of a Go file beside the solution, not a test.`},
	}, {
		name:  "a chapter in English only",
		files: map[string]string{"book/en/02-more.md": "# More\n"},
		want:  []string{"book/en/02-more.md has no zh-CN version: write book/zh-CN/02-more.md too"},
	}, {
		name:  "a chapter in Chinese only",
		files: map[string]string{"book/zh-CN/02-more.md": "# 更多\n"},
		want:  []string{"book/zh-CN/02-more.md has no en version: write book/en/02-more.md too"},
	}, {
		name:  "the exercise's chapter in one language only",
		files: map[string]string{"book/zh-CN/01-x.md": ""},
		want: []string{
			"book/zh-CN/01-x.md does not exist, but workbook.toml names it",
			"book/en/01-x.md has no zh-CN version",
		},
	}, {
		name:  "fewer hint tiers than required",
		files: map[string]string{"workbook.toml": fmt.Sprintf(fixtureManifest, fixtureHints[:strings.LastIndex(fixtureHints, "[[exercise.hint]]")])},
		want:  []string{"workbook.toml: exercise 1 (x): needs at least 2 hints."},
	}, {
		name:  "a hint tier in one language only",
		files: map[string]string{"workbook.toml": fmt.Sprintf(fixtureManifest, strings.Replace(fixtureHints, "zh = \"第二条提示。\"\n", "", 1))},
		want:  []string{"workbook.toml: exercise 1 (x) hint 2 needs both en and zh."},
	}, {
		name:    "a stub the embedded copy does not match",
		shipped: map[string]string{"01_x": strings.Replace(fixtureStub, "func B", "func C", 1)},
		want: []string{"exercises/01_x/x.go differs from the copy the binary embeds for `workbook reset` " +
			"(runner/internal/course/pristine/01_x/x.go.txt): line 5 is \"func B() int { return 0 }\" in exercises/ " +
			"and \"func C() int { return 0 }\" in the copy. Run `go generate ./...` at the workbook root to refresh the copies. " +
			"This check is for course authors: a learner who has edited exercises/ is not meant to run it."},
	}, {
		name:    "a stub the binary embeds no copy of",
		shipped: map[string]string{},
		want:    []string{"the binary embeds no copy of exercises/01_x/x.go (runner/internal/course/pristine/01_x/x.go.txt): run `go generate ./...`"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := fixtureFiles()
			for name, content := range tt.files {
				files[name] = content
			}
			for name, content := range files {
				if content == "" {
					continue
				}
				p := filepath.Join(root, filepath.FromSlash(name))
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
			}
			shipped := tt.shipped
			if shipped == nil {
				shipped = map[string]string{"01_x": files["exercises/01_x/x.go"]}
			}

			problems, notes := check(root, shipped)
			for _, want := range tt.want {
				assert.True(t, containsIn(problems, want), "no problem says %q; the problems:\n%s", want, strings.Join(problems, "\n"))
			}
			if len(tt.want) == 0 {
				assert.Empty(t, problems, "the problems")
			}
			if tt.note != "" {
				assert.True(t, containsIn(notes, tt.note), "no note says %q; the notes:\n%s", tt.note, strings.Join(notes, "\n"))
			} else {
				assert.Empty(t, notes, "the notes")
			}
		})
	}
}

// containsIn reports whether one of texts contains s.
func containsIn(texts []string, s string) bool {
	for _, text := range texts {
		if strings.Contains(text, s) {
			return true
		}
	}
	return false
}

func TestApply(t *testing.T) {
	tests := []struct {
		name    string
		edits   []Edit
		want    string
		wantErr string
	}{
		{"edits in order", []Edit{{"a := 1", "a := 2"}, {"a := 2", "a := 3"}}, "x\na := 3\ny\n", ""},
		{"an old text that is not there", []Edit{{"b := 1", "b := 2"}}, "", "matches the solution 0 times"},
		{"an old text that is there twice", []Edit{{"\n", "\r\n"}}, "", "matches the solution 3 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Mutant{Edits: tt.edits}.Apply("x\na := 1\ny\n")
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMissingFiles(t *testing.T) {
	root := t.TempDir()
	for name, content := range fixtureFiles() {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	c, err := course.Load(root)
	require.NoError(t, err)
	assert.Empty(t, missingFiles(c))
	require.NoError(t, os.Remove(c.StubPath(&c.Exercises[0])))
	require.NoError(t, os.Remove(c.ChapterPath("zh-CN", "01-x.md")))
	missing := missingFiles(c)
	require.Len(t, missing, 2, "a missing file is not a broken manifest: Load succeeds, missingFiles names it")
	assert.Contains(t, missing, c.StubPath(&c.Exercises[0]))

	home, err := course.Find(".")
	require.NoError(t, err)
	real, err := course.Load(home)
	require.NoError(t, err)
	if os.Getenv("CI") != "" {
		assert.Empty(t, missingFiles(real), "every file the manifest names must exist")
	}
}
