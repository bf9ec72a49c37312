package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

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
	// Messages is the language to show the tests' own messages in when
	// they come in both (see PairedTests); Lang when empty. Watch mode's
	// screen words follow the UI language, its content (chapters, hints,
	// these messages) the language chosen with t, both included.
	Messages i18n.Lang
	// Whole draws a verdict with every failure in full, for a screen that
	// scrolls: without it the first failure is shown in full and the next
	// two in part, so that the chapter beside them stays in view.
	Whole bool
	Links Links // paths as links to their files; the zero value for none
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

// statuses are how each status reads, and the mark before it.
var statuses = map[progress.Status]struct {
	text  i18n.Text
	style lipgloss.Style
	mark  string
}{
	progress.NotStarted: {msgStatusNew, styleDim, "·"},
	progress.Current:    {msgStatusCurrent, styleWarn, "▶"},
	progress.Failing:    {msgStatusFailing, styleBad, "✗"},
	progress.Done:       {msgStatusDone, styleGood, "✓"},
}

func (o Options) mark(s progress.Status) string { return o.style(statuses[s].style, statuses[s].mark) }

// Progress draws the bar and the list of exercises.
func Progress(rows []progress.Row, o Options) string {
	done := progress.CountDone(rows)
	var lines []string
	lines = append(lines, Wrap(o.style(styleTitle, msgProgress.In(o.Lang)+"  ")+msgDoneOf.F(o.Lang, done, len(rows)), o.Width)...)
	lines = append(lines, bar(done, len(rows), min(o.Width, 40), o))
	for _, r := range rows {
		line := fmt.Sprintf("%s %d %s", o.mark(r.Status), r.Exercise.Number, r.Exercise.Title.In(o.Lang))
		tail := statuses[r.Status].text.In(o.Lang)
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
	lines = append(lines, wrapHanging(msgLabel.F(o.Lang, msgEdit.In(o.Lang), o.link(o.style(stylePath, file), file, o.Width-2)), o.Width, "  ")...)
	return strings.Join(lines, "\n")
}

// Verdict draws the result of one run: what passed, what failed and why,
// with the manifest's description of each failing test. Each failure reads
// in the order a learner needs it: what went wrong, the values that show
// it, then where, the learner's own file first.
func Verdict(e *course.Exercise, v *gotest.Verdict, race bool, o Options) string {
	msgs := o.Messages
	if msgs == "" {
		msgs = o.Lang
	}
	v = inLanguage(v, msgs)
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
		if startedByLearner(e, v.Crash) && e.Crash != (i18n.Text{}) {
			// The next step comes before the frames: it is what to do,
			// they are where.
			b.lines = append(b.lines, manifestText(e.Crash.In(o.Lang), b.width, "  ", "  ")...)
		}
		b.frames(e, v.Crash.Frames, o)
	case gotest.KindTimeout:
		b.wrap(explain.Timeout(v.Timeout).In(o.Lang))
		if v.Timeout != nil {
			b.frames(e, v.Timeout.Frames, o)
		}
	case gotest.KindRace:
		for i, r := range v.Races {
			if i == 2 { // two reports say it; more only push the rest off screen
				break
			}
			b.race(e, r, o)
		}
	}
	// Failing tests, first failure first, each with what it checks.
	shown := 0
	for _, t := range v.Tests {
		if t.Status != gotest.StatusFail || t.TestName().IsSubtest() {
			continue
		}
		if shown < 3 || o.Whole {
			b.line("")
		}
		head := o.style(styleBad, "✗ "+t.Name)
		if mt, ok := e.Test(t.Name); ok {
			head += " — " + mt.Text.In(o.Lang)
		}
		b.lines = append(b.lines, manifestText(head, b.width, "", "  ")...)
		// The first failure in full, a glimpse of the next two, then only
		// what each checks: an untouched stub fails every test, and a
		// screen of the same message buries the chapter.
		switch {
		case o.Whole:
			b.failure(e, v, t, math.MaxInt-1, o)
		case shown == 0:
			b.failure(e, v, t, 30, o)
		case shown < 3:
			b.failure(e, v, t, 3, o)
		}
		shown++
	}
	var notRun []string
	for _, t := range v.Tests {
		if t.Status == gotest.StatusNotRun {
			notRun = append(notRun, t.Name)
		}
	}
	b.bullets(explain.NotRun(v.Kind).In(o.Lang), notRun, o)
	b.bullets(msgSuspicious.In(o.Lang), v.Suspicious, o)
	return b.String()
}

// bullets adds, after a blank line, a warning and the items it is about;
// nothing when there are none.
func (b *block) bullets(warning string, items []string, o Options) {
	if len(items) == 0 {
		return
	}
	b.line("")
	b.wrap(o.style(styleWarn, warning))
	for _, s := range items {
		b.wrapIndent("· "+s, "  ", "    ")
	}
}

// manifestText wraps a text of the manifest, whose code is in backticks,
// and drops the backticks after wrapping: they keep a code span on one line
// but are Markdown, which a terminal does not render.
func manifestText(s string, width int, first, rest string) []string {
	lines := wrapIndent(s, width, first, rest)
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, "`", "")
	}
	return lines
}

