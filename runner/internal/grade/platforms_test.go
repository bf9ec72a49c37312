package grade

import (
	"bytes"
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestGradescopeResults: on coursetest.Tiny with visibilities (01_sum's
// TestTotal hidden, 02_words shown after the due date but its TestCount
// always), every test has its points, status, visibility and reason.
func TestGradescopeResults(t *testing.T) {
	ex := coursetest.Tiny()
	ex[0].Visibilities = []string{"", "hidden"}
	ex[1].Visibility, ex[1].Visibilities = "after_due_date", []string{"visible"}
	c := coursetest.Write(t, ex...)
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh} {
		t.Run(string(lang), func(t *testing.T) {
			rep := handReportOf(t, c, lang, unconfined)
			s := rep.Submissions[0]
			s.Exercises[0].Reason = "failed: TestTotal (hidden)"
			var doc gradescopeDoc
			require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "gradescope")), &doc))
			assert.Equal(t, float64(s.Score), doc.Score)
			assert.Equal(t, "hidden", doc.StdoutVisibility, "the log holds hidden tests' failures")
			byName := map[string]gradescopeTest{}
			total := 0.0
			for _, gt := range doc.Tests {
				byName[gt.Name] = gt
				total += gt.Score
			}
			require.Len(t, byName, points{c}.tests())
			assert.Equal(t, doc.Score, total, "the tests add up to the score")

			want := map[string]struct {
				score, max float64
				status     string
				visibility string
				says       string
			}{
				"01_sum/TestAdd":       {1, 1, "passed", "visible", ""},
				"01_sum/TestTotal":     {0, 2, "failed", "hidden", "Join must return what f returned"},
				"01_sum/TestHalves":    {0, 3, "failed", "visible", "sum.Halves"},
				"02_words/TestCount":   {0, 1, "failed", "visible", "the test binary did not start"},
				"02_words/TestLongest": {0, 1, "failed", "after_due_date", ""},
				"03_minmax/TestMax":    {1, 1, "passed", "visible", ""},
			}
			for name, w := range want {
				gt := byName[name]
				assert.Equal(t, w.score, gt.Score, name)
				assert.Equal(t, w.max, gt.MaxScore, name)
				assert.Equal(t, w.status, gt.Status, name)
				assert.Equal(t, w.visibility, gt.Visibility, name)
				assert.Contains(t, gt.Output, name[strings.Index(name, "/")+1:]+" ", "%s: what it checks comes first", name)
				assert.Contains(t, gt.Output, w.says, name)
				if w.status == "failed" {
					lost := lblLostPoints.Sprintf(int(w.max), int(w.max), "").In(lang)
					assert.Contains(t, gt.Output, strings.TrimSpace(lost), "%s: says the points it lost", name)
				}
			}
			assert.Equal(t, "1.2", byName["01_sum/TestTotal"].Number)
			assert.Contains(t, doc.Output, lblScoresWithheld.In(lang), "no score while tests are hidden")
			assert.NotContains(t, doc.Output, lblPlatformScore.Sprintf(s.Score, s.MaxScore).In(lang))
			assert.NotContains(t, doc.Output, "TestTotal", "the reason would name a hidden test")
		})
	}

	t.Run("both languages", func(t *testing.T) {
		var doc gradescopeDoc
		require.NoError(t, json.Unmarshal([]byte(renderString(t, handReport(t, i18n.Both), "gradescope")), &doc))
		out := doc.Tests[1].Output
		assert.Contains(t, out, "\n2 of 2 point(s) lost: fail — Join must return", "each language its own words")
		assert.Contains(t, out, "\n失去 2 分（共 2 分）：未通过 — Join must return")
	})

	t.Run("all visible", func(t *testing.T) {
		rep := handReport(t, i18n.En)
		s := rep.Submissions[0]
		s.Exercises[0].Reason = "failed: TestTotal; crashed: TestHalves"
		var doc gradescopeDoc
		require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "gradescope")), &doc))
		assert.True(t, strings.HasPrefix(doc.Output, lblPlatformScore.Sprintf(s.Score, s.MaxScore).In(i18n.En)+"\n"), "%q", doc.Output)
		assert.Contains(t, doc.Output, "01_sum: 1/6 points\n  01_sum: failed: TestTotal; crashed: TestHalves\n", "each exercise's points and why it lost them")
	})

	t.Run("Chinese punctuation", func(t *testing.T) {
		rep := handReport(t, i18n.Zh)
		s := rep.Submissions[0]
		s.Exercises[0].Reason = "未通过：TestTotal"
		s.Exercises[0].Notes = []string{"一条备注"}
		var doc gradescopeDoc
		require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "gradescope")), &doc))
		assert.Contains(t, doc.Output, "\n  01_sum：未通过：TestTotal\n  01_sum：一条备注\n", "a full-width colon after the folder, as around it")
		assert.NotContains(t, doc.Output, "01_sum: ")
	})
}

