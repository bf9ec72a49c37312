package confine

import (
	"fmt"
	"strings"
)

// Mode is --sandbox: whether runs go inside bubblewrap.
type Mode int

const (
	// Auto uses the sandbox when it works on this machine, and otherwise
	// grades unconfined, saying so.
	Auto Mode = iota
	// On refuses to grade without the sandbox.
	On
	// Off grades unconfined, as asked.
	Off
)

// ParseMode reads a --sandbox value: auto, on or off, in any case.
func ParseMode(s string) (Mode, error) {
	switch strings.ToLower(s) {
	case "auto":
		return Auto, nil
	case "on":
		return On, nil
	case "off":
		return Off, nil
	}
	return Auto, fmt.Errorf("%q is not a sandbox mode (auto, on or off)", s)
}

// String is the flag's spelling of m.
func (m Mode) String() string {
	switch m {
	case On:
		return "on"
	case Off:
		return "off"
	}
	return "auto"
}

// Limits bound one run of a test binary and everything it starts.
type Limits struct {
	// Memory is the most resident memory, in bytes, that the binary and
	// its processes may use together.
	Memory int64
	// Processes is the most processes that may run at once.
	Processes int
	// Output is the most bytes the binary may write to its standard output
	// and error together.
	Output int64
	// FileSize is the largest file, in bytes, a process may write.
	FileSize int64
}

// DefaultLimits are the grader's bounds unless told otherwise. They leave
// an honest solution far more room than it needs: the course's tests use a
// few MiB of memory and print a few KiB.
var DefaultLimits = Limits{
	Memory:    1 << 30,
	Processes: 256,
	Output:    64 << 20,
	FileSize:  256 << 20,
}