// startedByLearner reports whether a crash happened in a goroutine the
// learner's code started: its stack runs through the stub.
func startedByLearner(e *course.Exercise, c *gotest.CrashInfo) bool {
	if c == nil || c.Reason != gotest.CrashPanic {
		return false
	}
	for _, f := range c.Frames {
		if explain.PlaceOf(f.File, e.Dir, e.File) == explain.InStub {
			return true
		}
	}
	return false
}

// block collects lines no wider than width.
type block struct {
	width int
	lines []string
}

func (b *block) line(s string) { b.lines = append(b.lines, s) }

func (b *block) wrap(s string) { b.lines = append(b.lines, Wrap(s, b.width)...) }

func (b *block) wrapIndent(s, first, rest string) {
	b.lines = append(b.lines, wrapIndent(s, b.width, first, rest)...)
}

// wrapIndent wraps s to width, the first line after first and the others
// after rest.
func wrapIndent(s string, width int, first, rest string) []string {
	lines := Wrap(s, width-max(Width(first), Width(rest)))
	for i, l := range lines {
		if i == 0 {
			lines[i] = first + l
		} else {
			lines[i] = rest + l
		}
	}
	return lines
}

// frames lists a crash's or a hang's frames in the learner's code: the
// stub's first (that is what the learner wrote), then the tests'.
func (b *block) frames(e *course.Exercise, frames []gotest.Frame, o Options) {
	if len(frames) == 0 {
		return
	}
	b.wrapIndent(msgYourCode.In(o.Lang), "  ", "  ")
	for _, f := range sortFrames(e, frames) {
		b.frame(f, "    ", o)
	}
}

// race draws one race report: for each of the two accesses, its first
// line in the stub before the rest, then where the goroutines were
// created.
func (b *block) race(e *course.Exercise, r gotest.RaceReport, o Options) {
	b.wrap(o.style(styleBad, explain.Race(r.Test).In(o.Lang)))
	for _, s := range r.Stacks {
		if len(s.Frames) == 0 {
			continue
		}
		b.wrapIndent(s.Title+":", "  ", "    ")
		for _, f := range sortFrames(e, s.Frames) {
			b.frame(f, "    ", o)
		}
	}
}

// sortFrames puts the stub's frames first, keeping the order within each
// group (innermost first).
func sortFrames(e *course.Exercise, frames []gotest.Frame) []gotest.Frame {
	return explain.Sort(frames, func(f gotest.Frame) explain.Place { return explain.PlaceOf(f.File, e.Dir, e.File) })
}

// frame draws one frame as "file:line  function", the function without its
// package path: the file already says which package it is.
func (b *block) frame(f gotest.Frame, indent string, o Options) {
	loc := fitPath(f.File+":"+strconv.Itoa(f.Line), b.width-Width(indent))
	b.wrapIndent(o.style(stylePath, loc)+"  "+shortFunc(f.Func), indent, indent+"  ")
}

// shortFunc drops the import path from a function name:
// "created by example.com/x/join.Spawn[...]" becomes "created by Spawn[...]".
func shortFunc(fn string) string {
	prefix := ""
	if rest, ok := strings.CutPrefix(fn, "created by "); ok {
		prefix, fn = "created by ", rest
	}
	// The last slash before any type argument or receiver ends the path.
	end := len(fn)
	if i := strings.IndexAny(fn, "[("); i >= 0 {
		end = i
	}
	if i := strings.LastIndexByte(fn[:end], '/'); i >= 0 {
		fn = fn[i+1:]
	}
	if i := strings.IndexByte(fn, '.'); i >= 0 && i+1 < len(fn) {
		fn = fn[i+1:]
	}
	return prefix + fn
}

// fitPath shortens a "dir/file.go:line" that is wider than width to its
// last elements, so that wrapping never has to break it: a location cut in
// two cannot be clicked or searched for.
func fitPath(p string, width int) string {
	for Width(p) > width {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			break
		}
		p = p[i+1:]
	}
	return p
}

// failureOutput is what explains a failing test: its own output, or when
// it failed through its subtests, the first failing subtest's, with that
// subtest's name.
func failureOutput(v *gotest.Verdict, t gotest.TestResult) (sub, out string) {
	if strings.TrimSpace(t.Output) != "" {
		return "", t.Output
	}
	for _, st := range v.Tests {
		if rest, ok := st.TestName().Under(t.TestName()); ok && st.Status == gotest.StatusFail && strings.TrimSpace(st.Output) != "" {
			return rest, st.Output
		}
	}
	return "", ""
}

// Bounds on what one failure shows: enough to see the mistake, little
// enough that the next failure is on the same screen.
const (
	maxDetails = 6   // lines of values under an explanation
	maxQuoted  = 48  // bytes kept of a long quoted value
	maxLineLen = 400 // bytes kept of one line of values
	maxWhere   = 3   // locations shown
	// maxWhole bounds a value in the whole verdict (Options.Whole), which
	// shows values as the tests printed them, for a byte-exact difference
	// (the harness logs 1 KiB around it, up to 4 KiB quoted).
	maxWhole = 8 << 10
)

