package confine

import (
	"bytes"
	"fmt"
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

// prSetDumpable is prctl's PR_SET_DUMPABLE.
const prSetDumpable = 4

// notDumpable makes this process's memory (the run's key) unreadable to
// other processes of its user through /proc (Linux hands /proc/PID/mem of
// a process that is not dumpable to root).
func notDumpable() {
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetDumpable, 0, 0)
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

// usage reads, from pid's status, its resident memory that no file backs:
// its own (RssAnon) and shared memory it has mapped (RssShmem, which a
// MAP_SHARED|MAP_ANONYMOUS mapping is), in bytes; and its threads. Both
// are 0 when it is gone. Shared memory mapped by several processes counts
// in each.
func usage(pid int) (memory int64, threads int) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		name, rest, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		switch {
		case bytes.Equal(name, []byte("Threads")) && len(f) == 1:
			threads, _ = strconv.Atoi(string(f[0]))
		case (bytes.Equal(name, []byte("RssAnon")) || bytes.Equal(name, []byte("RssShmem"))) &&
			len(f) == 2 && bytes.Equal(f[1], []byte("kB")): // "1234 kB"
			if n, err := strconv.ParseInt(string(f[0]), 10, 64); err == nil {
				memory += n << 10
			}
		}
	}
	return memory, threads
}

// heldFiles looks at the descriptors of pids: the bytes held by memory
// files (memfd_create), which are memory that no resident size shows
// until they are mapped, and the inodes of the sockets, for
// socketBuffers. A memory file open in several places counts once.
func heldFiles(pids []int) (memfd int64, sockets map[uint64]bool) {
	sockets = map[uint64]bool{}
	seen := map[[2]uint64]bool{}
	for _, pid := range pids {
		dir := "/proc/" + strconv.Itoa(pid) + "/fd/"
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // gone, or not ours to look at
		}
		for _, e := range entries {
			target, err := os.Readlink(dir + e.Name())
			if err != nil {
				continue
			}
			if inode, ok := strings.CutPrefix(target, "socket:["); ok {
				if n, err := strconv.ParseUint(strings.TrimSuffix(inode, "]"), 10, 64); err == nil {
					sockets[n] = true
				}
				continue
			}
			if !strings.HasPrefix(target, "/memfd:") {
				continue
			}
			var st syscall.Stat_t
			if syscall.Stat(dir+e.Name(), &st) != nil {
				continue
			}
			key := [2]uint64{uint64(st.Dev), st.Ino}
			if !seen[key] {
				seen[key] = true
				memfd += st.Blocks * 512
			}
		}
	}
	return memfd, sockets
}

// socketBuffers is the data held in the buffers of the TCP and UDP sockets
// of pid's network namespace (all of them when only is nil, else those
// whose inode it holds): what was sent and not yet taken by the other
// end, and what was received and not yet read. A listening socket's
// queue counts connections, not bytes, and is left out.
func socketBuffers(pid int, only map[uint64]bool) int64 {
	var total int64
	for _, table := range []string{"tcp", "tcp6", "udp", "udp6"} {
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/net/" + table)
		if err != nil {
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if i == 0 || len(f) < 10 || strings.HasPrefix(table, "tcp") && f[3] == "0A" {
				continue
			}
			if only != nil {
				inode, err := strconv.ParseUint(f[9], 10, 64)
				if err != nil || !only[inode] {
					continue
				}
			}
			tx, rx, _ := strings.Cut(f[4], ":")
			for _, q := range []string{tx, rx} {
				if n, err := strconv.ParseInt(q, 16, 64); err == nil {
					total += n
				}
			}
		}
	}
	return total
}

// tmpfsMagic is statfs's f_type of a tmpfs.
const tmpfsMagic = 0x01021994

// sandboxFiles is what the sandbox's writable folders hold (its /tmp,
// home and /dev/shm, all tmpfs, which is memory), seen through pid, a
// process inside it. A folder counts only once it is the sandbox's own,
// a tmpfs of the size bubblewrap was asked for (sizes, by folder): the
// sandbox's first process is reported before it has made its mounts, and
// until then its /tmp is the host's.
func sandboxFiles(pid int, sizes map[string]int64) int64 {
	var total int64
	root := "/proc/" + strconv.Itoa(pid) + "/root"
	for dir, size := range sizes {
		var st syscall.Statfs_t
		if syscall.Statfs(root+dir, &st) != nil || st.Type != tmpfsMagic || st.Blocks < st.Bfree ||
			int64(st.Blocks)*st.Bsize != size {
			continue
		}
		total += int64(st.Blocks-st.Bfree) * st.Bsize
	}
	return total
}

// tasksPerNamespace reports whether RLIMIT_NPROC counts the processes and
// threads of a user in its own user namespace (Linux 5.14 and later), so
// that the sandbox can be given a bound of its own. Before, it counted all
// of the user's across the machine.
func tasksPerNamespace() bool {
	release, err := os.ReadFile("/proc/sys/kernel/osrelease") // uname -r
	var major, minor int
	if _, err2 := fmt.Sscanf(string(release), "%d.%d", &major, &minor); err != nil || err2 != nil {
		return false
	}
	return major > 5 || major == 5 && minor >= 14
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
		// Every child that has ended is reaped, so that killed processes
		// do not stay as zombies in the tree.
		for reaped := 1; reaped > 0; {
			reaped, _ = syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
		}
		if alive == 0 {
			break
		}
	}
	return len(killed)
}

// limitFiles bounds the size of any file this process and its children
// write, and the descriptors each may hold.
func limitFiles(size int64, descriptors int) {
	_ = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: uint64(size), Max: uint64(size)})
	_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: uint64(descriptors), Max: uint64(descriptors)})
}

// comm is the command name of pid ("" when it is gone).
func comm(pid int) string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(data))
}

// dieWithParent has the process started with attr killed when the thread
// that starts it ends (Pdeathsig follows the thread, which stays until the
// run ends).
func dieWithParent(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
