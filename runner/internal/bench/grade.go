package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// classFixtures are twenty of the grader's test submissions: solved, partly
// solved, broken and hostile, the flooding one included. The two that hang
// or keep their output open for minutes are left out: the naive loop below
// has no time limit and would wait for them.
var classFixtures = []string{
	"solved", "split", "partly", "broken", "forged_plain", "forged_json", "forged_framing", "forged_exit0",
	"init_exit0", "test_exit0", "testmain", "mitm", "args", "flood", "goroutines", "replaced_tests",
	"gomod_replace", "panics", "outside", "stealer",
}

// gradeClass returns the fixtures of classFixtures as workbook grade takes
// them, and makes, once per benchmark, their copies that the naive loop
// needs: each submission as a whole exercises module, the course's with
// the submission's files on top.
func (b *bench) gradeClass() ([]string, error) {
	class := filepath.Join(b.root, "runner/internal/grade/testdata/class")
	naive := filepath.Join(b.tmp, "naive")
	_, err := os.Stat(naive)
	copies := os.IsNotExist(err)
	var subs []string
	for _, name := range classFixtures {
		sub := filepath.Join(class, name)
		if name == "solved" {
			// Not a folder of testdata/class (TestClass builds it): the
			// benchmark's own solved copy of the course.
			sub = b.solved
		}
		if _, err := os.Stat(sub); err != nil {
			return nil, fmt.Errorf("the grader's fixture %s is missing: %w", name, err)
		}
		subs = append(subs, sub)
		if !copies {
			continue
		}
		dst := filepath.Join(naive, name, "exercises")
		if err := copyTree(filepath.Join(b.root, "exercises"), dst); err != nil {
			return nil, err
		}
		if err := copyTree(filepath.Join(sub, "exercises"), dst); err != nil {
			return nil, err
		}
	}
	return subs, nil
}

// naiveArgs are the naive loop's go command line, run in each copy.
func (b *bench) naiveArgs() []string {
	loop := append([]string{"test", "-count=1"}, b.raceGo...)
	return append(loop, "./...")
}

// naiveLoop runs go test in each copy gradeClass made, one after the
// other, and returns the loop's wall time.
func (b *bench) naiveLoop(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	for _, name := range classFixtures {
		// Exit status 1 (tests failed) and 2 (build failed) are grades
		// too; only the loop's time matters.
		if _, err := b.time(ctx, filepath.Join(b.tmp, "naive", name, "exercises"), []int{1, 2}, "go", b.naiveArgs()...); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// grade is section 3: workbook grade on twenty submissions against a plain
// sequential loop of go test -race over copies of the same submissions.
func (b *bench) grade(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 3: workbook grade against a sequential go test loop…")
	subs, err := b.gradeClass()
	if err != nil {
		return err
	}
	gradeArgs := append([]string{"grade", "--format", "json", "-j", fmt.Sprint(runtime.NumCPU())}, subs...)
	var peakKB int64
	runs := max(1, o.runs/2)
	graded, looped, err := alternate(runs, 0, func() (time.Duration, time.Duration, error) {
		start := time.Now()
		cmd := b.command(ctx, b.root, b.bin, gradeArgs...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return 0, 0, fmt.Errorf("workbook grade: %v\n%s", err, tail(out.String()))
		}
		d := time.Since(start)
		peakKB = max(peakKB, maxRSS(cmd.ProcessState))
		loop, err := b.naiveLoop(ctx)
		return d, loop, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "## 3. Grading %d submissions (solved, partly solved, broken and hostile, one flooding its output; %d runs each)\n\n", len(subs), runs)
	fmt.Fprintln(w, "| command | median | spread | speed against the loop |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	fmt.Fprintf(w, "| `workbook grade -j %d` | %s | %s | %s |\n", runtime.NumCPU(), ms(graded.Median()), graded.Spread(), ratio(looped.Median(), graded.Median()))
	fmt.Fprintf(w, "| `for s in …; do (cd $s/exercises && go %s); done` | %s | %s | 1.00× |\n\n", strings.Join(b.naiveArgs(), " "), ms(looped.Median()), looped.Spread())
	fmt.Fprintf(w, "The grader's peak resident memory (its own process, the flooding submission included): %.1f MB.\n\n", float64(peakKB)/1024)
	return nil
}
