package gotest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Defaults used when the corresponding Options field is zero.
const (
	// DefaultTimeout is the time limit of a Run's test binary. The build
	// before it is not counted.
	DefaultTimeout = time.Minute
	// DefaultMaxTestOutput bounds the output kept for one test.
	DefaultMaxTestOutput = 16 << 10
	// DefaultMaxOutput bounds the output kept for all tests and the package
	// together.
	DefaultMaxOutput = 1 << 20
)

// Fixed bounds on what a stream can make the parser keep.
const (
	maxEventLine   = 256 << 10 // one JSON event (go splits output at 1 KiB)
	maxLine        = 8 << 10   // one reassembled output line
	maxTests       = 2000      // tests and subtests tracked
	maxBuildMsgs   = 200       // build messages
	maxBuildText   = 4 << 10   // text of one build message
	maxStackLines  = 400       // lines kept of a crash or time-out dump
	maxRaceReports = 20        // race reports kept
	maxRaceLines   = 300       // lines kept of one race report
	maxBlockBytes  = 64 << 10  // bytes kept of one crash dump or race report
	maxFrames      = 8         // learner frames kept per stack
	maxStderr      = 64 << 10  // go's standard error
)

// Options say what to run and how to read the result. Parse uses only the
// fields about reading (Dir, Package, Overlay, Expected, Root, CodeDirs and
// the output bounds).
type Options struct {
	// Dir is the module directory go runs in. Required for Run; for Parse
	// it is what relative paths in the stream are relative to.
	Dir string
	// Package is the package to test, as a pattern relative to Dir, e.g.
	// "./01_sum". It must name one package.
	Package string
	// Overlay is an optional -overlay JSON file. Compile errors in replaced
	// files are reported under the path they replace.
	Overlay string
	// Race runs the tests with -race.
	Race bool
	// Timeout is the time limit of the test binary's run (DefaultTimeout
	// when zero). Its clock starts when go starts the binary, not when go
	// test starts: a build on an empty cache or a busy machine takes as
	// long as it needs, and what it compiled stays in the build cache.
	// When the limit expires the process group is killed and the verdict
	// is KindTimeout. go test's own -timeout, whose clock starts at the
	// same moment, is set a little shorter so that a hanging test is
	// usually caught by go test, with a goroutine dump, before the group
	// has to be killed.
	Timeout time.Duration
	// BuildTimeout, when positive, bounds the build (everything before the
	// test binary starts): past it the group is killed and the verdict is
	// KindTimeout with Timeout.DuringBuild set. Zero means no bound; the
	// run can still be stopped by cancelling its context.
	BuildTimeout time.Duration
	// Progress, when set, is called as the run moves on: once when go
	// starts, when the test binary starts, and whenever a test starts or
	// ends. It is called on the goroutine that reads go's output, so it
	// must return quickly; the Progress it is given is its own copy.
	Progress func(Progress)
	// Env are extra "KEY=value" entries added to the environment.
	Env []string
	// Expected are the test names the course expects (top-level tests or
	// "Test/sub" subtests). Any of them that never started is reported
	// as StatusNotRun.
	Expected []string
	// Run, when set, is passed as -run to select tests.
	Run string
	// Parallel, when positive, is go test's -parallel: how many of the
	// package's parallel tests run at once.
	Parallel int
	// Root is the directory paths are shown relative to (the workbook
	// root). Defaults to Dir.
	Root string
	// CodeDirs are the directories holding the learner's code: stack frames
	// in files inside them are the ones a Crash, Timeout or Race shows.
	// Defaults to the package directory (Dir joined with Package).
	CodeDirs []string
	// MaxTestOutput bounds the output kept per test (DefaultMaxTestOutput
	// when zero).
	MaxTestOutput int
	// MaxOutput bounds the output kept in total (DefaultMaxOutput when
	// zero).
	MaxOutput int
	// Nice, when positive, lowers the CPU priority of the whole run (go,
	// the compiler, the test binary) by that much, so that a run that
	// matters more gets the CPU first. Unix only; best effort.
	Nice int
	// Exec, for RunBinary, is what go test's -exec names: the program the
	// test binary is run through and its first arguments.
	Exec []string
	// ImportPath, for RunBinary, is the package's import path, as go
	// test's events name it (Package when empty).
	ImportPath string
	// Test2JSON, for RunBinary, is go's test2json program (see Test2JSON);
	// when empty, go tool test2json runs it, compiling it on first use.
	Test2JSON string
	// Quick makes a provisional run, for a verdict that a full run will
	// replace: go vet is skipped (-vet=off) and the test binary is linked
	// without DWARF and symbol table (-ldflags=-s -w). Each saves about
	// 90 ms of a small package's go test after an edit; stack traces keep
	// their files and lines (they come from the pclntab). Off by default:
	// a command-line -ldflags replaces one given in GOFLAGS, such as the
	// grader's.
	Quick bool
}