// failure draws a failing test's messages, at most limit lines.
func (b *block) failure(e *course.Exercise, v *gotest.Verdict, t gotest.TestResult, limit int, o Options) {
	sub, out := failureOutput(v, t)
	if strings.TrimSpace(out) == "" {
		return
	}
	var lines []string
	for i, f := range explain.Failures(out) {
		text := cutLine(expandTabs(f.Explanation), -1, o)
		if i == 0 && sub != "" {
			text = sub + ": " + text
		}
		lines = append(lines, wrapIndent(text, b.width, "    ", "      ")...)
		details := f.Details
		if len(details) > maxDetails+1 && !o.Whole { // never "1 more line": show it instead
			details = details[:maxDetails]
		}
		for _, d := range details {
			if strings.TrimSpace(d) == "" {
				lines = append(lines, "")
				continue
			}
			lines = append(lines, wrapIndent(cutLine(expandTabs(d), maxLineLen, o), b.width, "      ", "        ")...)
		}
		if len(details) < len(f.Details) {
			lines = append(lines, "      "+o.style(styleDim, msgMoreLines.F(o.Lang, len(f.Details)-len(details))))
		}
		if !f.Raw {
			lines = append(lines, b.where(e, f.Where, o)...)
		}
	}
	if len(lines) > limit+1 {
		more := len(lines) - limit
		lines = append(lines[:limit], "    "+o.style(styleDim, msgMoreLines.F(o.Lang, more)))
	}
	b.lines = append(b.lines, lines...)
}

// where draws a failure's locations: the stub's and the tests' first;
// the harness's and testify's only when there is nothing else, and a count
// of those left out.
func (b *block) where(e *course.Exercise, locs []string, o Options) []string {
	if len(locs) == 0 {
		return nil
	}
	place := func(l string) explain.Place { return explain.PlaceOf(l, e.Dir, e.File) }
	sorted := explain.Sort(locs, place)
	n := 1 // at least one; sorted, the rest are elsewhere once one is
	for n < len(sorted) && n < maxWhere && place(sorted[n]) != explain.Elsewhere {
		n++
	}
	label := msgAt.F(o.Lang, "")
	room := b.width - 4 - Width(label)
	shown := make([]string, n)
	for i, l := range sorted[:n] {
		shown[i] = fitPath(l, room)
	}
	text := label + strings.Join(shown, msgComma.In(o.Lang))
	if hidden := len(sorted) - n; hidden > 0 {
		text += msgParens.F(o.Lang, msgHiddenFrames.F(o.Lang, hidden))
	}
	return wrapIndent(o.style(styleDim, text), b.width, "    ", "    "+strings.Repeat(" ", Width(label)))
}

// cutLine shortens what no one reads whole: a quoted value longer than
// maxQuoted keeps its head, a line longer than limit bytes too (unless
// limit is negative: a sentence is read whole), each with a note of how
// much was cut. The whole verdict (Options.Whole) keeps maxWhole bytes.
func cutLine(s string, limit int, o Options) string {
	keep := maxQuoted
	if o.Whole { // the whole verdict: values as the tests printed them
		keep = maxWhole
		if limit >= 0 {
			limit = max(limit, maxWhole)
		}
	}
	var out strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '"' {
			out.WriteByte(s[i])
			i++
			continue
		}
		end := quotedEnd(s[i:])
		if end < 0 {
			out.WriteString(s[i:])
			break
		}
		q := s[i : i+end]
		if len(q) <= keep+16 { // a short cut helps no one
			out.WriteString(q)
		} else {
			head := escapeSafePrefix(q, keep)
			out.WriteString(head + `…"` + msgParens.F(o.Lang, msgMoreBytes.F(o.Lang, groupDigits(len(q)-len(head)-1))))
		}
		i += end
	}
	r := out.String()
	if limit >= 0 && len(r) > limit+100 { // cutting less saves no screen
		head := r[:limit]
		for !utf8.ValidString(head) {
			head = head[:len(head)-1]
		}
		r = head + " " + msgMoreBytes.F(o.Lang, groupDigits(len(r)-len(head)))
	}
	return r
}

// quotedEnd is the length of the Go-quoted string s starts with, closing
// quote included, or -1 when it is not closed.
func quotedEnd(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// escapeSafePrefix is about n bytes of the quoted s, not cut inside an
// escape (\x10, \u00e9, \n) or a UTF-8 sequence.
func escapeSafePrefix(s string, n int) string {
	i := 0
	for i < len(s) && i < n {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'x':
				i += 4
			case 'u':
				i += 6
			case 'U':
				i += 10
			case '0', '1', '2', '3', '4', '5', '6', '7':
				i += 4
			default:
				i += 2
			}
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:min(i, len(s))]
}

// groupDigits writes n with its thousands apart (1 048 000), joined by
// no-break spaces so that wrapping keeps the number whole.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u00a0")
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (b *block) String() string { return strings.Join(b.lines, "\n") }
