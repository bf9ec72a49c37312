package grade

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Labels of the text format.
var (
	lblExercise     = i18n.Text{En: "Exercise", Zh: "练习"}
	lblTests        = i18n.Text{En: "Tests", Zh: "测试"}
	lblPoints       = i18n.Text{En: "Points", Zh: "分数"}
	lblStatus       = i18n.Text{En: "Status", Zh: "状态"}
	lblFullMarks    = i18n.Text{En: "Full marks", Zh: "满分人数"}
	lblAverage      = i18n.Text{En: "Average", Zh: "平均分"}
	lblHeader       = i18n.Text{En: "%s — %d/%d points", Zh: "%s — 得分 %d/%d"}
	lblNotPassed    = i18n.Text{En: "Not passed:", Zh: "未通过："}
	lblIgnored      = i18n.Text{En: "Ignored:", Zh: "已忽略："}
	lblNotes        = i18n.Text{En: "Notes:", Zh: "备注："}
	lblReview       = i18n.Text{En: "To look at:", Zh: "需人工检查："}
	lblClass        = i18n.Text{En: "Class summary: %d submission(s), average %.1f/%d (%.0f%%), lowest %d, highest %d", Zh: "全班汇总：%d 份提交，平均得分 %.1f/%d（%.0f%%），最低 %d，最高 %d"}
	lblClassNotes   = i18n.Text{En: "Notes on this grading:", Zh: "本次评分的备注："}
	lblProvenance   = i18n.Text{En: "Graded with the course at commit %s, by workbook %s", Zh: "评分所用的课程：git 提交 %s；评分程序：workbook %s"}
	lblByTest       = i18n.Text{En: "Tests passed, by test:", Zh: "各测试的通过情况："}
	lblTest         = i18n.Text{En: "Test", Zh: "测试"}
	lblPassed       = i18n.Text{En: "Passed", Zh: "通过人数"}
	lblStatusReason = i18n.Text{En: "%s: %s", Zh: "%s：%s"}
	lblMoreLines    = i18n.Text{En: "… %d more line(s)", Zh: "……另有 %d 行"}
	lblStatusWords  = map[string]i18n.Text{
		statusPass:   {En: "pass", Zh: "通过"},
		statusFail:   {En: "fail", Zh: "未通过"},
		statusError:  {En: "error", Zh: "出错"},
		statusNotRun: {En: "not run", Zh: "未运行"},
	}
)

// maxTextLines bounds the lines of one message in the text format.
const maxTextLines = 15

// maxStatus bounds the reason in an exercise's row, in bytes.
const maxStatus = 200

// renderText writes the grading's notes, then a table per submission, its
// failures with their messages, what was ignored, and then a summary of
// the class.
func renderText(w io.Writer, rep *report, subs []*subReport) {
	lang := rep.lang
	renderNotes(w, rep)
	for i, s := range subs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		renderSubmissionText(w, s, lang)
	}
	if len(subs) == len(rep.Submissions) {
		fmt.Fprintln(w)
		renderClassSummary(w, rep)
	}
}

func renderSubmissionText(w io.Writer, s *subReport, lang i18n.Lang) {
	fmt.Fprintln(w, "== "+lblHeader.Sprintf(quoteName(s.Path), s.Score, s.MaxScore).In(lang)+" ==")
	rows := [][]string{{"#", lblExercise.In(lang), lblTests.In(lang), lblPoints.In(lang), lblStatus.In(lang)}}
	for _, e := range s.Exercises {
		tests := fmt.Sprintf("%d/%d", passedTests(e), len(e.Tests))
		status := lblStatusWords[e.Status].In(lang)
		switch {
		case e.missing && e.Reason != "": // not submitted, not attempted: one line says it all
			status = bounded(e.Reason, maxStatus)
		case e.Status != statusPass && e.Reason != "":
			status = lblStatusReason.Sprintf(status, bounded(e.Reason, maxStatus)).In(lang)
		case e.Status == statusError:
			status = lblStatusReason.Sprintf(status, strings.TrimRight(firstLine(e.Message), ":：")).In(lang)
		}
		rows = append(rows, []string{fmt.Sprint(e.number), e.Dir, tests, fmt.Sprintf("%d/%d", e.Score, e.MaxScore), status})
	}
	table(w, "  ", rows)

	var failures []string
	for _, e := range s.Exercises {
		if e.Status == statusPass || e.missing {
			continue // the table says enough
		}
		if e.Status == statusError {
			failures = append(failures, "  "+e.Dir+" — "+lblStatusWords[statusError].In(lang))
			failures = append(failures, indent(e.Message, "      ", lang)...)
			continue
		}
		if e.Message != "" && !slices.ContainsFunc(e.Tests, func(t *testReport) bool {
			return strings.Contains(t.Message, firstLine(e.Message))
		}) {
			failures = append(failures, "  "+e.Dir)
			failures = append(failures, indent(e.Message, "      ", lang)...)
		}
		for _, t := range e.Tests {
			if t.Status == statusPass {
				continue
			}
			failures = append(failures, fmt.Sprintf("  %s/%s  %d/%d  %s — %s", e.Dir, t.Name, t.Points, t.MaxPoints,
				lblStatusWords[t.Status].In(lang), t.description.In(lang)))
			failures = append(failures, indent(t.Message, "      ", lang)...)
		}
	}
	section(w, lblNotPassed.In(lang), failures)

	section(w, lblIgnored.In(lang), ignoredLines(s))

	notes, review := remarkLines(s, "  ", func(s string) string { return s }, func(s string) string { return s })
	section(w, lblNotes.In(lang), notes)
	section(w, lblReview.In(lang), review)
}

