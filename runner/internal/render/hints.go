package render

import (
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Hints draws the first shown of e's hint tiers, each under its number,
// in the content language lang, their Markdown rendered as the chapters'
// is; o.Lang is the language of the labels.
func Hints(e *course.Exercise, shown int, lang i18n.Lang, o Options) string {
	var lines []string
	for i := range min(shown, len(e.Hints)) {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, msgHintTier.F(o.Lang, i+1, len(e.Hints)))
		lines = append(lines, Indent(strings.Split(Markdown(e.Hints[i].In(lang), o.Width-2, o.Plain), "\n"), "  ")...)
	}
	return strings.Join(lines, "\n")
}

// Solution draws the reference solution with line numbers, then how the
// learner's file (mine) differs from it. Its code lines are kept whole (see
// Code); only its sentences are wrapped to o.Width.
func Solution(solution, mine string, o Options) string {
	var b strings.Builder
	b.WriteString(Code(solution))
	b.WriteString("\n\n")
	if mine == solution {
		b.WriteString(strings.Join(Wrap(msgSolutionSame.In(o.Lang), o.Width), "\n"))
		return b.String()
	}
	b.WriteString(strings.Join(Wrap(msgSolutionDiff.In(o.Lang), o.Width), "\n"))
	b.WriteString("\n\n")
	b.WriteString(strings.TrimRight(Diff(mine, solution, o), "\n"))
	return b.String()
}
