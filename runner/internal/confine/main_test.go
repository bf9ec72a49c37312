//go:build unix

package confine

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

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
	if len(os.Args) > 1 && os.Args[1] == "alloc" { // a program of the build that needs too much, a MiB at a time
		var held [][]byte
		for range 1024 {
			b := make([]byte, 1<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			held = append(held, b)
		}
		fmt.Println(len(held))
		os.Exit(0)
	}
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(child(mode, os.Getenv(childEnv+"_MARKER")))
	}
	os.Exit(m.Run())
}

// sysMemfdCreate is memfd_create(2)'s number, where the test knows it.
var sysMemfdCreate = map[string]uintptr{"amd64": 319, "arm64": 279}

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
	case "fakebwrap": // says what bwrap says when it fails, and fails
		fmt.Fprintln(os.Stderr, "bwrap: Creating new namespace failed: No space left on device")
		return 1
	case "inherited": // what reached it: descriptors, environment, /proc
		for fd := range 1024 {
			var st syscall.Stat_t
			if syscall.Fstat(fd, &st) == nil && strconv.FormatUint(st.Ino, 10) == marker {
				fmt.Printf("the secret file is open as descriptor %d\n", fd)
			}
		}
		fmt.Println("env=" + strings.Join(os.Environ(), "\x00"))
		for _, p := range []string{"/proc/1/environ", "/proc/self/environ", "/proc/self/mem"} {
			data, err := os.ReadFile(p)
			fmt.Printf("%s=%q %v\n", p, data, err)
		}
	case "threads": // as many threads as the runtime lets it have, under the bound the setup gives (as the grader's binaries take it)
		setup := make([]byte, setupSize)
		if _, err := io.ReadFull(os.NewFile(SetupFD, "setup"), setup); err != nil {
			fmt.Println(err)
			return 9
		}
		if n := binary.LittleEndian.Uint32(setup[keySize:]); n > 0 {
			syscall.Setrlimit(6, &syscall.Rlimit{Cur: uint64(n), Max: uint64(n)}) // RLIMIT_NPROC
		}
		for range 5000 {
			go func() {
				runtime.LockOSThread()
				select {}
			}()
		}
		time.Sleep(10 * time.Second)
	case "sockets": // 256 MiB left unread in the buffers of loopback sockets
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Println(err)
			return 9
		}
		chunk := make([]byte, 1<<20)
		held := 0
		for held < 256<<20 {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				fmt.Println(err)
				return 9
			}
			s, err := ln.Accept()
			if err != nil {
				fmt.Println(err)
				return 9
			}
			defer s.Close() // held, never read
			for {
				c.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
				n, err := c.Write(chunk)
				held += n
				if err != nil {
					break
				}
			}
		}
		fmt.Println("held", held)
		time.Sleep(10 * time.Second)
	case "tmpfs": // 96 MiB in the private /tmp
		if err := os.WriteFile(filepath.Join(os.TempDir(), "big"), make([]byte, 96<<20), 0o600); err != nil {
			fmt.Println(err)
			return 9
		}
		time.Sleep(10 * time.Second)
	case "memfd": // 4 × 96 MiB in memory files, never mapped
		for i := range 4 {
			fd, _, errno := syscall.Syscall(sysMemfdCreate[runtime.GOARCH], uintptr(unsafe.Pointer(&[]byte("held\x00")[0])), 0, 0)
			if errno != 0 {
				fmt.Println(errno)
				return 9
			}
			f := os.NewFile(fd, "memfd"+strconv.Itoa(i))
			if _, err := f.Write(make([]byte, 96<<20)); err != nil {
				fmt.Println(err)
				return 9
			}
		}
		time.Sleep(10 * time.Second)
	case "scribble": // writes where the sandbox shows folders of its own
		wd, _ := os.Getwd()
		for _, dir := range []string{wd, "/", "/proc", "/dev", "/etc"} {
			err := os.WriteFile(filepath.Join(dir, "x"), []byte("x"), 0o600)
			fmt.Printf("%s: %v\n", dir, err != nil)
		}
	case "attest", "forge": // attests as the grader's test binaries do, or with a key of its own
		key := make([]byte, setupSize)
		if _, err := io.ReadFull(os.NewFile(SetupFD, "setup"), key); err != nil {
			fmt.Println(err)
			return 9
		}
		if mode == "forge" {
			key = []byte("a key of its own, 32 bytes long.")
		}
		body := []byte(`{"code":0,"tests":{"TestX":{"runs":1}}}`)
		mac := hmac.New(sha256.New, key[:keySize])
		mac.Write(body)
		os.NewFile(ReportFD, "report").Write(append(append(body, '\n'), hex.EncodeToString(mac.Sum(nil))...))
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
	return confinedWith(t, mode, sandbox, nil, "", limits, marker)
}

