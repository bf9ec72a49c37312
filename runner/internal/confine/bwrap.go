package confine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
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
		return "", fmt.Errorf("writing the sandbox's /etc: %w", err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(etc, name), []byte(data), 0o644); err != nil {
			return "", fmt.Errorf("writing the sandbox's /etc: %w", err)
		}
	}
	return etc, nil
}

// bwrapArgs is bubblewrap's command line for running binary with args in
// folder dir under spec: new user, PID, IPC, network, UTS and cgroup
// namespaces (the network one has only its own loopback); the system
// folders read-only; /etc from spec.Etc; an empty home and a private /tmp
// and /dev/shm, each bounded to the file-size limit; the binary itself,
// read-only; spec.Writable writable; dir, where go test starts the binary,
// an empty folder. Nothing else of the host's files is there.
func bwrapArgs(spec *Spec, binary string, args []string, dir string, env []string) []string {
	// A tmpfs is memory that no process's resident size shows: the
	// private /tmp may hold one file of the largest size, the home and
	// /dev/shm little.
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
	a = append(a, "--proc", "/proc", "--dev", "/dev")
	a = append(a, tmpfs("/dev/shm", smallTmpfs)...)
	a = append(a, tmpfs("/tmp", spec.Limits.FileSize)...)
	a = append(a, tmpfs(sandboxHome, smallTmpfs)...)
	// The binary and the writable folder usually live under the host's
	// /tmp, so they are placed after the private /tmp is mounted.
	a = append(a, "--ro-bind", binary, binary)
	if spec.Writable != "" {
		a = append(a, "--bind", spec.Writable, spec.Writable)
	}
	a = append(a, "--dir", dir, "--chdir", dir, "--clearenv")
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		a = append(a, "--setenv", k, v)
	}
	a = append(a, "--setenv", "HOME", sandboxHome, "--setenv", "TMPDIR", "/tmp", "--setenv", "USER", "learner")
	return append(append(a, "--", binary), args...)
}

// sandboxEnv keeps, of env, the variables spec names.
func sandboxEnv(spec *Spec, env []string) []string {
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
var ErrNoBwrap = errors.New("bubblewrap (bwrap) is not installed")

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
		return nil, fmt.Errorf("finding true(1) to try the sandbox with: %w", err)
	}
	truePath, _ = filepath.EvalSymlinks(truePath)
	dir, err := os.MkdirTemp("", "workbook-probe-")
	if err != nil {
		return nil, fmt.Errorf("trying the sandbox: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	try := func(b *Bwrap) (string, error) {
		spec := &Spec{Bwrap: b, Limits: DefaultLimits, Writable: dir}
		cmd := exec.CommandContext(ctx, path, bwrapArgs(spec, truePath, nil, dir, nil)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
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
		return nil, fmt.Errorf("bwrap cannot make the sandbox here: %s", msg)
	}
	return b, nil
}
