package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"runtime"

	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/tui"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// runner runs an exercise for the scheduler (check.RunTwin): the quick
// verdict is published as a partial result while the race-enabled run is
// still going, and the runs' progress goes to progress.
type runner struct {
	checker  *check.Checker
	course   *course.Course
	progress chan tui.ProgressMsg
}

// run is the scheduler's watch.RunFunc.
func (r *runner) run(ctx context.Context, dir string, seq int, hash watch.Hash, partial func(*tui.Outcome)) *tui.Outcome {
	var e *course.Exercise
	for i := range r.course.Exercises {
		if r.course.ExerciseDir(&r.course.Exercises[i]) == dir {
			e = &r.course.Exercises[i]
		}
	}
	if e == nil {
		return &tui.Outcome{Err: fmt.Errorf("%s is not an exercise folder", dir)}
	}
	res, err := r.checker.RunTwin(ctx, e, hash, func(quick *check.Result) {
		partial(&tui.Outcome{Result: quick})
	}, func(p check.RunProgress) {
		// Never hold up the run: when no one reads (line mode) or the
		// screen is behind, a report is dropped; the next one, or the
		// verdict, replaces it anyway.
		select {
		case r.progress <- tui.ProgressMsg{Dir: dir, Seq: seq, Progress: p}:
		default:
		}
	})
	return &tui.Outcome{Result: res, Err: err}
}

func runWatch(ctx context.Context, s *session) int {
	if !s.noArgs() || !s.load() {
		return exitUsage
	}
	checker, ok := s.checker()
	if !ok {
		return exitUsage
	}
	dirs := make([]string, len(s.course.Exercises))
	for i := range s.course.Exercises {
		dirs[i] = s.course.ExerciseDir(&s.course.Exercises[i])
	}
	w, err := watch.New(dirs, watch.Options{Poll: s.opts.poll})
	if err != nil {
		s.fail(err.Error())
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
func (s *session) start() int {
	for i, row := range s.rows() {
		if row.Status == render.Current {
			return i
		}
	}
	return len(s.course.Exercises) - 1
}

func (s *session) watchScreen(ctx context.Context, w *watch.Watcher, sched *watch.Scheduler[*tui.Outcome], progress <-chan tui.ProgressMsg) int {
	model := tui.New(tui.Config{
		Course:   s.course,
		Store:    s.store,
		Lang:     s.lang,
		UI:       func(l i18n.Lang) i18n.Lang { return i18n.UI(l, s.env.Getenv) },
		Plain:    s.env.plain(),
		Start:    s.start(),
		AutoNext: s.opts.autoNext,
		Request:  sched.Request,
		Save:     s.save,
	})
	p := tea.NewProgram(model, tea.WithContext(ctx), tea.WithInput(s.env.Stdin), tea.WithOutput(s.env.Stdout))
	go func() {
		p.Send(tui.StatusMsg{Text: tui.Polling(w.Status(), s.ui)})
		updates := w.StatusUpdates()
		for {
			select {
			case ev, ok := <-sched.Events():
				if !ok {
					return
				}
				p.Send(tui.RunMsg{Event: ev})
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
		s.fail(err.Error())
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
	if note := tui.Polling(w.Status(), s.ui); note != "" {
		s.warn(note)
	}
	sched.Request(s.course.ExerciseDir(&s.course.Exercises[s.start()]))
	o := s.renderOptions(s.env.Width)
	updates := w.StatusUpdates()
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
				if ev.Kind == watch.RunFinished && ev.Value.Result != nil {
					check.Record(s.store, ev.Value.Result)
					s.save()
				}
			}
		}
	}
}
