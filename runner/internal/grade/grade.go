package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// config is what one grading is asked to do.
type config struct {
	root        string        // the trusted workbook
	submissions []string      // folders, as given
	jobs        int           // go test runs at the same time
	timeout     time.Duration // limit of one run of a test binary; the build is not counted
	race        check.RaceMode
	lang        i18n.Lang
	env         []string // extra environment for go (tests use it)
	sandbox     confine.Mode
	limits      confine.Limits // zero fields take confine.DefaultLimits
	// self is the program each test binary is started through (it
	// runs confine.Main when its first argument is confine.Command); ""
	// for this process's own executable.
	self string
	// warn, when set, is told at once that the grading is unconfined.
	warn io.Writer
	// previous, when set, is a report whose grades are carried over for
	// the submissions that have not changed since (--changed).
	previous *report
	// observe, when set, is told as each build and each run of a test
	// binary begins and ends (tests use it to see the order).
	observe func(step)
}

// step is a build or a run of a test binary beginning or ending.
type step struct {
	build bool   // a build; else a run of the binary
	begin bool   // it begins; else it ends
	first bool   // the build of an exercise's first run
	dir   string // the exercise's folder
}

// minRun is the least time worth giving a re-run.
const minRun = time.Second

// buildLimit bounds the build of one run. A build runs no code of the
// learner's, and on a busy machine or an empty cache it may take minutes:
// it must not cost points. It is bounded all the same, far above any
// honest build, so that nothing can make a grading wait for ever.
const buildLimit = 10 * time.Minute

// grader holds what is shared by all the runs of one grading.
type grader struct {
	cfg         config
	tc          *trustedCourse
	scratch     string
	trustedDirs map[string]bool // folders holding the course's Go files
	race        map[string]bool // exercise dir -> its runs use -race
	env         []string
	bwrap       *confine.Bwrap // when runs are sandboxed
	limits      confine.Limits // of every run
	etc         string         // the sandbox's /etc
	cgroup      string         // where each run gets a cgroup; "" for none
	test2json   string         // go's test2json program
	// gate keeps builds and runs of test binaries apart: a run holds it
	// shared, a build of a re-run alone, so that no test runs while code
	// is compiled (a test would get less CPU than a quiet machine gives
	// it). The builds of the first runs, all made before any run, need
	// no gate.
	gate sync.RWMutex
}

// setupError is a problem with the grader's own setup (not a submission's):
// Command returns it as it is, one sentence in both languages, and the
// command exits with status 2.
type setupError struct{ text i18n.Text }

func (e *setupError) Error() string   { return e.text.En }
func (e *setupError) Text() i18n.Text { return e.text }

