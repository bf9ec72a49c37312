package confine

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Command is the first argument that makes the workbook program act as
// [Main]: the grader runs "workbook __confine run SPEC BINARY ARGS..." as
// go test's -exec program, "workbook __confine build MEMORY TOOL ARGS..."
// as its -toolexec program and "workbook __confine cache SHARED PRIVATE"
// as its GOCACHEPROG.
const Command = "__confine"

// pollEvery is how often the process tree's memory and size are read. A
// program that fills memory as fast as a core can touch it (some GiB a
// second) gets a few tens of MiB past the limit before it is stopped.
// What the run holds in the kernel is read every kernelEvery polls.
const (
	pollEvery   = 10 * time.Millisecond
	kernelEvery = 10
)

// maxSpec bounds the spec file read.
const maxSpec = 1 << 20

// Main is the workbook program's part in a grading, as args[0] says: run a
// test binary (see run), a program of the build (see build) or the build
// cache (see cache). It returns the exit status to end with.
func Main(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "run":
			return runMain(args[1:])
		case "build":
			return buildMain(args[1:])
		case "cache":
			return cacheMain(args[1:])
		}
	}
	fmt.Fprintln(os.Stderr, "workbook "+Command+" is how workbook grade runs a test binary, not a command to type; run 'workbook help'.")
	fmt.Fprintln(os.Stderr, "workbook "+Command+" 是 workbook grade 运行测试程序的内部方式，不是供手动输入的命令；请运行 'workbook help'。")
	return 2
}

