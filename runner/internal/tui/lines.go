package tui

import (
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// LineWelcome is the line mode's first line.
func LineWelcome(exercises int, lang i18n.Lang) string { return msgLineWait.F(lang, exercises) }

// LineBlock is the line mode's report of one update: a verdict block for a
// finished run (and for the quick verdict of a run still checking for
// races), nothing for the rest.
func LineBlock(u progress.Update, o render.Options) string {
	out := u.Value
	switch {
	case u.Kind != watch.RunFinished && u.Kind != watch.RunReport:
		return ""
	case out.Err != nil:
		return msgRunError.F(o.Lang, out.Err)
	case out.Result == nil: // how a run goes
		return ""
	}
	e := out.Result.Exercise
	lines := []string{msgLineRun.F(o.Lang, u.Seq, e.Number, e.Title.In(o.Lang))}
	if u.Kind == watch.RunReport {
		lines = append(lines, strings.Join(render.Wrap(msgCheckingRace.In(o.Lang), o.Width), "\n"))
	}
	lines = append(lines, render.Verdict(e, out.Result.Verdict, out.Result.Race, o), "")
	return strings.Join(lines, "\n")
}
