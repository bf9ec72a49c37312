package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// peakMemoryFlag is the grade command's --memory in the peak measurements:
// its default, said on the command line so that the table's figure is the
// one the run used.
const peakMemoryFlag = "1GiB"

// sandbox is section 8: section 3's grading with the sandbox on, against
// the naive loop and against the sandbox off (its cost per run); then the
// peak memory of the whole grading tree with a submission that holds
// o.hogBytes and with one that floods o.floodBytes on one line.
func (b *bench) sandbox(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 8: workbook grade with the sandbox on and off, and the grading tree's peak memory…")
	subs, err := b.gradeClass()
	if err != nil {
		return err
	}
	args := func(mode string, subs ...string) []string {
		return append([]string{"grade", "--format", "json", "-j", fmt.Sprint(runtime.NumCPU()), "--sandbox", mode}, subs...)
	}
	var on, off, looped Samples
	exercises := 0
	runs := max(1, o.runs/2)
	for i := 0; i < runs; i++ {
		cmd := b.command(ctx, b.root, b.bin, args("on", subs...)...)
		var report, errs bytes.Buffer
		cmd.Stdout, cmd.Stderr = &report, &errs
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("workbook grade --sandbox on: %v\n%s", err, tail(errs.String()))
		}
		on = append(on, time.Since(start))
		if exercises, err = exercisesRun(report.Bytes()); err != nil {
			return err
		}
		d, _, err := timeCmd(b.command(ctx, b.root, b.bin, args("off", subs...)...), nil)
		if err != nil {
			return err
		}
		off = append(off, d)
		if d, err = b.naiveLoop(ctx); err != nil {
			return err
		}
		looped = append(looped, d)
	}
	fmt.Fprintf(w, "## 8. The sandbox: grading %d submissions (section 3's) with it on and off; the grading tree's peak memory (%d runs each)\n\n", len(subs), runs)
	fmt.Fprintln(w, "| command | median | spread | speed against the loop |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	fmt.Fprintf(w, "| `workbook grade -j %d --sandbox on` | %s | %s | %s |\n", runtime.NumCPU(), ms(on.Median()), on.Spread(), ratio(looped.Median(), on.Median()))
	fmt.Fprintf(w, "| `workbook grade -j %d --sandbox off` | %s | %s | %s |\n", runtime.NumCPU(), ms(off.Median()), off.Spread(), ratio(looped.Median(), off.Median()))
	fmt.Fprintf(w, "| `for s in …; do (cd $s/exercises && go %s); done` | %s | %s | 1.00× |\n\n", strings.Join(b.naiveArgs(), " "), ms(looped.Median()), looped.Spread())
	if exercises > 0 {
		cost := (on.Median() - off.Median()) / time.Duration(exercises)
		noise := ""
		if cost < 0 {
			noise = " (below zero: the difference is within the runs' spread)"
		}
		fmt.Fprintf(w, "The sandbox's cost: %s per exercise graded%s (the difference of the medians over the %d exercises that ran; each is at least one run of its test binary, so this is an upper bound per run), with %d jobs at once.\n\n",
			ms(cost), noise, exercises, runtime.NumCPU())
	}

	type peakCase struct {
		what, fixture string
		size          int64
	}
	fmt.Fprintf(w, "Peak memory, `workbook grade --sandbox on --memory %s`: the summed resident memory of the grader's process tree (the grader, `go`, the compilers, every test process), sampled every 10 ms from /proc (no cgroup: an upper bound, as pages shared between processes count once in each; processes that leave the tree are not counted). \"Grader and go\" is the grader's own process and the `go` commands, test2json included.\n\n", peakMemoryFlag)
	fmt.Fprintln(w, "| submission | whole tree | grader and go | wall time |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, c := range []peakCase{
		{fmt.Sprintf("holds %s while its tests run", mib(o.hogBytes)), "hog", o.hogBytes},
		{fmt.Sprintf("prints %s on one line", mib(o.floodBytes)), "flood", o.floodBytes},
	} {
		sub, err := b.attackSubmission(c.fixture, c.size)
		if err != nil {
			return err
		}
		cmd := b.command(ctx, b.root, b.bin, "grade", "--format", "json", "--sandbox", "on", "--memory", peakMemoryFlag, sub)
		p, err := peakTree(cmd, 10*time.Millisecond)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", c.what, mib(p.tree), mib(p.graderGo), ms(p.wall))
	}
	fmt.Fprintln(w)
	return nil
}

// mib formats a number of bytes in MiB.
func mib(n int64) string { return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20)) }

