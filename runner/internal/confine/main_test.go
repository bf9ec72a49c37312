package confine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// childEnv names what this test binary does when started as the binary
// under test.
const childEnv = "CONFINE_TEST_CHILD"

// TestMain makes this test binary play both parts: Main (the grader's
// -exec program) and the test binary Main runs (childEnv says how it
// misbehaves).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == Command {
		os.Exit(Main(os.Args[2:]))
	}
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(child(mode, os.Getenv(childEnv+"_MARKER")))
	}
	os.Exit(m.Run())
}

// child is the binary under test.
func child(mode, marker string) int {
	switch mode {
	case "hog": // holds 1 GiB, every page touched
		b := make([]byte, 1<<30)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		fmt.Println(b[len(b)-4096])
	case "shmhog": // 1 GiB of shared anonymous memory, which is not RssAnon
		b, err := syscall.Mmap(-1, 0, 1<<30, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED|syscall.MAP_ANON)
		if err != nil {
			fmt.Println(err)
			return 9
		}
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
	case "flood": // 8 MiB without a newline
		os.Stdout.Write(bytes.Repeat([]byte("z"), 8<<20))
	case "spawn": // leaves five processes behind, two in sessions of their own
		for i := range 5 {
			cmd := exec.Command("sh", "-c", "sleep 300; true", marker)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: i < 2}
			if err := cmd.Start(); err != nil {
				fmt.Println(err)
				return 9
			}
		}
		fmt.Println("spawned")
	case "forks": // more processes than the limit, all at once
		for range 20 {
			if err := exec.Command("sh", "-c", "sleep 300; true", marker).Start(); err != nil {
				fmt.Println(err)
			}
		}
		select {}
	case "bigfile": // a file past the file-size bound, in the private /tmp
		f, err := os.Create(filepath.Join(os.TempDir(), "big"))
		if err != nil {
			fmt.Println(err)
			return 9
		}
		chunk := make([]byte, 1<<20)
		written := 0
		for range 64 {
			n, err := f.Write(chunk)
			written += n
			if err != nil {
				break
			}
		}
		fmt.Println(written)
	case "noop":
	case "exit3":
		fmt.Print("no newline")
		return 3
	case "killed":
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	case "look": // what the sandbox lets it see
		wd, _ := os.Getwd()
		entries, _ := os.ReadDir(wd)
		_, errRead := os.ReadFile(marker)
		u, errUser := user.Current()
		name := ""
		if errUser == nil {
			name = u.Username
		}
		fmt.Printf("uid=%d user=%s home=%s entries=%d read=%v\n", os.Getuid(), name, os.Getenv("HOME"), len(entries), errRead != nil)
	}
	return 0
}

// confined runs this test binary in mode through Main and returns its
// exit status, output and outcome.
func confined(t testing.TB, mode string, sandbox bool, limits Limits, marker string) (int, string, *Outcome) {
	return confinedWith(t, mode, sandbox, nil, limits, marker)
}

// confinedWith is confined with the bubblewrap given, when not nil.
func confinedWith(t testing.TB, mode string, sandbox bool, bwrap *Bwrap, limits Limits, marker string) (int, string, *Outcome) {
	t.Helper()
	dir := t.TempDir()
	spec := Spec{Bwrap: bwrap, Limits: limits, Outcome: filepath.Join(dir, "outcome.json"), Env: []string{childEnv, childEnv + "_MARKER", "PATH"}}
	etc, err := WriteEtc(dir)
	require.NoError(t, err)
	spec.Etc = etc
	if sandbox && bwrap == nil {
		bwrap, err := Probe(context.Background())
		if err != nil {
			t.Skipf("the sandbox cannot run here: %v", err)
		}
		spec.Bwrap = bwrap
	}
	data, err := json.Marshal(spec)
	require.NoError(t, err)
	specPath := filepath.Join(dir, "spec.json")
	require.NoError(t, os.WriteFile(specPath, data, 0o600))
	self, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(self, Command, specPath, self)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childEnv+"_MARKER="+marker)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	var o Outcome
	data, err = os.ReadFile(spec.Outcome)
	require.NoError(t, err, "Main wrote no outcome; it said: %s", out.String())
	require.NoError(t, json.Unmarshal(data, &o))
	return code, out.String(), &o
}

// alive lists the processes whose command line holds marker.
func alive(marker string) []string {
	var found []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if data, err := os.ReadFile(p); err == nil && bytes.Contains(data, []byte(marker)) {
			found = append(found, strings.ReplaceAll(string(data), "\x00", " "))
		}
	}
	return found
}

