package render

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/explain"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
)

// Options are what every panel needs to know about the screen.
type Options struct {
	Width int
	Plain bool // no colours, no escape codes
	Lang  i18n.Lang
}

// style applies st unless the output is plain.
func (o Options) style(st lipgloss.Style, s string) string {
	if o.Plain {
		return s
	}
	return st.Render(s)
}

var (
	styleTitle = lipgloss.NewStyle().Bold(true)
	styleGood  = lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true)
	styleBad   = lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	styleWarn  = lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true)
	styleDim   = lipgloss.NewStyle().Faint(true)
	stylePath  = lipgloss.NewStyle().Foreground(lipgloss.Color("6"))
)

func statusText(s progress.Status) i18n.Text {
	switch s {
	case progress.Done:
		return msgStatusDone
	case progress.Current:
		return msgStatusCurrent
	case progress.Failing:
		return msgStatusFailing
	}
	return msgStatusNew
}

func (o Options) mark(s progress.Status) string {
	switch s {
	case progress.Done:
		return o.style(styleGood, "✓")
	case progress.Current:
		return o.style(styleWarn, "▶")
	case progress.Failing:
		return o.style(styleBad, "✗")
	}
	return o.style(styleDim, "·")
}

// Progress draws the bar and the list of exercises.
func Progress(rows []progress.Row, o Options) string {
	done := progress.CountDone(rows)
	var lines []string
	lines = append(lines, Wrap(o.style(styleTitle, msgProgress.In(o.Lang)+"  ")+msgDoneOf.F(o.Lang, done, len(rows)), o.Width)...)
	lines = append(lines, bar(done, len(rows), min(o.Width, 40), o))
	for _, r := range rows {
		line := fmt.Sprintf("%s %d %s", o.mark(r.Status), r.Exercise.Number, r.Exercise.Title.In(o.Lang))
		tail := statusText(r.Status).In(o.Lang)
		if r.Total > 0 {
			tail += msgComma.In(o.Lang) + msgTestsCount.F(o.Lang, r.Passed, r.Total)
		}
		lines = append(lines, wrapHanging(line+o.style(styleDim, msgParens.F(o.Lang, tail)), o.Width, "    ")...)
	}
	return strings.Join(lines, "\n")
}

// ProgressLine is Progress in one line, for narrow screens: the count and
// a bar, without the list of exercises.
func ProgressLine(rows []progress.Row, o Options) string {
	done := progress.CountDone(rows)
	text := o.style(styleTitle, msgProgress.In(o.Lang)+"  ") + msgDoneOf.F(o.Lang, done, len(rows))
	if room := o.Width - Width(text) - 2; room >= 6 {
		return text + "  " + bar(done, len(rows), min(room, 22), o)
	}
	return Truncate(text, o.Width)
}

func bar(done, total, width int, o Options) string {
	if total == 0 || width < 3 {
		return ""
	}
	inner := width - 2
	filled := inner * done / total
	return "[" + o.style(styleGood, strings.Repeat("█", filled)) + o.style(styleDim, strings.Repeat("░", inner-filled)) + "]"
}

// wrapHanging wraps s to width, indenting continuation lines with indent.
func wrapHanging(s string, width int, indent string) []string {
	first := Wrap(s, width)
	if len(first) <= 1 {
		return first
	}
	rest := Wrap(strings.Join(first[1:], " "), width-Width(indent))
	return append(first[:1], Indent(rest, indent)...)
}

// Header names the current exercise and the file to edit.
func Header(e *course.Exercise, total int, file string, o Options) string {
	lines := Wrap(o.style(styleTitle, msgExercise.F(o.Lang, e.Number, total)+" · "+e.Title.In(o.Lang)), o.Width)
	lines = append(lines, wrapHanging(msgLabel.F(o.Lang, msgEdit.In(o.Lang), o.style(stylePath, file)), o.Width, "  ")...)
	return strings.Join(lines, "\n")
}

