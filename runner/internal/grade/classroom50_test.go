package grade

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// fakeEnv is an environment, as a map.
type fakeEnv map[string]string

func (e fakeEnv) get(k string) string { return e[k] }

// classroom50Env is what Classroom 50's runner gives an autograder, for
// a learner's repository made from the classroom "go101" and the
// assignment "workbook".
var classroom50Env = fakeEnv{
	"CLASSROOM": "go101", "ASSIGNMENT": "workbook", "SUBMISSION_TAG": "submit/2026-12-05T01-00-00Z-abc1234",
	"USERNAME": "alice", "OWNER": "alice", "ASSIGNMENT_TYPE": "individual",
	"COMMIT_URL":  "https://github.com/go101-org/go101-workbook-alice/commit/abc1234",
	"RELEASE_URL": "https://github.com/go101-org/go101-workbook-alice/releases/tag/submit%2F2026-12-05T01-00-00Z-abc1234",
	"REVIEW_URL":  "https://github.com/go101-org/go101-workbook-alice/compare/000...abc1234",
}

// classroom50Problems checks doc as Classroom 50's runner does after its
// autograder ran (runner.py's finalize_result, then validate_result, whose
// rules collect_scores.py repeats before the gradebook takes a result): it
// first overwrites owner, assignment_type, datetime and submitted_by with
// its own values, then refuses a document unless every rule below holds.
// The rules are written from that code; none of it is copied.
func classroom50Problems(doc map[string]any, env fakeEnv) []string {
	doc["owner"], doc["assignment_type"] = env["USERNAME"], env["ASSIGNMENT_TYPE"]
	doc["datetime"] = "2026-12-05T01:00:00Z"
	var bad []string
	str := func(k string) (string, bool) { v, ok := doc[k].(string); return v, ok && v != "" }
	integer := func(v any) (int, bool) {
		f, ok := v.(float64) // a JSON number; true and false are not
		return int(f), ok && f == float64(int(f)) && f >= 0
	}
	if doc["schema"] != classroom50Schema {
		bad = append(bad, "schema")
	}
	if doc["classroom"] != env["CLASSROOM"] {
		bad = append(bad, "classroom")
	}
	if doc["assignment"] != env["ASSIGNMENT"] {
		bad = append(bad, "assignment")
	}
	if v, ok := str("submission"); !ok || !regexp.MustCompile(`^submit/`).MatchString(v) {
		bad = append(bad, "submission")
	}
	for _, k := range []string{"commit", "release", "review", "datetime", "owner"} {
		if _, ok := str(k); !ok {
			bad = append(bad, k)
		}
	}
	score, ok1 := integer(doc["score"])
	maxScore, ok2 := integer(doc["max-score"])
	if !ok1 || !ok2 || score > maxScore {
		bad = append(bad, "score")
	}
	tests, ok := doc["tests"].([]any)
	if !ok {
		return append(bad, "tests")
	}
	for _, t := range tests {
		m, ok := t.(map[string]any)
		if !ok {
			bad = append(bad, "test")
			continue
		}
		if v, ok := m["test-name"].(string); !ok || v == "" {
			bad = append(bad, "test-name")
		}
		if _, ok := m["passed"].(bool); !ok {
			bad = append(bad, "passed")
		}
		s, ok1 := integer(m["score"])
		ms, ok2 := integer(m["max-score"])
		if !ok1 || !ok2 || s > ms {
			bad = append(bad, "test score")
		}
	}
	return bad
}

