//go:build unix

package confine

import "syscall"

// limitData bounds the data segment (a Go program's heap counts) of this
// process and of what it starts from now on to n bytes.
func limitData(n int64) {
	_ = syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: uint64(n), Max: uint64(n)})
}

// sendSignal sends s to the process pid.
func sendSignal(pid int, s syscall.Signal) { _ = syscall.Kill(pid, s) }
