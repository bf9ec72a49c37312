package render

import (
	"fmt"
	"strings"

	"github.com/gospawn/workbook/runner/internal/progress"
)

// CourseDone says the whole course passes.
func CourseDone(o Options) string { return o.style(styleGood, "✓ "+msgCourseDone.In(o.Lang)) }

// ReadNext suggests a chapter to read next.
func ReadNext(title, id string, o Options) string { return msgReadNext.F(o.Lang, title, id) }

// NextHint points at workbook hint.
func NextHint(o Options) string { return o.style(styleDim, msgNextHint.In(o.Lang)) }

// List is workbook list's table: one line per exercise.
func List(rows []progress.Row, o Options) string {
	titleW := 0
	for _, r := range rows {
		titleW = max(titleW, Width(r.Exercise.Title.In(o.Lang)))
	}
	var lines []string
	for _, r := range rows {
		state := statusText(r.Status).In(o.Lang)
		if r.Total > 0 {
			state += "  " + msgTestsCount.F(o.Lang, r.Passed, r.Total)
		}
		line := fmt.Sprintf("%s %d  %s  %s", o.mark(r.Status), r.Exercise.Number,
			pad(r.Exercise.Title.In(o.Lang), titleW), o.style(styleDim, state))
		lines = append(lines, wrapHanging(line, o.Width, "     ")...)
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
// around each change: "-" for a's lines, "+" for b's. Like Code, it keeps
// each line whole.
func Diff(a, b string, o Options) string {
	al := strings.Split(strings.TrimRight(a, "\n"), "\n")
	bl := strings.Split(strings.TrimRight(b, "\n"), "\n")
	ops := diffLines(al, bl)
	const context = 2
	keep := make([]bool, len(ops))
	for i, op := range ops {
		if op.kind != ' ' {
			for j := max(0, i-context); j <= min(len(ops)-1, i+context); j++ {
				keep[j] = true
			}
		}
	}
	var out []string
	skipped := false
	for i, op := range ops {
		if !keep[i] {
			skipped = true
			continue
		}
		if skipped && len(out) > 0 {
			out = append(out, o.style(styleDim, "  ⋮"))
		}
		skipped = false
		line := string(op.kind) + " " + expandTabs(op.text)
		switch op.kind {
		case '-':
			line = o.style(styleBad, line)
		case '+':
			line = o.style(styleGood, line)
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n") + "\n"
}

type diffOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

// diffLines is a longest-common-subsequence diff: small files only, which
// is all an exercise is.
func diffLines(a, b []string) []diffOp {
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i]})
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, diffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, diffOp{'-', a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, diffOp{'+', b[j]})
	}
	return ops
}
