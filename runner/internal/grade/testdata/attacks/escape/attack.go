// The escape: a process, started from init, that leaves the run it was
// started by and rewrites the instructor's report once grading is over
// (TestAttacks/Escape). It goes beside a correct solution.
package echo

import (
	"os/exec"
	"syscall"
)

// What the test (TestAttacks/Escape) puts in: the file standing for the
// instructor's report, the file the escaped process writes once it runs,
// the file the test creates once grading is over, and a word that names
// the escaped process in the process table.
const (
	report  = "@@REPORT@@"
	started = "@@STARTED@@"
	graded  = "@@GRADED@@"
	marker  = "@@MARKER@@"
)

// The escaped process: a subshell, forked in the background by a shell
// that has a session of its own and exits at once, so that no process the
// grader started is its parent or shares its process group. It says it is
// running, waits (two minutes at most) until the grading is over, and
// rewrites the report.
const escape = `( echo running > "$1"
  i=0
  while [ ! -e "$2" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done
  [ -e "$2" ] && echo "forged: 69/69" > "$3" ) </dev/null >/dev/null 2>&1 &`

func init() {
	cmd := exec.Command("sh", "-c", escape, marker, started, graded, report)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	_ = cmd.Run()
}
