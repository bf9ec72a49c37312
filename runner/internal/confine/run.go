package confine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// Command is the first argument that makes the workbook program act as
// [Main]: the grader's go test -exec wrapper runs
// "workbook __confine SPEC BINARY ARGS...".
const Command = "__confine"

// pollEvery is how often the process tree's memory and size are read. A
// program that fills memory as fast as a core can touch it (some GiB a
// second) gets a few tens of MiB past the limit before it is stopped.
const pollEvery = 10 * time.Millisecond

// maxSpec bounds the spec file read.
const maxSpec = 1 << 20

// Main runs one test binary as the spec at args[0] says, args[1] being the
// binary and the rest its arguments, and returns the exit status to end
// with: the binary's own, or 1 when it was stopped at a limit or could not
// start. The outcome goes to the spec's Outcome file; a problem of Main's
// own goes to standard error, where go test shows it.
func Main(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "workbook "+Command+" is how workbook grade runs a test binary, not a command to type; run 'workbook help'.")
		fmt.Fprintln(os.Stderr, "workbook "+Command+" 是 workbook grade 运行测试程序的内部方式，不是供手动输入的命令；请运行 'workbook help'。")
		return 2
	}
	spec, err := readSpec(args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "workbook %s: %v\n", Command, err)
		return 2
	}
	out := &Outcome{Limits: spec.Limits, Sandboxed: spec.Bwrap != nil}
	code := run(spec, args[1], args[2:], out)
	if err := writeOutcome(spec.Outcome, out); err != nil {
		fmt.Fprintf(os.Stderr, "workbook %s: %v\n", Command, err)
		return 2
	}
	return code
}

// readSpec reads and checks the spec file.
func readSpec(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the run's spec: %w", err)
	}
	defer f.Close()
	var spec Spec
	// A spec cut at the bound does not decode.
	dec := json.NewDecoder(io.LimitReader(f, maxSpec))
	if err := dec.Decode(&spec); err != nil {
		return nil, fmt.Errorf("reading the run's spec %s: %w", path, err)
	}
	if spec.Outcome == "" {
		return nil, fmt.Errorf("the run's spec %s names no outcome file", path)
	}
	spec.Limits = spec.Limits.WithDefaults()
	return &spec, nil
}

// writeOutcome writes o to path.
func writeOutcome(path string, o *Outcome) error {
	data, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("encoding the run's outcome: %w", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("writing the run's outcome: %w", err)
	}
	return nil
}