// grade grades every submission and returns the report. Its error is a
// setup error, or ctx's error when grading was interrupted.
func grade(parent context.Context, cfg config) (*report, error) {
	// A setup error in one run stops the others; the first is the cause.
	ctx, stop := context.WithCancelCause(parent)
	defer stop(nil)
	// Nothing the grader inherited (a shell's 9<secret) goes further.
	confine.CloseInherited()
	if runtime.GOOS == "windows" {
		return nil, &setupError{msgNoWindows}
	}
	tc, err := loadTrusted(cfg.root)
	if err != nil {
		return nil, &setupError{msgBadCourse.Sprintf(err)}
	}
	g := &grader{cfg: cfg, tc: tc, trustedDirs: map[string]bool{}}
	for p := range tc.files {
		if strings.HasSuffix(p, ".go") {
			g.trustedDirs[filepath.Dir(p)] = true
		}
	}
	rep := &report{}
	if err := g.confine(ctx, rep); err != nil {
		return nil, err
	}
	g.scratch, err = os.MkdirTemp("", "workbook-grade-")
	if err != nil {
		return nil, &setupError{msgScratch.Sprintf(err)}
	}
	defer removeAll(g.scratch)
	if g.bwrap != nil {
		if g.etc, err = confine.WriteEtc(g.scratch); err != nil {
			return nil, &setupError{msgScratch.Sprintf(err)}
		}
	}
	if err := g.buildEnv(ctx); err != nil {
		return nil, err
	}
	// test2json is compiled now, before any test runs.
	if g.test2json, err = gotest.Test2JSON(ctx, g.env, g.scratch); err != nil {
		return nil, wrapRunError(err)
	}

	// Every exercise's -race is decided before any run: --race=on on a
	// machine that cannot build it stops the grading before it starts.
	policy := &check.RacePolicy{Mode: cfg.race, Env: g.env}
	g.race = map[string]bool{}
	for _, te := range tc.exercises {
		on, err := policy.Use(ctx, te.e.Race)
		var unavailable *check.RaceUnavailableError
		switch {
		case errors.As(err, &unavailable):
			return nil, &setupError{unavailable.Text()}
		case err != nil:
			return nil, wrapRunError(err)
		}
		g.race[te.e.Dir] = on
	}
	if note := policy.Note(); note != (i18n.Text{}) {
		rep.NotesText = append(rep.NotesText, msgRaceUnavailable.Sprintf(note))
	}

	// Take every submission before any learner code runs.
	snaps := make([]*snapshot, len(cfg.submissions))
	for i, dir := range cfg.submissions {
		snaps[i] = takeSubmission(tc, dir, g.scratch)
	}
	rep.CourseCommit, rep.GraderVersion = courseCommit(ctx, cfg.root), graderVersion()
	digests := g.digests(snaps, rep.GraderVersion)
	carried := g.carryOver(cfg.previous, snaps, digests)

	type task struct{ sub, ex int }
	results := make([][]*exReport, len(snaps))
	var tasks []task
	for i, s := range snaps {
		if carried[i] != nil {
			continue
		}
		results[i] = make([]*exReport, len(tc.exercises))
		for j := range tc.exercises {
			if s.exercises[j].missing != nil || s.exercises[j].untouched {
				results[i][j] = g.missingReport(tc.exercises[j], s.exercises[j])
				continue
			}
			tasks = append(tasks, task{i, j})
		}
	}

	// No test runs while code is compiled (doc.go, "Builds before runs"):
	// in the sandbox every binary is built first; unconfined, where a run
	// could change what a build reads, each just before its run, and runs
	// go one at a time.
	jobs := cfg.jobs
	if g.bwrap == nil && jobs > 1 && len(tasks) > 1 {
		jobs = 1
		rep.NotesText = append(rep.NotesText, msgOneAtATime)
	}
	dirOf := func(t task) string {
		return filepath.Join(g.scratch, fmt.Sprintf("s%d-%s", t.sub, tc.exercises[t.ex].e.Dir))
	}
	first := make([]*built, len(tasks))
	if g.bwrap != nil {
		forEach(ctx, cfg.jobs, len(tasks), func(i int) {
			t := tasks[i]
			te, sub := tc.exercises[t.ex], snaps[t.sub].exercises[t.ex]
			err := writeLearner(dirOf(t), sub)
			if err == nil {
				first[i], err = g.build(ctx, te, sub.files, dirOf(t), nil, true)
			}
			if err != nil {
				stop(err)
			}
		})
	}
	if ctx.Err() == nil {
		forEach(ctx, jobs, len(tasks), func(i int) {
			t := tasks[i]
			r, err := g.gradeExercise(ctx, tc.exercises[t.ex], snaps[t.sub].exercises[t.ex], dirOf(t), first[i])
			if err != nil {
				stop(err)
				return
			}
			results[t.sub][t.ex] = r
		})
	}
	if ctx.Err() != nil { // parent's end, or the first setup error, which stopped the others
		return nil, context.Cause(ctx)
	}

	for i, s := range snaps {
		if carried[i] != nil {
			rep.Submissions = append(rep.Submissions, carried[i])
			continue
		}
		sr := &subReport{Path: cfg.submissions[i], Exercises: results[i], Ignored: ignoredJSONOf(s.ignored), Digest: digests[i],
			NotesText: append(slices.Clone(s.notes), ptrOr(s.problem)...)}
		for _, e := range sr.Exercises {
			sr.Score += e.Score
			sr.MaxScore += e.MaxScore
		}
		rep.Submissions = append(rep.Submissions, sr)
	}
	if changed := g.changedTrusted(); len(changed) > 0 {
		rep.NotesText = append(rep.NotesText, msgTrustedChanged.Sprintf(strings.Join(changed, ", ")))
	}
	rep.localize(cfg.lang) // for a caller that reads the report itself; writeReport says it anew
	return rep, nil
}