// confinedWith is confined with the bubblewrap given, when not nil, and
// in a cgroup under the one given, when not "".
func confinedWith(t testing.TB, mode string, sandbox bool, bwrap *Bwrap, cgroup string, limits Limits, marker string) (int, string, *Outcome) {
	t.Helper()
	dir := t.TempDir()
	spec := Spec{Bwrap: bwrap, Cgroup: cgroup, Limits: limits, Outcome: filepath.Join(dir, "outcome.json"), Env: []string{childEnv, childEnv + "_MARKER", "PATH", "TMPDIR"}}
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
	cmd := exec.Command(self, Command, "run", specPath, self)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childEnv+"_MARKER="+marker, "TMPDIR="+dir)
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
			code, _, o := confined(t, "forks", sandbox, Limits{Tasks: 32}, m)
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededTasks, o.Exceeded)
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

// TestMainCountsKernelMemory: memory that no process's resident size
// shows counts against the bound: data left unread in loopback sockets,
// files in the sandbox's private /tmp (a tmpfs) and memory files.
func TestMainCountsKernelMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/net/tcp"); err != nil {
		t.Skip("the kernel's memory is measured through /proc, which this system lacks")
	}
	for _, sandbox := range []bool{false, true} {
		modes := []string{"sockets", "memfd"}
		if sandbox {
			modes = append(modes, "tmpfs")
		}
		for _, mode := range modes {
			name := map[bool]string{false: "unconfined/", true: "sandbox/"}[sandbox] + mode
			t.Run(name, func(t *testing.T) {
				if mode == "memfd" && sysMemfdCreate[runtime.GOARCH] == 0 {
					t.Skip("memfd_create's number is not known here")
				}
				t.Parallel()
				code, out, o := confined(t, mode, sandbox, Limits{Memory: 64 << 20}, tag(t))
				assert.Equal(t, 1, code, out)
				assert.Equal(t, ExceededMemory, o.Exceeded, "peak %d, output %s", o.PeakMemory, out)
			})
		}
	}
}

// TestMainInCgroups: where the machine hands the grader cgroups (v2,
// delegated to its user, or root's), each run is in one of its own, which
// counts what no look at /proc sees (here, memory files and socket
// buffers) and stops it at its bound.
func TestMainInCgroups(t *testing.T) {
	cg, err := Cgroups()
	if err != nil {
		t.Skipf("no cgroup for the grader here: %v (run the tests under systemd-run --user --scope -p Delegate=yes to try them)", err)
	}
	for _, sandbox := range []bool{false, true} {
		for _, mode := range []string{"hog", "sockets", "threads"} {
			name := map[bool]string{false: "unconfined/", true: "sandbox/"}[sandbox] + mode
			t.Run(name, func(t *testing.T) {
				if sandbox {
					if _, err := Probe(context.Background()); err != nil {
						t.Skipf("the sandbox cannot run here: %v", err)
					}
				}
				want := map[string]Exceeded{"hog": ExceededMemory, "sockets": ExceededMemory, "threads": ExceededTasks}[mode]
				code, out, o := confinedWith(t, mode, sandbox, nil, cg, Limits{Memory: 64 << 20, Tasks: 64}, tag(t))
				assert.Equal(t, 1, code, out)
				assert.Equal(t, want, o.Exceeded, "output %.300s", out)
			})
		}
	}
	entries, err := os.ReadDir(cg)
	require.NoError(t, err)
	for _, e := range entries {
		assert.False(t, e.IsDir() && strings.HasPrefix(e.Name(), "run-"), "a run's cgroup was left: %s", e.Name())
	}
}

