package coursecheck

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
)

// ProvidedProblems checks the provided files of every exercise: the
// non-test .go files of its folder other than the learner's (the
// manifest's file). The solution is the learner's file solved beside the
// same provided files, so that the solution package compiles on its own and
// passes the tests the grader runs on a learner's folder: each provided
// file must be byte for byte the file of that name beside the solution,
// and the solution's folder may have no other non-test .go file.
func ProvidedProblems(c *course.Course) []string {
	var problems []string
	for i := range c.Exercises {
		e := &c.Exercises[i]
		exerciseDir, solutionDir := c.ExerciseDir(e), filepath.Dir(c.SolutionPath(e))
		provided, err := goFiles(exerciseDir, e.File)
		if err != nil {
			problems = append(problems, fmt.Sprintf("the folder of exercise %d (%s) cannot be read: %v.", e.Number, e.ID, err))
			continue
		}
		beside, err := goFiles(solutionDir, e.File)
		if err != nil {
			problems = append(problems, fmt.Sprintf("the solution's folder of exercise %d (%s) cannot be read: %v.", e.Number, e.ID, err))
			continue
		}
		for _, name := range provided {
			ex, sol := filepath.Join(exerciseDir, name), filepath.Join(solutionDir, name)
			copyIt := fmt.Sprintf("cp %s %s", rel(c, ex), rel(c, sol))
			if !slices.Contains(beside, name) {
				problems = append(problems, fmt.Sprintf("%s is provided code of exercise %d (%s), but %s does not exist: "+
					"the solution needs the same file to compile as a learner's folder does. Copy it: %s",
					rel(c, ex), e.Number, e.ID, rel(c, sol), copyIt))
				continue
			}
			exText, err1 := os.ReadFile(ex)
			solText, err2 := os.ReadFile(sol)
			if err := errors.Join(err1, err2); err != nil {
				problems = append(problems, fmt.Sprintf("%s or %s cannot be read: %v.", rel(c, ex), rel(c, sol), err))
				continue
			}
			if bytes.Equal(exText, solText) {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s is provided code of exercise %d (%s), and %s differs from it: %s. "+
				"The learner gets the exercise's copy and the solution is checked with its own, so both must be the same file. "+
				"Copy the one you meant over the other: %s (or the other way round).",
				rel(c, ex), e.Number, e.ID, rel(c, sol), whereTheyDiffer(string(exText), string(solText)), copyIt))
		}
		for _, name := range beside {
			if !slices.Contains(provided, name) {
				sol := filepath.Join(solutionDir, name)
				problems = append(problems, fmt.Sprintf("%s is beside the solution of exercise %d (%s), but %s does not exist: "+
					"a learner's folder would not have it. Move its code into %s, or provide it to learners too: cp %s %s",
					rel(c, sol), e.Number, e.ID, rel(c, filepath.Join(exerciseDir, name)), rel(c, c.SolutionPath(e)),
					rel(c, sol), rel(c, filepath.Join(exerciseDir, name))))
			}
		}
	}
	return problems
}

// goFiles lists the non-test .go files in dir, but skip, sorted.
func goFiles(dir, skip string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, entry := range entries {
		name := entry.Name()
		if entry.Type().IsRegular() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") && name != skip {
			names = append(names, name)
		}
	}
	return names, nil
}

// whereTheyDiffer says at which line the exercise's copy and the
// solution's part, as each has it.
func whereTheyDiffer(exercise, solution string) string {
	ex, sol := strings.Split(exercise, "\n"), strings.Split(solution, "\n")
	for i := range max(len(ex), len(sol)) {
		if el, sl := line(ex, i), line(sol, i); el != sl {
			return fmt.Sprintf("line %d is %s in exercises/ and %s beside the solution", i+1, el, sl)
		}
	}
	return "they differ" // not reached: equal lines make equal texts
}

// TestProvidedFilesMatchSolutions keeps the provided files of every
// exercise identical to the solution's copies.
// It only reads files, so it loads the course without loadCourse's warming
// of the build cache.
func TestProvidedFilesMatchSolutions(t *testing.T) {
	root, err := course.Find(".")
	require.NoError(t, err, "the author check must run inside the workbook")
	c, problems := Load(root)
	if c != nil {
		problems = append(problems, ProvidedProblems(c)...)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestProvidedProblems(t *testing.T) {
	const provided = "package x\n\n// Helper is provided.\nfunc Helper() int { return 3 }\n"
	tests := []struct {
		name  string
		files map[string]string // added to the fixture course; "" deletes
		want  []string          // each must be within one problem
	}{{
		name:  "the same file in both folders",
		files: map[string]string{"exercises/01_x/helper.go": provided, "solutions/01_x/helper.go": provided},
	}, {
		name: "tests and other files are not provided code",
		files: map[string]string{"exercises/01_x/x_test.go": "package x_test\n", "solutions/01_x/x_test.go": "package x_test\n",
			"exercises/01_x/notes.txt": "notes\n", "solutions/01_x/sub/other.go": "package sub\n"},
	}, {
		name:  "missing beside the solution",
		files: map[string]string{"exercises/01_x/helper.go": provided},
		want: []string{"exercises/01_x/helper.go is provided code of exercise 1 (x), but solutions/01_x/helper.go does not exist",
			"Copy it: cp exercises/01_x/helper.go solutions/01_x/helper.go"},
	}, {
		name: "different beside the solution",
		files: map[string]string{"exercises/01_x/helper.go": provided,
			"solutions/01_x/helper.go": strings.Replace(provided, "return 3", "return 4", 1)},
		want: []string{"exercises/01_x/helper.go is provided code of exercise 1 (x), and solutions/01_x/helper.go differs from it: " +
			"line 4 is \"func Helper() int { return 3 }\" in exercises/ and \"func Helper() int { return 4 }\" beside the solution",
			"cp exercises/01_x/helper.go solutions/01_x/helper.go (or the other way round)"},
	}, {
		name:  "only beside the solution",
		files: map[string]string{"solutions/01_x/helper.go": provided},
		want: []string{"solutions/01_x/helper.go is beside the solution of exercise 1 (x), but exercises/01_x/helper.go does not exist",
			"Move its code into solutions/01_x/x.go, or provide it to learners too: cp solutions/01_x/helper.go exercises/01_x/helper.go"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := fixtureFiles()
			for name, content := range tt.files {
				files[name] = content
			}
			for name, content := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
			}
			c, problems := Load(root)
			require.Empty(t, problems)
			problems = ProvidedProblems(c)
			for _, want := range tt.want {
				assert.True(t, containsIn(problems, want), "no problem says %q; the problems:\n%s", want, strings.Join(problems, "\n"))
			}
			if len(tt.want) == 0 {
				assert.Empty(t, problems)
			}
		})
	}
}
