package confine

import (
	"fmt"
	"strconv"
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
	// FileSize is the largest file, in bytes, a process may write; in the
	// sandbox, also the size of its private /tmp.
	FileSize int64
}

// DefaultLimits are the grader's bounds unless told otherwise. They leave
// an honest solution far more room than it needs: the course's tests use a
// few MiB of memory and print a few KiB. The output's bound is also the
// go command's: go test holds about four times the output of a package's
// run in memory (measured: 276 MiB for 64 MiB).
var DefaultLimits = Limits{
	Memory:    1 << 30,
	Processes: 256,
	Output:    16 << 20,
	FileSize:  128 << 20,
}

// Spec describes one confined run. The grader writes it as JSON before the
// run; [Main] reads it.
type Spec struct {
	// Bwrap, when set, runs the binary inside bubblewrap (from [Probe]).
	Bwrap *Bwrap `json:"bwrap,omitempty"`
	// Limits bound the run.
	Limits Limits `json:"limits"`
	// Remove are deleted before the binary starts: the generated sources
	// that hold the run's key.
	Remove []string `json:"remove,omitempty"`
	// Writable is the folder the binary may write to besides its private
	// /tmp: where it leaves its attestation. It must exist.
	Writable string `json:"writable,omitempty"`
	// Etc is a folder the sandbox shows as /etc (hosts, passwd): the
	// host's own /etc is not shown.
	Etc string `json:"etc,omitempty"`
	// Env names the variables passed from go test's environment into the
	// sandbox; others are dropped. HOME and TMPDIR are set to the
	// sandbox's own.
	Env []string `json:"env,omitempty"`
	// Outcome is where [Main] writes the run's [Outcome].
	Outcome string `json:"outcome"`
}

// Exceeded names the bound a run crossed.
type Exceeded string

// The bounds a run can cross.
const (
	ExceededMemory    Exceeded = "memory"
	ExceededProcesses Exceeded = "processes"
	ExceededOutput    Exceeded = "output"
)

// Outcome is what [Main] says about one run.
type Outcome struct {
	// Exceeded is the bound the run crossed, "" when none: the run was
	// stopped there.
	Exceeded Exceeded `json:"exceeded,omitempty"`
	// Limits are the bounds the run had.
	Limits Limits `json:"limits"`
	// PeakMemory is the most resident memory the binary and its processes
	// were seen using together, in bytes.
	PeakMemory int64 `json:"peak_memory"`
	// Sandboxed is true when the binary ran inside bubblewrap.
	Sandboxed bool `json:"sandboxed"`
	// Leftovers counts the processes still running when the binary ended,
	// which Main then killed.
	Leftovers int `json:"leftovers"`
	// Error is set when the binary could not be started.
	Error string `json:"error,omitempty"`
}

// WithDefaults is l with its zero fields taken from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	if l.Memory <= 0 {
		l.Memory = DefaultLimits.Memory
	}
	if l.Processes <= 0 {
		l.Processes = DefaultLimits.Processes
	}
	if l.Output <= 0 {
		l.Output = DefaultLimits.Output
	}
	if l.FileSize <= 0 {
		l.FileSize = DefaultLimits.FileSize
	}
	return l
}

// ParseBytes reads an amount of memory: a number of bytes with an optional
// unit, K, M, G (or KiB, MiB, GiB, KB, MB, GB, all powers of 1024), in any
// case: "1GiB", "512M", "2g".
func ParseBytes(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<50 {
		return 0, fmt.Errorf("%q is not an amount of memory (such as 1GiB or 512MiB)", s)
	}
	return int64(n * float64(mult)), nil
}

// FormatBytes writes n the way a person reads it: "1 GiB", "512 MiB".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + " GiB"
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
