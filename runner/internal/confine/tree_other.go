//go:build !linux

package confine

// Elsewhere than Linux the process tree is not measured: the limits of
// memory and processes are not enforced (the grader says so), and what
// the binary leaves running is the go test process group's to end.

func becomeSubreaper()          {}
func descendants(pid int) []int { return nil }
func anonMemory(pid int) int64  { return 0 }
func killTree() int             { return 0 }
func killAll() int              { return 0 }
func limitFileSize(n int64)     {}
func comm(pid int) string       { return "" }
