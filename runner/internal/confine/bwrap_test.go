package confine

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBwrapArgsShowOnlyWhatTheRunNeeds(t *testing.T) {
	spec := &Spec{Limits: DefaultLimits, Etc: "/tmp/grade/etc", Env: []string{"GOMAXPROCS", "HOME"}}
	env := binaryEnv(spec, []string{"GOMAXPROCS=1", "AWS_SECRET_ACCESS_KEY=x", "HOME=/root"})
	args := strings.Join(bwrapArgs(spec, "/tmp/go-build1/b001/echo.test", []string{"-test.v"}, "/work/course/exercises/01_echo", env, 5), " ")
	for _, want := range []string{
		"--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session",
		"--ro-bind /tmp/grade/etc /etc",
		"--tmpfs /tmp", "--tmpfs " + sandboxHome,
		"--ro-bind /tmp/go-build1/b001/echo.test /tmp/go-build1/b001/echo.test",
		"--json-status-fd 5",
		"--symlink /tmp/go-build1/b001/echo.test /proc/self/exe",
		"--remount-ro / --clearenv",
		"--dir /work/course/exercises/01_echo --chdir /work/course/exercises/01_echo",
		"--setenv GOMAXPROCS 1", "--setenv HOME " + sandboxHome,
		"-- /tmp/go-build1/b001/echo.test -test.v",
	} {
		assert.Contains(t, args, want)
	}
	// The course's folder is an empty one inside, the instructor's
	// variables and home stay out.
	assert.NotContains(t, args, "--bind /work/course")
	assert.NotContains(t, args, "--ro-bind /work")
	assert.NotContains(t, args, "AWS_SECRET")
	assert.NotContains(t, args, "/root")
	// No /proc (the process's own memory is there to read and patch), and
	// nothing writable but the bounded folders.
	assert.NotContains(t, args, "--proc")
	assert.NotContains(t, args, "--bind ")
	// The private /tmp comes before the binary placed in it.
	assert.Less(t, strings.Index(args, "--tmpfs /tmp"), strings.Index(args, "--ro-bind /tmp/go-build1"))
	assert.Contains(t, args, "--size 134217728 --tmpfs /tmp")

	// A bubblewrap older than 0.8 has no --size.
	spec.Bwrap = &Bwrap{Path: "/usr/bin/bwrap"}
	args = strings.Join(bwrapArgs(spec, "/tmp/b/x.test", nil, "/work", nil, -1), " ")
	assert.NotContains(t, args, "--size")
	assert.Contains(t, args, "--tmpfs /tmp")
}