// resolved are Options with defaults filled in and paths cleaned.
type resolved struct {
	Options
	root     string
	codeDirs []string
	expected map[string]bool
	overlay  map[string]string // replacement file -> file it replaces
}

func (o Options) resolve() (*resolved, error) {
	r := &resolved{Options: o}
	if r.Timeout <= 0 {
		r.Timeout = DefaultTimeout
	}
	if r.MaxTestOutput <= 0 {
		r.MaxTestOutput = DefaultMaxTestOutput
	}
	if r.MaxOutput <= 0 {
		r.MaxOutput = DefaultMaxOutput
	}
	if r.Dir != "" {
		abs, err := filepath.Abs(r.Dir)
		if err != nil {
			return nil, i18n.Errorf(msgAbsPath, r.Dir, err)
		}
		r.Dir = abs
	}
	r.root = r.Dir
	if o.Root != "" {
		abs, err := filepath.Abs(o.Root)
		if err != nil {
			return nil, i18n.Errorf(msgAbsPath, o.Root, err)
		}
		r.root = abs
	}
	for _, d := range o.CodeDirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return nil, i18n.Errorf(msgAbsPath, d, err)
		}
		r.codeDirs = append(r.codeDirs, abs)
	}
	if len(r.codeDirs) == 0 && r.Dir != "" && isDirPattern(o.Package) {
		r.codeDirs = []string{filepath.Join(r.Dir, filepath.FromSlash(o.Package))}
	}
	r.expected = make(map[string]bool, len(o.Expected))
	for _, name := range o.Expected {
		r.expected[name] = true
	}
	if o.Overlay != "" {
		m, err := readOverlay(o.Overlay, r.Dir)
		if err != nil {
			return nil, err
		}
		r.overlay = m
		if r.Overlay, err = filepath.Abs(o.Overlay); err != nil {
			return nil, i18n.Errorf(msgOverlay, o.Overlay, err)
		}
	}
	return r, nil
}

// isDirPattern reports whether a package pattern is a directory path
// (relative like "./01_sum" or absolute) rather than an import path or a
// "..." wildcard.
func isDirPattern(p string) bool {
	if p == "" || strings.Contains(p, "...") {
		return false
	}
	return p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") ||
		strings.HasPrefix(p, `.\`) || strings.HasPrefix(p, `..\`) || filepath.IsAbs(p)
}

// readOverlay reads an -overlay file and returns the reverse mapping from
// each replacement file to the file it stands for, both absolute.
func readOverlay(path, dir string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf(msgReadOverlay, path, err)
	}
	var ov struct{ Replace map[string]string }
	if err := json.Unmarshal(data, &ov); err != nil {
		return nil, i18n.Errorf(msgParseOverlay, path, err)
	}
	m := make(map[string]string, len(ov.Replace))
	for from, to := range ov.Replace {
		if to == "" {
			continue // a deleted file has no replacement
		}
		m[absIn(dir, to)] = absIn(dir, from)
	}
	return m, nil
}

// absIn makes p absolute, relative to dir when it is not already.
func absIn(dir, p string) string {
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) && dir != "" {
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p)
}

// display turns an absolute (or dir-relative) path into the form shown to
// the learner: relative to root when inside it, else absolute.
func (r *resolved) display(p string) string {
	p = absIn(r.Dir, p)
	if orig, ok := r.overlay[p]; ok {
		p = orig
	}
	if r.root != "" {
		if rel, err := filepath.Rel(r.root, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return p
}

// isLearner reports whether an absolute file path lies in one of the
// learner's code directories.
func (r *resolved) isLearner(p string) bool {
	p = filepath.Clean(filepath.FromSlash(p))
	for _, d := range r.codeDirs {
		if strings.HasPrefix(p, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
