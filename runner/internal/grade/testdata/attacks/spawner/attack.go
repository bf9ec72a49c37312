// The spawner: ten processes that outlive the run unless the grader ends
// them (TestAttacks/Spawner). It goes beside a correct solution.
package echo

import (
	"os/exec"
	"syscall"
)

// marker names the processes in the process table, unique to one run of
// the test (TestAttacks/Spawner).
const marker = "@@MARKER@@"

// The spawning: ten shells that sleep for five minutes, with their output
// not connected to the test binary (go test does not wait for them): four
// in the test binary's process group, three in a group of their own, three
// in a session of their own. The shell runs sleep as a child (the "; true"),
// so that its own command line, with the marker as $0, stays in the
// process table.
func init() {
	for i := range 10 {
		cmd := exec.Command("sh", "-c", "sleep 300; true", marker)
		switch {
		case i >= 7:
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		case i >= 4:
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		}
		_ = cmd.Start()
	}
}
