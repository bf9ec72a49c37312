package confine

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Cgroups (version 2), where the machine hands them to the grader.
//
// A cgroup counts exactly what /proc cannot: every page the run's processes
// are charged for, the kernel's own among them (socket and pipe buffers,
// files in a tmpfs, page tables), and every process and thread. Where the
// grader may make cgroups of its own (it runs as root, or in a cgroup
// delegated to its user, as `systemd-run --user --scope -p Delegate=yes`
// makes one), each run gets one, with memory.max and pids.max set to its
// bounds; the watch of /proc stays, for its messages and where there is no
// cgroup.
//
// A cgroup may not both hold processes and hand controllers down to its
// children, so the grader first moves itself into a child of its own
// cgroup, then turns the memory and pids controllers on for a sibling that
// holds the runs' cgroups.

// cgroupRoot is where cgroup v2 is mounted, and cgroup2Magic its statfs
// type.
const (
	cgroupRoot   = "/sys/fs/cgroup"
	cgroup2Magic = 0x63677270
)

var (
	cgroupOnce sync.Once
	cgroupDir  string
	cgroupErr  error
)

// Cgroups returns the cgroup under which each run of this process's
// gradings gets one of its own, making it the first time; or why there is
// none. It is tried once per process.
func Cgroups() (string, error) {
	cgroupOnce.Do(func() {
		cgroupDir, cgroupErr = setupCgroups()
		if cgroupErr == nil {
			// A run as the Probe makes it: where one cannot be made, the
			// grader does without.
			cgroupErr = probeCgroup(cgroupDir)
		}
	})
	return cgroupDir, cgroupErr
}

// ownCgroup is this process's cgroup v2 path, from /proc/self/cgroup.
func ownCgroup() (string, error) {
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if p, ok := strings.CutPrefix(line, "0::"); ok {
			return p, nil
		}
	}
	return "", i18n.NewError(msgNoCgroupV2)
}

// setupCgroups makes the cgroup of the runs, as described above.
func setupCgroups() (string, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(cgroupRoot, &st); err != nil || st.Type != cgroup2Magic {
		return "", i18n.Errorf(msgNotCgroupV2, cgroupRoot)
	}
	own, err := ownCgroup()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cgroupRoot, own)
	ctrls, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return "", err
	}
	for _, c := range []string{"memory", "pids"} {
		if !bytes.Contains(append([]byte(" "), append(bytes.TrimSpace(ctrls), ' ')...), []byte(" "+c+" ")) {
			return "", i18n.Errorf(msgNoController, c, dir)
		}
	}
	id := "workbook-" + strconv.Itoa(os.Getpid())
	leaf := filepath.Join(dir, id+"-grader")
	if err := os.Mkdir(leaf, 0o755); err != nil {
		return "", i18n.Errorf(msgNotDelegated, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()))
	if err := os.WriteFile(filepath.Join(leaf, "cgroup.procs"), pid, 0); err != nil {
		os.Remove(leaf)
		return "", i18n.Errorf(msgMoveGrader, leaf, err)
	}
	undo := func(err error) (string, error) {
		_ = os.WriteFile(filepath.Join(dir, "cgroup.procs"), pid, 0)
		os.Remove(leaf)
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "cgroup.subtree_control"), []byte("+memory +pids"), 0); err != nil {
		return undo(i18n.Errorf(msgHandDown, dir, err))
	}
	runs := filepath.Join(dir, id+"-runs")
	if err := os.Mkdir(runs, 0o755); err != nil {
		return undo(err)
	}
	if err := os.WriteFile(filepath.Join(runs, "cgroup.subtree_control"), []byte("+memory +pids"), 0); err != nil {
		os.Remove(runs)
		return undo(err)
	}
	return runs, nil
}

// runCgroup is the cgroup of one run.
type runCgroup struct {
	dir string
	fd  *os.File // the folder, for clone3's CLONE_INTO_CGROUP
}

// newRunCgroup makes a cgroup under parent bounded by limits (memory,
// swap, processes and threads: tasks of them).
func newRunCgroup(parent string, memory int64, tasks int) (*runCgroup, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	dir := filepath.Join(parent, fmt.Sprintf("run-%x", b))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, i18n.Errorf(msgMakeRunCgroup, err)
	}
	cg := &runCgroup{dir: dir}
	for name, value := range map[string]string{
		"memory.max":      strconv.FormatInt(memory, 10),
		"memory.swap.max": "0",
		"pids.max":        strconv.Itoa(tasks),
	} {
		err := os.WriteFile(filepath.Join(dir, name), []byte(value), 0)
		if err != nil && !(name == "memory.swap.max" && errors.Is(err, os.ErrNotExist)) {
			cg.remove()
			return nil, i18n.Errorf(msgBoundRunCgroup, name, err)
		}
	}
	fd, err := os.Open(dir)
	if err != nil {
		cg.remove()
		return nil, i18n.Errorf(msgOpenRunCgroup, err)
	}
	cg.fd = fd
	return cg, nil
}

// events reads a cgroup's flat-keyed file (memory.events, pids.events).
func (cg *runCgroup) events(file string) map[string]int64 {
	out := map[string]int64{}
	data, _ := os.ReadFile(filepath.Join(cg.dir, file))
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, " "); ok {
			out[k], _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return out
}

// exceeded is the bound the cgroup says the run crossed, "" when none.
func (cg *runCgroup) exceeded() Exceeded {
	if cg.events("memory.events")["oom_kill"] > 0 {
		return ExceededMemory
	}
	if cg.events("pids.events")["max"] > 0 {
		return ExceededTasks
	}
	return ""
}

// peak is the most memory the cgroup was charged for (Linux 5.19), 0 when
// the kernel does not say.
func (cg *runCgroup) peak() int64 {
	data, err := os.ReadFile(filepath.Join(cg.dir, "memory.peak"))
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n
}

// remove kills what is left in the cgroup and removes it.
func (cg *runCgroup) remove() {
	if cg.fd != nil {
		cg.fd.Close()
	}
	if os.WriteFile(filepath.Join(cg.dir, "cgroup.kill"), []byte("1"), 0) != nil {
		// Before Linux 5.14: one by one.
		data, _ := os.ReadFile(filepath.Join(cg.dir, "cgroup.procs"))
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}
	// The cgroup is removed once its last process is gone.
	for i := 0; i < 100 && os.Remove(cg.dir) != nil; i++ {
		time.Sleep(10 * time.Millisecond)
	}
}

// probeCgroup starts a process in a run's cgroup under parent the way Main
// does, and removes it.
func probeCgroup(parent string) error {
	cg, err := newRunCgroup(parent, DefaultLimits.Memory, DefaultLimits.Tasks)
	if err != nil {
		return err
	}
	defer cg.remove()
	truePath, err := exec.LookPath("true")
	if err != nil {
		return i18n.Errorf(msgNoTrueCgroup, err)
	}
	attr := &syscall.SysProcAttr{UseCgroupFD: true, CgroupFD: int(cg.fd.Fd())}
	p, err := os.StartProcess(truePath, []string{truePath}, &os.ProcAttr{Sys: attr})
	if err != nil {
		return i18n.Errorf(msgStartInCgroup, err)
	}
	if _, err := p.Wait(); err != nil {
		return err
	}
	return nil
}

// intoCgroup makes the process attr starts begin in cg (clone3's
// CLONE_INTO_CGROUP), so that nothing it does escapes its bounds.
func intoCgroup(attr *syscall.SysProcAttr, cg *runCgroup) {
	if cg != nil {
		attr.UseCgroupFD, attr.CgroupFD = true, int(cg.fd.Fd())
	}
}