// exercisesRun counts, in a JSON report, the exercises of which at least
// one test ran (not those not submitted or that did not build).
func exercisesRun(report []byte) (int, error) {
	var doc struct {
		Submissions []struct {
			Exercises []struct {
				Tests []struct {
					Status string `json:"status"`
				} `json:"tests"`
			} `json:"exercises"`
		} `json:"submissions"`
	}
	if err := json.Unmarshal(report, &doc); err != nil {
		return 0, fmt.Errorf("reading workbook grade's JSON report: %w", err)
	}
	n := 0
	for _, s := range doc.Submissions {
		for _, e := range s.Exercises {
			for _, t := range e.Tests {
				if t.Status != "not_run" {
					n++
					break
				}
			}
		}
	}
	return n, nil
}

// attackSubmission writes the grader's attack name (see
// runner/internal/grade/testdata/README.md) beside the reference solution of
// the course's first exercise, in that exercise's package, with its size
// placeholder set, into the benchmark's folder, and returns the
// submission's path.
func (b *bench) attackSubmission(name string, size int64) (string, error) {
	src := filepath.Join(b.root, "runner/internal/grade/testdata/attacks", name, "attack.go")
	data, err := os.ReadFile(src)
	if err != nil {
		return "", fmt.Errorf("the grader's attack %s is missing: %w", name, err)
	}
	if !bytes.Contains(data, []byte("@@SIZE@@")) {
		return "", fmt.Errorf("the attack %s has no @@SIZE@@ placeholder", name)
	}
	data = bytes.ReplaceAll(data, []byte("@@SIZE@@"), []byte(strconv.FormatInt(size, 10)))
	e := &b.course.Exercises[0]
	solution, err := os.ReadFile(b.course.SolutionPath(e))
	if err != nil {
		return "", fmt.Errorf("the reference solution of exercise %s is missing: %w", e.ID, err)
	}
	// The attacks are written in package echo; they join whatever package
	// the first exercise is.
	f, err := parser.ParseFile(token.NewFileSet(), "", solution, parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("reading the package of exercise %s's solution: %w", e.ID, err)
	}
	data = bytes.Replace(data, []byte("package echo"), []byte("package "+f.Name.Name), 1)
	dir := filepath.Join(b.tmp, "attacks", name)
	dst := filepath.Join(dir, b.course.ExercisesDir, e.Dir)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dst, e.File), solution, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dst, "attack.go"), data, 0o644); err != nil {
		return "", err
	}
	return dir, nil
}

// peak is what peakTree measured.
type peak struct {
	tree     int64 // bytes: the whole process tree's summed resident memory
	graderGo int64 // bytes: the root process's and the go commands'
	wall     time.Duration
}

// peakTree runs cmd to its end (any exit status) and samples, every
// interval, the resident memory of cmd's process and all its descendants.
func peakTree(cmd *exec.Cmd, interval time.Duration) (peak, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return peak{}, fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var p peak
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		tree, graderGo := treeRSS(cmd.Process.Pid)
		p.tree, p.graderGo = max(p.tree, tree), max(p.graderGo, graderGo)
		select {
		case err := <-done:
			p.wall = time.Since(start)
			if _, exited := err.(*exec.ExitError); err != nil && !exited {
				return p, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, tail(out.String()))
			}
			if p.tree == 0 {
				return p, fmt.Errorf("no memory sample of %s (is /proc readable?)\n%s", strings.Join(cmd.Args, " "), tail(out.String()))
			}
			return p, nil
		case <-tick.C:
		}
	}
}

// treeRSS sums the resident memory of process root and its descendants,
// found from the parent pid of every process in /proc: all of it, and that
// of root and of the processes named go only.
func treeRSS(root int) (tree, graderGo int64) {
	type proc struct {
		ppid int
		comm string
	}
	procs := map[int]proc{}
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone already
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		open, closing := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
		if open < 0 || closing < open {
			continue
		}
		fields := strings.Fields(string(stat[closing+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		procs[pid] = proc{ppid, string(stat[open+1 : closing])}
		children[ppid] = append(children[ppid], pid)
	}
	page := int64(os.Getpagesize())
	queue := []int{root}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		queue = append(queue, children[pid]...)
		statm, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
		if err != nil {
			continue
		}
		f := strings.Fields(string(statm))
		if len(f) < 2 {
			continue
		}
		pages, _ := strconv.ParseInt(f[1], 10, 64)
		tree += pages * page
		if pid == root || procs[pid].comm == "go" {
			graderGo += pages * page
		}
	}
	return tree, graderGo
}