// runMain runs one test binary as the spec at args[0] says, args[1] being
// the binary and the rest its arguments, and returns the exit status to
// end with: the binary's own, or 1 when it was stopped at a limit or could
// not start. The outcome goes to the spec's Outcome file; a problem of
// Main's own goes to standard error, where go test shows it.
func runMain(args []string) int {
	if len(args) < 2 {
		return Main(nil)
	}
	spec, err := readSpec(args[0])
	if err != nil {
		fmt.Fprintf(os.Stderr, "workbook %s: %v\n", Command, err)
		return 2
	}
	out := &Outcome{Limits: spec.Limits, Sandboxed: spec.Bwrap != nil}
	code := run(spec, args[1], args[2:], out)
	// The outcome replaces whatever is there (unconfined, the binary could
	// have put a file or a link of its own there).
	data, err := json.Marshal(out)
	if err == nil {
		err = replaceFile(spec.Outcome, data)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "workbook %s: writing the run's outcome: %v\n", Command, err)
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

// replaceFile writes data to a new file beside path and renames it into
// place: whoever reads path reads all of data or what was there before,
// and a link at path is replaced, not followed.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// bwrapStatus is what bubblewrap reports on its --json-status-fd, one JSON
// object a line: the sandbox's first process when it is made, and the
// binary's exit status once the binary ran. No exit status means that
// bubblewrap failed before it could run the binary.
type bwrapStatus struct {
	ChildPID int  `json:"child-pid"`
	ExitCode *int `json:"exit-code"`
}

// run starts the binary, watches it and ends everything it started.
func run(spec *Spec, binary string, args []string, out *Outcome) int {
	// Nothing this process inherited reaches the binary, and nothing of
	// this process (the run's key) is readable by it through /proc.
	CloseInherited()
	notDumpable()
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

	key := make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		out.Error = fmt.Sprintf("making the run's key: %v", err)
		return 1
	}
	var pipes []*os.File // the parent's ends, closed on return
	defer func() {
		for _, f := range pipes {
			f.Close()
		}
	}()
	pipe := func() (r, w *os.File) {
		if err == nil {
			r, w, err = os.Pipe()
			pipes = append(pipes, r, w)
		}
		return r, w
	}
	setupR, setupW := pipe()
	reportR, reportW := pipe()
	outR, outW := pipe()
	var statusR, statusW *os.File
	if spec.Bwrap != nil {
		statusR, statusW = pipe()
	}
	if err != nil {
		out.Error = fmt.Sprintf("making the run's pipes: %v", err)
		return 1
	}
	// Inside the sandbox's user namespace, RLIMIT_NPROC counts the
	// sandbox's processes and threads only (bubblewrap's first process
	// among them, and one more so that the watch below sees the bound
	// crossed); elsewhere it would count all of the user's.
	var tasks uint32
	if spec.Bwrap != nil && tasksPerNamespace() {
		tasks = uint32(spec.Limits.Tasks + 2)
	}
	// 36 bytes: the pipe holds them until the binary reads them.
	if _, err := setupW.Write(setupMessage(key, tasks)); err != nil {
		out.Error = fmt.Sprintf("writing the run's key: %v", err)
		return 1
	}
	setupW.Close()

	env := binaryEnv(spec, os.Environ())
	files := []*os.File{setupR, reportW} // SetupFD, ReportFD
	var cmd *exec.Cmd
	if spec.Bwrap != nil {
		files = append(files, statusW)
		cmd = exec.Command(spec.Bwrap.Path, bwrapArgs(spec, binary, args, dir, env, SetupFD+len(files)-1)...)
		// bubblewrap's own environment is that of the sandbox's first
		// process, which the binary's could read: the binary's own.
		cmd.Env = sandboxVars(env)
	} else {
		cmd = exec.Command(binary, args...)
		cmd.Env = env
	}
	cmd.ExtraFiles = files
	// The binary's standard output and error reach go test through the
	// filter, as one stream, the way go test itself joins them.
	cmd.Stdout, cmd.Stderr = outW, outW
	cmd.Stdin = nil
	// If this process is killed (go test killed at its time limit), the
	// binary goes with it; bwrap's --die-with-parent does the same for
	// everything in the sandbox.
	cmd.SysProcAttr = &syscall.SysProcAttr{}
	dieWithParent(cmd.SysProcAttr)
	// Where the grader has cgroups, the run is born in one of its own,
	// which counts all it is charged for (bubblewrap's two processes
	// among its tasks, and one more so that the watch sees the bound
	// crossed). Without one, the watch below is the bound.
	if spec.Cgroup != "" {
		if cg, err := newRunCgroup(spec.Cgroup, spec.Limits.Memory, spec.Limits.Tasks+3); err == nil {
			defer cg.remove()
			intoCgroup(cmd.SysProcAttr, cg)
			defer func() {
				out.PeakMemory = max(out.PeakMemory, cg.peak())
				if why := cg.exceeded(); why != "" && out.Exceeded == "" && out.Error == "" {
					out.Exceeded = why
				}
			}()
		}
	}

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
	// The bounds on file size and descriptors are inherited by the binary
	// and whatever it starts; this process needs few of either.
	limitFiles(spec.Limits.FileSize, spec.Limits.Files)
	if err := cmd.Start(); err != nil {
		out.Error = fmt.Sprintf("starting the test binary: %v", err)
		return 1
	}
	for _, f := range []*os.File{setupR, reportW, outW, statusW} {
		if f != nil {
			f.Close()
		}
	}

	// Neither writer fails, so each copy reads its pipe to the end; of the
	// attestation one byte past the bound is kept, for checkAttestation to
	// see it was longer.
	copied, reported := make(chan struct{}), make(chan struct{})
	f := &outputFilter{w: os.Stdout, limit: spec.Limits.Output, over: func() { stop(ExceededOutput) }}
	var report bytes.Buffer
	go func() { defer close(copied); io.Copy(f, outR) }()
	go func() { defer close(reported); io.Copy(&capped{w: &report, max: MaxAttestation + 1}, reportR) }()
	// The sandbox's first process, once bubblewrap has made it, and
	// whether the binary ran.
	var sandboxPID atomic.Int64
	var ranBinary atomic.Bool
	statusDone := make(chan struct{})
	if statusR != nil {
		go func() {
			defer close(statusDone)
			sc := bufio.NewScanner(io.LimitReader(statusR, 64<<10))
			for sc.Scan() {
				var st bwrapStatus
				if json.Unmarshal(sc.Bytes(), &st) != nil {
					continue
				}
				if st.ChildPID > 0 {
					sandboxPID.CompareAndSwap(0, int64(st.ChildPID))
				}
				if st.ExitCode != nil {
					ranBinary.Store(true)
				}
			}
			io.Copy(io.Discard, statusR)
		}()
	} else {
		close(statusDone)
	}

	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()

	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	polls := 0
	var kernel int64 // what the run holds in the kernel, as last measured
watch:
	for {
		select {
		case <-exited:
			break watch
		case s := <-sigs:
			// Inside the sandbox the binary is not this process's child
			// but bwrap's, and bwrap would die of the signal (taking the
			// sandbox with it before the binary could print its goroutines
			// at a SIGQUIT), so s goes to every process of the tree but
			// bwrap's own.
			for _, pid := range descendants(os.Getpid()) {
				if comm(pid) != "bwrap" {
					sendSignal(pid, s.(syscall.Signal))
				}
			}
		case <-tick.C:
			procs := descendants(os.Getpid())
			var mem int64
			threads := 0
			for _, p := range procs {
				m, n := usage(p)
				mem += m
				if comm(p) != "bwrap" {
					threads += n
				}
			}
			if polls%kernelEvery == 0 {
				kernel = kernelMemory(spec, procs, int(sandboxPID.Load()))
			}
			polls++
			mem += kernel
			out.PeakMemory = max(out.PeakMemory, mem)
			out.PeakTasks = max(out.PeakTasks, threads)
			switch {
			case mem > spec.Limits.Memory:
				stop(ExceededMemory)
			case threads > spec.Limits.Tasks:
				stop(ExceededTasks)
			}
		}
	}
	// The binary has ended: what it started ends too, which also closes
	// the pipes' last writers.
	out.Leftovers = killAll()
	// Every writer of the pipes is gone, so each copy ends once it has
	// read what is left; a bounded wait in case a writer escaped the tree.
	deadline := time.After(5 * time.Second)
	for _, c := range []struct {
		done <-chan struct{}
		r    *os.File
	}{{copied, outR}, {reported, reportR}, {statusDone, statusR}} {
		select {
		case <-c.done:
		case <-deadline:
			c.r.Close()
			<-c.done
		}
	}

	mu.Lock()
	out.Exceeded = exceeded
	mu.Unlock()
	if out.Exceeded == "" && waitErr != nil && f.noThread {
		// The bound on processes and threads (RLIMIT_NPROC in the sandbox)
		// stopped the binary before the watch saw it crossed.
		out.Exceeded = ExceededTasks
	}
	if spec.Bwrap != nil && !ranBinary.Load() && out.Exceeded == "" {
		// bubblewrap failed before it ran the binary: what it printed is
		// its own, for no code of the binary's ran. (A run stopped at a
		// bound is killed with bubblewrap, which then reports nothing.)
		line, _, _ := bytes.Cut(f.start, []byte("\n"))
		out.Error = strings.TrimSpace(string(line))
		if out.Error == "" {
			out.Error = fmt.Sprintf("bwrap ended (%v) before it ran the test binary", waitErr)
		}
		return 1
	}
	out.Attestation, err = checkAttestation(report.Bytes(), key)
	if err != nil {
		out.AttestationError = err.Error()
	}

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

// kernelMemory is the memory the run holds that no process's resident size
// shows: in the sandbox (seen through pid, its first process), the files of
// its writable folders and the buffers of its TCP and UDP sockets;
// elsewhere, the buffers of the sockets procs hold open; either way, the
// memory files they hold.
func kernelMemory(spec *Spec, procs []int, pid int) int64 {
	memfd, sockets := heldFiles(procs)
	switch {
	case spec.Bwrap != nil && pid > 0:
		var files int64
		if spec.Bwrap.SizedTmpfs {
			files = sandboxFiles(pid, map[string]int64{"/tmp": spec.Limits.FileSize, sandboxHome: smallTmpfs, "/dev/shm": smallTmpfs})
		}
		return memfd + files + socketBuffers(pid, nil)
	case spec.Bwrap == nil && len(sockets) > 0:
		return memfd + socketBuffers(os.Getpid(), sockets)
	}
	return memfd
}