// passedTests is how many tests of e passed.
func passedTests(e *exReport) int {
	n := 0
	for _, t := range e.Tests {
		if t.Status == statusPass {
			n++
		}
	}
	return n
}

// remarkLines are a submission's notes (its own, then its exercises') and
// what to look at, a line each: after bullet, an exercise's folder as dir
// writes it, then the remark as text writes it.
func remarkLines(s *subReport, bullet string, dir, text func(string) string) (notes, review []string) {
	for _, n := range s.Notes {
		notes = append(notes, bullet+text(n))
	}
	for _, e := range s.Exercises {
		for _, n := range e.Notes {
			notes = append(notes, bullet+dir(e.Dir)+": "+text(n))
		}
		for _, n := range e.Review {
			review = append(review, bullet+dir(e.Dir)+": "+text(n))
		}
	}
	return notes, review
}

// allIgnored is what was not used of a submission: its exercises' entries,
// then its own.
func allIgnored(s *subReport) []ignoredJSON {
	var out []ignoredJSON
	for _, e := range s.Exercises {
		out = append(out, e.Ignored...)
	}
	return append(out, s.Ignored...)
}

// ignoredLines are the lines of the text format that list what was not
// used of a submission.
func ignoredLines(s *subReport) []string {
	return mapped(allIgnored(s), func(i ignoredJSON) string { return "  " + quoteName(i.Path) + " — " + i.Reason })
}

// quoteName puts a file or folder name in quotes, so that where it ends is
// plain whatever it holds (spaces, " — ", escapes already written out by
// printableReport).
func quoteName(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `\"`) + `"`
}

// renderClassSummary writes the class's average, lowest and highest scores,
// what graded it, how each exercise went and, for a class, each test.
func renderClassSummary(w io.Writer, rep *report) {
	lang := rep.lang
	subs := rep.Submissions
	if len(subs) == 0 {
		return
	}
	sum, lo, hi := 0, subs[0].Score, subs[0].Score
	for _, s := range subs {
		sum += s.Score
		lo, hi = min(lo, s.Score), max(hi, s.Score)
	}
	maxScore := subs[0].MaxScore
	avg := float64(sum) / float64(len(subs))
	pct := 0.0
	if maxScore > 0 {
		pct = avg * 100 / float64(maxScore)
	}
	fmt.Fprintln(w, lblClass.Sprintf(len(subs), avg, maxScore, pct, lo, hi).In(lang))
	if rep.CourseCommit != "" {
		fmt.Fprintln(w, lblProvenance.Sprintf(rep.CourseCommit, rep.GraderVersion).In(lang))
	}
	rows := [][]string{{lblExercise.In(lang), lblFullMarks.In(lang), lblAverage.In(lang)}}
	for j, e := range subs[0].Exercises {
		full, points := 0, 0
		for _, s := range subs {
			points += s.Exercises[j].Score
			if s.Exercises[j].Score == s.Exercises[j].MaxScore {
				full++
			}
		}
		rows = append(rows, []string{e.Dir, fmt.Sprintf("%d/%d", full, len(subs)),
			fmt.Sprintf("%.1f/%d", float64(points)/float64(len(subs)), e.MaxScore)})
	}
	table(w, "  ", rows)
	if len(subs) == 1 {
		return
	}
	// For a class, how many submissions passed each test: which tests
	// most of the class fails.
	rows = [][]string{{lblTest.In(lang), lblPassed.In(lang), lblPoints.In(lang)}}
	for j, e := range subs[0].Exercises {
		for k, t := range e.Tests {
			passed := 0
			for _, s := range subs {
				if j < len(s.Exercises) && k < len(s.Exercises[j].Tests) && s.Exercises[j].Tests[k].Status == statusPass {
					passed++
				}
			}
			rows = append(rows, []string{e.Dir + "/" + t.Name, fmt.Sprintf("%d/%d", passed, len(subs)), fmt.Sprint(t.MaxPoints)})
		}
	}
	fmt.Fprintln(w, lblByTest.In(lang))
	table(w, "  ", rows)
}

// renderNotes writes the grading's notes (no race detector, an unconfined
// grading), which concern every grade of the report: the first lines of
// the text format, followed by a blank line.
func renderNotes(w io.Writer, rep *report) {
	if len(rep.Notes) == 0 {
		return
	}
	fmt.Fprintln(w, lblClassNotes.In(rep.lang))
	for _, n := range rep.Notes {
		fmt.Fprintln(w, "  "+strings.ReplaceAll(n, "\n", "\n    "))
	}
	fmt.Fprintln(w)
}

func section(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// indent prefixes each line of a message, keeping at most maxTextLines.
func indent(msg, prefix string, lang i18n.Lang) []string {
	msg = strings.TrimRight(msg, "\n")
	if msg == "" {
		return nil
	}
	lines := strings.Split(msg, "\n")
	var out []string
	for i, l := range lines {
		if i == maxTextLines {
			out = append(out, prefix+lblMoreLines.Sprintf(len(lines)-i).In(lang))
			break
		}
		out = append(out, prefix+strings.TrimRight(l, " \t\r"))
	}
	return out
}

// table writes rows as aligned columns, measuring wide (CJK) characters as
// two columns.
func table(w io.Writer, prefix string, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(prefix)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
