package grade

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/explain"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The statuses of the report (the JSON format's values).
const (
	statusPass   = "pass"
	statusFail   = "fail"
	statusError  = "error"
	statusNotRun = "not_run"
)

// Why an exercise lost its points, in one line (exReport.Reason).
var (
	msgNotAttempted       = i18n.Text{En: "not attempted: the exercise's files are the course's stub files, unchanged", Zh: "未作答：练习的文件仍是课程提供的待完成的代码骨架，没有改动"}
	msgNotRunNotAttempted = i18n.Text{En: "not run: the exercise was not attempted", Zh: "未运行：该练习未作答"}
	msgReasonCannotRun    = i18n.Text{En: "the sandbox could not start the tests", Zh: "沙箱无法启动测试"}
	msgReasonBuild        = i18n.Text{En: "does not compile: %s", Zh: "无法编译：%s"}
	msgReasonFailed       = i18n.Text{En: "%d of %d tests earned nothing: %s", Zh: "%d/%d 个测试未得分：%s"}
	msgReasonForged       = i18n.Text{En: "the output was forged", Zh: "输出是伪造的"}
	msgReasonTestsChanged = i18n.Text{En: "the learner changed the course's test files (the course's own were used)", Zh: "学习者改动了课程的测试文件（评分使用课程自身的测试）"}
)

// maxMessage bounds one message in the report.
const maxMessage = 8 << 10

// report is the result of a grading: the JSON format is this structure.
type report struct {
	Submissions []*subReport `json:"submissions"`
	// Notes are remarks about the whole grading (no race detector, the
	// course's files changed while grading).
	Notes     []string    `json:"notes,omitempty"`
	NotesText []i18n.Text `json:"notes_text,omitempty"`
	// CourseCommit is the commit of the grader's checkout of the course
	// ("unknown" when it is not a git repository); GraderVersion the
	// workbook program's version, as its build recorded it.
	CourseCommit  string `json:"course_commit,omitempty"`
	GraderVersion string `json:"grader_version,omitempty"`

	lang      i18n.Lang
	gradebook *gradebook    // the roster, for the gradebook formats
	source    string        // the file it was read from (--changed)
	elapsed   time.Duration // how long the grading took (Command measures it)
}

// subReport is one submission's grade.
type subReport struct {
	// Path is the submission's folder as it was given.
	Path string `json:"path"`
	// Score is the points earned; MaxScore the course's total.
	Score    int `json:"score"`
	MaxScore int `json:"max_score"`
	// Exercises are in the manifest's order, submitted or not.
	Exercises []*exReport `json:"exercises"`
	// Ignored are files outside the exercise folders that could change a
	// build (go.mod, go.sum, shared test code, other .go files) and differ
	// from the course's.
	Ignored []ignoredJSON `json:"ignored"`
	// Notes are remarks about the submission as a whole.
	Notes     []string    `json:"notes,omitempty"`
	NotesText []i18n.Text `json:"notes_text,omitempty"`
	// Digest sums up everything the grade depends on: what the grader
	// took from the submission, the course, the grader and its options.
	// --changed grades again only the submissions whose digest changed.
	Digest string `json:"digest,omitempty"`

	name string // file name stem for --out
}

