package gotest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// ErrNoGo is returned (wrapped) by Run and RaceAvailable when there is no go
// command on PATH.
var ErrNoGo = i18n.NewError(msgNoGo)

// errTimeLimit is the cause of the context that carries Run's time limit.
var errTimeLimit = i18n.NewError(msgTimeLimit)

// waitDelay is how long Run waits for go's output pipes to close once go
// has exited or been killed (a process that escaped the group may hold
// them open).
const waitDelay = 2 * time.Second

// Run runs `go test -json -count=1 [-race] [-overlay=FILE] [-run=RE] PKG` in
// opts.Dir, in a process group of its own, and returns the verdict.
//
// opts.Timeout bounds the test binary's run, from the moment go starts it;
// the build before it is bounded only by opts.BuildTimeout, when set. When
// a limit expires the whole process group (go, the compiler, the test
// binary and whatever it started) is killed and the verdict is
// KindTimeout. When ctx is cancelled the group is killed the same way and
// Run returns ctx's error. Whatever the run leaves behind in its group is
// killed when go exits. The output read is bounded (see Options).
//
// Run returns an error only when the tests could not be run at all: bad
// options, no go command, go not starting, or ctx cancelled. Everything the
// tests themselves do, a build error included, is in the Verdict.
func Run(ctx context.Context, opts Options) (*Verdict, error) {
	ro, goBin, err := opts.start()
	if err != nil {
		return nil, err
	}
	args := []string{"test", "-json", "-count=1", "-timeout=" + testTimeout(ro.Timeout).String()}
	args = append(args, ro.buildFlags()...)
	args = append(args, ro.testFlags("")...)
	args = append(args, ro.Package)
	return ro.execute(ctx, goBin, args, ro.Dir)
}

// start checks opts, fills in the defaults and finds the go command.
func (opts Options) start() (*resolved, string, error) {
	if opts.Dir == "" {
		return nil, "", i18n.NewError(msgNoDir)
	}
	if opts.Package == "" || strings.HasPrefix(opts.Package, "-") {
		return nil, "", i18n.Errorf(msgBadPackage, opts.Package)
	}
	ro, err := opts.resolve()
	if err != nil {
		return nil, "", err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, "", ErrNoGo
	}
	return ro, goBin, nil
}

// buildFlags are the flags of go test that say how the binary is built.
func (ro *resolved) buildFlags() []string {
	var args []string
	if ro.Race {
		args = append(args, "-race")
	}
	if ro.Overlay != "" {
		args = append(args, "-overlay="+ro.Overlay) // made absolute by resolve
	}
	if ro.Quick {
		args = append(args, "-vet=off", "-ldflags=-s -w")
	}
	return args
}

// testFlags are the flags of go test that say how the binary runs, each
// with prefix before its name: "" for go test, "test." for the binary.
func (ro *resolved) testFlags(prefix string) []string {
	var args []string
	if ro.Parallel > 0 {
		args = append(args, fmt.Sprintf("-%sparallel=%d", prefix, ro.Parallel))
	}
	if ro.Run != "" {
		args = append(args, "-"+prefix+"run="+ro.Run)
	}
	return args
}

// execute runs program (go, or test2json) with args in dir, in a process
// group of its own, within the limits of ro, and returns the verdict of
// the stream it printed.
func (ro *resolved) execute(ctx context.Context, program string, args []string, dir string) (*Verdict, error) {
	limitCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	clk := newClock(cancel, ro.BuildTimeout, ro.Timeout)

	start := time.Now()
	p := newParser(ro)
	var binaryStarted time.Time // both callbacks run on the goroutine that reads the output
	p.onStart = func() {
		binaryStarted = time.Now()
		clk.binaryStarted(binaryStarted)
		if ro.Progress != nil {
			ro.Progress(p.progress(binaryStarted))
		}
	}
	if ro.Progress != nil {
		p.onChange = func() { ro.Progress(p.progress(binaryStarted)) }
	}
	stdout := &lineWriter{max: maxEventLine, line: p.handleEventLine, long: p.longEventLine}
	stderr := &cappedBuffer{max: maxStderr}
	cmd := exec.CommandContext(limitCtx, program, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), ro.Env...)
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	cmd.WaitDelay = waitDelay
	setProcessGroup(cmd)
	cmd.Cancel = func() error { return killProcessGroup(cmd.Process) }

	if ro.Progress != nil {
		ro.Progress(Progress{Building: true, Since: start})
	}
	if err := cmd.Start(); err != nil {
		return nil, i18n.Errorf(msgStarting, ro.Package, err)
	}
	lowerPriority(cmd.Process, ro.Nice)
	waitErr := cmd.Wait()
	// Background processes the tests started are still in the group.
	_ = killProcessGroup(cmd.Process)
	end := time.Now()
	binaryStart := clk.stop()
	stdout.Flush()

	if ctx.Err() != nil {
		return nil, i18n.Errorf(msgGoTest, ro.Package, context.Cause(ctx))
	}
	state := cmd.ProcessState
	if state == nil {
		return nil, i18n.Errorf(msgGoTest, ro.Package, waitErr)
	}
	info := runInfo{exitCode: state.ExitCode(), stderr: stderr.String()}
	exited := state.Exited() // false when killed by a signal
	switch cause := context.Cause(limitCtx); {
	case !exited && errors.Is(cause, errTimeLimit):
		info.killedAfter = ro.Timeout
	case !exited && errors.Is(cause, errBuildLimit):
		info.killedAfter = ro.BuildTimeout
	case exited:
		info.complete = true
	}
	v := p.verdict(info)
	v.Args = append([]string{strings.TrimSuffix(filepath.Base(program), ".exe")}, args...)
	v.ExitCode = info.exitCode
	v.Stderr = info.stderr
	v.Elapsed, v.BuildElapsed = end.Sub(start), end.Sub(start)
	if !binaryStart.IsZero() {
		v.BuildElapsed = binaryStart.Sub(start)
	}
	return v, nil
}

