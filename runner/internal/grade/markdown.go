package grade

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The markdown format is GitHub-flavoured Markdown for a CI job's summary
// page ($GITHUB_STEP_SUMMARY), where GitHub shows a workflow's results. A
// step's summary may be at most 1 MiB (GitHub then drops it, with an
// error); the document is kept under markdownMax.
const markdownMax = 1000 << 10

// markdownMessageMax is the most of one message the document shows; the
// whole message is in every other format.
const markdownMessageMax = 4 << 10

// Labels of the markdown format (those of the text format, and these).
var (
	lblMdStatus = map[string]i18n.Text{
		statusPass:   {En: "✅ pass", Zh: "✅ 通过"},
		statusFail:   {En: "❌ fail", Zh: "❌ 未通过"},
		statusError:  {En: "⛔ error", Zh: "⛔ 出错"},
		statusNotRun: {En: "⏭ not run", Zh: "⏭ 未运行"},
	}
	lblMdCut = i18n.Text{En: "Messages were shortened to fit in GitHub's limit on a job summary; the other formats (text, json, junit) hold them whole.", Zh: "为符合 GitHub 对任务摘要大小的限制，信息已被缩短；其他格式（text、json、junit）中有完整内容。"}
)

// renderMarkdown writes the grading's notes, then for each submission its
// table of exercises and points, each test that earned nothing with its
// message, what was ignored and what to look at. Everything a submission
// could have chosen (paths, messages) is in code spans or code blocks, and
// all other text is escaped, so that nothing in it is read as a link, an
// image or HTML. Messages are shortened until the document fits in
// markdownMax.
func renderMarkdown(w io.Writer, rep *report, subs []*subReport) error {
	var b bytes.Buffer
	for limit := markdownMessageMax; ; limit /= 2 {
		b.Reset()
		writeMarkdown(&b, rep, subs, limit)
		if b.Len() <= markdownMax || limit == 0 {
			break
		}
	}
	if b.Len() > markdownMax { // only names and notes are left: cut them
		b.Truncate(len(runeCut(b.String(), markdownMax-200)))
		b.WriteString("\n\n…\n")
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return i18n.Errorf(msgWritingMarkdown, err)
	}
	return nil
}

func writeMarkdown(b *bytes.Buffer, rep *report, subs []*subReport, limit int) {
	lang := rep.lang
	if len(rep.Notes) > 0 {
		fmt.Fprintf(b, "**%s**\n\n", mdEscape(lblClassNotes.In(lang)))
		for _, n := range rep.Notes {
			fmt.Fprintf(b, "- %s\n", mdEscape(n))
		}
		b.WriteString("\n")
	}
	cut := false
	message := func(s string) {
		if len(s) > limit {
			s, cut = shorten(s, limit, lang), true
		}
		if strings.TrimSpace(s) != "" {
			b.WriteString(mdBlock(s))
		}
	}
	for _, s := range subs {
		fmt.Fprintf(b, "## %s\n\n", lblHeader.Sprintf(mdCode(s.Path), s.Score, s.MaxScore).In(lang))
		fmt.Fprintf(b, "| # | %s | %s | %s | %s |\n|---:|---|---:|---:|---|\n",
			lblExercise.In(lang), lblTests.In(lang), lblPoints.In(lang), lblStatus.In(lang))
		for _, e := range s.Exercises {
			status := lblMdStatus[e.Status].In(lang)
			if e.Reason != "" { // why it lost points, in one line
				status += " — " + mdEscape(bounded(e.Reason, maxStatus))
			}
			fmt.Fprintf(b, "| %d | %s | %d/%d | %d/%d | %s |\n", e.number, mdCode(e.Dir), passedTests(e), len(e.Tests), e.Score, e.MaxScore, status)
		}
		b.WriteString("\n")

		failing := slices.DeleteFunc(slices.Clone(s.Exercises), func(e *exReport) bool { return e.Status == statusPass || e.missing })
		if len(failing) > 0 {
			fmt.Fprintf(b, "### %s\n\n", mdEscape(strings.TrimRight(lblNotPassed.In(lang), ":：")))
		}
		for _, e := range failing {
			if e.Status == statusError {
				fmt.Fprintf(b, "**%s** — %s\n\n", mdCode(e.Dir), lblMdStatus[statusError].In(lang))
				message(e.Message)
				continue
			}
			for _, t := range e.Tests {
				if t.Status == statusPass {
					continue
				}
				fmt.Fprintf(b, "**%s** %d/%d — %s — %s\n\n", mdCode(e.Dir+"/"+t.Name), t.Points, t.MaxPoints,
					lblMdStatus[t.Status].In(lang), mdEscape(t.description.In(lang)))
				message(t.Message)
			}
		}

		ign := mapped(allIgnored(s), func(i ignoredJSON) string { return "- " + mdCode(i.Path) + " — " + mdEscape(i.Reason) })
		notes, review := remarkLines(s, "- ", mdCode, mdEscape)
		for _, sec := range []struct {
			title i18n.Text
			lines []string
		}{{lblIgnored, ign}, {lblNotes, notes}, {lblReview, review}} {
			if len(sec.lines) == 0 {
				continue
			}
			fmt.Fprintf(b, "### %s\n\n%s\n\n", mdEscape(strings.TrimRight(sec.title.In(lang), ":：")), strings.Join(sec.lines, "\n"))
		}
	}
	if cut {
		fmt.Fprintf(b, "_%s_\n", mdEscape(lblMdCut.In(lang)))
	}
}

// mdEscape makes s plain text in Markdown: every character that could
// start markup within a line (emphasis, code, a link, an image, HTML, an
// entity, a table cell, strikethrough), and a list marker or heading at
// its start, is escaped with a backslash; line breaks become spaces.
func mdEscape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_[]<>|~&!", r), i == 0 && strings.ContainsRune("-+#=>", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode is s as a code span: between more backticks than any run of them
// in s, padded with spaces when s starts or ends with one. A | is the one
// character a code span in a table cell still needs escaped.
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || s == "" {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdBlock is s as a fenced code block, whose fence is longer than any run
// of backticks in s, so that s cannot close it.
func mdBlock(s string) string {
	fence := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return fence + "text\n" + strings.TrimRight(s, "\n") + "\n" + fence + "\n\n"
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}
