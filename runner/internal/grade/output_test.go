package grade

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/explain"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The formats, checked on a report made by hand from the real course (its
// tests, their points, files and source) without running anything:
// TestClass checks them on a graded class.

// assertionFailure is what a failed testify assertion prints under the
// testing package's "file.go:N:" line, as the course's tests print it.
const assertionFailure = "join_test.go:90: \n" +
	"    \tError Trace:\texercises/03_join/join_test.go:90\n" +
	"    \t            \t\t\t\texercises/03_join/join_test.go:41\n" +
	"    \tError:      \tNot equal: \n" +
	"    \t            \texpected: 42\n" +
	"    \t            \tactual  : 0\n" +
	"    \tTest:       \tTestJoinReturnsResult\n" +
	"    \tMessages:   \tJoin must return what f returned · Join 必须返回 f 的返回值"

// unconfined stands for the notice the grader puts first in report.Notes
// when the submissions' code runs outside a sandbox.
const unconfined = "the grading is unconfined: install bubblewrap (apt-get install bubblewrap) to grade in a sandbox"

// handReport is a report of one submission of the class's course
// (coursetest.Tiny), in lang: in the first exercise, its first test
// passed, its second failed on an assertion and its third crashed; the
// second's tests never ran; every other exercise passed. notes are the
// grading's.
func handReport(t *testing.T, lang i18n.Lang, notes ...string) *report {
	t.Helper()
	return handReportOf(t, classCourse(t), lang, notes...)
}

// handReportOf is handReport of course c, a variant of coursetest.Tiny.
func handReportOf(t *testing.T, c *course.Course, lang i18n.Lang, notes ...string) *report {
	t.Helper()
	tc, err := loadTrusted(c.Root)
	require.NoError(t, err)
	g := &grader{cfg: config{lang: lang}, tc: tc, race: map[string]bool{}}
	s := &subReport{Path: filepath.Join("class", `dan, o"neil é`), name: "dan__o_neil__", Ignored: []ignoredJSON{}}
	for i, te := range tc.exercises {
		e := g.newExReport(te, &submitted{})
		e.Status = statusPass
		for j, tr := range e.Tests {
			tr.seconds = 0.25
			switch {
			case i == 0 && j == 1:
				tr.Status, tr.Message = statusFail, assertionFailure
			case i == 0 && j == 2:
				tr.Status, tr.Message = statusError, "the test binary crashed in this test (a panic):\n    sum.Halves\n\x01\x02 bytes a terminal would not show"
			case i == 1:
				tr.Status, tr.Message = statusNotRun, "not run: the test binary did not start"
			default:
				tr.Status, tr.Points = statusPass, tr.MaxPoints
			}
			e.Score += tr.Points
		}
		if e.Score < e.MaxScore {
			e.Status = statusFail
			e.Notes = []string{"the tests printed more than the grader keeps: messages were truncated"}
		}
		s.Score += e.Score
		s.MaxScore += e.MaxScore
		s.Exercises = append(s.Exercises, e)
	}
	return &report{Submissions: []*subReport{s}, Notes: notes, lang: lang}
}

// render writes the submissions subs of rep in the format called name.
func render(rep *report, name string, subs []*subReport, w io.Writer) error {
	return formatList(name)[0].write(w, rep, subs)
}

// renderString is the report in one format.
func renderString(t *testing.T, rep *report, format string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, render(rep, format, rep.Submissions, &b))
	return b.String()
}

func TestExplanation(t *testing.T) {
	for _, c := range []struct{ name, msg, want string }{
		{"a line from the test", "spawn_test.go:51: a second client: nothing came back within 5s\nmore", "a second client: nothing came back within 5s"},
		{"an assertion", assertionFailure, "Join must return what f returned · Join 必须返回 f 的返回值: Not equal: expected: 42 actual : 0"},
		{"an assertion in Chinese", explain.Output(assertionFailure).Zh, "Join must return what f returned · Join 必须返回 f 的返回值: 不相等： 期望：42 实际：0"},
		{"an assertion without a message", "x_test.go:3: \n    \tError Trace:\tx_test.go:3\n    \tError:      \tShould be true", "Should be true"},
		{"a subtest", "--- TestJoinReportsPanic/a_string:\n    boundary_test.go:248: \n        \tError:      \tReceived unexpected error:\n        \t            \tpanic: boom\n        \tMessages:   \tSpawn panicked\n--- TestJoinReportsPanic/an_error:\n", "a_string: Spawn panicked: Received unexpected error: panic: boom"},
		{"the grader's own sentence", "the output reported contradictory results for this test (forged output?)\nspawn_test.go:9: x", "the output reported contradictory results for this test (forged output?)"},
		{"a bare location", "join_test.go:90:", "join_test.go:90:"},
		{"nothing", "\n\n", ""},
		{"long", strings.Repeat("é", 400), strings.Repeat("é", maxExplanation/2) + "…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, explanation(c.msg))
		})
	}
}

