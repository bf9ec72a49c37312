//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package harness

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the test process has used, in user and system
// mode, and whether it could be read.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