// TestClassroom50Rules: the checker refuses what the runner refuses, so
// that its silence on the grader's documents means something.
func TestClassroom50Rules(t *testing.T) {
	rep := handReport(t, i18n.En)
	good := func() map[string]any {
		var b []byte
		b, err := json.Marshal(classroom50Results(rep.Submissions, time.Now(), classroom50Env.get))
		require.NoError(t, err)
		var doc map[string]any
		require.NoError(t, json.Unmarshal(b, &doc))
		return doc
	}
	assert.Empty(t, classroom50Problems(good(), classroom50Env))
	for name, spoil := range map[string]func(d map[string]any){
		"another schema":            func(d map[string]any) { d["schema"] = "classroom50/result/v2" },
		"another classroom":         func(d map[string]any) { d["classroom"] = "go102" },
		"no submission tag":         func(d map[string]any) { d["submission"] = "v1.0" },
		"no commit":                 func(d map[string]any) { d["commit"] = "" },
		"a score above the maximum": func(d map[string]any) { d["score"] = d["max-score"].(float64) + 1 },
		"a fractional score":        func(d map[string]any) { d["score"] = 1.5 },
		"a boolean score":           func(d map[string]any) { d["score"] = true },
		"a test without a name": func(d map[string]any) {
			d["tests"].([]any)[0].(map[string]any)["test-name"] = ""
		},
		"a test's passed as text": func(d map[string]any) {
			d["tests"].([]any)[0].(map[string]any)["passed"] = "true"
		},
		"tests not a list": func(d map[string]any) { d["tests"] = map[string]any{} },
	} {
		d := good()
		spoil(d)
		assert.NotEmpty(t, classroom50Problems(d, classroom50Env), name)
	}

	// Outside Classroom 50 the identity is empty, and the runner would
	// refuse it: the format is for its autograder only.
	var b []byte
	b, err := json.Marshal(classroom50Results(rep.Submissions, time.Now(), fakeEnv{}.get))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.NotEmpty(t, classroom50Problems(doc, classroom50Env))
}

// TestClassroom50Autograder runs classroom50/autograder.py as Classroom
// 50's runner does (in the learner's checkout, with the runner's
// variables, the bundle beside it holding the course without its
// solutions), with the grader built from this module, on a solved, a
// half-solved and a hostile submission of the fake course, then does to
// its result.json what the runner does before it publishes it.
func TestClassroom50Autograder(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: Classroom 50's runner starts the autograder with it; not run")
	}
	if testing.Short() {
		t.Skip("builds the workbook command and grades three submissions")
	}
	t.Parallel()
	c := classCourse(t)
	p := points{c}
	bundle := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(bundle, "course"), os.DirFS(c.Root)))
	for _, dir := range []string{c.SolutionsDir, c.BookDir} {
		require.NoError(t, os.RemoveAll(filepath.Join(bundle, "course", dir)), "what the README leaves out")
	}
	script, err := os.ReadFile(filepath.Join("classroom50", "autograder.py"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(bundle, "autograder.py"), script, 0o644))
	bin, err := workbookBinary()
	require.NoError(t, err)

	for _, sub := range []struct {
		name, path string
		score      int
	}{
		{"solved", makeSolved(t, c), p.total()},
		{"half-solved", classSubmission(t, "partly"), p.full(exSum) + p.without(exWords, "TestLongest")},
		{"hostile", classSubmission(t, "forged_plain"), 0},
	} {
		t.Run(sub.name, func(t *testing.T) {
			checkout := filepath.Join(t.TempDir(), "go101-workbook-alice")
			require.NoError(t, os.CopyFS(checkout, os.DirFS(sub.path)))
			cmd := exec.Command(python, filepath.Join(bundle, "autograder.py"))
			cmd.Dir = checkout
			cmd.Env = append(os.Environ(), "CLASSROOM50_BUNDLE_DIR="+bundle, "WORKBOOK="+bin, "WORKBOOK_LANG=en", "GITHUB_ACTIONS=")
			for k, v := range classroom50Env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			log, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", log)
			header := " — " + strconv.Itoa(sub.score) + "/" + strconv.Itoa(p.total()) + " points"
			assert.Contains(t, string(log), header, "the log holds the text report")

			data, err := os.ReadFile(filepath.Join(checkout, "result.json"))
			require.NoError(t, err)
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			assert.Empty(t, classroom50Problems(doc, classroom50Env), "the runner accepts it")
			assert.EqualValues(t, sub.score, doc["score"])
			assert.EqualValues(t, p.total(), doc["max-score"])

			body, err := os.ReadFile(filepath.Join(checkout, "release-body.md"))
			require.NoError(t, err)
			assert.Contains(t, string(body), header)
		})
	}
}
