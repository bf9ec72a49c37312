package render

import (
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// slowBuild is how long a build runs before the status line says why it
// may take long: a warm build takes a second or two.
const slowBuild = 5 * time.Second

// BuildNote says why a build that has gone on for a while takes long, and
// is "" for any other moment of a run.
func BuildNote(race bool, p gotest.Progress, now time.Time, lang i18n.Lang) string {
	if !p.Building || now.Sub(p.Since) < slowBuild {
		return ""
	}
	if race {
		return msgActFirstRace.In(lang)
	}
	return msgActFirst.In(lang)
}

// Activity says in one line what a run in flight is doing — which exercise,
// building or the test running now and for how long, the tests passed so
// far — cut to o.Width. checking says it is the race-checked run that
// follows a verdict already shown.
func Activity(number int, checking bool, p gotest.Progress, now time.Time, o Options) string {
	parts := []string{msgActExercise.F(o.Lang, number)}
	if checking {
		parts = append(parts, msgActRace.In(o.Lang))
	}
	switch {
	case p.Building:
		parts = append(parts, msgActBuilding.F(o.Lang, seconds(now.Sub(p.Since), o.Lang)))
	case p.Current() != "":
		parts = append(parts, msgActRunning.F(o.Lang, p.Current(), seconds(now.Sub(p.CurrentSince), o.Lang)))
	default:
		parts = append(parts, msgActStarting.F(o.Lang, seconds(now.Sub(p.Since), o.Lang)))
	}
	if !p.Building && (p.Passed > 0 || p.Failed > 0) {
		tally := msgActPassed.F(o.Lang, p.Passed)
		if p.Failed > 0 {
			tally += msgComma.In(o.Lang) + msgActFailed.F(o.Lang, p.Failed)
		}
		parts = append(parts, tally)
	}
	line := strings.Join(parts, " · ")
	if o.Width > 0 {
		line = Truncate(line, o.Width)
	}
	return o.style(styleDim, line)
}

// seconds shows a duration as whole seconds.
func seconds(d time.Duration, lang i18n.Lang) string {
	return msgSeconds.F(lang, int(max(d, 0)/time.Second))
}