// junitRead is the JUnit output read back.
type junitRead struct {
	XMLName xml.Name   `xml:"testsuites"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Suites  []struct {
		Name  string `xml:"name,attr"`
		Props []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
		SystemOut string `xml:"system-out"`
	} `xml:"testsuite"`
}

// TestJUnitFollowsBothSchemas validates the output with xmllint against
// testdata/junit.xsd (what Ant's and the Jenkins xunit plugin's schemas
// both allow), with the grading's notes, control bytes and Chinese in it.
func TestJUnitFollowsBothSchemas(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.En, i18n.Both} {
		t.Run(string(lang), func(t *testing.T) {
			rep := handReport(t, lang, unconfined, "graded without the race detector: 竞态检测器不可用")
			rep.CourseCommit, rep.GraderVersion = "0123456789abcdef0123456789abcdef01234567", "v1.2.3 (go1.25.0)"
			out := renderString(t, rep, "junit")
			var doc junitRead
			require.NoError(t, xml.Unmarshal([]byte(out), &doc))
			assert.Empty(t, doc.Attrs, "Ant's schema allows no attribute on <testsuites>")
			first := doc.Suites[0]
			require.NotNil(t, first.Cases[1].Failure)
			assert.Equal(t, "Join must return what f returned · Join 必须返回 f 的返回值: Not equal: expected: 42 actual : 0", first.Cases[1].Failure.Message,
				"the message attribute holds the explanation, not the location")
			assert.Contains(t, first.Cases[1].Failure.Text, "Error Trace:", "the whole failure is the element's text")
			require.NotNil(t, first.Cases[2].Error)
			assert.Equal(t, "error", first.Cases[2].Error.Type)
			require.NotNil(t, doc.Suites[1].Cases[0].Error)
			assert.Equal(t, "not_run", doc.Suites[1].Cases[0].Error.Type)
			for _, s := range doc.Suites {
				require.GreaterOrEqual(t, len(s.Props), 2)
				assert.Equal(t, "note", s.Props[0].Name, s.Name)
				assert.Equal(t, unconfined, s.Props[0].Value, "%s: the first note is the first property", s.Name)
				assert.True(t, strings.HasPrefix(s.SystemOut, unconfined+"\n"), "%s: the notes open system-out: %q", s.Name, s.SystemOut)
				props := map[string]string{}
				for _, p := range s.Props {
					props[p.Name] = p.Value
				}
				assert.Equal(t, rep.CourseCommit, props["course_commit"], "%s: the course's commit, as JSON records it", s.Name)
				assert.Equal(t, rep.GraderVersion, props["grader_version"], "%s: the grader's version, as JSON records it", s.Name)
			}

			xmllint, err := exec.LookPath("xmllint")
			if err != nil {
				t.Skip("xmllint is not installed (apt-get install libxml2-utils): the output was not checked against testdata/junit.xsd")
			}
			file := filepath.Join(t.TempDir(), "junit.xml")
			require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
			msg, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), file).CombinedOutput()
			assert.NoError(t, err, "xmllint rejects the JUnit output:\n%s", msg)
		})
	}
}

// TestJUnitSchemaIsStrict shows that testdata/junit.xsd refuses what one of
// the two real schemas refuses, so that passing it means something.
func TestJUnitSchemaIsStrict(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	good := renderString(t, handReport(t, i18n.En), "junit")
	for _, c := range []struct{ name, from, to string }{
		{"attributes on testsuites (Ant)", "<testsuites>", `<testsuites tests="1">`},
		{"properties on testsuites (Ant)", "<testsuites>", `<testsuites><properties><property name="course_commit" value="x"></property></properties>`},
		{"a testcase without classname (Ant)", `<testcase name="TestAdd" classname="dan__o_neil__.01_sum"`, `<testcase name="TestAdd"`},
		{"a failure without type (Ant)", `type="fail"`, ""},
		{"a timestamp with a zone (Ant)", `" hostname=`, `Z" hostname=`},
		{"a suite without properties (Ant)", "<properties>", "<properties-gone>"},
		{"group on a testcase (Ant)", `<testcase name="TestAdd"`, `<testcase group="g" name="TestAdd"`},
		{"a signed time (xunit)", `time="0.250"`, `time="+0.250"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := strings.Replace(good, c.from, c.to, 1)
			if c.name == "a suite without properties (Ant)" {
				bad = strings.Replace(bad, "</properties>", "</properties-gone>", 1)
			}
			require.NotEqual(t, good, bad, "the replacement must apply")
			file := filepath.Join(t.TempDir(), "junit.xml")
			require.NoError(t, os.WriteFile(file, []byte(bad), 0o644))
			err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), file).Run()
			assert.Error(t, err, "the schema must refuse %s", c.name)
		})
	}
}