// Verdict draws the result of one run: what passed, what failed and why,
// with the manifest's description of each failing test.
func Verdict(e *course.Exercise, v *gotest.Verdict, race bool, o Options) string {
	var b block
	b.width = o.Width
	passed, total := v.Counts()
	raceText := msgRaceOff
	if race {
		raceText = msgRaceOn
	}
	switch v.Kind {
	case gotest.KindPass:
		b.wrap(o.style(styleGood, "✓ "+explain.AllPass.F(o.Lang, total)) + o.style(styleDim, msgParens.F(o.Lang, raceText.In(o.Lang))))
		return b.String()
	case gotest.KindBuildError:
		b.wrap(o.style(styleBad, "✗ "+explain.BuildError.In(o.Lang)))
		for _, m := range v.Build {
			b.wrapIndent(m.String(), "  ", "    ")
		}
		return b.String()
	}
	if total > 0 {
		b.wrap(o.style(styleBad, "✗ "+explain.SomePass.F(o.Lang, passed, total)) + o.style(styleDim, msgParens.F(o.Lang, raceText.In(o.Lang))))
	} else {
		b.wrap(o.style(styleBad, "✗ "+explain.NoTestRan.In(o.Lang)))
	}
	switch v.Kind {
	case gotest.KindCrash:
		b.wrap(explain.Crash(v.Crash).In(o.Lang))
		b.frames(v.Crash.Frames, o)
	case gotest.KindTimeout:
		b.wrap(explain.Timeout(v.Timeout).In(o.Lang))
		if v.Timeout != nil {
			b.frames(v.Timeout.Frames, o)
		}
	case gotest.KindRace:
		for i, r := range v.Races {
			if i == 2 { // two reports say it; more only push the rest off screen
				break
			}
			b.wrap(o.style(styleBad, explain.Race(r.Test).In(o.Lang)))
			for _, s := range r.Stacks {
				if len(s.Frames) == 0 {
					continue
				}
				b.wrapIndent(s.Title+":", "  ", "    ")
				for _, f := range s.Frames {
					b.wrapIndent(f.String(), "    ", "      ")
				}
			}
		}
	}
	// Failing tests, first failure first, each with what it checks.
	shown := 0
	for _, t := range v.Tests {
		if t.Status != gotest.StatusFail || t.TestName().IsSubtest() {
			continue
		}
		if shown < 3 {
			b.line("")
		}
		desc := ""
		if mt, ok := e.Test(t.Name); ok {
			desc = " — " + mt.Description.In(o.Lang)
		}
		b.wrapIndent(o.style(styleBad, "✗ "+t.Name)+desc, "", "  ")
		// The first failure in full, a glimpse of the next two, then only
		// what each checks: an untouched stub fails every test, and a
		// screen of the same message buries the chapter.
		switch {
		case shown == 0:
			b.output(failureOutput(v, t), 30, o)
		case shown < 3:
			b.output(failureOutput(v, t), 3, o)
		}
		shown++
	}
	var notRun []string
	for _, t := range v.Tests {
		if t.Status == gotest.StatusNotRun {
			notRun = append(notRun, t.Name)
		}
	}
	if len(notRun) > 0 {
		b.line("")
		b.wrap(o.style(styleWarn, explain.NotRun(v.Kind).In(o.Lang)))
		for _, n := range notRun {
			b.wrapIndent("· "+n, "  ", "    ")
		}
	}
	if len(v.Suspicious) > 0 {
		b.line("")
		b.wrap(o.style(styleWarn, msgSuspicious.In(o.Lang)))
		for _, s := range v.Suspicious {
			b.wrapIndent("· "+s, "  ", "    ")
		}
	}
	return b.String()
}

// block collects lines no wider than width.
type block struct {
	width int
	lines []string
}

func (b *block) line(s string) { b.lines = append(b.lines, s) }

func (b *block) wrap(s string) { b.lines = append(b.lines, Wrap(s, b.width)...) }

func (b *block) wrapIndent(s, first, rest string) {
	lines := Wrap(s, b.width-Width(rest))
	for i, l := range lines {
		if i == 0 {
			b.lines = append(b.lines, first+l)
		} else {
			b.lines = append(b.lines, rest+l)
		}
	}
}

func (b *block) frames(frames []gotest.Frame, o Options) {
	if len(frames) == 0 {
		return
	}
	b.wrapIndent(msgYourCode.In(o.Lang), "  ", "  ")
	for _, f := range frames {
		b.wrapIndent(f.String(), "    ", "      ")
	}
}

// failureOutput is what explains a failing test: its own output, or when
// it failed through its subtests, the first failing subtest's.
func failureOutput(v *gotest.Verdict, t gotest.TestResult) string {
	if strings.TrimSpace(t.Output) != "" {
		return t.Output
	}
	for _, sub := range v.Tests {
		if rest, ok := sub.TestName().Under(t.TestName()); ok && sub.Status == gotest.StatusFail && strings.TrimSpace(sub.Output) != "" {
			return rest + ": " + strings.TrimLeft(sub.Output, " ")
		}
	}
	return ""
}

// output shows a test's output, at most limit lines, tabs expanded and the
// indentation they share removed.
func (b *block) output(out string, limit int, o Options) {
	var kept []string
	indent := -1
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		l = expandTabs(l)
		kept = append(kept, l)
		if n := len(l) - len(strings.TrimLeft(l, " ")); indent < 0 || n < indent {
			indent = n
		}
	}
	var wrapped []string
	for _, l := range kept {
		for i, w := range Wrap(l[indent:], b.width-6) {
			if i == 0 {
				wrapped = append(wrapped, "    "+w)
			} else {
				wrapped = append(wrapped, "      "+w)
			}
		}
	}
	if len(wrapped) > limit+1 { // never "1 more line": show it instead
		more := len(wrapped) - limit
		wrapped = append(wrapped[:limit], "    "+o.style(styleDim, msgMoreLines.F(o.Lang, more)))
	}
	b.lines = append(b.lines, wrapped...)
}

func (b *block) String() string { return strings.Join(b.lines, "\n") }
