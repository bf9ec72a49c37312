//go:build unix

package state

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on the file at path, creating it, and
// returns how to release it. The lock goes with the process: a workbook
// that dies holding it leaves nothing to clean up.
func lock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the file releases the lock
}
