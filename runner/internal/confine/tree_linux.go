package confine

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER.
const prSetChildSubreaper = 36

// becomeSubreaper makes the processes the binary starts and abandons
// (double forks, setsid) this process's children rather than init's, so
// that they stay in the tree that is measured and killed.
func becomeSubreaper() {
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}

// descendants lists the processes below pid: its children, theirs, and
// so on. It reads each process's children from /proc (every thread's
// list), which costs a few reads per process, not a scan of /proc.
func descendants(pid int) []int {
	var out []int
	queue := []int{pid}
	seen := map[int]bool{pid: true}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		tasks, err := os.ReadDir("/proc/" + strconv.Itoa(p) + "/task")
		if err != nil {
			continue // gone
		}
		for _, t := range tasks {
			data, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/task/" + t.Name() + "/children")
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(data)) {
				c, err := strconv.Atoi(f)
				if err == nil && !seen[c] {
					seen[c] = true
					out = append(out, c)
					queue = append(queue, c)
				}
			}
		}
	}
	return out
}

// anonMemory is the resident memory of pid that no file backs: its own
// (RssAnon) and shared memory it has mapped (RssShmem, which a
// MAP_SHARED|MAP_ANONYMOUS mapping is), in bytes; 0 when it is gone.
// Shared memory mapped by several processes counts in each.
func anonMemory(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	var total int64
	for _, line := range bytes.Split(data, []byte("\n")) {
		name, rest, ok := bytes.Cut(line, []byte(":"))
		if !ok || !bytes.Equal(name, []byte("RssAnon")) && !bytes.Equal(name, []byte("RssShmem")) {
			continue
		}
		f := bytes.Fields(rest) // "1234 kB"
		if len(f) == 2 && bytes.Equal(f[1], []byte("kB")) {
			if n, err := strconv.ParseInt(string(f[0]), 10, 64); err == nil {
				total += n << 10
			}
		}
	}
	return total
}

// killTree sends SIGKILL to every process below this one and returns
// how many it reached. It reaps none: the binary's own exit status is
// os/exec's to collect.
func killTree() int {
	n := 0
	for _, p := range descendants(os.Getpid()) {
		if syscall.Kill(p, syscall.SIGKILL) == nil {
			n++
		}
	}
	return n
}

// killAll, once the binary has been waited for, kills and reaps every
// process below this one until none is left. New ones can appear while it
// works (a process forking as it is killed), so it goes round until a
// pass finds nothing. It returns how many processes were running.
func killAll() int {
	killed := map[int]bool{}
	for range 100 {
		alive := 0
		for _, p := range descendants(os.Getpid()) {
			var st syscall.WaitStatus
			if pid, _ := syscall.Wait4(p, &st, syscall.WNOHANG, nil); pid == p {
				continue // had already ended: reaped now
			}
			if syscall.Kill(p, syscall.SIGKILL) == nil {
				alive++
				killed[p] = true
			}
		}
		reap()
		if alive == 0 {
			break
		}
	}
	return len(killed)
}

// reap collects the exit status of every child that has ended, so that
// killed processes do not stay as zombies in the tree.
func reap() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}

// limitFileSize bounds the size of any file this process and its
// children write.
func limitFileSize(n int64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: uint64(n), Max: uint64(n)})
}

// comm is the command name of pid ("" when it is gone).
func comm(pid int) string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}
