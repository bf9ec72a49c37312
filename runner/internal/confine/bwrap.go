package confine

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Inside the sandbox the binary runs as this user, with this home.
const (
	sandboxUID  = 1000
	sandboxHome = "/home/learner"
)

// smallTmpfs is the size of the sandbox's home and /dev/shm, which the
// course's tests do not use.
const smallTmpfs = 16 << 20

// systemDirs are the host's folders the sandbox shows, read-only: the
// programs and shared libraries a test binary (linked with the race
// detector's cgo, or starting sh) may need. Where one is a symbolic link
// (usr-merged systems), the link is recreated instead.
var systemDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// WriteEtc writes, in a new folder etc under dir, what the sandbox shows
// as /etc (Spec.Etc): the loopback's names and the sandbox's user, and
// nothing of the host's. It returns the folder.
func WriteEtc(dir string) (string, error) {
	etc := filepath.Join(dir, "etc")
	uid := strconv.Itoa(sandboxUID)
	files := map[string]string{
		"hosts":  "127.0.0.1 localhost\n::1 localhost\n",
		"passwd": "learner:x:" + uid + ":" + uid + ":learner:" + sandboxHome + ":/bin/sh\n",
		"group":  "learner:x:" + uid + ":\n",
	}
	if err := os.Mkdir(etc, 0o755); err != nil {
		return "", i18n.Errorf(msgSandboxEtc, err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(etc, name), []byte(data), 0o644); err != nil {
			return "", i18n.Errorf(msgSandboxEtc, err)
		}
	}
	return etc, nil
}

// sandboxPath is the sandbox's PATH: the host's system folders it shows.
const sandboxPath = "/usr/local/bin:/usr/bin:/bin"

// bwrapArgs is bubblewrap's command line for running binary with args in
// folder dir under spec: new user, PID, IPC, network, UTS and cgroup
// namespaces (the network one has only its own loopback); the system
// folders read-only; /etc from spec.Etc; an empty home and a private /tmp
// and /dev/shm, each bounded in size; the binary itself, read-only; dir,
// where go test starts the binary, an empty folder. Everything else is
// read-only, so that nothing can be written but into the three bounded
// folders. Nothing of the host's files is there but the system folders
// and the binary.
//
// There is no /proc: through /proc/self/mem a process can read and patch
// its own memory (the testing package's code, say) with nothing but the os
// package. /proc/self/exe alone is there, a link to the binary, for the
// race detector and os.Executable.
//
// bubblewrap reports on the descriptor statusFD (when not negative) the
// sandbox's process and, once the binary has run, its exit status.
func bwrapArgs(spec *Spec, binary string, args []string, dir string, env []string, statusFD int) []string {
	// A tmpfs is memory that no process's resident size shows: Main counts
	// what the three writable ones hold, and each is bounded besides.
	tmpfs := func(path string, size int64) []string {
		if spec.Bwrap != nil && !spec.Bwrap.SizedTmpfs {
			return []string{"--tmpfs", path}
		}
		return []string{"--size", strconv.FormatInt(size, 10), "--tmpfs", path}
	}
	a := []string{
		"--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
		"--uid", strconv.Itoa(sandboxUID), "--gid", strconv.Itoa(sandboxUID),
		"--hostname", "sandbox",
		"--die-with-parent", "--new-session",
		"--cap-drop", "ALL",
	}
	if statusFD >= 0 {
		a = append(a, "--json-status-fd", strconv.Itoa(statusFD))
	}
	for _, d := range systemDirs {
		fi, err := os.Lstat(d)
		switch {
		case err != nil:
		case fi.Mode()&os.ModeSymlink != 0:
			if target, err := os.Readlink(d); err == nil {
				a = append(a, "--symlink", target, d)
			}
		case fi.IsDir():
			a = append(a, "--ro-bind", d, d)
		}
	}
	if spec.Etc != "" {
		a = append(a, "--ro-bind", spec.Etc, "/etc")
	}
	a = append(a, "--dev", "/dev")
	a = append(a, tmpfs("/dev/shm", smallTmpfs)...)
	a = append(a, tmpfs("/tmp", spec.Limits.FileSize)...)
	a = append(a, tmpfs(sandboxHome, smallTmpfs)...)
	// The binary usually lives under the host's /tmp, so it is placed
	// after the private /tmp is mounted.
	a = append(a, "--ro-bind", binary, binary)
	a = append(a, "--dir", "/proc/self", "--symlink", binary, "/proc/self/exe")
	a = append(a, "--dir", dir, "--chdir", dir)
	// The root and /dev are tmpfs too, and unbounded: read-only, once
	// everything is placed.
	a = append(a, "--remount-ro", "/dev", "--remount-ro", "/")
	a = append(a, "--clearenv")
	for _, kv := range sandboxVars(env) {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	return append(append(a, "--", binary), args...)
}

// sandboxVars is the environment of a binary in the sandbox: env, with
// the sandbox's own home, temporary folder, user and PATH.
func sandboxVars(env []string) []string {
	out := make([]string, 0, len(env)+4)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "TMPDIR", "USER", "PATH":
		default:
			out = append(out, kv)
		}
	}
	return append(out, "HOME="+sandboxHome, "TMPDIR=/tmp", "USER=learner", "PATH="+sandboxPath)
}