// TestMainBoundsThreads: threads count against the bound on processes, and
// in the sandbox RLIMIT_NPROC (counted in its own user namespace) stops
// them even between two looks, except for root, whom it does not bind.
func TestMainBoundsThreads(t *testing.T) {
	for _, sandbox := range []bool{false, true} {
		t.Run(map[bool]string{false: "unconfined", true: "sandbox"}[sandbox], func(t *testing.T) {
			t.Parallel()
			code, out, o := confined(t, "threads", sandbox, Limits{Tasks: 64}, tag(t))
			assert.Equal(t, 1, code)
			assert.Equal(t, ExceededTasks, o.Exceeded, "peak %d, output %.300s", o.PeakTasks, out)
			if sandbox && os.Getuid() != 0 && tasksPerNamespace() {
				assert.LessOrEqual(t, o.PeakTasks, 64+2, "RLIMIT_NPROC bounds the sandbox's threads")
			}
		})
	}
}

// TestMainPassesNothingInherited: a descriptor the grader inherited (a
// shell's 9<secret) and a token in its environment reach neither the
// binary nor, in the sandbox, any process it can look at.
func TestMainPassesNothingInherited(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("s3cr3t-in-a-file"), 0o600))
	f, err := os.Open(secret)
	require.NoError(t, err)
	defer f.Close()
	fd, err := syscall.Dup(int(f.Fd())) // not close-on-exec
	require.NoError(t, err)
	defer syscall.Close(fd)
	fi, err := f.Stat()
	require.NoError(t, err)
	inode := strconv.FormatUint(fi.Sys().(*syscall.Stat_t).Ino, 10)
	t.Setenv("GITHUB_TOKEN", "ghp_s3cr3t-in-the-environment")
	for _, sandbox := range []bool{false, true} {
		code, out, o := confined(t, "inherited", sandbox, Limits{}, inode)
		require.Equal(t, 0, code, "%s\n%+v", out, o)
		assert.NotContains(t, out, "the secret file is open")
		assert.NotContains(t, out, "s3cr3t")
		if sandbox {
			assert.Contains(t, out, "/proc/1/environ=\"\" open /proc/1/environ: no such file or directory")
			assert.Contains(t, out, "/proc/self/mem=\"\" open /proc/self/mem: no such file or directory")
		}
	}
}

// TestMainAttestation: Main hands on an attestation only when it is signed
// with the key it gave the binary.
func TestMainAttestation(t *testing.T) {
	for _, sandbox := range []bool{false, true} {
		code, out, o := confined(t, "attest", sandbox, Limits{}, "")
		require.Equal(t, 0, code, out)
		assert.JSONEq(t, `{"code":0,"tests":{"TestX":{"runs":1}}}`, string(o.Attestation))
		assert.Empty(t, o.AttestationError)
		_, _, o = confined(t, "forge", sandbox, Limits{}, "")
		assert.Nil(t, o.Attestation)
		assert.Equal(t, "the attestation is not signed with the run's key", o.AttestationError)
		_, _, o = confined(t, "noop", sandbox, Limits{}, "")
		assert.Nil(t, o.Attestation)
		assert.Equal(t, NoAttestation, o.AttestationError)
	}
}

// TestSandboxIsReadOnly: nothing is writable but the bounded folders: not
// the folder the binary starts in, the root, /dev or /etc (all of them
// memory, unbounded, when writable).
func TestSandboxIsReadOnly(t *testing.T) {
	code, out, _ := confined(t, "scribble", true, Limits{}, "")
	require.Equal(t, 0, code, out)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		// The folder the binary starts in is read-only too, unless it is
		// under /tmp, as this test's is: it is then in the private /tmp.
		if !strings.HasPrefix(line, os.TempDir()) {
			assert.True(t, strings.HasSuffix(line, ": true"), "a write succeeded: %s", line)
		}
	}
}

// TestOutputLikeBwrapsIsTheBinarys: a binary that prints what bubblewrap
// prints when it fails, and fails, has failed: it is no setup problem of
// the grader's (which would stop the whole class).
func TestOutputLikeBwrapsIsTheBinarys(t *testing.T) {
	code, out, o := confined(t, "fakebwrap", true, Limits{}, "")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "bwrap: Creating new namespace failed")
	assert.Empty(t, o.Error)
}

func TestBwrapFailureIsMainsError(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "bwrap")
	require.NoError(t, os.WriteFile(fake, []byte("#!/bin/sh\necho 'bwrap: Creating new namespace failed: No space left on device' >&2\nexit 1\n"), 0o755))
	code, _, o := confinedWith(t, "noop", true, &Bwrap{Path: fake, SizedTmpfs: true}, "", Limits{}, "")
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
