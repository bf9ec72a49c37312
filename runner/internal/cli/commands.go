package cli

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
)

func (s *session) rel(path string) string { return s.course.Rel(path) }

// renderOptions are the panel options for a panel of width cells.
func (s *session) renderOptions(width int) render.Options {
	return render.Options{Width: width, Plain: s.env.plain(), Lang: s.ui, Links: s.links()}
}

// current is the first exercise that is not done, or the last when all
// are.
func (s *session) current() *course.Exercise { return &s.course.Exercises[s.start()] }

// chapter is a chapter's Markdown in the session's language.
func (s *session) chapter(file string) ([]string, error) { return s.course.ReadChapter(file, s.lang) }

func (s *session) noArgs() bool {
	if len(s.args) > 0 {
		s.tooManyArgs()
		return false
	}
	return true
}

// tooManyArgs says what the command accepts, and what was one argument
// too many.
func (s *session) tooManyArgs() int {
	accepts := msgTakesNothing.In(s.ui)
	switch name := strings.Trim(s.cmd.args, "[]"); {
	case s.cmd.args == "":
	case strings.HasPrefix(s.cmd.args, "["):
		accepts = msgTakesOne.F(s.ui, strings.ReplaceAll(name, "|", " / "))
	default:
		accepts = msgTakesExactly.F(s.ui, name)
	}
	return s.usageError(msgTooManyArgs.F(s.ui, s.cmd.name, accepts, len(s.args), strings.Join(s.args, " "), s.cmd.name))
}

func runNext(ctx context.Context, s *session) int {
	if !s.noArgs() || !s.load() {
		return exitUsage
	}
	checker := s.checker()
	stop := s.showRuns(ctx, checker)
	passed, current, err := checker.Next(ctx, s.progress.Priors())
	stop()
	if ctx.Err() != nil {
		// A run cut short proves nothing: keep the verdicts it did not
		// finish out of the state.
		return s.fail(msgInterrupted.In(s.ui))
	}
	var justPassed []string
	for _, r := range passed {
		if s.progress.Record(r) {
			justPassed = append(justPassed, msgJustPassed.F(s.ui, r.Exercise.Number, r.Exercise.Number))
		}
	}
	if current != nil {
		s.progress.Record(current)
	}
	s.save()
	if err != nil {
		return s.failErr(err)
	}
	if note := checker.RaceNote(); note != (i18n.Text{}) {
		s.warn(msgRaceUnavailable.F(s.ui, note))
	}
	page, err := s.nextPage(s.progress.Rows(), justPassed, current)
	if err != nil {
		return s.failErr(err)
	}
	text, err := render.Layout(page, s.env.Width)
	if err != nil {
		return s.failErr(err)
	}
	s.page(text)
	if current != nil {
		return exitFailing
	}
	return exitOK
}

// nextPage is what next shows: the exercises that now pass, the progress,
// and the current exercise's verdict beside its chapter, or that the
// course passes and what to read next.
func (s *session) nextPage(rows []progress.Row, justPassed []string, current *check.Result) (render.Page, error) {
	page := render.Page{Plain: s.env.plain()}
	if current == nil {
		page.Panel = func(width int) string {
			o := s.renderOptions(width)
			return joinParts(passedText(justPassed, width), render.Progress(rows, o)+"\n\n"+courseDoneText(s, o))
		}
		return page, nil
	}
	e := current.Exercise
	page.Panel = func(width int) string {
		o := s.renderOptions(width)
		return joinParts(
			passedText(justPassed, width),
			render.Progress(rows, o),
			render.Header(e, len(s.course.Exercises), s.rel(s.course.StubPath(e)), o),
			render.Verdict(e, current.Verdict, current.Race, o),
			strings.Join(render.Wrap(render.NextHint(o), width), "\n"),
		)
	}
	var err error
	page.Chapter, err = s.chapter(e.Chapter)
	return page, err
}

// passedText is the sentences about exercises that pass now and did not
// before this run, wrapped to width.
func passedText(sentences []string, width int) string {
	return strings.Join(render.Wrap(strings.Join(sentences, "\n"), width), "\n")
}

// joinParts joins a panel's parts with a blank line, leaving out empty ones.
func joinParts(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}

// courseDoneText says the course passes and what the manifest suggests
// reading after it.
func courseDoneText(s *session, o render.Options) string {
	lines := render.Wrap(render.CourseDone(o), o.Width)
	for _, ch := range s.course.ReadAfter() {
		lines = append(lines, render.Wrap(render.ReadNext(ch.Title.In(s.ui), ch.ID, o), o.Width)...)
	}
	return strings.Join(lines, "\n")
}

func runList(_ context.Context, s *session) int {
	if !s.noArgs() || !s.load() {
		return exitUsage
	}
	rows := s.progress.Rows()
	s.out(s.wrap(msgListHeader.F(s.ui, s.course.Title.In(s.ui), progress.CountDone(rows), len(rows))))
	s.out("")
	s.out(render.List(rows, s.renderOptions(s.env.Width)))
	s.out("")
	s.out(s.wrap(msgListNotRun.In(s.ui)))
	return exitOK
}

// exerciseArg loads the workbook and resolves the command's EXERCISE
// argument: the current exercise when it may be left out and is. It
// reports any problem itself and returns false.
func (s *session) exerciseArg(required bool) (*course.Exercise, bool) {
	switch {
	case !s.load():
	case len(s.args) > 1:
		s.tooManyArgs()
	case len(s.args) == 1:
		e, err := s.course.Lookup(s.args[0])
		if err == nil {
			return e, true
		}
		s.failErr(err)
	case required:
		s.usageError(msgNeedsExercise.F(s.ui, s.cmd.name, s.cmd.name))
	default:
		return s.current(), true
	}
	return nil, false
}