// npmCache is where TestJUnitReadByJunit2json keeps the npm packages it
// installs, so that later runs find them.
func npmCache(t *testing.T) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "workbook-test-npm")
}

// junit2jsonVersion is the version of the npm package junit2json (the JUnit
// reader of several GitHub Actions reporters) the test reads the output
// with.
const junit2jsonVersion = "4.0.0"

// TestJUnitReadByJunit2json reads the output with a real consumer, npm's
// junit2json, installed from the registry into a cache of the test's own
// when npm can reach it.
func TestJUnitReadByJunit2json(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the JUnit output was not read by junit2json")
	}
	dir := filepath.Join(npmCache(t), "junit2json-"+junit2jsonVersion)
	cli := filepath.Join(dir, "node_modules", "junit2json", "dist", "esm", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		npm, err := exec.LookPath("npm")
		if err != nil {
			t.Skip("npm is not installed: the JUnit output was not read by junit2json")
		}
		require.NoError(t, os.MkdirAll(dir, 0o755))
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", dir, "junit2json@"+junit2jsonVersion)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("npm could not install junit2json@%s (no registry?): the JUnit output was not read by it: %v\n%s", junit2jsonVersion, err, out)
		}
	}
	rep := handReport(t, i18n.Both, unconfined)
	file := filepath.Join(t.TempDir(), "junit.xml")
	require.NoError(t, os.WriteFile(file, []byte(renderString(t, rep, "junit")), 0o644))
	out, err := exec.Command(node, cli, file).Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Fatalf("junit2json refused the output: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)

	var doc struct {
		Testsuite []struct {
			Name       string  `json:"name"`
			Tests      float64 `json:"tests"`
			Failures   float64 `json:"failures"`
			Errors     float64 `json:"errors"`
			Properties []struct {
				Name  string `json:"name"`
				Value any    `json:"value"` // junit2json turns "11" into 11
			} `json:"properties"`
			Testcase []struct {
				Name    string `json:"name"`
				Failure []struct {
					Message string `json:"message"`
					Type    string `json:"type"`
				} `json:"failure"`
				Error []struct {
					Message string `json:"message"`
					Type    string `json:"type"`
				} `json:"error"`
			} `json:"testcase"`
			SystemOut []string `json:"system-out"`
		} `json:"testsuite"`
	}
	require.NoError(t, json.Unmarshal(out, &doc), "%.2000s", out)
	s := rep.Submissions[0]
	require.Len(t, doc.Testsuite, len(s.Exercises))
	for i, e := range s.Exercises {
		suite := doc.Testsuite[i]
		assert.Equal(t, s.name+"/"+e.Dir, suite.Name)
		require.Len(t, suite.Testcase, len(e.Tests))
		failures, errs := 0, 0
		for j, tr := range e.Tests {
			c := suite.Testcase[j]
			assert.Equal(t, tr.Name, c.Name)
			switch tr.Status {
			case statusPass:
				assert.Empty(t, c.Failure, tr.Name)
				assert.Empty(t, c.Error, tr.Name)
			case statusFail:
				failures++
				require.Len(t, c.Failure, 1, tr.Name)
				assert.Equal(t, explanation(tr.Message), c.Failure[0].Message)
			default:
				errs++
				require.Len(t, c.Error, 1, tr.Name)
				assert.Equal(t, explanation(xmlSafe(tr.Message)), c.Error[0].Message)
			}
		}
		assert.Equal(t, float64(len(e.Tests)), suite.Tests)
		assert.Equal(t, float64(failures), suite.Failures, e.Dir)
		assert.Equal(t, float64(errs), suite.Errors, e.Dir)
		props := map[string]string{}
		for _, p := range suite.Properties {
			if _, seen := props[p.Name]; !seen {
				props[p.Name] = fmt.Sprint(p.Value)
			}
		}
		assert.Equal(t, unconfined, props["note"])
		assert.Equal(t, strconv.Itoa(e.Score), props["score"], e.Dir)
		assert.Equal(t, strconv.Itoa(e.MaxScore), props["max_score"], e.Dir)
		require.Len(t, suite.SystemOut, 1)
		assert.True(t, strings.HasPrefix(suite.SystemOut[0], unconfined), e.Dir)
	}
	assert.Equal(t, "Join must return what f returned · Join 必须返回 f 的返回值: Not equal: expected: 42 actual : 0",
		doc.Testsuite[0].Testcase[1].Failure[0].Message)
}