// forEach calls f(0) to f(n-1), jobs at a time, until ctx is done.
func forEach(ctx context.Context, jobs, n int, f func(int)) {
	var g errgroup.Group
	g.SetLimit(max(1, jobs))
	for i := 0; i < n && ctx.Err() == nil; i++ {
		g.Go(func() error {
			if ctx.Err() == nil {
				f(i)
			}
			return nil
		})
	}
	_ = g.Wait()
}

// writeLearner writes the learner's files of an exercise into dir's
// learner folder, where the runs' overlays point.
func writeLearner(dir string, sub *submitted) error {
	if err := os.MkdirAll(filepath.Join(dir, "learner"), 0o700); err != nil {
		return &setupError{msgScratch.Sprintf(err)}
	}
	for _, f := range sub.files {
		if err := os.WriteFile(filepath.Join(dir, "learner", f.name), f.data, 0o600); err != nil {
			return &setupError{msgScratch.Sprintf(err)}
		}
	}
	return nil
}

// confine decides how the runs are confined: inside bubblewrap when the
// mode allows and it works here, and within the limits either way. An
// unconfined grading is said first among the report's notes and, at once,
// on cfg.warn.
func (g *grader) confine(ctx context.Context, rep *report) error {
	cfg := g.cfg
	g.limits = cfg.limits.WithDefaults()
	if cfg.self == "" {
		self, err := os.Executable()
		if err != nil {
			return &setupError{msgScratch.Sprintf(err)}
		}
		g.cfg.self = self
	}
	var unconfined i18n.Text
	switch cfg.sandbox {
	case confine.Off:
		unconfined = msgUnconfinedAsked
	default:
		bwrap, err := confine.Probe(ctx)
		switch {
		case err == nil:
			g.bwrap = bwrap
		case cfg.sandbox == confine.On:
			return &setupError{msgNoSandbox.Sprintf(err)}
		default:
			unconfined = msgUnconfined.Sprintf(err)
		}
	}
	if unconfined.En != "" {
		rep.NotesText = append([]i18n.Text{unconfined}, rep.NotesText...)
		if cfg.warn != nil {
			fmt.Fprintln(cfg.warn, unconfined.In(cfg.lang))
		}
	}
	if runtime.GOOS != "linux" {
		rep.NotesText = append(rep.NotesText, msgNoLimits.Sprintf(runtime.GOOS))
	} else if cg, err := confine.Cgroups(); err == nil {
		g.cgroup = cg
	} else {
		rep.NotesText = append(rep.NotesText, msgKernelNotCounted.Sprintf(err))
	}
	return nil
}

// goFlags is GOFLAGS for a run: the module files are read-only, the test
// binary is stripped of its symbol table, and each program of the build is
// bounded (go's -toolexec program, toolexec). The instructor's own GOFLAGS
// are not used.
func goFlags(toolexec string) string {
	flags := "-mod=readonly -ldflags=-s"
	if toolexec != "" {
		flags += " -toolexec=" + toolexec
	}
	return flags
}

// buildEnv sets up what every go command of the grading gets: a build
// cache of its own over the instructor's (see confine's cache.go), so that
// nothing built from a submission stays in the instructor's.
func (g *grader) buildEnv(ctx context.Context) error {
	own := filepath.Join(g.scratch, "gocache")
	if err := os.Mkdir(own, 0o700); err != nil {
		return &setupError{msgScratch.Sprintf(err)}
	}
	shared, err := goEnv(ctx, append(slices.Clip(g.cfg.env), "GOFLAGS="), "GOCACHE")
	if err != nil {
		return wrapRunError(err)
	}
	if shared == "off" {
		shared = ""
	}
	prog, err := quoteArgs(g.cfg.self, confine.Command, "cache", shared, own)
	if err != nil {
		return &setupError{msgScratch.Sprintf(err)}
	}
	g.env = append([]string{"GOFLAGS=" + goFlags(""), "GOWORK=off", "GOCACHE=" + own, "GOCACHEPROG=" + prog,
		course.TestLangEnv + "=" + string(g.cfg.lang), course.RunnerEnv + "=1"}, g.cfg.env...)
	return nil
}

