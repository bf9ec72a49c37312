package cli

import (
	"bufio"
	"context"
	"io"
	"runtime"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/tui"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// runFunc is the scheduler's run function: check.RunWithQuickVerdict, its
// progress and its quick verdict reported as the run goes.
func runFunc(checker *check.Checker) watch.RunFunc[progress.Report] {
	return func(ctx context.Context, i, _ int, digest gofiles.Digest, report func(progress.Report)) progress.Report {
		res, err := checker.RunWithQuickVerdict(ctx, &checker.Course.Exercises[i], digest,
			func(quick *check.Result) { report(progress.Report{Result: quick}) },
			func(p check.RunProgress) { report(progress.Report{Progress: &p}) })
		return progress.Report{Result: res, Err: err}
	}
}

func runWatch(ctx context.Context, s *session) int {
	if !s.noArgs() || !s.load() {
		return exitUsage
	}
	checker := s.checker()
	// Every message in both languages, marked: the screen shows one and
	// t switches at once, without a new run.
	checker.Lang = render.PairedTests
	dirs := make([]string, len(s.course.Exercises))
	for i := range s.course.Exercises {
		dirs[i] = s.course.ExerciseDir(&s.course.Exercises[i])
	}
	w, err := watch.New(dirs, watch.Options{Poll: s.opts.poll})
	if err != nil {
		return s.failErr(err)
	}
	// The watcher read every exercise's files: the owner and the
	// scheduler start from its digests.
	s.progress.SetDigests(w.Digests())
	start := s.start()
	live := s.progress.Live()
	sched := watch.NewScheduler(runFunc(checker), watch.SchedulerOptions{
		MaxParallel: max(1, runtime.NumCPU()), Digests: w.Digests(), HasVerdict: live.HasVerdict})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx) })
	wg.Go(func() { sched.Run(ctx, w.Changes()) })
	defer func() {
		// Leave nothing behind: the scheduler cancels its runs (and their
		// process groups) before Run returns.
		cancel()
		wg.Wait()
	}()
	run := &watchRun{w: w, sched: sched, live: live, start: start, stop: cancel}
	if s.env.Terminal && s.env.StdinTerminal {
		return s.watchScreen(ctx, run)
	}
	return s.watchLines(ctx, run)
}

// watchRun is what a watch screen needs: the watcher, the scheduler, the
// owner of the learner's standing, the exercise to open on, and how to
// stop them all.
type watchRun struct {
	w     *watch.Watcher
	sched *watch.Scheduler[progress.Report]
	live  *progress.Live
	start int
	stop  func()
}

// serve runs the owner on the scheduler's updates, telling the screen after
// each; the returned function stops the watcher and the scheduler and
// waits until the owner has taken their last update.
func (r *watchRun) serve(tell func(progress.Update, *progress.Snapshot)) (stop func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.live.Serve(r.sched.Events(), tell)
	}()
	return func() {
		r.stop()
		<-done
	}
}

// start is the exercise watch mode opens on: the first that is not done.
func (s *session) start() int {
	if i := s.progress.Current(); i >= 0 {
		return i
	}
	return len(s.course.Exercises) - 1
}

func (s *session) watchScreen(ctx context.Context, r *watchRun) int {
	model := tui.New(tui.Config{
		Course:   s.course,
		Snapshot: r.live.Snapshot(),
		Lang:     s.lang,
		UI:       func(l i18n.Lang) i18n.Lang { return i18n.UI(l, s.env.Getenv) },
		Plain:    s.env.plain(),
		Start:    r.start,
		AutoNext: s.opts.autoNext,
		Request:  r.sched.Request,
		ShowHint: r.live.ShowHint,
		Edit:     s.editFunc(),
		Links:    s.links(),
	})
	p := tea.NewProgram(model, tea.WithContext(ctx), tea.WithInput(s.env.Stdin), tea.WithOutput(s.env.Stdout))
	defer r.serve(func(u progress.Update, snap *progress.Snapshot) {
		p.Send(tui.UpdateMsg{Update: u, Snapshot: snap})
	})()
	go func() {
		p.Send(tui.StatusMsg{Text: tui.Polling(r.w.Method(), s.ui)})
		for st := range r.w.MethodUpdates() { // closed when the watcher stops
			p.Send(tui.StatusMsg{Text: tui.Polling(st, s.ui)})
		}
	}()
	if _, err := p.Run(); err != nil && ctx.Err() == nil {
		return s.failErr(err)
	}
	return exitOK
}

// watchLines is watch mode without a terminal: one verdict block per run,
// until stdin ends or a signal comes.
func (s *session) watchLines(ctx context.Context, r *watchRun) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		// Read until EOF, once: a closed stdin ends watch mode instead of
		// being read again and again.
		io.Copy(io.Discard, bufio.NewReader(s.env.Stdin))
		cancel()
	}()
	s.out(tui.LineWelcome(len(s.course.Exercises), s.ui))
	if note := tui.Polling(r.w.Method(), s.ui); note != "" {
		s.warn(note)
	}
	o := s.renderOptions(s.env.Width)
	o.Messages = s.lang
	var saveErr error
	defer r.serve(func(u progress.Update, snap *progress.Snapshot) {
		if text := tui.LineBlock(u, o); text != "" {
			s.out(text)
		}
		if snap.SaveErr != nil && (saveErr == nil || snap.SaveErr.Error() != saveErr.Error()) {
			s.warn(msgStateNotSaved.F(s.ui, snap.SaveErr))
		}
		saveErr = snap.SaveErr
	})()
	r.sched.Request(r.start)
	updates := r.w.MethodUpdates()
	for {
		select {
		case <-ctx.Done():
			return exitOK
		case st, ok := <-updates:
			if !ok {
				return exitOK // the watcher stopped
			}
			if note := tui.Polling(st, s.ui); note != "" {
				s.warn(note)
			}
		}
	}
}
