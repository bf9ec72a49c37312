package bench

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gofiles"
	"github.com/gospawn/workbook/runner/internal/state"
)

// options are the benchmark's flags.
type options struct {
	runs     int
	saves    int
	sections string
	redis    string // section 6's subject: the exercise whose solution is a Redis server
	// section 7: the exercises to run (folder names, comma-separated; all
	// when empty), and how many CPU-bound processes run beside them
	exercises string
	hogs      int
	// section 8's submissions: the memory one holds, the output one prints
	hogBytes, floodBytes int64
}

// Main runs the benchmark and writes its report to stdout; progress goes to
// stderr.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("workbook-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.runs, "runs", 7, "repetitions of each timed command")
	fs.IntVar(&o.saves, "saves", 20, "saves of a passing and of a failing file, per save style")
	fs.StringVar(&o.sections, "sections", "1,2,3,4,5,6", "which sections to run (7: failing runs, 8: the sandbox, 9: next on a fresh course; not part of the default)")
	fs.StringVar(&o.redis, "redis", "", "section 6: the exercise (id or folder) whose solution is a Redis server, to run under redis-benchmark")
	fs.StringVar(&o.exercises, "exercises", "", "section 7: which exercises, by folder, comma-separated (default all)")
	fs.IntVar(&o.hogs, "hogs", 0, "section 7: CPU-bound processes to run beside the tests")
	fs.Int64Var(&o.hogBytes, "hog-bytes", 3<<30, "section 8: memory the hog submission holds")
	fs.Int64Var(&o.floodBytes, "flood-bytes", 400_000_000, "section 8: bytes the flooding submission prints on one line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := course.Find(".")
	if err != nil {
		return errors.New("run it from inside the workbook: go run ./runner/cmd/workbook-bench")
	}
	b, err := newBench(ctx, root, stderr)
	if err != nil {
		return err
	}
	defer os.RemoveAll(b.tmp)
	fmt.Fprintf(stdout, "Machine: %d cores, %s %s/%s, race detector %s. Date: %s.\n\n", runtime.NumCPU(), runtime.Version(),
		runtime.GOOS, runtime.GOARCH, map[bool]string{true: "available", false: "unavailable"}[b.race], time.Now().UTC().Format("2006-01-02"))
	type section struct {
		n   string
		run func(context.Context, options, io.Writer) error
	}
	for _, s := range []section{{"1", b.next}, {"2", b.watch}, {"3", b.grade}, {"4", b.small}, {"5", b.cold}, {"6", b.redis}, {"7", b.failing}, {"8", b.sandbox}, {"9", b.fresh}} {
		if !slices.Contains(strings.Split(o.sections, ","), s.n) {
			continue
		}
		if err := s.run(ctx, o, stdout); err != nil {
			return fmt.Errorf("section %s: %w", s.n, err)
		}
	}
	return nil
}

// bench is one benchmark run: a built workbook command and a solved copy of
// the course to run it on.
type bench struct {
	root   string // the workbook the benchmark was started in
	tmp    string
	bin    string // the workbook command, built from root
	solved string // a copy of the course with every solution in place
	course *course.Course
	race   bool     // the course's race-enabled exercises run with -race here
	raceGo []string // go test's arguments for them: ["-race"] or none
	log    io.Writer
}

func newBench(ctx context.Context, root string, log io.Writer) (*bench, error) {
	tmp, err := os.MkdirTemp("", "workbook-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{root: root, tmp: tmp, bin: filepath.Join(tmp, "workbook"), solved: filepath.Join(tmp, "solved"), log: log}
	fmt.Fprintln(log, "building the workbook command and a solved copy of the course…")
	if out, err := b.command(ctx, root, "go", "build", "-o", b.bin, "./runner/cmd/workbook").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the workbook command: %v: %s", err, out)
	}
	for _, dir := range []string{"exercises", "solutions", "book"} {
		if err := copyTree(filepath.Join(root, dir), filepath.Join(b.solved, dir)); err != nil {
			return nil, err
		}
	}
	if err := copyFile(filepath.Join(root, course.ManifestName), filepath.Join(b.solved, course.ManifestName)); err != nil {
		return nil, err
	}
	if b.course, err = course.Load(b.solved); err != nil {
		return nil, err
	}
	for i := range b.course.Exercises {
		e := &b.course.Exercises[i]
		if err := copyFile(b.course.SolutionPath(e), b.course.StubPath(e)); err != nil {
			return nil, err
		}
	}
	c := &check.Checker{Course: b.course, Race: check.RaceAuto}
	if _, err := c.Run(ctx, &b.course.Exercises[0], gofiles.Digest{}); err != nil {
		return nil, err
	}
	// The baselines run go test as the runner would: with -race where the
	// runner's own policy uses it.
	if b.race, err = (&check.RacePolicy{Mode: check.RaceAuto}).Use(ctx, true); err != nil {
		return nil, err
	}
	if b.race {
		b.raceGo = []string{"-race"}
	}
	return b, nil
}

func (b *bench) command(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "LANG=C", "WORKBOOK_LANG=en")
	return cmd
}

