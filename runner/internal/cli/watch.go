package cli

import (
	"bufio"
	"context"
	"io"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/tui"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// runner runs an exercise for the scheduler (check.RunWithQuickVerdict): the quick
// verdict is published as a partial result while the race-enabled run is
// still going, and the runs' progress goes to progress.
type runner struct {
	checker  *check.Checker
	course   *course.Course
	progress chan tui.ProgressMsg
}

// run is the scheduler's watch.RunFunc.
func (r *runner) run(ctx context.Context, dir string, seq int, hash watch.Hash, partial func(*tui.Outcome)) *tui.Outcome {
	i := r.course.InDir(dir)
	if i < 0 {
		return &tui.Outcome{Err: i18n.Errorf(msgNotExerciseDir, dir)}
	}
	e := &r.course.Exercises[i]
	res, err := r.checker.RunWithQuickVerdict(ctx, e, hash, func(quick *check.Result) {
		partial(&tui.Outcome{Result: quick})
	}, func(p check.RunProgress) {
		// Never hold up the run: when no one reads (line mode) or the
		// screen is behind, a report is dropped; the next one, or the
		// verdict, replaces it anyway.
		select {
		case r.progress <- tui.ProgressMsg{Exercise: i, Seq: seq, Progress: p}:
		default:
		}
	})
	return &tui.Outcome{Result: res, Err: err}
}

func runWatch(ctx context.Context, s *session) int {
	if !s.noArgs() || !s.load() {
		return exitUsage
	}
	checker := s.checker()
	dirs := make([]string, len(s.course.Exercises))
	for i := range s.course.Exercises {
		dirs[i] = s.course.ExerciseDir(&s.course.Exercises[i])
	}
	w, err := watch.New(dirs, watch.Options{Poll: s.opts.poll})
	if err != nil {
		s.failErr(err)
		return exitFailing
	}
	r := &runner{checker: checker, course: s.course, progress: make(chan tui.ProgressMsg, 64)}
	sched := watch.NewScheduler(r.run, watch.SchedulerOptions{MaxParallel: max(1, runtime.NumCPU())})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); w.Run(ctx) }()
	schedDone := make(chan struct{})
	go func() { defer close(schedDone); sched.Run(ctx, w.Changes()) }()
	defer func() {
		// Leave nothing behind: the scheduler cancels its runs (and their
		// process groups) before Run returns.
		cancel()
		<-schedDone
		<-watchDone
	}()
	if s.env.Terminal && s.env.StdinTerminal {
		return s.watchScreen(ctx, w, sched, r.progress)
	}
	return s.watchLines(ctx, w, sched)
}

// start is the exercise watch mode opens on: the first that is not done.
func (s *session) start() int { return s.current().Number - 1 }

// arrived is where a scheduler event enters watch mode, on either screen:
// a finished run is recorded (the one place watch mode records), and the
// event's folder becomes the exercise's index.
func (s *session) arrived(ev watch.Event[*tui.Outcome]) tui.RunMsg {
	if ev.Kind == watch.RunFinished && ev.Value != nil && ev.Value.Result != nil {
		s.progress.Record(ev.Value.Result)
		s.save()
	}
	return tui.RunMsg{Exercise: s.course.InDir(ev.Dir), Event: ev}
}

// request asks the scheduler for a run of exercise index i.
func (s *session) request(sched *watch.Scheduler[*tui.Outcome]) func(int) {
	return func(i int) { sched.Request(s.course.ExerciseDir(&s.course.Exercises[i])) }
}

func (s *session) watchScreen(ctx context.Context, w *watch.Watcher, sched *watch.Scheduler[*tui.Outcome], progress <-chan tui.ProgressMsg) int {
	model := tui.New(tui.Config{
		Course:   s.course,
		Progress: s.progress,
		Lang:     s.lang,
		UI:       func(l i18n.Lang) i18n.Lang { return i18n.UI(l, s.env.Getenv) },
		Plain:    s.env.plain(),
		Start:    s.start(),
		AutoNext: s.opts.autoNext,
		Request:  s.request(sched),
		Save:     s.progress.Save,
	})
	p := tea.NewProgram(model, tea.WithContext(ctx), tea.WithInput(s.env.Stdin), tea.WithOutput(s.env.Stdout))
	go func() {
		p.Send(tui.StatusMsg{Text: tui.Polling(w.Method(), s.ui)})
		updates := w.MethodUpdates()
		for {
			select {
			case ev, ok := <-sched.Events():
				if !ok {
					return
				}
				p.Send(s.arrived(ev))
			case msg := <-progress:
				p.Send(msg)
			case st, ok := <-updates:
				if !ok {
					updates = nil // closed when the watcher stops: stop listening, don't spin
					continue
				}
				p.Send(tui.StatusMsg{Text: tui.Polling(st, s.ui)})
			case <-ctx.Done():
				return
			}
		}
	}()
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		s.failErr(err)
		return exitFailing
	}
	return exitOK
}

// watchLines is watch mode without a terminal: one verdict block per run,
// until stdin ends or a signal comes.
func (s *session) watchLines(ctx context.Context, w *watch.Watcher, sched *watch.Scheduler[*tui.Outcome]) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// Read until EOF, once: a closed stdin ends watch mode instead of
		// being read again and again.
		io.Copy(io.Discard, bufio.NewReader(s.env.Stdin))
		cancel()
	}()
	s.out(tui.LineWelcome(len(s.course.Exercises), s.ui))
	if note := tui.Polling(w.Method(), s.ui); note != "" {
		s.warn(note)
	}
	s.request(sched)(s.start())
	o := s.renderOptions(s.env.Width)
	updates := w.MethodUpdates()
	for {
		select {
		case <-ctx.Done():
			return exitOK
		case st, ok := <-updates:
			if !ok {
				updates = nil // closed when the watcher stops: stop listening, don't spin
				continue
			}
			if note := tui.Polling(st, s.ui); note != "" {
				s.warn(note)
			}
		case ev, ok := <-sched.Events():
			if !ok {
				return exitOK
			}
			if text := tui.LineBlock(ev, o); text != "" {
				s.out(text)
			}
			s.arrived(ev)
		}
	}
}