// binaryEnv keeps, of env, the variables spec names: the environment the
// binary gets, sandbox or not.
func binaryEnv(spec *Spec, env []string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		for _, name := range spec.Env {
			if k == name {
				out = append(out, kv)
			}
		}
	}
	return out
}

// Bwrap is the bubblewrap found on this machine.
type Bwrap struct {
	// Path is the program.
	Path string `json:"path"`
	// SizedTmpfs is true when it can bound a tmpfs (--size, from
	// bubblewrap 0.8); older ones leave the private /tmp unbounded but
	// for the size of each file.
	SizedTmpfs bool `json:"sized_tmpfs"`
}

// ErrNoBwrap is the cause of [Probe]'s error when bubblewrap is not
// installed.
var ErrNoBwrap = i18n.NewError(msgNoBwrap)

// Probe finds bubblewrap and checks that it can make the sandbox here:
// some systems forbid the user namespaces it needs to ordinary users. It
// returns what it found, or why the sandbox cannot be used (with what
// bwrap said).
func Probe(ctx context.Context) (*Bwrap, error) {
	path, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, ErrNoBwrap
	}
	truePath, err := exec.LookPath("true")
	if err != nil {
		return nil, i18n.Errorf(msgNoTrue, err)
	}
	truePath, _ = filepath.EvalSymlinks(truePath)
	dir, err := os.MkdirTemp("", "workbook-probe-")
	if err != nil {
		return nil, i18n.Errorf(msgProbe, err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// The real command line, with --json-status-fd (bubblewrap 0.5), which
	// Main needs to tell bubblewrap's failures from the binary's.
	try := func(b *Bwrap) (string, error) {
		spec := &Spec{Bwrap: b, Limits: DefaultLimits}
		r, w, err := os.Pipe()
		if err != nil {
			return "", err
		}
		defer r.Close()
		cmd := exec.CommandContext(ctx, path, bwrapArgs(spec, truePath, nil, dir, nil, 3)...)
		cmd.Env = sandboxVars(nil)
		cmd.ExtraFiles = []*os.File{w}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err = cmd.Run()
		w.Close()
		status, _ := io.ReadAll(io.LimitReader(r, 64<<10))
		if err == nil && !bytes.Contains(status, []byte(`"exit-code"`)) {
			err = i18n.NewError(msgOldBwrap)
		}
		return strings.TrimSpace(out.String()), err
	}
	b := &Bwrap{Path: path, SizedTmpfs: true}
	msg, err := try(b)
	if err != nil && strings.Contains(msg, "--size") {
		b.SizedTmpfs = false
		msg, err = try(b)
	}
	if err != nil {
		if msg == "" {
			msg = err.Error()
		}
		return nil, i18n.Errorf(msgBwrapRefused, msg)
	}
	return b, nil
}
