package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// saveStyle writes content to path the way one kind of editor does.
type saveStyle struct {
	name string
	save func(path string, content []byte) error
}

var saveStyles = []saveStyle{
	{"in-place write", func(path string, content []byte) error {
		return os.WriteFile(path, content, 0o644)
	}},
	{"rename over, same folder", func(path string, content []byte) error {
		tmp := path + ".tmp.4821"
		if err := os.WriteFile(tmp, content, 0o644); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}},
	{"vim backup-rename-write", func(path string, content []byte) error {
		probe := filepath.Join(filepath.Dir(path), "4913")
		if err := os.WriteFile(probe, nil, 0o644); err != nil {
			return err
		}
		os.Remove(probe)
		if err := os.Rename(path, path+"~"); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
		return os.Remove(path + "~")
	}},
}

type outcome struct {
	res *check.Result
	err error
}

// watch is section 2: from a save to the verdict, through the watcher,
// the scheduler and the run function workbook watch uses.
func (b *bench) watch(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 2: from a save to the verdict in watch mode…")
	e := &b.course.Exercises[0]
	path := b.course.StubPath(e)
	pass, err := os.ReadFile(b.course.SolutionPath(e))
	if err != nil {
		return err
	}
	fail, err := course.Pristine(e)
	if err != nil {
		return err
	}

	// The baselines: the same package, plain go test and go test -race.
	if err := os.WriteFile(path, pass, 0o644); err != nil {
		return err
	}
	exercises := filepath.Join(b.solved, "exercises")
	plain, raced, err := alternate(o.runs, 1, func() (d, r time.Duration, err error) {
		if d, err = b.time(ctx, exercises, nil, "go", "test", "-count=1", e.Package()); err != nil || !b.race {
			return d, d, err
		}
		r, err = b.time(ctx, exercises, nil, "go", "test", "-count=1", "-race", e.Package())
		return d, r, err
	})
	if err != nil {
		return err
	}

	// Start from the failing content, so that the first save (a passing
	// one) is a change.
	if err := os.WriteFile(path, fail, 0o644); err != nil {
		return err
	}
	checker := &check.Checker{Course: b.course, Race: check.RaceAuto}
	wt, err := watch.New([]string{b.course.ExerciseDir(e)}, watch.Options{})
	if err != nil {
		return err
	}
	sched := watch.NewScheduler(func(ctx context.Context, _, _ int, digest gofiles.Digest, report func(outcome)) outcome {
		res, err := checker.RunWithQuickVerdict(ctx, e, digest, func(q *check.Result) { report(outcome{res: q}) }, nil)
		return outcome{res, err}
	}, watch.SchedulerOptions{Digests: wt.Digests()})
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go wt.Run(ctx)
	go sched.Run(ctx, wt.Changes())

	fmt.Fprintf(w, "## 2. Watch mode: from a save to the verdict (%d saves of a passing and %d of a failing file per style)\n\n", o.saves, o.saves)
	fmt.Fprintln(w, "| save style | file | first verdict median (p90) | race-checked verdict median (p90) | runs per save |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- |")
	for _, style := range saveStyles {
		samples := map[bool]*saveSamples{true: {}, false: {}}
		for i := 0; i < 2*o.saves; i++ {
			passing := i%2 == 0
			content := fail
			if passing {
				content = pass
			}
			s, err := b.oneSave(ctx, sched, style, path, content, passing)
			if err != nil {
				return fmt.Errorf("%s, save %d: %w", style.name, i+1, err)
			}
			samples[passing].add(s)
		}
		for _, passing := range []bool{true, false} {
			s := samples[passing]
			file := "failing (the stub)"
			if passing {
				file = "passing (the solution)"
			}
			fmt.Fprintf(w, "| %s | %s | %s (%s) | %s (%s) | %s |\n", style.name, file,
				ms(s.first.Median()), ms(s.first.Quantile(0.9)), ms(s.final.Median()), ms(s.final.Quantile(0.9)), s.runsText())
		}
	}
	fmt.Fprintf(w, "| baseline: `go test -count=1 %s` | passing | %s (spread %s) | | |\n", e.Package(), ms(plain.Median()), plain.Spread())
	if b.race {
		fmt.Fprintf(w, "| baseline: `go test -count=1 -race %s` | passing | | %s (spread %s) | |\n", e.Package(), ms(raced.Median()), raced.Spread())
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Each run starts %d `go test` process(es): one without the race detector and, where it is available, one with it.\n\n", 1+len(b.raceGo))
	return copyFile(b.course.SolutionPath(e), path)
}

// saveResult is what one save gave.
type saveResult struct {
	first, final time.Duration // from the save to the first verdict and to the race-checked one
	runs         int           // runs started by the save
}

type saveSamples struct {
	first, final Samples
	runs         []int
}

func (s *saveSamples) add(r saveResult) {
	s.first = append(s.first, r.first)
	s.final = append(s.final, r.final)
	s.runs = append(s.runs, r.runs)
}

func (s *saveSamples) runsText() string {
	lo, hi := slices.Min(s.runs), slices.Max(s.runs)
	if lo == hi {
		return fmt.Sprintf("%d every time", lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// settle is how long after a verdict a save is watched for a second run it
// should not have started.
const settle = 400 * time.Millisecond

// oneSave saves content and waits for its verdict; the verdict must say
// what the content deserves (pass or fail), or the measurement is wrong.
func (b *bench) oneSave(ctx context.Context, sched *watch.Scheduler[outcome], style saveStyle, path string, content []byte, passing bool) (saveResult, error) {
	var r saveResult
	start := time.Now()
	if err := style.save(path, content); err != nil {
		return r, err
	}
	limit := time.After(2 * time.Minute)
	for r.final == 0 {
		select {
		case ev := <-sched.Events():
			switch ev.Kind {
			case watch.RunStarted:
				r.runs++
			case watch.RunReport:
				if r.first == 0 {
					r.first = time.Since(start)
				}
			case watch.RunFinished:
				if ev.Value.err != nil {
					return r, ev.Value.err
				}
				if got := ev.Value.res.Passed(); got != passing {
					return r, fmt.Errorf("the verdict says passed=%v for content that should give %v", got, passing)
				}
				r.final = time.Since(start)
				if r.first == 0 {
					r.first = r.final
				}
			}
		case <-limit:
			return r, errors.New("no verdict within two minutes")
		case <-ctx.Done():
			return r, ctx.Err()
		}
	}
	quiet := time.After(settle)
	for {
		select {
		case ev := <-sched.Events():
			if ev.Kind == watch.RunStarted {
				r.runs++
			}
		case <-quiet:
			return r, nil
		case <-ctx.Done():
			return r, ctx.Err()
		}
	}
}

// copyTree copies the regular files under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