// goEnv is the value of go env name, with the environment's extra env.
func goEnv(ctx context.Context, env []string, name string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", gotest.ErrNoGo
	}
	cmd := exec.CommandContext(ctx, goBin, "env", name)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		return "", i18n.Errorf(msgGoEnv, name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// quoteArgs joins args the way GOCACHEPROG is split (each in quotes, none
// unquoted inside).
func quoteArgs(args ...string) (string, error) {
	var parts []string
	for _, a := range args {
		switch {
		case !strings.Contains(a, "'"):
			parts = append(parts, "'"+a+"'")
		case !strings.Contains(a, `"`):
			parts = append(parts, `"`+a+`"`)
		default:
			return "", i18n.Errorf(msgBothQuotes, a)
		}
	}
	return strings.Join(parts, " "), nil
}

// removeAll removes a folder of the grader's, also where code run without
// the sandbox made parts of it unreadable.
func removeAll(dir string) {
	if os.RemoveAll(dir) == nil {
		return
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if d != nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	_ = os.RemoveAll(dir)
}

// wrapRunError turns an error of gotest.Run into a setup error when it is
// one (no go command).
func wrapRunError(err error) error {
	if errors.Is(err, gotest.ErrNoGo) {
		return &setupError{msgNoGo}
	}
	return i18n.Errorf(msgRunningGoTest, err)
}

// changedTrusted lists the course's files that differ on disk from the
// snapshot taken at the start: code under test may have written them.
func (g *grader) changedTrusted() []string {
	var changed []string
	check := func(p string, want []byte) {
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, want) {
			if rel, err := filepath.Rel(g.tc.c.Root, p); err == nil {
				p = filepath.ToSlash(rel)
			}
			changed = append(changed, printable(p, false))
		}
	}
	for p, data := range g.tc.files {
		check(p, data)
	}
	for _, te := range g.tc.exercises {
		for name, data := range te.goFiles {
			check(filepath.Join(te.dir, name), data)
		}
		entries, _ := os.ReadDir(te.dir)
		for _, d := range entries {
			if _, ok := te.goFiles[d.Name()]; !ok && strings.HasSuffix(d.Name(), ".go") {
				check(filepath.Join(te.dir, d.Name()), nil)
			}
		}
	}
	slices.Sort(changed)
	return changed
}

// run is one go test run and what it proved.
type run struct {
	v      *gotest.Verdict
	att    *attestation
	attErr error
	only   []string         // the tests it selected; nil for all
	limit  time.Duration    // its time limit
	out    *confine.Outcome // what the -exec program said; nil without one
	// cannot is why the binary could not be started (bubblewrap's own
	// failure), "" when it was.
	cannot string
}

// stopped is the limit the run was stopped at, "" when none.
func (r *run) stopped() confine.Exceeded {
	if r == nil || r.out == nil {
		return ""
	}
	return r.out.Exceeded
}

// credited reports whether the run earns test name its points: go test's
// stream reported its pass exactly once in a package run that ended in
// success, and the attestation confirms that m.Run returned 0 after this
// test ran once and passed.
//
// One case counts as success although go test reported no end: when the
// time limit killed go test after the test binary had finished and attested
// its success (go test waits for every process that holds the binary's
// output open, and the tests may have left one behind).
func (r *run) credited(name string) bool {
	if r == nil || r.v == nil || r.cannot != "" || r.att == nil || r.att.Code != 0 {
		return false
	}
	if rec, ok := r.att.Tests[name]; !ok || !rec.passed() {
		return false
	}
	if r.lingered() {
		res, ok := r.v.Test(name)
		return ok && res.Status == gotest.StatusPass && !res.Suspicious
	}
	return r.v.Passed(name)
}

// lingered reports whether the test binary attested a successful end but go
// test could not report it, because a process the tests started held the
// binary's output open: go test then waits (up to its WaitDelay, after
// which it prints "*** Test I/O incomplete" and fails the package) or is
// killed at the time limit. Go prints that line only when the binary itself
// exited with status 0.
func (r *run) lingered() bool {
	if r.att == nil || r.att.Code != 0 || r.v.PackagePassed {
		return false
	}
	killed := r.v.Kind == gotest.KindTimeout && r.v.Timeout != nil && r.v.Timeout.ByRunner
	return killed || strings.Contains(r.v.Output, "*** Test I/O incomplete ")
}

// started reports whether any test started in the run.
func (r *run) started() bool {
	if r.cannot != "" {
		return false
	}
	if r.att != nil {
		for _, rec := range r.att.Tests {
			if rec.Runs > 0 {
				return true
			}
		}
	}
	return slices.ContainsFunc(r.v.Tests, func(t gotest.TestResult) bool { return t.Status != gotest.StatusNotRun })
}

// built is the build of one run: its files and the test binary made for
// that run alone (its tests' names and its attestation package are the
// run's own), or the verdict of a build that failed.
type built struct {
	rf     *runFiles
	only   []string        // the tests the run selects; nil for all
	binary string          // "" when the build failed
	failed *gotest.Verdict // the failed build's verdict
}

// runOnce runs the exercise's tests (only those in only, when set) with the
// learner's files, and reads what Main vouches for. pre, when set, is the
// run's build, made earlier; else the run is built first. A run that Main
// could not start (bubblewrap failed: no code of the learner's ran) is
// built and tried once more; after that its cause is the run's result,
// not a setup error, so that one submission cannot stop the grading of
// the class.
func (g *grader) runOnce(ctx context.Context, te *trustedExercise, files []taken, scratch string, only []string, limit time.Duration, pre *built) (*run, error) {
	var r *run
	for try := 0; try < 2 && (r == nil || r.cannot != ""); try++ {
		b := pre
		pre = nil
		if b == nil {
			var err error
			if b, err = g.build(ctx, te, files, scratch, only, false); err != nil {
				return nil, err
			}
		}
		var err error
		if r, err = g.runBuilt(ctx, te, b, limit); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// options are what go test is told for a run of te with the files of rf.
func (g *grader) options(te *trustedExercise, rf *runFiles, only []string, limit time.Duration) gotest.Options {
	expected := only
	if expected == nil {
		expected = mapped(te.e.Tests, testName)
	}
	opts := gotest.Options{
		Dir:          g.tc.modDir,
		Package:      te.e.Package(),
		ImportPath:   g.tc.modPath + "/" + te.e.Dir,
		Overlay:      rf.overlay,
		Race:         g.race[te.e.Dir],
		Timeout:      limit,
		BuildTimeout: buildLimit,
		Env:          append(slices.Clip(g.env), "GOFLAGS="+goFlags(rf.toolexec)),
		Exec:         []string{rf.exec},
		Test2JSON:    g.test2json,
		Expected:     expected,
		Root:         g.tc.c.Root,
		CodeDirs:     []string{te.dir},
		// One test at a time: a crash or a hang ends the whole test
		// binary, and only then is it the one test running that caused
		// it, so the others keep their credit and are run again. The
		// learner's runs let the tests wait at once instead.
		Parallel: 1,
	}
	if only != nil {
		opts.Run = "^(" + strings.Join(mapped(only, regexp.QuoteMeta), "|") + ")$"
	}
	return opts
}

// build writes the files of a new run and builds its test binary (go test
// -c), bounded by buildLimit. Unless first (the builds made before any
// run), it holds the gate alone: no test runs while it compiles.
func (g *grader) build(ctx context.Context, te *trustedExercise, files []taken, scratch string, only []string, first bool) (*built, error) {
	rf, err := g.prepareRun(te, files, scratch)
	if err != nil {
		return nil, &setupError{msgScratch.Sprintf(err)}
	}
	b := &built{rf: rf, only: only, binary: filepath.Join(rf.dir, "test")}
	if !first {
		g.gate.Lock()
		defer g.gate.Unlock()
	}
	g.observe(step{build: true, begin: true, first: first, dir: te.e.Dir})
	defer g.observe(step{build: true, first: first, dir: te.e.Dir})
	v, err := gotest.Build(ctx, g.options(te, rf, only, 0), b.binary)
	if err != nil {
		removeAll(rf.dir)
		return nil, wrapRunError(err)
	}
	if v != nil {
		b.binary, b.failed = "", v
	}
	return b, nil
}

// observe tells cfg.observe of s, when set.
func (g *grader) observe(s step) {
	if g.cfg.observe != nil {
		g.cfg.observe(s)
	}
}

// runBuilt runs the test binary of b within limit, through the run's -exec
// program, holding the gate shared, and removes the run's files.
func (g *grader) runBuilt(ctx context.Context, te *trustedExercise, b *built, limit time.Duration) (*run, error) {
	defer removeAll(b.rf.dir)
	v := b.failed
	if v == nil {
		g.gate.RLock()
		g.observe(step{begin: true, dir: te.e.Dir})
		var err error
		v, err = gotest.RunBinary(ctx, g.options(te, b.rf, b.only, limit), b.binary)
		g.observe(step{dir: te.e.Dir})
		g.gate.RUnlock()
		if err != nil {
			return nil, wrapRunError(err)
		}
	}
	scrub(v, b.rf.prefix, b.rf.genName)
	r := &run{v: v, only: b.only, limit: limit}
	// What the -exec program said: nothing readable when it never ran (the
	// build failed).
	var o confine.Outcome
	if data, err := readBounded(b.rf.outcome); err == nil && json.Unmarshal(data, &o) == nil {
		r.out = &o
	}
	if r.out != nil && r.out.Error != "" {
		r.cannot = r.out.Error
	}
	r.att, r.attErr = attested(r.out)
	return r, nil
}

// scrub takes the grader's own traces out of a verdict: lines about its
// generated file, and the prefix of the renamed tests, so that messages
// read as if the course's tests had run alone.
func scrub(v *gotest.Verdict, prefix, genName string) {
	clean := func(s string) string {
		if !strings.Contains(s, prefix) && !strings.Contains(s, genName) {
			return s
		}
		lines := strings.Split(s, "\n")
		kept := lines[:0]
		for _, l := range lines {
			if !strings.Contains(l, genName) {
				kept = append(kept, strings.ReplaceAll(l, prefix, ""))
			}
		}
		return strings.Join(kept, "\n")
	}
	frames := func(fs []gotest.Frame) []gotest.Frame {
		kept := fs[:0]
		for _, f := range fs {
			if filepath.Base(f.File) != genName {
				f.Func = strings.ReplaceAll(f.Func, prefix, "")
				kept = append(kept, f)
			}
		}
		return kept
	}
	for i := range v.Tests {
		v.Tests[i].Output = clean(v.Tests[i].Output)
	}
	v.Output = clean(v.Output)
	if v.Crash != nil {
		v.Crash.Frames = frames(v.Crash.Frames)
		v.Crash.Stack = clean(v.Crash.Stack)
		v.Crash.Value = clean(v.Crash.Value)
	}
	if v.Timeout != nil {
		v.Timeout.Frames = frames(v.Timeout.Frames)
		v.Timeout.Stack = clean(v.Timeout.Stack)
	}
	for i := range v.Races {
		for j := range v.Races[i].Stacks {
			v.Races[i].Stacks[j].Frames = frames(v.Races[i].Stacks[j].Frames)
		}
		v.Races[i].Text = clean(v.Races[i].Text)
	}
}

// gradeExercise grades one exercise of one submission: one run of the
// package (built before as first, when set), then the re-runs doc.go's
// "What earns points" describes.
func (g *grader) gradeExercise(ctx context.Context, te *trustedExercise, sub *submitted, dir string, first *built) (*exReport, error) {
	if first == nil {
		if err := writeLearner(dir, sub); err != nil {
			return nil, err
		}
	}
	pkg, err := g.runOnce(ctx, te, sub.files, dir, nil, g.cfg.timeout, first)
	if err != nil {
		return nil, err
	}
	runs := []*run{pkg}
	credit := map[string]*run{}
	evidence := map[string]*run{}
	for _, t := range te.e.Tests {
		evidence[t.Name] = pkg
		if pkg.credited(t.Name) {
			credit[t.Name] = pkg
		}
	}
	notRerun := map[string]bool{}
	// A forged attestation (complete, signed with another key) is the
	// learner's code's own doing: nothing is worth running again.
	forged := pkg.out != nil && pkg.out.AttestationError == confine.NotSigned
	if len(credit) < len(te.e.Tests) && pkg.v.Kind != gotest.KindBuildError && pkg.started() && !forged {
		// The re-runs share one budget of test-binary time; their builds,
		// like the first run's, are not counted.
		budget := g.cfg.timeout
		rerunWithin := func(only []string, limit time.Duration) (*run, error) {
			r, err := g.runOnce(ctx, te, sub.files, dir, only, limit, nil)
			if err != nil {
				return nil, err
			}
			budget -= r.v.Elapsed - r.v.BuildElapsed
			runs = append(runs, r)
			for _, name := range only {
				evidence[name] = r
				if r.credited(name) {
					credit[name] = r
				}
			}
			return r, nil
		}
		rerun := func(only []string) (*run, error) { return rerunWithin(only, budget) }
		// The tests that passed go first: they most likely pass again, and
		// a slow or hanging test among the others must not use up the time
		// they need. Within each batch, together first: one run usually
		// settles them all. When it does not, the candidates that run did
		// not rule out go together again, until a run makes no progress;
		// then one by one.
		passed, unknown := rerunCandidates(te, pkg, credit, nil)
		for _, batch := range [][]string{passed, unknown} {
			for len(batch) > 1 && budget >= minRun {
				r, err := rerun(batch)
				if err != nil {
					return nil, err
				}
				p, u := rerunCandidates(te, r, credit, batch)
				next := append(p, u...)
				if len(next) == len(batch) {
					break // no progress
				}
				batch = next
			}
			for _, name := range batch {
				if credit[name] != nil {
					continue
				}
				if budget < minRun {
					notRerun[name] = true
					continue
				}
				if _, err := rerun([]string{name}); err != nil {
					return nil, err
				}
			}
		}
		// A test blamed for a crash among others gets one run alone: the
		// testing package starts the next parallel test before it prints
		// the last one's result, so a goroutine of the test before can
		// crash the binary while the stream says this one runs. Alone, a
		// crash is its own.
		for _, r := range slices.Clone(runs) {
			if r.v.Kind != gotest.KindCrash || r.v.Crash == nil || r.v.Crash.Test == "" || len(r.only) == 1 {
				continue
			}
			name := topLevel(r.v.Crash.Test)
			if _, listed := te.e.Test(name); !listed || credit[name] != nil || ranAloneWithin(runs, name, 0) || budget < minRun {
				continue
			}
			if _, err := rerun([]string{name}); err != nil {
				return nil, err
			}
		}
		// Last, a test that lost its points to the clock (it hung the
		// binary, failed after a long wait in real time, or was not run
		// again because the re-runs' time was used up) gets one run alone
		// with a whole time limit of its own, as a test on a busy machine
		// may need; only then is the loss its own. So does one that failed
		// only for a data race the stream shows under another test. A
		// submission whose every test hangs costs a time limit per test.
		for _, name := range lostToTime(te, runs, notRerun) {
			if credit[name] != nil || ranAloneWithin(runs, name, g.cfg.timeout) {
				continue
			}
			delete(notRerun, name)
			if _, err := rerunWithin([]string{name}, g.cfg.timeout); err != nil {
				return nil, err
			}
		}
	}
	return g.exerciseReport(te, sub, pkg, runs, credit, evidence, notRerun), nil
}

// slowFailure is how long a test runs before it fails for its failure to
// count as lost to the clock: in a testing/synctest bubble a test takes
// milliseconds whatever it waits for, so a failure this late is a wait in
// real time that ran out (the harness's watchdog over a real socket).
const slowFailure = 10 * time.Second

// lostToTime are the tests, in manifest order, that some run of runs
// blamed for a hang (the binary stopped at its time limit, or go test's
// -timeout), that failed after slowFailure or more, that failed for
// another test's data race, or that notRerun holds.
func lostToTime(te *trustedExercise, runs []*run, notRerun map[string]bool) []string {
	lost := map[string]bool{}
	for name := range notRerun {
		lost[name] = true
	}
	for _, r := range runs {
		for _, name := range hung(r.v) {
			lost[name] = true
		}
		for _, t := range r.v.Tests {
			if t.Status == gotest.StatusFail && (t.Elapsed >= slowFailure || othersRace(r.v, t)) {
				lost[topLevel(t.Name)] = true
			}
		}
	}
	var names []string
	for _, t := range te.e.Tests {
		if lost[t.Name] {
			names = append(names, t.Name)
		}
	}
	return names
}

// raceDetected is what the testing package makes a test fail with when
// the race detector reported a race while it ran.
const raceDetected = "race detected during execution of test"

// othersRace reports whether test t of verdict v failed only because the
// race detector reported, while it ran, a race that the stream shows
// under another test: the testing package fails every test alive at that
// moment (a parallel test waiting for its turn among them), so alone the
// race may not be its own. Nothing but a re-run rests on it.
func othersRace(v *gotest.Verdict, t gotest.TestResult) bool {
	if len(v.Races) == 0 || !strings.Contains(t.Output, raceDetected) {
		return false
	}
	for _, r := range v.Races {
		if topLevel(r.Test) == topLevel(t.Name) {
			return false
		}
	}
	for _, line := range strings.Split(t.Output, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.Contains(l, raceDetected) {
			return false
		}
	}
	return true
}

// ranAloneWithin reports whether one of runs ran test name by itself with
// a time limit of at least limit.
func ranAloneWithin(runs []*run, name string, limit time.Duration) bool {
	return slices.ContainsFunc(runs, func(r *run) bool { return r.limit >= limit && len(r.only) == 1 && r.only[0] == name })
}

// rerunCandidates returns, in manifest order, the tests that r selected
// (among within, when set), that are not yet credited and that deserve
// another run. When r ran to its end, those its attestation says passed;
// else those its output says passed (passed) and those that never started
// (unknown), but not the test that crashed or hung the binary. A test that
// failed on its own is not run again.
func rerunCandidates(te *trustedExercise, r *run, credit map[string]*run, within []string) (passed, unknown []string) {
	if r.v.Kind == gotest.KindBuildError || !r.started() {
		return nil, nil
	}
	exclude := map[string]bool{}
	if r.v.Crash != nil && r.v.Crash.Test != "" {
		exclude[topLevel(r.v.Crash.Test)] = true
	}
	for _, n := range hung(r.v) {
		exclude[n] = true
	}
	for _, t := range te.e.Tests {
		name := t.Name
		if credit[name] != nil || exclude[name] || within != nil && !slices.Contains(within, name) {
			continue
		}
		if r.att != nil {
			// The binary ran to the end: its own record says which tests
			// passed; the others failed or were kept from running.
			if r.att.Tests[name].passed() {
				passed = append(passed, name)
			}
			continue
		}
		res, ok := r.v.Test(name)
		switch {
		case !ok || res.Suspicious:
		case res.Status == gotest.StatusPass:
			passed = append(passed, name)
		case res.Status == gotest.StatusNotRun, cutShort(r.v, name):
			unknown = append(unknown, name)
		}
	}
	return passed, unknown
}

// hung are the top-level tests a time-out is blamed on. When the runner
// killed the binary at the time limit, that is the test started last: with
// one test at a time, the others still listed as running had finished but
// not yet been reported (the testing package lets the next parallel test
// start before it prints the last one's result) or wait for a subtest.
// go test's own time-out names the tests it found running.
func hung(v *gotest.Verdict) []string {
	if v.Timeout == nil || len(v.Timeout.Running) == 0 {
		return nil
	}
	if v.Timeout.ByRunner {
		return []string{topLevel(v.Timeout.Running[len(v.Timeout.Running)-1])}
	}
	return mapped(v.Timeout.Running, topLevel)
}

// cutShort reports whether test name was still listed as running when the
// binary was stopped at its time limit for another test's hang.
func cutShort(v *gotest.Verdict, name string) bool {
	if v.Kind != gotest.KindTimeout || v.Timeout == nil || slices.Contains(hung(v), name) {
		return false
	}
	return slices.ContainsFunc(v.Timeout.Running, func(n string) bool { return topLevel(n) == name })
}

// topLevel is the top-level test of a test or subtest name.
func topLevel(name string) string {
	return string(gotest.TestName(name).Parent())
}
