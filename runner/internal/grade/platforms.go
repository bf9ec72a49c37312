package grade

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The formats of the grading platforms that run the grader themselves, on
// one submission at a time: Gradescope's autograder and PrairieLearn's
// external grader. Each reads results.json as its documentation defines
// it (testdata/gradescope.schema.json and testdata/prairielearn.schema.json
// are those definitions, written from it).

// What the platforms' documents say to the learner.
var (
	lblPlatformScore  = i18n.Text{En: "%d/%d points", Zh: "得分 %d/%d"}
	lblExerciseLine   = i18n.Text{En: "%s: %d/%d points", Zh: "%s：得分 %d/%d"}
	lblTestPassed     = i18n.Text{En: "passed", Zh: "通过"}
	lblLostPoints     = i18n.Text{En: "%d of %d point(s) lost: %s", Zh: "失去 %d 分（共 %d 分）：%s"}
	lblNothingGraded  = i18n.Text{En: "nothing of the course's exercises was found in the submission", Zh: "提交中没有找到课程的任何练习"}
	lblOutputsCut     = i18n.Text{En: "the tests' output was cut to %d bytes each to keep the results under PrairieLearn's 1 MB limit; the instructor's log has all of it", Zh: "为使结果不超过 PrairieLearn 的 1 MB 上限，每个测试的输出被截短到 %d 字节；教师的日志中有完整输出"}
	lblScoresWithheld = i18n.Text{En: "Some tests are shown later (after the due date, or when grades are published): the points of each exercise are shown then.", Zh: "部分测试稍后才会显示（截止日期之后，或成绩发布时）：各练习的得分届时一并显示。"}
)

// --- Gradescope: the autograder's results.json ---

// gradescopeDoc is results.json as Gradescope's autograder specification
// defines it. The score is the tests' sum, given at the top as well so
// that no test's visibility changes it.
type gradescopeDoc struct {
	Score            float64 `json:"score"`
	ExecutionTime    int     `json:"execution_time"`
	Output           string  `json:"output"`
	OutputFormat     string  `json:"output_format"`
	TestOutputFormat string  `json:"test_output_format"`
	TestNameFormat   string  `json:"test_name_format"`
	// StdoutVisibility is hidden: run_autograder's log holds the text
	// report, hidden tests' failures included.
	StdoutVisibility string           `json:"stdout_visibility"`
	Tests            []gradescopeTest `json:"tests"`
}

type gradescopeTest struct {
	Name       string   `json:"name"`
	Number     string   `json:"number"`
	Score      float64  `json:"score"`
	MaxScore   float64  `json:"max_score"`
	Status     string   `json:"status"`
	Output     string   `json:"output"`
	Visibility string   `json:"visibility"`
	Tags       []string `json:"tags"`
}

// gradescopeResults is the results.json of one submission (the first of
// subs): a test per manifest test, named by its exercise's folder, its
// output what it checks and, when it lost its points, why. The top-level
// output holds what concerns the whole submission (the grading's notes,
// files not used, an exercise that did not build), and each exercise's
// points only when every test is visible: Gradescope hides the total score
// while some test is not.
func gradescopeResults(rep *report, subs []*subReport) *gradescopeDoc {
	lang := rep.lang
	doc := &gradescopeDoc{
		ExecutionTime: int(math.Ceil(rep.elapsed.Seconds())),
		OutputFormat:  "text", TestOutputFormat: "text", TestNameFormat: "text",
		StdoutVisibility: "hidden", Tests: []gradescopeTest{},
	}
	if len(subs) == 0 {
		return doc
	}
	s := subs[0]
	doc.Score = float64(s.Score)
	allVisible := true
	for _, e := range s.Exercises {
		for i, t := range e.Tests {
			status := "failed"
			if t.Status == statusPass {
				status = "passed"
			}
			allVisible = allVisible && t.visibility == "visible"
			doc.Tests = append(doc.Tests, gradescopeTest{
				Name: e.Dir + "/" + t.Name, Number: fmt.Sprintf("%d.%d", e.number, i+1),
				Score: float64(t.Points), MaxScore: float64(t.MaxPoints), Status: status,
				Output: testOutput(e, i, lang), Visibility: t.visibility, Tags: []string{e.Dir},
			})
		}
	}
	doc.Output = platformOutput(rep, s, allVisible)
	return doc
}

// testOutput is what a platform shows under test i of e: what the test
// checks, then whether it passed or why it lost its points, with the
// whole message the grader has for it.
func testOutput(e *exReport, i int, lang i18n.Lang) string {
	t := e.Tests[i]
	if t.Status == statusPass {
		return joinLines(t.description.In(lang), lblTestPassed.In(lang))
	}
	return joinLines(t.description.In(lang), testReason(e, i, lang)+"\n\n"+testMessage(e, i))
}

