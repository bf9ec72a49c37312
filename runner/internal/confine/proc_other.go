//go:build !unix

package confine

import "syscall"

// limitData does nothing here: there is no RLIMIT_DATA; the build's
// programs are still watched.
func limitData(n int64) {}

// sendSignal does nothing here: signals are a Unix thing, and the process
// tree is not followed on such systems.
func sendSignal(pid int, s syscall.Signal) {}
