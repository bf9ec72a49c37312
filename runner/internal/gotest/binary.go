package gotest

import (
	"cmp"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Build and RunBinary split Run in two, for a caller that must build every
// test binary before it runs any (the grader: a test that runs while
// another package is compiled gets less CPU than a quiet machine gives it).
// Together they do what Run does, and their verdicts read the same: the
// build's messages come from go test -c -json, and the binary's output is
// turned into go test's events by go tool test2json, with the lines go
// test itself adds after the binary ends.

// Build compiles the test binary of opts.Package into output (go test -c
// -json, with -race, -overlay and the quick flags as opts say) without
// running it. opts.BuildTimeout bounds it. It returns nil when the binary
// was built, and otherwise the verdict of the build: KindBuildError with
// go's messages, or KindTimeout with Timeout.DuringBuild set. Its error is
// Run's.
func Build(ctx context.Context, opts Options, output string) (*Verdict, error) {
	ro, goBin, err := opts.start()
	if err != nil {
		return nil, err
	}
	out, err := filepath.Abs(output)
	if err != nil {
		return nil, i18n.Errorf(msgAbsPath, output, err)
	}
	args := append([]string{"test", "-c", "-o", out, "-json"}, ro.buildFlags()...)
	args = append(args, ro.Package)
	v, err := ro.execute(ctx, goBin, args, ro.Dir)
	if err != nil {
		return nil, err
	}
	if v.ExitCode == 0 && v.Kind != KindTimeout {
		return nil, nil
	}
	v.Package = cmp.Or(v.Package, ro.ImportPath) // go test -c names it in no event
	return v, nil
}

// trailer is the shell program RunBinary runs the binary with: it runs
// its arguments after the first (the import path), then prints what go
// test prints after a test binary ends (the signal that killed it; "ok"
// or, after a failure, a FAIL line framed for test2json, which ends the
// test the converter was in), and exits with the binary's status. A
// status past 128 is the shell's for a signal (a binary that exits with
// such a status itself is rare enough to be read the same).
const trailer = `p=$1; shift; "$@"; s=$?
if [ "$s" -gt 128 ]; then
	case $((s - 128)) in
	2) n=interrupt ;; 3) n=quit ;; 6) n=aborted ;; 9) n=killed ;; 11) n="segmentation fault" ;; 15) n=terminated ;;
	*) n="signal $((s - 128))" ;;
	esac
	printf '\nsignal: %s\n' "$n"
fi
if [ "$s" -eq 0 ]; then printf 'ok  \t%s\t0s\n' "$p"; else printf '\n\026FAIL\t%s\t0s\n' "$p"; fi
exit "$s"`

// RunBinary runs a test binary that Build made the way go test -json runs
// it: in the package's folder (opts.Package must be a folder), through
// opts.Exec (go test's -exec program) when set, with -test.paniconexit0,
// -test.count=1, go test's -test.timeout for opts.Timeout and the test
// flags opts sets. go tool test2json turns its output into events for
// opts.ImportPath (opts.Test2JSON names the program, when set). opts.Timeout bounds the run from the moment test2json
// starts; the verdict reads as Run's would (its BuildElapsed is about
// zero). Its error is Run's.
func RunBinary(ctx context.Context, opts Options, binary string) (*Verdict, error) {
	ro, goBin, err := opts.start()
	if err != nil {
		return nil, err
	}
	if !isDirPattern(ro.Package) {
		return nil, i18n.Errorf(msgBadPackage, ro.Package)
	}
	bin, err := filepath.Abs(binary)
	if err != nil {
		return nil, i18n.Errorf(msgAbsPath, binary, err)
	}
	pkg := cmp.Or(ro.ImportPath, ro.Package)
	program, args := goBin, []string{"tool", "test2json"}
	if ro.Test2JSON != "" {
		program, args = ro.Test2JSON, nil
	}
	args = append(args, "-t", "-p", pkg, "/bin/sh", "-c", trailer, "sh", pkg)
	args = append(args, ro.Exec...)
	args = append(args, bin, "-test.paniconexit0", "-test.v=test2json", "-test.count=1",
		"-test.timeout="+testTimeout(ro.Timeout).String())
	args = append(args, ro.testFlags("test.")...)
	dir := filepath.Join(ro.Dir, filepath.FromSlash(ro.Package))
	if filepath.IsAbs(ro.Package) {
		dir = ro.Package
	}
	ro.Env = append(ro.Env[:len(ro.Env):len(ro.Env)], "PWD="+dir)
	return ro.execute(ctx, program, args, dir)
}

// Test2JSON builds go's test2json program (cmd/test2json, from the Go
// installation) into folder dir with env's go, and returns its path. go
// tool test2json would compile it on its first use, into a place that
// depends on the build cache; a caller that must not compile while tests
// run builds it before (see Options.Test2JSON).
func Test2JSON(ctx context.Context, env []string, dir string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", ErrNoGo
	}
	out := filepath.Join(dir, "test2json")
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, "cmd/test2json")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	stderr := &cappedBuffer{max: 4 << 10}
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return "", i18n.Errorf(msgTest2JSON, err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