// testReason is the one line that says why test i of e lost its points.
func testReason(e *exReport, i int, lang i18n.Lang) string {
	t := e.Tests[i]
	why, status := explanation(testMessage(e, i)), lblStatusWords[t.Status]
	return lblLostPoints.Sprintf(t.MaxPoints-t.Points, t.MaxPoints, i18n.Text{En: status.En + " — " + why, Zh: status.Zh + " — " + why}).In(lang)
}

// platformOutput is what concerns the whole submission: the grading's
// notes and the submission's, each exercise's points (when showScores)
// and why it lost points (when its tests are visible), the files not
// used.
func platformOutput(rep *report, s *subReport, showScores bool) string {
	lang := rep.lang
	var b strings.Builder
	line := func(l string) { b.WriteString(strings.TrimRight(l, "\n") + "\n") }
	if showScores {
		line(lblPlatformScore.Sprintf(s.Score, s.MaxScore).In(lang))
	} else {
		line(lblScoresWithheld.In(lang))
	}
	for _, n := range slices.Concat(rep.Notes, s.Notes) {
		line(n)
	}
	for _, e := range s.Exercises {
		if showScores {
			line(lblExerciseLine.Sprintf(e.Dir, e.Score, e.MaxScore).In(lang))
		}
		// The reason names the tests that failed: not while some of
		// them are hidden.
		if e.Reason != "" && !slices.ContainsFunc(e.Tests, func(t *testReport) bool { return t.visibility != "visible" }) {
			line("  " + named(lang, e.Dir, e.Reason))
		}
		for _, n := range e.Notes {
			line("  " + named(lang, e.Dir, n))
		}
	}
	section(&b, lblIgnored.In(lang), ignoredLines(s))
	return strings.TrimRight(b.String(), "\n")
}

// --- PrairieLearn: the external grader's results.json ---

// prairielearnDoc is results.json as PrairieLearn's external grading
// defines it: score in [0, 1], tests for <pl-external-grader-results>.
type prairielearnDoc struct {
	Gradable     bool               `json:"gradable"`
	Score        float64            `json:"score"`
	Message      string             `json:"message"`
	Output       string             `json:"output"`
	FormatErrors []string           `json:"format_errors,omitempty"`
	Tests        []prairielearnTest `json:"tests"`
}

type prairielearnTest struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Points      int    `json:"points"`
	MaxPoints   int    `json:"max_points"`
	Message     string `json:"message"`
	Output      string `json:"output"`
}

// prairielearnMax is PrairieLearn's limit on results.json (1 MB), less
// room for the sentence that says outputs were cut.
const prairielearnMax = 1_000_000 - 4<<10

// prairielearnResults is the results.json of one submission (the first of
// subs). A submission with nothing of any exercise (not even the stubs) is
// not gradable: it costs the learner no attempt. Each test's output is its
// whole message; when the document would pass PrairieLearn's limit,
// outputs are cut, shorter each time, until it fits, and the message says
// so.
func prairielearnResults(rep *report, subs []*subReport) *prairielearnDoc {
	lang := rep.lang
	for limit := maxMessage; ; limit /= 2 {
		doc := &prairielearnDoc{Gradable: true, Tests: []prairielearnTest{}}
		if len(subs) == 0 {
			return doc
		}
		s := subs[0]
		if s.MaxScore > 0 {
			doc.Score = float64(s.Score) / float64(s.MaxScore)
		}
		doc.Message = lblPlatformScore.Sprintf(s.Score, s.MaxScore).In(lang)
		var out bytes.Buffer
		renderNotes(&out, rep)
		renderSubmissionText(&out, s, lang)
		doc.Output = shorten(out.String(), 4*limit, lang)
		nothing, cut := true, false
		for _, e := range s.Exercises {
			nothing = nothing && e.missing && !e.NotAttempted
			for i, t := range e.Tests {
				pt := prairielearnTest{
					Name: e.Dir + "/" + t.Name, Description: t.description.In(lang),
					Points: t.Points, MaxPoints: t.MaxPoints, Message: lblTestPassed.In(lang),
				}
				if t.Status != statusPass {
					pt.Message = testReason(e, i, lang)
					msg := testMessage(e, i)
					pt.Output = shorten(msg, limit, lang)
					cut = cut || len(msg) > limit
				}
				doc.Tests = append(doc.Tests, pt)
			}
		}
		if nothing {
			doc.Gradable = false
			doc.FormatErrors = append([]string{lblNothingGraded.In(lang)}, s.Notes...)
		}
		if cut {
			doc.Message = joinLines(doc.Message, lblOutputsCut.Sprintf(limit).In(lang))
		}
		var b bytes.Buffer
		if err := renderJSON(&b, doc); err != nil || b.Len() <= prairielearnMax || limit < 64 {
			return doc
		}
	}
}
