//go:build unix

package bench

import (
	"os"
	"syscall"
)

// maxRSS is the peak resident memory of the process that ended with ps,
// as the kernel reports it (Linux: kilobytes), or 0.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}