func runHint(_ context.Context, s *session) int {
	e, ok := s.exerciseArg(false)
	if !ok {
		return exitUsage
	}
	s.progress.ShowHint(e.Index())
	s.save()
	shown := s.progress.HintsShown(e.Index()) // with those another command showed meanwhile
	o := s.renderOptions(min(s.env.Width, 100))
	s.out(s.wrap(msgHintHeader.F(s.ui, e.Number, e.Title.In(s.ui))))
	s.out("")
	s.out(render.Hints(e, shown, s.lang, o))
	s.out("")
	if shown < len(e.Hints) {
		s.out(strings.Join(render.Wrap(msgHintMore.In(s.ui), o.Width), "\n"))
	} else {
		s.out(strings.Join(render.Wrap(msgHintNoMore.F(s.ui, s.rel(s.course.SolutionPath(e)), e.Dir), o.Width), "\n"))
	}
	return exitOK
}

func runRead(_ context.Context, s *session) int {
	if !s.load() {
		return exitUsage
	}
	var file string
	switch len(s.args) {
	case 0:
		file = s.current().Chapter
	case 1:
		page, err := s.course.Page(s.args[0])
		if err != nil {
			return s.usageError(s.sentence(err))
		}
		file = page.File
	default:
		return s.tooManyArgs()
	}
	md, err := s.chapter(file)
	if err == nil {
		var text string
		if text, err = render.Chapters(md, s.env.Width, s.env.plain()); err == nil {
			s.page(text)
			return exitOK
		}
	}
	return s.failErr(err)
}

func runReset(_ context.Context, s *session) int {
	e, ok := s.exerciseArg(true)
	if !ok {
		return exitUsage
	}
	r, err := s.progress.PrepareReset(e.Index())
	if err != nil {
		return s.failErr(err)
	}
	path := r.Path
	if !r.Needed() {
		s.out(s.wrap(msgResetSame.F(s.ui, s.rel(path))))
		return exitOK
	}
	if !s.opts.yes {
		if !s.env.StdinTerminal {
			return s.usageError(msgResetNoTTY.F(s.ui, s.rel(path)))
		}
		fmt.Fprint(s.env.Stdout, s.wrap(msgResetConfirm.F(s.ui, s.rel(path))))
		answer, _ := bufio.NewReader(s.env.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" && a != "是" {
			s.out(s.wrap(msgResetAborted.In(s.ui)))
			return exitFailing
		}
	}
	backup, err := s.progress.Reset(r)
	if err != nil {
		return s.failErr(err)
	}
	s.save()
	if backup == "" {
		backup = "-" // there was no file to back up
	} else {
		backup = s.rel(backup)
	}
	s.out(s.wrap(msgResetDone.F(s.ui, s.rel(path), backup)))
	return exitOK
}

// wrap lays a sentence or a prompt out in the terminal's width (80 when
// piped) by render.Wrap: at spaces and between Chinese characters, never
// inside a word or a path, as the terminal would.
func (s *session) wrap(text string) string {
	width := s.env.Width
	if width <= 0 {
		width = 80
	}
	if !strings.HasSuffix(text, " ") {
		return strings.Join(render.Wrap(text, width), "\n")
	}
	// A prompt: its last line keeps the space before the answer and room
	// for the cursor on the same line.
	return strings.Join(render.Wrap(strings.TrimRight(text, " "), width-2), "\n") + " "
}

func runSolution(ctx context.Context, s *session) int {
	e, ok := s.exerciseArg(true)
	if !ok {
		return exitUsage
	}
	if !s.opts.force {
		passes, ok := s.passesNow(ctx, e)
		if !ok {
			return exitFailing
		}
		if !passes {
			return s.fail(msgSolutionLock.F(s.ui, e.Number))
		}
	} else if p := s.progress.Prior(e.Index()); !p.Passed {
		s.warn(msgSolutionWarn.In(s.ui))
	}
	solution, err := os.ReadFile(s.course.SolutionPath(e))
	if err != nil {
		return s.failErr(err)
	}
	mine, _ := os.ReadFile(s.course.StubPath(e))
	s.page(strings.Join(render.Wrap(msgSolutionOf.F(s.ui, e.Number, e.Title.In(s.ui), s.rel(s.course.SolutionPath(e))), s.env.Width), "\n") + "\n\n" +
		render.Solution(string(solution), string(mine), s.renderOptions(s.env.Width)))
	return exitOK
}

// passesNow reports whether the exercise passes as its files are now (see
// check.Checker.Passes), recording the run when there was one.
func (s *session) passesNow(ctx context.Context, e *course.Exercise) (passes, ok bool) {
	checker := s.checker()
	stop := s.showRuns(ctx, checker)
	passes, ran, err := checker.Passes(ctx, e, s.progress.Prior(e.Index()))
	stop()
	if err != nil {
		s.failErr(err)
		return false, false
	}
	if ran != nil {
		s.progress.Record(ran)
		s.save()
	}
	return passes, true
}

func runVersion(_ context.Context, s *session) int {
	if !s.noArgs() {
		return exitUsage
	}
	s.out(msgVersion.F(s.ui, Version, runtime.Version()))
	return exitOK
}
