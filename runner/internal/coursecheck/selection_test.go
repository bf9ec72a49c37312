package coursecheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// selectionLogEnv names the file where TestMutantSelection writes the
// mutants it ran; the test is skipped when it is not set.
const selectionLogEnv = "COURSECHECK_SELECTION_LOG"

// TestMutantSelection is run by TestRunSelectsOneExercisesMutants in a
// process of its own, with the -run it tries: checkMutants on three fake
// exercises of two mutants each, every run logged and failing the test
// its mutant names.
func TestMutantSelection(t *testing.T) {
	log := os.Getenv(selectionLogEnv)
	if log == "" {
		t.Skip("run by TestRunSelectsOneExercisesMutants")
	}
	var mutants []exerciseMutant
	for _, dir := range []string{"01_a", "02_b", "03_c"} {
		e := &course.Exercise{Dir: dir}
		for _, wrong := range []string{"first", "second"} {
			mutants = append(mutants, exerciseMutant{e, Mutant{Wrong: i18n.Text{En: wrong}, Test: "TestX"}})
		}
	}
	var mu sync.Mutex
	checkMutants(t, mutants, func(m exerciseMutant, _ string) (run, error) {
		mu.Lock()
		defer mu.Unlock()
		f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return run{}, err
		}
		defer f.Close()
		_, err = f.WriteString(m.e.Dir + "/" + m.Wrong.En + "\n")
		return run{tests: map[string]string{m.Test: "fail"}, passes: map[string]int{}}, err
	})
}

// TestRunSelectsOneExercisesMutants checks that -run naming one exercise
// runs that exercise's mutants and starts no other's: an author fixing
// exercise 3 waits for exercise 3's mutants only.
func TestRunSelectsOneExercisesMutants(t *testing.T) {
	for _, tc := range []struct {
		run  string
		want []string
	}{
		{"^TestMutantSelection$", []string{"01_a/first", "01_a/second", "02_b/first", "02_b/second", "03_c/first", "03_c/second"}},
		{"^TestMutantSelection$/02_b", []string{"02_b/first", "02_b/second"}},
		{"^TestMutantSelection$/03_c/second", []string{"03_c/second"}},
	} {
		t.Run(tc.run, func(t *testing.T) {
			log := filepath.Join(t.TempDir(), "ran")
			require.NoError(t, os.WriteFile(log, nil, 0o644))
			cmd := exec.Command(os.Args[0], "-test.run="+tc.run, "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), selectionLogEnv+"="+log)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", out)
			data, err := os.ReadFile(log)
			require.NoError(t, err)
			ran := strings.Fields(string(data))
			slices.Sort(ran)
			assert.Equal(t, tc.want, ran, "the mutants run with -run %q", tc.run)
			for _, name := range tc.want {
				assert.Contains(t, string(out), "--- PASS: TestMutantSelection/"+name, "each selected mutant is judged")
			}
		})
	}
}