// fileOrder is the Test functions of an exercise's test files, in the
// order they are declared (files in name order), read with go/parser.
func fileOrder(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Test") && fn.Name.Name != "TestMain" {
				names = append(names, fn.Name.Name)
			}
		}
	}
	return names
}

// TestExercismWritesOnlyItsInterface: the interface
// (https://exercism.org/docs/building/tooling/test-runners/interface) has
// no field for the course's commit or the grader's version, so a report
// that has them writes only version, status, message and tests.
func TestExercismWritesOnlyItsInterface(t *testing.T) {
	rep := handReport(t, i18n.En, unconfined)
	rep.CourseCommit, rep.GraderVersion = "0123456789abcdef0123456789abcdef01234567", "v1.2.3"
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "exercism")), &doc))
	for k := range doc {
		assert.Contains(t, []string{"version", "status", "message", "tests"}, k, "a top-level key the interface does not define")
	}
	assert.NotContains(t, renderString(t, rep, "exercism"), rep.CourseCommit)
}

// TestExercismTestFileOrder: "tests MUST be returned in the order they are
// specified in the tests file".
func TestExercismTestFileOrder(t *testing.T) {
	rep := handReport(t, i18n.En)
	var doc exercismDoc
	require.NoError(t, json.Unmarshal([]byte(renderString(t, rep, "exercism")), &doc))
	c := classCourse(t)
	root := c.Root
	i := 0
	for _, e := range c.Exercises {
		manifest := map[string]bool{}
		for _, tr := range e.Tests {
			manifest[tr.Name] = true
		}
		var want []string
		for _, name := range fileOrder(t, filepath.Join(root, c.ExercisesDir, e.Dir)) {
			if manifest[name] {
				want = append(want, e.Dir+"/"+name)
			}
		}
		require.LessOrEqual(t, i+len(want), len(doc.Tests))
		var got []string
		for _, tr := range doc.Tests[i : i+len(want)] {
			got = append(got, tr.Name)
		}
		assert.Equal(t, want, got, "%s: the tests in the order of the test file", e.Dir)
		i += len(want)
	}
	assert.Len(t, doc.Tests, i, "every test, once")
}

