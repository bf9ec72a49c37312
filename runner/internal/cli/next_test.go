package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course/coursetest"
)

// TestNextDoesNotRunAgainWhatPassed: at the last exercise, workbook next
// does not run again the exercises before it whose files have not changed
// since they passed. Their tests fail once a file beside the course's
// folders exists (it is in none of theirs, so their files stay the same):
// a next that ran them again would stop at the first.
func TestNextDoesNotRunAgainWhatPassed(t *testing.T) {
	const marker = "fail-if-run"
	test := func(pkg string, pass bool) string {
		body := `t.Fatal("not implemented yet")`
		if pass {
			body = `if _, err := os.Stat("../../` + marker + `"); err == nil { t.Fatal("run again") }`
		}
		return "package " + pkg + "\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nvar _ = os.Stat\n\n" +
			"func TestA(t *testing.T) { " + body + " }\n\nfunc TestB(t *testing.T) {}\n"
	}
	var exercises []coursetest.Exercise
	for i, id := range []string{"one", "two", "three", "four", "five"} {
		exercises = append(exercises, coursetest.Exercise{ID: id, TestFile: test(id, i < 4)})
	}
	c := coursetest.Write(t, exercises...)
	next := func() (int, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), Env{Args: []string{"next", "--race=off"}, Stdout: &stdout, Stderr: &stderr,
			Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }, Dir: c.Root, Width: 100})
		require.NotContains(t, stderr.String(), msgErrorPrefix.En)
		return code, stdout.String()
	}

	code, out := next()
	assert.Equal(t, exitFailing, code)
	assert.Contains(t, out, "Exercise 5 of 5")
	assert.Contains(t, out, "✓ Exercise 4 passes", "the first next runs them all")

	require.NoError(t, os.WriteFile(filepath.Join(c.Root, marker), nil, 0o644))
	code, out = next()
	assert.Equal(t, exitFailing, code)
	assert.Contains(t, out, "Exercise 5 of 5", "exercises 1 to 4 passed on these files: not run again")
	assert.NotContains(t, out, "✓ Exercise 4 passes", "and not said to pass now")

	// An edit is a reason to run it again.
	stub := c.StubPath(&c.Exercises[1])
	require.NoError(t, os.WriteFile(stub, []byte("package two // edited\n"), 0o644))
	code, out = next()
	assert.Equal(t, exitFailing, code)
	assert.Contains(t, out, "Exercise 2 of 5")
	assert.Contains(t, out, "run again")
}