// testTimeout is the -timeout given to go test. Its clock and the run's
// limit start at about the same moment (when go starts the binary; the run
// sees it when it reads the "start" event, a little later), so for a limit
// of a few seconds or more -timeout is a little shorter: go test then
// usually reports a hang itself, with a goroutine dump, before the group is
// killed. For a shorter limit there is no room for that, and -timeout is
// set well past it, so that the run's limit always comes first and the
// verdict does not depend on which process the scheduler runs first.
func testTimeout(limit time.Duration) time.Duration {
	grace := min(max(limit/10, 500*time.Millisecond), 5*time.Second)
	if limit-grace < time.Second {
		return 2*limit + 5*time.Second
	}
	return limit - grace
}

// cappedBuffer keeps the first max bytes written to it.
type cappedBuffer struct {
	max     int
	buf     bytes.Buffer
	dropped int
}

// Write implements io.Writer; it never fails.
func (c *cappedBuffer) Write(b []byte) (int, error) {
	room := c.max - c.buf.Len()
	if room >= len(b) {
		c.buf.Write(b)
	} else {
		if room > 0 {
			c.buf.Write(b[:room])
		}
		c.dropped += len(b) - max(room, 0)
	}
	return len(b), nil
}

// String returns what was kept, with a note when something was dropped.
func (c *cappedBuffer) String() string {
	if c.dropped == 0 {
		return c.buf.String()
	}
	return c.buf.String() + fmt.Sprintf("\n… %d bytes not kept\n", c.dropped)
}

// RaceAvailable reports whether `go test -race` can be built here: the race
// detector supports the target, cgo is enabled and the C compiler (go env
// CC) is found on PATH. When it cannot, reason says why in one clause, in
// both languages.
// env are extra "KEY=value" entries, as in Options.Env. The error is set
// only when go itself could not be asked.
func RaceAvailable(ctx context.Context, env []string) (ok bool, reason i18n.Text, err error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return false, reason, ErrNoGo
	}
	cmd := exec.CommandContext(ctx, goBin, "env", "-json", "CGO_ENABLED", "CC", "GOOS", "GOARCH")
	cmd.Env = append(os.Environ(), env...)
	stderr := &cappedBuffer{max: 4 << 10}
	cmd.Stderr = stderr
	out, err := cmd.Output()
	if err != nil {
		return false, reason, i18n.Errorf(msgGoEnv, err, strings.TrimSpace(stderr.String()))
	}
	var goenv struct{ CGO_ENABLED, CC, GOOS, GOARCH string }
	if err := json.Unmarshal(out, &goenv); err != nil {
		return false, reason, i18n.Errorf(msgGoEnvJSON, err)
	}
	if !raceSupported(goenv.GOOS, goenv.GOARCH) {
		return false, msgRaceUnsupported.Sprintf(goenv.GOOS, goenv.GOARCH), nil
	}
	if goenv.CGO_ENABLED != "1" {
		return false, msgNoCgo, nil
	}
	cc := strings.Fields(goenv.CC)
	if len(cc) == 0 {
		return false, msgNoCC, nil
	}
	if !onPath(cc[0], env) {
		return false, msgCCNotFound.Sprintf(cc[0]), nil
	}
	return true, reason, nil
}

// Why -race cannot be built, in both languages.
var (
	msgRaceUnsupported = i18n.Text{En: "the race detector does not support %s/%s", Zh: "竞态检测器不支持 %s/%s"}
	msgNoCgo           = i18n.Text{En: "cgo is disabled (go env CGO_ENABLED is not 1), and the race detector needs it", Zh: "cgo 已被禁用（go env CGO_ENABLED 不是 1），而竞态检测器需要它"}
	msgNoCC            = i18n.Text{En: "no C compiler is configured (go env CC is empty), and the race detector needs one", Zh: "没有配置 C 编译器（go env CC 为空），而竞态检测器需要它"}
	msgCCNotFound      = i18n.Text{En: "the C compiler %q (go env CC) was not found, and the race detector needs one", Zh: "找不到 C 编译器 %q（go env CC），而竞态检测器需要它"}
)

// raceSupported mirrors internal/platform.RaceDetectorSupported (Go 1.26).
func raceSupported(goos, goarch string) bool {
	return slices.Contains([]string{"linux/amd64", "linux/arm64", "linux/loong64", "linux/ppc64le", "linux/riscv64",
		"linux/s390x", "darwin/amd64", "darwin/arm64", "freebsd/amd64", "netbsd/amd64", "windows/amd64"}, goos+"/"+goarch)
}

// onPath reports whether an executable name (or path) can be found, using
// the PATH of env when it sets one.
func onPath(name string, env []string) bool {
	pathList, overridden := "", false
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.EqualFold(k, "PATH") {
			pathList, overridden = v, true
		}
	}
	if !overridden || strings.ContainsRune(name, filepath.Separator) || strings.ContainsRune(name, '/') {
		_, err := exec.LookPath(name)
		return err == nil
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		for _, candidate := range []string{name, name + ".exe"} {
			fi, err := os.Stat(filepath.Join(dir, candidate))
			if err == nil && !fi.IsDir() && (runtime.GOOS == "windows" || fi.Mode()&0o111 != 0) {
				return true
			}
		}
	}
	return false
}