// TestNotesOpenEveryFormat: the grading's notes (the lead's "unconfined"
// notice first among them) are at the top of every format.
func TestNotesOpenEveryFormat(t *testing.T) {
	rep := handReport(t, i18n.En, unconfined, "graded without the race detector: no cgo")
	check := map[string]func(t *testing.T, out string){
		"text": func(t *testing.T, out string) {
			lines := strings.Split(out, "\n")
			assert.Equal(t, []string{lblClassNotes.En, "  " + unconfined, "  graded without the race detector: no cgo"}, lines[:3], "the first lines")
		},
		"json": func(t *testing.T, out string) {
			var doc struct{ Notes []string }
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Equal(t, unconfined, doc.Notes[0])
		},
		"junit": func(t *testing.T, out string) {
			var doc junitRead
			require.NoError(t, xml.Unmarshal([]byte(out), &doc))
			assert.Equal(t, unconfined, doc.Suites[0].Props[0].Value)
			assert.True(t, strings.HasPrefix(doc.Suites[0].SystemOut, unconfined))
		},
		"exercism": func(t *testing.T, out string) {
			var doc exercismDoc
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Empty(t, doc.Message, "v3 allows a top-level message only with status error")
			assert.True(t, strings.HasPrefix(doc.Tests[0].Output, unconfined), "the first test's output: %q", doc.Tests[0].Output)
			assert.LessOrEqual(t, len([]rune(doc.Tests[0].Output)), exercismMaxOutput)
		},
		"markdown": func(t *testing.T, out string) {
			assert.True(t, strings.HasPrefix(out, "**"+mdEscape(lblClassNotes.En)+"**\n\n- "+mdEscape(unconfined)+"\n"), "%q", out)
		},
		"classroom50": func(t *testing.T, out string) {
			// The result has no place for them: Classroom 50's runner
			// checks its fields; the notes are in the log (--out).
			var doc map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.NotContains(t, out, unconfined)
		},
		"canvas": func(t *testing.T, out string) {
			// Every column but the learner's identifiers is an assignment
			// to Canvas: the notes have no place there.
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, utf8BOM))).ReadAll()
			require.NoError(t, err)
			assert.Equal(t, append(slices.Clone(canvasColumns), defaultAssignment), rows[0])
		},
		"moodle": func(t *testing.T, out string) {
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, utf8BOM))).ReadAll()
			require.NoError(t, err)
			assert.Equal(t, []string{"Email address", defaultAssignment, defaultAssignment + " — Feedback"}, rows[0])
		},
		"gradescope": func(t *testing.T, out string) {
			var doc gradescopeDoc
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.Contains(t, doc.Output, "\n"+unconfined+"\n", "the notes follow the score")
		},
		"prairielearn": func(t *testing.T, out string) {
			var doc prairielearnDoc
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			assert.True(t, strings.HasPrefix(doc.Output, lblClassNotes.En+"\n  "+unconfined+"\n"), "the text report's notes: %q", doc.Output)
		},
		"csv": func(t *testing.T, out string) {
			require.True(t, strings.HasPrefix(out, utf8BOM))
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, utf8BOM))).ReadAll()
			require.NoError(t, err)
			require.Len(t, rows, 2)
			last := len(rows[0]) - 1
			assert.Equal(t, "notes", rows[0][last])
			assert.True(t, strings.HasPrefix(rows[1][last], unconfined+"\n"), "%q", rows[1][last])
			assert.Contains(t, rows[1][last], "01_sum: the tests printed more", "exercise notes follow")
			assert.Equal(t, `class/dan, o"neil é`, rows[1][0])
		},
	}
	rep.gradebook = handGradebook(t, rep)
	require.Len(t, check, len(Formats), "a check per format")
	for _, f := range Formats {
		t.Run(f, func(t *testing.T) { check[f](t, renderString(t, rep, f)) })
	}

	t.Run("exercism error", func(t *testing.T) {
		bad := handReport(t, i18n.En, unconfined)
		for _, e := range bad.Submissions[0].Exercises {
			e.Status, e.Message = statusError, "the code does not compile"
		}
		var doc exercismDoc
		require.NoError(t, json.Unmarshal([]byte(renderString(t, bad, "exercism")), &doc))
		assert.Equal(t, "error", doc.Status)
		assert.True(t, strings.HasPrefix(doc.Message, unconfined+"\n\n"), "%q", doc.Message)
	})

	t.Run("--out", func(t *testing.T) {
		var b bytes.Buffer
		out := t.TempDir()
		require.NoError(t, writeReport(rep, "markdown,junit", out, &b))
		log := b.String()
		assert.True(t, strings.HasPrefix(log, lblClassNotes.En+"\n  "+unconfined+"\n"), "the log opens with the notes: %q", log)
		assert.Contains(t, log, "Join must return what f returned", "each failing test's reason is in the log")
		s := rep.Submissions[0]
		assert.Contains(t, log, " — "+strconv.Itoa(s.Score)+"/"+strconv.Itoa(s.MaxScore)+" points ==")
		for _, f := range []string{s.name + ".md", s.name + ".xml"} {
			_, err := os.Stat(filepath.Join(out, f))
			assert.NoError(t, err, "one grading, a file in each format")
		}
		assert.Contains(t, log, "Wrote 2 file(s)")
	})

	t.Run("--out file names", func(t *testing.T) {
		name := rep.Submissions[0].name
		files := map[string]string{
			"text": name + ".txt", "json": name + ".json", "junit": name + ".xml",
			"exercism": filepath.Join(name, "results.json"), "csv": "grades.csv", "markdown": name + ".md",
			"classroom50": name + ".classroom50.json", "canvas": "grades.canvas.csv", "moodle": "grades.moodle.csv",
			"gradescope": name + ".gradescope.json", "prairielearn": name + ".prairielearn.json",
		}
		require.Len(t, files, len(Formats), "a file name per format")
		for _, f := range Formats {
			out := t.TempDir()
			require.NoError(t, writeReport(rep, f, out, io.Discard))
			_, err := os.Stat(filepath.Join(out, files[f]))
			assert.NoError(t, err, "--format %s --out writes %s", f, files[f])
		}
	})

	t.Run("csv in Chinese", func(t *testing.T) {
		zh := handReport(t, i18n.Zh, "评分未受限制")
		out := renderString(t, zh, "csv")
		assert.Contains(t, out, "评分未受限制")
	})
}

