package render

import (
	"fmt"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/aymanbagabas/go-udiff/myers"

	"github.com/gospawn/workbook/runner/internal/progress"
)

// CourseDone says the whole course passes.
func CourseDone(o Options) string { return o.style(styleGood, "✓ "+msgCourseDone.In(o.Lang)) }

// ReadNext suggests a chapter to read next.
func ReadNext(title, id string, o Options) string { return msgReadNext.F(o.Lang, title, id) }

// NextHint points at workbook hint.
func NextHint(o Options) string { return o.style(styleDim, msgNextHint.In(o.Lang)) }

// List is workbook list's table: one line per exercise, its columns
// aligned by display width (a Chinese character takes two cells), a row too
// wide for the screen continued under its title.
func List(rows []progress.Row, o Options) string { return listRows(rows, -1, o) }

// ListCursor is List with a cursor ("> ") before row cursor, as the watch
// screen's list shows it.
func ListCursor(rows []progress.Row, cursor int, o Options) string { return listRows(rows, cursor, o) }

// listRows draws List, with a cursor column when cursor >= 0.
func listRows(rows []progress.Row, cursor int, o Options) string {
	titleW, stateW, numW := 0, 0, 0
	for _, r := range rows {
		titleW = max(titleW, Width(r.Exercise.Title.In(o.Lang)))
		stateW = max(stateW, Width(statuses[r.Status].text.In(o.Lang)))
		numW = max(numW, len(fmt.Sprint(r.Exercise.Number)))
	}
	var lines []string
	for i, r := range rows {
		state := statuses[r.Status].text.In(o.Lang)
		if r.Total > 0 {
			state = pad(state, stateW) + "  " + msgTestsCount.F(o.Lang, r.Passed, r.Total)
		}
		line := fmt.Sprintf("%s %*d  %s  %s", o.mark(r.Status), numW, r.Exercise.Number,
			pad(r.Exercise.Title.In(o.Lang), titleW), o.style(styleDim, state))
		hang := strings.Repeat(" ", numW+4)
		switch {
		case cursor < 0:
		case i == cursor:
			line, hang = "> "+line, hang+"  "
		default:
			line, hang = "  "+line, hang+"  "
		}
		lines = append(lines, wrapHanging(line, o.Width, hang)...)
	}
	return strings.Join(lines, "\n")
}

// Code shows source with line numbers and tabs expanded. Unlike every
// other drawing here it keeps each line whole, however wide: code is never
// cut, so its callers show it through something that scrolls sideways (the
// pager without wrapping, the watch screen's viewport).
func Code(src string) string {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	numW := len(fmt.Sprint(len(lines)))
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = fmt.Sprintf("%*d  %s", numW, i+1, expandTabs(l))
	}
	return strings.Join(out, "\n")
}

// Diff shows how b differs from a, line by line, with two lines of context
// around each change: "-" for a's lines, "+" for b's, "⋮" where unchanged
// lines are left out. Like Code, it keeps each line whole.
func Diff(a, b string, o Options) string {
	a, b = strings.TrimRight(a, "\n")+"\n", strings.TrimRight(b, "\n")+"\n"
	// Myers' shortest edit script, not udiff.Lines: Lines gives up on a
	// shortest one past 50 differences, and between a stub and its
	// solution it then deletes and adds again comments that are in both.
	// (myers is marked deprecated because gopls' test fixtures moved to
	// Lines; what it computes is still the shortest script.)
	// The edits are computed from a itself, so applying them cannot fail.
	u, _ := udiff.ToUnifiedDiff("", "", a, myers.ComputeEdits(a, b), 2)
	var out []string
	for i, h := range u.Hunks {
		if i > 0 {
			out = append(out, o.style(styleDim, "  ⋮"))
		}
		for _, l := range h.Lines {
			text := expandTabs(strings.TrimSuffix(l.Content, "\n"))
			switch l.Kind {
			case udiff.Delete:
				out = append(out, o.style(styleBad, "- "+text))
			case udiff.Insert:
				out = append(out, o.style(styleGood, "+ "+text))
			default:
				out = append(out, "  "+text)
			}
		}
	}
	return strings.Join(out, "\n") + "\n"
}