// exReport is one exercise's grade in one submission.
type exReport struct {
	// ID is the exercise's id in the manifest, Dir its folder.
	ID  string `json:"id"`
	Dir string `json:"dir"`
	// Status is pass (every test earned its points), fail, or error (not
	// submitted, does not compile, or no test could start).
	Status   string `json:"status"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
	// Message says what went wrong with the exercise as a whole.
	Message     string      `json:"message,omitempty"`
	MessageText i18n.Text   `json:"-"`
	MessageJSON *sharedText `json:"message_text,omitempty"` // MessageText as JSON writes it
	// Reason says in one line why the exercise lost points (empty with
	// full marks): not submitted, not attempted, does not compile, a test
	// hung, crashed or raced, which tests failed, test files changed.
	// Every format shows it.
	Reason     string    `json:"reason,omitempty"`
	ReasonText i18n.Text `json:"reason_text,omitzero"`
	// NotAttempted is true when the learner's files are the course's
	// stubs, unchanged: the exercise was not run, and scores zero.
	NotAttempted bool `json:"not_attempted,omitempty"`
	// Race is true when the tests ran with the race detector.
	Race bool `json:"race"`
	// Tests are the manifest's tests, in its order.
	Tests []*testReport `json:"tests"`
	// Ignored are the entries of the exercise folder that were not used.
	Ignored []ignoredJSON `json:"ignored"`
	// Notes are remarks about the runs: forged or contradictory output,
	// messages cut short.
	Notes     []string    `json:"notes,omitempty"`
	NotesText []i18n.Text `json:"notes_text,omitempty"`
	// Review are remarks about the code for a human to look at.
	Review     []string    `json:"review,omitempty"`
	ReviewText []i18n.Text `json:"review_text,omitempty"`

	number  int
	title   i18n.Text
	missing bool // nothing was submitted for it, or it was not attempted
}

// testReport is one test's grade.
type testReport struct {
	Name string `json:"name"`
	// Status is pass, fail (the test failed), error (it was running when
	// the test binary crashed, exited or hung) or not_run.
	Status string `json:"status"`
	// Points are the points earned: MaxPoints or 0.
	Points    int `json:"points"`
	MaxPoints int `json:"max_points"`
	// Message is why the test earned nothing (empty when it passed).
	Message     string      `json:"message"`
	MessageText i18n.Text   `json:"-"`
	MessageJSON *sharedText `json:"message_text,omitempty"` // MessageText as JSON writes it

	description i18n.Text
	visibility  string // when a platform shows it to the learner (course.Visibilities)
	seconds     float64
	file        string // the course's test file, relative to the workbook
	line        int
	code        string // the test function's source
}

// sharedText is a message's text as the JSON format writes it (made by
// printableReport, read back by restore): the part that both languages
// begin with as message does (a test's output, the compiler's messages)
// is not written again. Shared is how many bytes of message they begin
// with; En and Zh are the rest.
type sharedText struct {
	En     string `json:"en"`
	Zh     string `json:"zh"`
	Shared int    `json:"shared,omitempty"`
}

// share is t, the text of message msg, as the JSON format writes it.
func share(t i18n.Text, msg string) *sharedText {
	if t == (i18n.Text{}) {
		return nil
	}
	n := 0
	for n < min(len(t.En), len(t.Zh), len(msg)) && t.En[n] == t.Zh[n] && t.En[n] == msg[n] {
		n++
	}
	if n < len(t.En) || n < len(t.Zh) {
		n = strings.LastIndexByte(t.En[:n], '\n') + 1 // whole lines: no character is split
	}
	return &sharedText{En: t.En[n:], Zh: t.Zh[n:], Shared: n}
}

// text is the message's text in both languages again; none when s does
// not fit msg.
func (s *sharedText) text(msg string) i18n.Text {
	if s == nil || s.Shared > len(msg) {
		return i18n.Text{}
	}
	return i18n.Text{En: msg[:s.Shared] + s.En, Zh: msg[:s.Shared] + s.Zh}
}

// ignoredJSON is one ignored file or folder.
type ignoredJSON struct {
	// Path is relative to the submission, with slashes (a folder ends
	// with one).
	Path string `json:"path"`
	// Reason says why it was not used.
	Reason     string    `json:"reason"`
	ReasonText i18n.Text `json:"reason_text,omitzero"`
}

func ignoredJSONOf(l ignoredList) []ignoredJSON {
	out := make([]ignoredJSON, 0, len(l.items)+1)
	for _, it := range l.items {
		out = append(out, ignoredJSON{Path: it.path, ReasonText: it.reason})
	}
	if l.more > 0 {
		out = append(out, ignoredJSON{Path: "…", ReasonText: msgMoreIgnored.Sprintf(l.more)})
	}
	return out
}

// The report keeps every text of the grader in both languages (the fields
// ending in Text, which the JSON format writes as well) and its strings in
// one: localize writes the strings from the texts in the language a
// format writes, so that one grading can be written in either, and a
// submission carried over by --changed is said in today's --lang.

// localize sets the report's strings to its texts in lang. A string with
// no text (a submission carried over from a report written before the
// texts, or made by hand) stays as it is.
func (r *report) localize(lang i18n.Lang) {
	r.lang = lang
	r.Notes = inLang(r.NotesText, r.Notes, lang)
	for _, s := range r.Submissions {
		s.Notes = inLang(s.NotesText, s.Notes, lang)
		localizeIgnored(s.Ignored, lang)
		for _, e := range s.Exercises {
			e.Message = oneInLang(e.MessageText, e.Message, lang)
			// One line, even in both languages, which In puts on two when long.
			e.Reason = strings.ReplaceAll(oneInLang(e.ReasonText, e.Reason, lang), "\n", " · ")
			e.Notes = inLang(e.NotesText, e.Notes, lang)
			e.Review = inLang(e.ReviewText, e.Review, lang)
			localizeIgnored(e.Ignored, lang)
			for _, t := range e.Tests {
				t.Message = oneInLang(t.MessageText, t.Message, lang)
			}
		}
	}
}

func localizeIgnored(l []ignoredJSON, lang i18n.Lang) {
	for i := range l {
		l[i].Reason = oneInLang(l[i].ReasonText, l[i].Reason, lang)
	}
}

// oneInLang is t in lang, or s when there is no t. A message of several
// lines in both languages goes line by line, so that what a program
// printed (the same in both) is shown once.
func oneInLang(t i18n.Text, s string, lang i18n.Lang) string {
	if t == (i18n.Text{}) {
		return s
	}
	en, zh := strings.Split(t.En, "\n"), strings.Split(t.Zh, "\n")
	if lang != i18n.Both || len(en) == 1 || len(en) != len(zh) {
		return t.In(lang)
	}
	for i := range en {
		en[i] = i18n.Text{En: en[i], Zh: zh[i]}.In(i18n.Both)
	}
	return strings.Join(en, "\n")
}

// inLang is ts in lang, or ss when there are no ts.
func inLang(ts []i18n.Text, ss []string, lang i18n.Lang) []string {
	if len(ts) == 0 {
		return ss
	}
	return mapped(ts, func(t i18n.Text) string { return t.In(lang) })
}

// verbatim is s, the same in both languages: what a program printed.
func verbatim(s string) i18n.Text { return i18n.Text{En: s, Zh: s} }

// newExReport starts the report of an exercise: every test not run.
func (g *grader) newExReport(te *trustedExercise, sub *submitted) *exReport {
	er := &exReport{
		ID: te.e.ID, Dir: te.e.Dir, MaxScore: te.e.MaxPoints(), Race: g.race[te.e.Dir],
		number: te.e.Number, title: te.e.Title,
		Ignored: ignoredJSONOf(sub.ignored), ReviewText: slices.Clone(sub.review),
	}
	rel := g.tc.c.ExercisesDir + "/" + te.e.Dir + "/"
	for _, t := range te.e.Tests {
		src := te.tests[t.Name]
		er.Tests = append(er.Tests, &testReport{
			Name: t.Name, Status: statusNotRun, MaxPoints: t.Points, description: t.Text, visibility: te.e.TestVisibility(t),
			file: rel + src.file, line: src.line, code: src.code,
		})
	}
	return er
}

// missingReport is the report of an exercise the submission has nothing
// for, or whose files are the course's stubs (not attempted): it is not
// run.
func (g *grader) missingReport(te *trustedExercise, sub *submitted) *exReport {
	er := g.newExReport(te, sub)
	er.Status = statusError
	er.missing = true
	why, each := msgNotAttempted, msgNotRunNotAttempted
	if sub.missing != nil {
		why, each = *sub.missing, msgNotSubmitted
	} else {
		er.NotAttempted = true
	}
	er.MessageText, er.ReasonText = why, why
	for _, t := range er.Tests {
		t.MessageText = each
	}
	return er
}

// reason says in one line why an exercise that ran lost points: what went
// wrong with its first run as a whole (it does not compile, a test hung,
// crashed, raced, or a limit stopped it), which tests earned nothing, and
// whether the learner changed the course's test files or the output was
// forged. Empty with full marks.
func reason(er *exReport, sub *submitted, pkg *run, notes []i18n.Text) i18n.Text {
	if er.Score == er.MaxScore {
		return i18n.Text{}
	}
	var parts []i18n.Text
	switch {
	case pkg.cannot != "":
		parts = append(parts, msgReasonCannotRun)
	case pkg.v.Kind == gotest.KindBuildError:
		first := ""
		if len(pkg.v.Build) > 0 {
			first = pkg.v.Build[0].String()
		}
		parts = append(parts, msgReasonBuild.Sprintf(bounded(firstLine(first), 160)))
	default:
		if s := runSummary(pkg); s.En != "" {
			parts = append(parts, i18n.Text{En: firstLine(s.En), Zh: firstLine(s.Zh)})
		}
		var failed []string
		for _, t := range er.Tests {
			if t.Status != statusPass {
				failed = append(failed, t.Name)
			}
		}
		if len(failed) > 0 {
			names := strings.Join(failed, ", ")
			if len(failed) > 4 {
				names = strings.Join(failed[:4], ", ") + ", …"
			}
			parts = append(parts, msgReasonFailed.Sprintf(len(failed), len(er.Tests), names))
		}
	}
	if slices.ContainsFunc(notes, func(n i18n.Text) bool { return strings.Contains(n.En, "forged") }) {
		parts = append(parts, msgReasonForged)
	}
	if slices.ContainsFunc(sub.ignored.items, func(ig ignored) bool { return ig.reason == msgChangedTestFile || ig.reason == msgExtraTestFile }) {
		parts = append(parts, msgReasonTestsChanged)
	}
	// One sentence after the other, in each language.
	var en, zh []string
	for _, p := range parts {
		en, zh = append(en, p.En), append(zh, p.Zh)
	}
	return i18n.Text{En: strings.Join(en, "; "), Zh: strings.Join(zh, "；")}
}

// exerciseReport turns the runs of an exercise into its report.
func (g *grader) exerciseReport(te *trustedExercise, sub *submitted, pkg *run, runs []*run, credit, evidence map[string]*run, notRerun map[string]bool) *exReport {
	er := g.newExReport(te, sub)
	for _, t := range er.Tests {
		r := cmp.Or(credit[t.Name], evidence[t.Name])
		if res, ok := r.v.Test(t.Name); ok {
			t.seconds = res.Elapsed.Seconds()
		}
		if credit[t.Name] != nil {
			t.Status, t.Points = statusPass, t.MaxPoints
			er.Score += t.Points
			continue
		}
		status, msg := g.describe(r, t.Name, notRerun[t.Name])
		t.Status, t.MessageText = status, clipText(msg)
	}

	anyStarted := slices.ContainsFunc(runs, (*run).started)
	switch {
	case pkg.cannot != "":
		er.Status = statusError
		er.MessageText = clipText(msgCannotRun.Sprintf(pkg.cannot))
	case pkg.v.Kind == gotest.KindBuildError:
		er.Status = statusError
		er.MessageText = clipText(joinTextLines(explain.BuildError, verbatim(buildText(pkg.v))))
	case er.Score == 0 && !anyStarted:
		er.Status = statusError
		er.MessageText = clipText(runSummary(pkg))
	case er.Score == er.MaxScore:
		er.Status = statusPass
	default:
		er.Status = statusFail
		er.MessageText = clipText(runSummary(pkg))
	}
	er.NotesText = runNotes(runs, er.Score < er.MaxScore)
	er.ReasonText = reason(er, sub, pkg, er.NotesText)
	return er
}

// describe says why test name earned nothing in run r.
func (g *grader) describe(r *run, name string, notRerun bool) (status string, message i18n.Text) {
	if notRerun {
		return statusNotRun, msgNotRerunTime
	}
	if r.cannot != "" {
		return statusError, msgCannotRun.Sprintf(r.cannot)
	}
	v := r.v
	res, _ := v.Test(name)
	// A test that had failed before the run was stopped keeps its own
	// failure.
	if why := r.stopped(); why != "" && res.Status != gotest.StatusFail {
		return statusError, stoppedText(why, r.out.Limits)
	}
	switch {
	case v.Kind == gotest.KindBuildError:
		return statusNotRun, explain.NotRunBuild
	case v.Kind == gotest.KindTimeout && slices.Contains(hung(v), name):
		return statusError, timeoutText(v)
	case cutShort(v, name):
		return statusNotRun, joinTextLines(explain.NotRunTimeout, timeoutText(v))
	case v.Kind == gotest.KindCrash && v.Crash != nil && topLevel(v.Crash.Test) == name:
		return statusError, crashText(v.Crash)
	case res.Status == gotest.StatusFail:
		msg := explain.Output(failOutput(v, name))
		if res.Suspicious {
			msg = joinTextLines(msgContradictory, msg)
		}
		msg = joinTextLines(msg, raceText(v, name))
		if strings.TrimSpace(msg.En) == "" {
			msg = explain.FailedSilently
		}
		return statusFail, msg
	case res.Status == gotest.StatusSkip:
		return statusNotRun, msgSkipped
	case res.Status == gotest.StatusNotRun:
		switch {
		case v.Kind == gotest.KindCrash && v.Crash != nil:
			return statusNotRun, joinTextLines(explain.NotRunCrash, crashText(v.Crash))
		case v.Kind == gotest.KindTimeout:
			return statusNotRun, joinTextLines(explain.NotRunTimeout, timeoutText(v))
		}
		return statusNotRun, explain.NotRunEarlier
	}
	// The stream said it passed, but that was not enough.
	switch {
	case r.att == nil && errors.Is(r.attErr, errNoAttestation):
		return statusFail, joinTextLines(msgUnconfirmedNoEnd, runSummary(r))
	case r.att == nil:
		return statusFail, msgUnconfirmedBadAttestation
	}
	rec := r.att.Tests[name]
	switch {
	case rec.Runs == 0:
		return statusFail, msgForgedNeverRan
	case rec.Failed > 0:
		return statusFail, msgForgedFailed
	case rec.Skipped > 0:
		return statusNotRun, msgSkipped
	case !rec.passed():
		return statusFail, msgRanTimes.Sprintf(rec.Runs)
	}
	return statusFail, joinTextLines(msgRunNotSuccess, runSummary(r))
}

// stoppedText says which of the run's limits stopped it.
func stoppedText(why confine.Exceeded, l confine.Limits) i18n.Text {
	switch why {
	case confine.ExceededMemory:
		return msgExceededMemory.Sprintf(confine.FormatBytes(l.Memory))
	case confine.ExceededTasks:
		return msgExceededTasks.Sprintf(l.Tasks)
	}
	return msgExceededOutput.Sprintf(confine.FormatBytes(l.Output))
}

// failOutput is what a failed test printed, followed by what each of its
// failed subtests printed.
func failOutput(v *gotest.Verdict, name string) string {
	res, _ := v.Test(name)
	msg := res.Output
	for _, t := range v.Tests {
		if _, ok := t.TestName().Under(gotest.TestName(name)); ok && t.Status == gotest.StatusFail && strings.TrimSpace(t.Output) != "" {
			msg = joinLines(msg, "--- "+t.Name+":\n    "+strings.ReplaceAll(strings.TrimRight(t.Output, "\n"), "\n", "\n    "))
		}
	}
	return msg
}

// runNotes are the remarks about a set of runs an instructor should see:
// forged or contradictory results, output cut short.
//
// That messages were truncated is said only when some test has a message
// (failing is true): the output of a run that earned every point is not
// shown, and an honest solution's debugging output is no remark.
func runNotes(runs []*run, failing bool) []i18n.Text {
	var contradictory, forged []string
	forgedPkg, badAtt, exitedOK, truncated, lingered := false, error(nil), false, false, false
	for _, r := range runs {
		for _, t := range r.v.Tests {
			if t.Suspicious && !slices.Contains(contradictory, t.Name) {
				contradictory = append(contradictory, t.Name)
			}
		}
		for _, s := range r.v.Suspicious {
			forgedPkg = forgedPkg || strings.HasPrefix(s, "the package reported a result")
		}
		if r.att != nil {
			for _, t := range r.v.Tests {
				if t.Status == gotest.StatusPass && !t.Suspicious && !t.TestName().IsSubtest() &&
					!r.att.Tests[t.Name].passed() && !slices.Contains(forged, t.Name) {
					forged = append(forged, t.Name)
				}
			}
		}
		if r.att == nil && r.attErr != nil && !errors.Is(r.attErr, errNoAttestation) && badAtt == nil {
			badAtt = r.attErr
		}
		exitedOK = exitedOK || r.att == nil && r.v.PackagePassed
		truncated = truncated || r.v.Truncated
		lingered = lingered || r.lingered()
	}
	var out []i18n.Text
	var stopped []confine.Exceeded
	for _, r := range runs {
		if why := r.stopped(); why != "" && !slices.Contains(stopped, why) {
			stopped = append(stopped, why)
			out = append(out, stoppedText(why, r.out.Limits))
		}
	}
	if len(forged) > 0 {
		out = append(out, msgNoteForgedPass.Sprintf(strings.Join(forged, ", ")))
	}
	if len(contradictory) > 0 {
		out = append(out, msgNoteContradictory.Sprintf(strings.Join(contradictory, ", ")))
	}
	if forgedPkg {
		out = append(out, msgNoteForgedPackage)
	}
	if badAtt != nil {
		out = append(out, msgNoteBadAttestation.Sprintf(badAtt))
	}
	if exitedOK {
		out = append(out, msgNoteExitedWithSuccess)
	}
	if lingered {
		out = append(out, msgNoteLingered)
	}
	if truncated && failing {
		out = append(out, msgNoteTruncated)
	}
	return out
}

// runSummary says in one sentence (and a few frames) what went wrong with
// a run as a whole; empty when its tests just failed.
func runSummary(r *run) i18n.Text {
	if why := r.stopped(); why != "" {
		return stoppedText(why, r.out.Limits)
	}
	v := r.v
	switch v.Kind {
	case gotest.KindBuildError:
		return joinTextLines(explain.BuildError, verbatim(buildText(v)))
	case gotest.KindTimeout:
		return timeoutText(v)
	case gotest.KindCrash:
		if v.Crash != nil {
			return crashText(v.Crash)
		}
	case gotest.KindRace:
		return explain.Races(len(v.Races))
	}
	if r.att == nil && v.PackagePassed {
		return msgNoteExitedWithSuccess
	}
	return i18n.Text{}
}

// crashText describes a crash: how, where, the panic value and the first
// frames of the learner's code.
func crashText(c *gotest.CrashInfo) i18n.Text {
	return withFrames(explain.Crash(c), c.Frames)
}

// timeoutText describes a run that reached its time limit, with where the
// learner's code was stuck.
func timeoutText(v *gotest.Verdict) i18n.Text {
	if v.Timeout == nil {
		return explain.Timeout(nil)
	}
	return withFrames(explain.Timeout(v.Timeout), v.Timeout.Frames)
}

func withFrames(t i18n.Text, frames []gotest.Frame) i18n.Text {
	var b strings.Builder
	for _, f := range frames[:min(4, len(frames))] {
		b.WriteString("\n    " + f.String())
	}
	return i18n.Text{En: t.En + b.String(), Zh: t.Zh + b.String()}
}

// raceText is the data races reported in test name, with their stacks.
func raceText(v *gotest.Verdict, name string) i18n.Text {
	var out i18n.Text
	for _, r := range v.Races {
		if topLevel(r.Test) != name {
			continue
		}
		text := explain.Race(r.Test)
		for _, s := range r.Stacks {
			title := explain.RaceSection(s.Title)
			text = joinTextLines(text, i18n.Text{En: "  " + title.En, Zh: "  " + title.Zh})
			for _, f := range s.Frames {
				text = joinTextLines(text, verbatim("    "+f.String()))
			}
		}
		out = joinTextLines(out, text)
	}
	return out
}

// buildText is the compiler's messages, bounded.
func buildText(v *gotest.Verdict) string {
	var lines []string
	for i, m := range v.Build {
		if i == 20 {
			lines = append(lines, fmt.Sprintf("… (+%d)", len(v.Build)-i))
			break
		}
		lines = append(lines, m.String())
	}
	return strings.Join(lines, "\n")
}

func joinLines(a, b string) string {
	a, b = strings.TrimRight(a, "\n"), strings.TrimRight(b, "\n")
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n" + b
}

// joinTextLines is joinLines in each language.
func joinTextLines(a, b i18n.Text) i18n.Text {
	return i18n.Text{En: joinLines(a.En, b.En), Zh: joinLines(a.Zh, b.Zh)}
}

// clipText is clip in each language.
func clipText(t i18n.Text) i18n.Text {
	return i18n.Text{En: clip(t.En, i18n.En), Zh: clip(t.Zh, i18n.Zh)}
}

// clip bounds a message, cutting at a line end where it can.
func clip(s string, lang i18n.Lang) string {
	s = strings.TrimRight(s, "\n")
	if cut := strings.LastIndexByte(s[:min(len(s), maxMessage)], '\n'); len(s) > maxMessage && cut >= maxMessage/2 {
		return shorten(s, cut, lang)
	}
	return shorten(s, maxMessage, lang)
}