// handGradebook is a roster for the hand-made report: its one submission
// is a learner with an email address and a Chinese name.
func handGradebook(t *testing.T, rep *report) *gradebook {
	t.Helper()
	return &gradebook{
		columns:    []string{"Student", "Email address"},
		rows:       map[string][]string{filepath.Base(rep.Submissions[0].Path): {"张伟, Zhang Wei", "wei@example.edu"}},
		assignment: defaultAssignment,
	}
}

// TestJSONWritesOutputOnce: what a test printed is in message, and not
// again in message_text, in any language; --changed reads both back whole.
func TestJSONWritesOutputOnce(t *testing.T) {
	output := strings.Repeat("sum_test.go:12: Add(1, 2) = 4, want 3\n", 200)
	clipped := clipText(verbatim(output + strings.Repeat("x", maxMessage)))
	raced := joinTextLines(verbatim(output), explain.Race("TestHalves"))
	for _, lang := range []i18n.Lang{i18n.En, i18n.Zh, i18n.Both} {
		for name, text := range map[string]i18n.Text{"verbatim": verbatim(output), "clipped": clipped, "raced": raced, "words": msgSkipped} {
			rep := handReport(t, lang)
			rep.Submissions[0].Exercises[0].Tests[1].MessageText = text
			rep.Submissions[0].Exercises[0].MessageText = text
			var b bytes.Buffer
			require.NoError(t, writeReport(rep, "json", "", &b))
			if name != "words" {
				assert.Equal(t, 2*200, strings.Count(b.String(), "Add(1, 2) = 4, want 3"), "%s in %s: once for the exercise, once for the test", name, lang)
			}
			var back report
			require.NoError(t, json.Unmarshal(b.Bytes(), &back))
			want := printableReport(rep)
			bt, be := back.Submissions[0].Exercises[0].Tests[1], back.Submissions[0].Exercises[0]
			assert.Equal(t, want.Submissions[0].Exercises[0].Tests[1].MessageText, bt.MessageJSON.text(bt.Message), "%s in %s", name, lang)
			assert.Equal(t, want.Submissions[0].Exercises[0].MessageText, be.MessageJSON.text(be.Message), "%s in %s", name, lang)
			assert.Equal(t, want.Submissions[0].Exercises[0].Tests[1].Message, back.Submissions[0].Exercises[0].Tests[1].Message, "%s in %s", name, lang)
		}
	}
}