// time runs a command to its end and returns its wall time; exit statuses
// in okCodes count as success.
func (b *bench) time(ctx context.Context, dir string, okCodes []int, name string, args ...string) (time.Duration, error) {
	d, _, err := timeCmd(b.command(ctx, dir, name, args...), okCodes)
	return d, err
}

// timeCmd runs cmd to its end and returns its wall time and output; exit
// statuses in okCodes count as success.
func timeCmd(cmd *exec.Cmd, okCodes []int) (time.Duration, string, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	var exit *exec.ExitError
	if errors.As(err, &exit) && slices.Contains(okCodes, exit.ExitCode()) {
		err = nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, tail(out.String()))
	}
	return elapsed, out.String(), nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

func (b *bench) packages() []string {
	var pkgs []string
	for _, e := range b.course.Exercises {
		pkgs = append(pkgs, e.Package())
	}
	return pkgs
}

// next is section 1: workbook next on the solved course against go test
// -json of the same packages with the same flags, alternating, warm cache.
// The state is deleted before each run: a workbook that remembers the
// passes would run nothing.
func (b *bench) next(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 1: workbook next against go test -json…")
	direct := append([]string{"test", "-json", "-count=1"}, b.raceGo...)
	direct = append(direct, b.packages()...)
	nextS, directS, err := alternate(o.runs, 1, func() (a, d time.Duration, err error) {
		if err := os.RemoveAll(filepath.Join(b.solved, state.DirName)); err != nil {
			return 0, 0, err
		}
		if a, err = b.time(ctx, b.solved, nil, b.bin, "next", "--no-pager"); err != nil {
			return 0, 0, err
		}
		d, err = b.time(ctx, filepath.Join(b.solved, "exercises"), nil, "go", direct...)
		return a, d, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "## 1. `workbook next` on a solved course (warm build cache, %d runs each, alternating)\n\n", o.runs)
	fmt.Fprintln(w, "| command | median | spread | ratio |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	fmt.Fprintf(w, "| `workbook next` | %s | %s | %s |\n", ms(nextS.Median()), nextS.Spread(), ratio(nextS.Median(), directS.Median()))
	fmt.Fprintf(w, "| `go %s` | %s | %s | 1.00× |\n\n", strings.Join(direct, " "), ms(directS.Median()), directS.Spread())
	return nil
}

// small is section 4: workbook list's wall time and watch mode's memory
// after 100 runs.
func (b *bench) small(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 4: workbook list, and watch mode's memory after 100 runs…")
	list, _, err := alternate(20, 1, func() (time.Duration, time.Duration, error) {
		d, err := b.time(ctx, b.solved, nil, b.bin, "list")
		return d, 0, err
	})
	if err != nil {
		return err
	}
	rss, hwm, err := b.watchMemory(ctx, 100)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "## 4. `workbook list` and watch mode's memory")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measure | value |")
	fmt.Fprintln(w, "| --- | --- |")
	fmt.Fprintf(w, "| `workbook list`, median of 20 (spread) | %s (%s) |\n", ms(list.Median()), list.Spread())
	fmt.Fprintf(w, "| watch mode resident memory after 100 runs (peak) | %.1f MB (%.1f MB) |\n\n", rss, hwm)
	return nil
}

// watchMemory runs the real watch command in line mode, saves an exercise
// until it has run n times, and reads its resident memory.
func (b *bench) watchMemory(ctx context.Context, n int) (rss, hwm float64, err error) {
	cmd := b.command(ctx, b.solved, b.bin, "watch", "--race=off")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return 0, 0, err
	}
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	// The third exercise, as BENCHMARKS.md section 2 records (its tests are
	// quick); the last in a shorter course.
	e := &b.course.Exercises[min(2, len(b.course.Exercises)-1)]
	solution, err := os.ReadFile(b.course.SolutionPath(e))
	if err != nil {
		return 0, 0, err
	}
	path := b.course.StubPath(e)
	// Run #1 (the exercise watch mode opens on) means the watches are set
	// up: a save before that is part of the starting content, not a change.
	if err := waitFor(ctx, func() bool { return strings.Contains(out.String(), "── Run #1") }, time.Minute); err != nil {
		return 0, 0, fmt.Errorf("watch mode never reported its first run:\n%s", tail(out.String()))
	}
	for i := 1; i <= n; i++ {
		// A comment that changes each time makes each save new content.
		content := append(slices.Clone(solution), []byte(fmt.Sprintf("\n// save %d\n", i))...)
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return 0, 0, err
		}
		if err := waitFor(ctx, func() bool { return strings.Count(out.String(), "── Run #") >= i+1 }, time.Minute); err != nil {
			return 0, 0, fmt.Errorf("watch mode stopped reporting after %d runs:\n%s", i, tail(out.String()))
		}
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		return 0, 0, fmt.Errorf("reading the watch process's memory (Linux only): %w", err)
	}
	copyFile(b.course.SolutionPath(e), path)
	return procKB(status, "VmRSS:") / 1024, procKB(status, "VmHWM:") / 1024, nil
}

func procKB(status []byte, field string) float64 {
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok { // "VmRSS:\t  1234 kB"
			v, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v
		}
	}
	return 0
}

// waitFor polls cond until it holds or limit passes.
func waitFor(ctx context.Context, cond func() bool, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			return errors.New("timed out")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

// lockedBuffer collects a child's output while the benchmark reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
