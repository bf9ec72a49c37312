package confine

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
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

// modeNames are the flag's spellings of the modes, in their order.
var modeNames = []string{"auto", "on", "off"}

// ParseMode reads a --sandbox value: auto, on or off, in any case.
func ParseMode(s string) (Mode, error) {
	if i := slices.Index(modeNames, strings.ToLower(s)); i >= 0 {
		return Mode(i), nil
	}
	return Auto, i18n.Errorf(msgSandboxMode, s)
}

// String is the flag's spelling of m.
func (m Mode) String() string { return modeNames[m] }

// Limits bound one run of a test binary and everything it starts, and
// each program of its build.
type Limits struct {
	// Memory is the most memory, in bytes, that the binary and its
	// processes may use together: their own (resident, not backed by a
	// file), and what they hold in the kernel that Main can measure (the
	// sandbox's files, TCP and UDP buffers, memory files).
	Memory int64 `json:"memory"`
	// Tasks is the most processes and threads that may run at once.
	Tasks int `json:"tasks"`
	// Output is the most bytes the binary may write to its standard output
	// and error together.
	Output int64 `json:"output"`
	// FileSize is the largest file, in bytes, a process may write; in the
	// sandbox, also the size of its private /tmp.
	FileSize int64 `json:"file_size"`
	// Files is the most descriptors a process may hold open. It also
	// bounds the kernel buffers that Memory does not count (pipes, Unix
	// sockets).
	Files int `json:"files"`
	// Build is the most memory, in bytes, one program of the build (the
	// compiler, the linker, vet) may use.
	Build int64 `json:"build"`
}

// DefaultLimits are the grader's bounds unless told otherwise. They leave
// an honest solution far more room than it needs: the course's tests use a
// few MiB of memory, a few dozen threads and a few hundred descriptors,
// and print a few KiB. The output's bound is also the go command's: go
// test holds about four times the output of a package's run in memory
// (measured: 276 MiB for 64 MiB). The build's is above the most any
// program of an honest build was measured to use, on an empty build cache:
// 1.1 GB, compiling go-redis (exercise 5's tests use it).
var DefaultLimits = Limits{
	Memory:   1 << 30,
	Tasks:    256,
	Output:   16 << 20,
	FileSize: 128 << 20,
	Files:    512,
	Build:    2 << 30,
}

// Spec describes one confined run. The grader writes it as JSON before the
// run; [Main] reads it.
type Spec struct {
	// Bwrap, when set, runs the binary inside bubblewrap (from [Probe]).
	Bwrap *Bwrap `json:"bwrap,omitempty"`
	// Limits bound the run.
	Limits Limits `json:"limits"`
	// Etc is a folder the sandbox shows as /etc (hosts, passwd): the
	// host's own /etc is not shown.
	Etc string `json:"etc,omitempty"`
	// Env names the variables passed from go test's environment to the
	// binary, sandbox or not; others are dropped. In the sandbox HOME,
	// TMPDIR and PATH are its own.
	Env []string `json:"env,omitempty"`
	// Cgroup, when set, is the cgroup v2 folder (from [Cgroups]) under
	// which the run gets a cgroup of its own, bounded by Limits.
	Cgroup string `json:"cgroup,omitempty"`
	// Outcome is where [Main] writes the run's [Outcome].
	Outcome string `json:"outcome"`
}

// Exceeded names the bound a run crossed.
type Exceeded string

// The bounds a run can cross.
const (
	ExceededMemory Exceeded = "memory"
	ExceededTasks  Exceeded = "tasks"
	ExceededOutput Exceeded = "output"
)

// Outcome is what [Main] says about one run.
type Outcome struct {
	// Exceeded is the bound the run crossed, "" when none: the run was
	// stopped there.
	Exceeded Exceeded `json:"exceeded,omitempty"`
	// Limits are the bounds the run had.
	Limits Limits `json:"limits"`
	// PeakMemory is the most memory the binary and its processes were
	// seen using together, in bytes, as Limits.Memory counts it.
	PeakMemory int64 `json:"peak_memory"`
	// PeakTasks is the most processes and threads seen at once.
	PeakTasks int `json:"peak_tasks"`
	// Sandboxed is true when the binary ran inside bubblewrap.
	Sandboxed bool `json:"sandboxed"`
	// Leftovers counts the processes still running when the binary ended,
	// which Main then killed.
	Leftovers int `json:"leftovers"`
	// Attestation is what the binary attested, once its signature is
	// checked (see attest.go); nil when it attested nothing valid, and
	// AttestationError says why.
	Attestation      json.RawMessage `json:"attestation,omitempty"`
	AttestationError string          `json:"attestation_error,omitempty"`
	// Error is set when the binary could not be started: what Main or
	// bubblewrap said. No code of the binary's ran, so it says nothing
	// about the learner.
	Error string `json:"error,omitempty"`
}

// WithDefaults is l with its zero fields taken from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	return Limits{Memory: orDefault(l.Memory, d.Memory), Tasks: orDefault(l.Tasks, d.Tasks), Output: orDefault(l.Output, d.Output),
		FileSize: orDefault(l.FileSize, d.FileSize), Files: orDefault(l.Files, d.Files), Build: orDefault(l.Build, d.Build)}
}

// orDefault is v, or d when v is not positive.
func orDefault[T int | int64](v, d T) T {
	if v <= 0 {
		return d
	}
	return v
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
		return 0, i18n.Errorf(msgMemory, s)
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