// run starts the binary, watches it and ends everything it started.
func run(spec *Spec, binary string, args []string, out *Outcome) int {
	for _, p := range spec.Remove {
		if err := os.RemoveAll(p); err != nil {
			out.Error = fmt.Sprintf("removing %s before the run: %v", p, err)
			return 1
		}
	}
	becomeSubreaper()
	// The sandbox places the binary at the path it is given.
	binary, err := filepath.Abs(binary)
	if err != nil {
		out.Error = fmt.Sprintf("finding the test binary: %v", err)
		return 1
	}
	dir, err := os.Getwd()
	if err != nil {
		out.Error = fmt.Sprintf("finding the run's folder: %v", err)
		return 1
	}

	var cmd *exec.Cmd
	if spec.Bwrap != nil {
		cmd = exec.Command(spec.Bwrap.Path, bwrapArgs(spec, binary, args, dir, sandboxEnv(spec, os.Environ()))...)
	} else {
		cmd = exec.Command(binary, args...)
	}
	// The binary's standard output and error reach go test through the
	// filter, as one stream, the way go test itself joins them.
	r, w, err := os.Pipe()
	if err != nil {
		out.Error = fmt.Sprintf("making the output pipe: %v", err)
		return 1
	}
	cmd.Stdout, cmd.Stderr = w, w
	cmd.Stdin = nil
	// If this process is killed (go test killed at its time limit), the
	// binary goes with it; bwrap's --die-with-parent does the same for
	// everything in the sandbox.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}

	var (
		mu       sync.Mutex
		exceeded Exceeded
	)
	stop := func(why Exceeded) {
		mu.Lock()
		if exceeded == "" {
			exceeded = why
		}
		mu.Unlock()
		killTree()
	}

	// go test's signals (an interrupt, or SIGQUIT at its own time-out) are
	// passed on, from before the binary starts.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	defer signal.Stop(sigs)

	// Pdeathsig fires when the thread that started the binary ends, not
	// the process: this goroutine keeps its thread until run returns.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The file-size bound is inherited by the binary and whatever it
	// starts; this process writes no large file of its own.
	limitFileSize(spec.Limits.FileSize)
	if err := cmd.Start(); err != nil {
		w.Close()
		r.Close()
		out.Error = fmt.Sprintf("starting the test binary: %v", err)
		return 1
	}
	w.Close()

	copied := make(chan struct{})
	f := &outputFilter{w: os.Stdout, limit: spec.Limits.Output, over: func() { stop(ExceededOutput) }}
	go func() {
		defer close(copied)
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				f.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()

	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()

	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
watch:
	for {
		select {
		case <-exited:
			break watch
		case s := <-sigs:
			forward(s.(syscall.Signal))
		case <-tick.C:
			procs := descendants(os.Getpid())
			var mem int64
			for _, p := range procs {
				mem += anonMemory(p)
			}
			if mem > out.PeakMemory {
				out.PeakMemory = mem
			}
			switch {
			case mem > spec.Limits.Memory:
				stop(ExceededMemory)
			case len(procs) > spec.Limits.Processes:
				stop(ExceededProcesses)
			}
		}
	}
	// The binary has ended: what it started ends too, which also closes
	// the pipe's last writers.
	out.Leftovers = killAll()
	// Every writer of the pipe is gone, so the copy ends once it has
	// passed on what is left in the pipe; a bounded wait in case a writer
	// escaped the tree.
	select {
	case <-copied:
	case <-time.After(5 * time.Second):
		r.Close()
		<-copied
	}

	mu.Lock()
	out.Exceeded = exceeded
	mu.Unlock()
	if out.Exceeded != "" {
		return 1
	}
	var ee *exec.ExitError
	switch {
	case waitErr == nil:
		return 0
	case errors.As(waitErr, &ee):
		ws, ok := ee.Sys().(syscall.WaitStatus)
		var sig syscall.Signal
		switch {
		case ok && ws.Signaled():
			sig = ws.Signal()
		case spec.Bwrap != nil && ee.ExitCode() > 128 && ee.ExitCode() < 128+65:
			// bwrap ends with 128 + the signal that killed the binary.
			sig = syscall.Signal(ee.ExitCode() - 128)
		case spec.Bwrap != nil && ee.ExitCode() == 1 && bytes.HasPrefix(f.start, []byte("bwrap: ")):
			// bwrap itself failed (it says so first, and ends with 1):
			// the grader's problem, not the learner's.
			line, _, _ := bytes.Cut(f.start, []byte("\n"))
			out.Error = string(line)
			return 1
		default:
			return ee.ExitCode()
		}
		// Said the way go test says a binary died of a signal, so that
		// the stream reads as if it had run directly.
		fmt.Fprintf(os.Stdout, "signal: %v\n", sig)
		return 1
	}
	out.Error = fmt.Sprintf("waiting for the test binary: %v", waitErr)
	return 1
}

// forward passes signal s from go test on to the binary. Inside the
// sandbox the binary is not this process's child but bwrap's, and bwrap
// would die of the signal (taking the sandbox with it before the binary
// could print its goroutines at a SIGQUIT), so s goes to every process of
// the tree but bwrap's own.
func forward(s syscall.Signal) {
	for _, pid := range descendants(os.Getpid()) {
		if comm(pid) != "bwrap" {
			_ = syscall.Kill(pid, s)
		}
	}
}