func tag(t *testing.T) string {
	return "confine-test-" + strconv.Itoa(os.Getpid()) + "-" + strings.ReplaceAll(t.Name(), "/", "-")
}

func TestMainEnforcesTheLimits(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("the limits are measured through /proc, which this system lacks")
	}
	for _, sandbox := range []bool{false, true} {
		name := map[bool]string{false: "unconfined", true: "sandbox"}[sandbox]
		t.Run(name+"/memory", func(t *testing.T) {
			t.Parallel()
			code, _, o := confined(t, "hog", sandbox, Limits{Memory: 128 << 20}, tag(t))
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededMemory, o.Exceeded)
			assert.Greater(t, o.PeakMemory, int64(128<<20))
			assert.Equal(t, sandbox, o.Sandboxed)
		})
		t.Run(name+"/shared memory", func(t *testing.T) {
			t.Parallel()
			code, _, o := confined(t, "shmhog", sandbox, Limits{Memory: 128 << 20}, tag(t))
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededMemory, o.Exceeded)
		})
		t.Run(name+"/output", func(t *testing.T) {
			t.Parallel()
			code, out, o := confined(t, "flood", sandbox, Limits{Output: 1 << 20}, tag(t))
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededOutput, o.Exceeded)
			assert.LessOrEqual(t, len(out), 1<<20+(1<<20)/maxLine+1)
		})
		t.Run(name+"/processes", func(t *testing.T) {
			t.Parallel()
			m := tag(t)
			code, _, o := confined(t, "forks", sandbox, Limits{Processes: 8}, m)
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededProcesses, o.Exceeded)
			assert.Empty(t, alive(m))
		})
		t.Run(name+"/file size", func(t *testing.T) {
			t.Parallel()
			// The write past the bound fails (a Go program ignores
			// SIGXFSZ and gets EFBIG; in the sandbox the private /tmp,
			// of the same size, is full first): the test that wrote it
			// fails on its own.
			code, out, _ := confined(t, "bigfile", sandbox, Limits{FileSize: 8 << 20}, tag(t))
			assert.Equal(t, 0, code)
			n, err := strconv.Atoi(strings.TrimSpace(out))
			require.NoError(t, err, out)
			assert.LessOrEqual(t, n, 8<<20)
		})
		t.Run(name+"/leftovers", func(t *testing.T) {
			t.Parallel()
			m := tag(t)
			code, out, o := confined(t, "spawn", sandbox, Limits{}, m)
			assert.Equal(t, 0, code, out)
			assert.Contains(t, out, "spawned")
			assert.Empty(t, alive(m), "a process the binary started outlived its run")
			if !sandbox {
				// In the sandbox they die with its PID namespace before
				// Main looks.
				// Five shells, and the sleeps those that got so far
				// started.
				assert.GreaterOrEqual(t, o.Leftovers, 5)
			}
		})
		t.Run(name+"/exit status", func(t *testing.T) {
			t.Parallel()
			code, out, o := confined(t, "exit3", sandbox, Limits{}, tag(t))
			assert.Equal(t, 3, code)
			assert.Equal(t, "no newline", out)
			assert.Empty(t, o.Exceeded)
			code, out, _ = confined(t, "killed", sandbox, Limits{}, tag(t))
			assert.Equal(t, 1, code)
			assert.Equal(t, "signal: killed\n", out)
		})
	}
}

func TestBwrapFailureIsMainsError(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "bwrap")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho 'bwrap: Creating new namespace failed: No space left on device' >&2\nexit 1\n"), 0o755))
	code, _, o := confinedWith(t, "noop", true, &Bwrap{Path: fake, SizedTmpfs: true}, Limits{}, "")
	assert.Equal(t, 1, code)
	assert.Equal(t, "bwrap: Creating new namespace failed: No space left on device", o.Error)
}

func TestSandboxHidesTheHost(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("x"), 0o644))
	code, out, o := confined(t, "look", true, Limits{}, secret)
	require.Equal(t, 0, code, out)
	assert.True(t, o.Sandboxed)
	assert.Equal(t, fmt.Sprintf("uid=%d user=learner home=%s entries=0 read=true\n", sandboxUID, sandboxHome), out)
}

// BenchmarkRun is what Main adds to one run of a test binary that does
// nothing: the sandbox's cost per run, against Main without it.
func BenchmarkRun(b *testing.B) {
	for _, sandbox := range []bool{false, true} {
		b.Run(map[bool]string{false: "unconfined", true: "sandbox"}[sandbox], func(b *testing.B) {
			for b.Loop() {
				if code, out, _ := confined(b, "noop", sandbox, Limits{}, ""); code != 0 {
					b.Fatalf("exit status %d: %s", code, out)
				}
			}
		})
	}
}