func TestPrairieLearnResults(t *testing.T) {
	rep := handReport(t, i18n.Zh, unconfined)
	s := rep.Submissions[0]
	var doc prairielearnDoc
	require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "prairielearn")), &doc))
	assert.True(t, doc.Gradable)
	assert.InDelta(t, float64(s.Score)/float64(s.MaxScore), doc.Score, 1e-9)
	assert.Equal(t, "得分 3/10", doc.Message)
	require.Len(t, doc.Tests, points{classCourse(t)}.tests())
	total := 0
	for _, pt := range doc.Tests {
		total += pt.Points
		assert.NotEmpty(t, pt.Description, pt.Name)
		assert.NotEmpty(t, pt.Message, pt.Name)
	}
	assert.Equal(t, s.Score, total)
	failed := doc.Tests[1]
	assert.Equal(t, "01_sum/TestTotal", failed.Name)
	assert.Contains(t, failed.Message, "失去 2 分（共 2 分）：未通过 — Join must return what f returned")
	assert.Contains(t, failed.Output, "Error Trace:", "the whole failure")
	assert.Contains(t, doc.Output, "01_sum/TestTotal", "the output is the submission's text report")

	t.Run("over 1 MB", func(t *testing.T) {
		big := handReport(t, i18n.En)
		for _, e := range big.Submissions[0].Exercises {
			for _, tr := range e.Tests {
				if tr.Status != statusPass {
					tr.Message = strings.Repeat("a line the tests printed, again and again\n", 60_000)
				}
			}
		}
		out := renderString(t, big, "prairielearn")
		assert.Less(t, len(out), 1_000_000, "PrairieLearn's limit")
		var doc prairielearnDoc
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		assert.Contains(t, doc.Message, "the tests' output was cut to")
		assert.Contains(t, doc.Tests[1].Output, "a line the tests printed")
	})

	t.Run("nothing submitted", func(t *testing.T) {
		none := handReport(t, i18n.En)
		for _, e := range none.Submissions[0].Exercises {
			e.missing, e.Status = true, statusError
		}
		none.Submissions[0].Notes = []string{"the submission has no exercises folder"}
		var doc prairielearnDoc
		require.NoError(t, json.Unmarshal([]byte(renderString(t, none, "prairielearn")), &doc))
		assert.False(t, doc.Gradable, "costs the learner no attempt")
		assert.Equal(t, []string{lblNothingGraded.En, "the submission has no exercises folder"}, doc.FormatErrors)
	})
}

// schemaCheck is a document to check against one of testdata's schemas.
type schemaCheck struct {
	Name   string `json:"name"`
	Schema string `json:"schema"` // its file
	Doc    string `json:"doc"`
}

// checkSchemas is a Python program that validates each document of the
// checks on its standard input with jsonschema, and prints what it found
// wrong with each ("" when valid); it exits with status 3 when jsonschema
// is not installed. One process for every check: Python's start and the
// import take seconds on a loaded machine.
const checkSchemas = `import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
found = {}
for c in json.load(sys.stdin):
    schema = json.load(open(c["schema"]))
    jsonschema.Draft7Validator.check_schema(schema)
    try:
        jsonschema.validate(json.loads(c["doc"]), schema, cls=jsonschema.Draft7Validator)
        found[c["name"]] = ""
    except jsonschema.ValidationError as e:
        found[c["name"]] = e.message
json.dump(found, sys.stdout)
`

// validateJSON checks every document against its schema with Python's
// jsonschema, skipping the test when it is not installed, and returns what
// was wrong with each by name ("" when valid).
func validateJSON(t *testing.T, checks []schemaCheck) map[string]string {
	t.Helper()
	for i := range checks {
		checks[i].Schema = filepath.Join("testdata", checks[i].Schema)
	}
	in, err := json.Marshal(checks)
	require.NoError(t, err)
	cmd := exec.Command("python3", "-c", checkSchemas)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.Is(err, exec.ErrNotFound) || errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Skip("python3 with jsonschema is not installed (apt-get install python3-jsonschema): the output was not checked against its schema")
	}
	require.NoError(t, err, "%s", stderr.String())
	found := map[string]string{}
	require.NoError(t, json.Unmarshal(out, &found))
	require.Len(t, found, len(checks))
	return found
}

// TestPlatformsFollowTheirSchemas validates both platforms' documents
// against the schemas written from their documentation, and shows that
// each schema refuses what the documentation does not allow.
func TestPlatformsFollowTheirSchemas(t *testing.T) {
	ex := coursetest.Tiny()
	ex[1].Visibility = "after_published"
	c := coursetest.Write(t, ex...)
	var checks []schemaCheck
	for _, f := range []string{"gradescope", "prairielearn"} {
		for _, lang := range []i18n.Lang{i18n.En, i18n.Both} {
			doc := renderString(t, handReportOf(t, c, lang, unconfined, "graded without the race detector: 竞态检测器不可用"), f)
			checks = append(checks, schemaCheck{Name: f + "/" + string(lang), Schema: f + ".schema.json", Doc: doc})
		}
	}
	good := map[string]string{
		"gradescope":   renderString(t, handReport(t, i18n.En), "gradescope"),
		"prairielearn": renderString(t, handReport(t, i18n.En), "prairielearn"),
	}
	bad := map[string]bool{}
	for _, b := range []struct{ format, name, from, to string }{
		{"gradescope", "a status Gradescope does not know", `"status": "failed"`, `"status": "fail"`},
		{"gradescope", "a visibility Gradescope does not know", `"visibility": "visible"`, `"visibility": "public"`},
		{"gradescope", "a misspelt key", `"max_score"`, `"max_points"`},
		{"gradescope", "a score that is not a number", `"score": 3,`, `"score": "3",`},
		{"prairielearn", "a score above 1", `"score": 0.3`, `"score": 3`},
		{"prairielearn", "a test without a name", `"name": "01_sum/TestAdd",`, ``},
		{"prairielearn", "a misspelt test key", `"max_points"`, `"max_score"`},
	} {
		doc := strings.Replace(good[b.format], b.from, b.to, 1)
		require.NotEqual(t, good[b.format], doc, "%s: the replacement must apply", b.name)
		checks = append(checks, schemaCheck{Name: b.name, Schema: b.format + ".schema.json", Doc: doc})
		bad[b.name] = true
	}
	for name, problem := range validateJSON(t, checks) {
		if bad[name] {
			assert.NotEmpty(t, problem, "the schema must refuse %s", name)
		} else {
			assert.Empty(t, problem, "%s does not follow its schema", name)
		}
	}
}
