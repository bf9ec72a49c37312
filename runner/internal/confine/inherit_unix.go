//go:build unix

package confine

import (
	"runtime"
	"syscall"
)

// sysCloseRange is close_range(2)'s number (the same on every Linux
// architecture), and closeRangeCloexec its CLOSE_RANGE_CLOEXEC.
const (
	sysCloseRange     = 436
	closeRangeCloexec = 4
)

// CloseInherited marks every descriptor of this process but standard
// input, output and error close-on-exec, so that no program it starts
// inherits one: the grader may itself have been started with descriptors
// open that are not (a shell's 9<secret), and they would otherwise reach
// every process below it, the test binaries included.
func CloseInherited() {
	if runtime.GOOS == "linux" {
		if _, _, errno := syscall.Syscall(sysCloseRange, 3, ^uintptr(0), closeRangeCloexec); errno == 0 {
			return
		}
	}
	// Before Linux 5.11, and elsewhere: each descriptor the process may
	// hold (setting the flag on one that is not open does nothing).
	var lim syscall.Rlimit
	n := 1 << 16
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur < uint64(n) {
		n = int(lim.Cur)
	}
	for fd := 3; fd < n; fd++ {
		syscall.CloseOnExec(fd)
	}
}
