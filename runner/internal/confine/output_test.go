package confine

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestOutputFilter(t *testing.T) {
	long := strings.Repeat("y", maxLine+10)
	tests := []struct {
		name   string
		writes []string
		limit  int64
		want   string
		over   bool
	}{
		{"lines pass as they are", []string{"a\n", "\x16--- PASS: TestA\n"}, 1 << 20, "a\n\x16--- PASS: TestA\n", false},
		{"a marker after output without newline starts a line", []string{"no newline", "\x16--- PASS: TestA (0.00s)\n"}, 1 << 20, "no newline\n\x16--- PASS: TestA (0.00s)\n", false},
		{"a marker in the middle of one write", []string{"x\x16=== RUN   TestB\n"}, 1 << 20, "x\n\x16=== RUN   TestB\n", false},
		{"a marker at the start of a line is left alone", []string{"x\n", "\x16PASS\n"}, 1 << 20, "x\n\x16PASS\n", false},
		{"a long line is cut", []string{long}, 1 << 20, long[:maxLine] + "\n" + long[maxLine:], false},
		{"a long line cut across writes", []string{long[:maxLine-5], long[maxLine-5:]}, 1 << 20, long[:maxLine] + "\n" + long[maxLine:], false},
		{"the limit stops the output", []string{"abcdef", "ghij"}, 8, "abcdefgh", true},
		{"exactly the limit is not over it", []string{"abcd"}, 4, "abcd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			over := false
			f := &outputFilter{w: &b, limit: tt.limit, over: func() { over = true }}
			for _, w := range tt.writes {
				n, err := f.Write([]byte(w))
				assert.NoError(t, err)
				assert.Equal(t, len(w), n)
			}
			assert.Equal(t, tt.want, b.String())
			assert.Equal(t, tt.over, over)
		})
	}
}

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"1GiB", 1 << 30, false},
		{"512MiB", 512 << 20, false},
		{"512m", 512 << 20, false},
		{"2G", 2 << 30, false},
		{" 1.5 GiB ", 3 << 29, false},
		{"4096", 4096, false},
		{"", 0, true},
		{"-1G", 0, true},
		{"lots", 0, true},
		{"1TB", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseBytes(tt.in)
		if tt.bad {
			assert.Error(t, err, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	assert.Equal(t, "1 GiB", FormatBytes(1<<30))
	assert.Equal(t, "256 MiB", FormatBytes(256<<20))
}

func TestBwrapArgsShowOnlyWhatTheRunNeeds(t *testing.T) {
	spec := &Spec{Limits: DefaultLimits, Writable: "/tmp/run/out", Etc: "/tmp/grade/etc", Env: []string{"GOMAXPROCS"}}
	env := sandboxEnv(spec, []string{"GOMAXPROCS=1", "AWS_SECRET_ACCESS_KEY=x", "HOME=/root"})
	args := strings.Join(bwrapArgs(spec, "/tmp/go-build1/b001/echo.test", []string{"-test.v"}, "/work/course/exercises/01_echo", env), " ")
	for _, want := range []string{
		"--unshare-net", "--unshare-pid", "--die-with-parent", "--new-session",
		"--ro-bind /tmp/grade/etc /etc",
		"--tmpfs /tmp", "--tmpfs " + sandboxHome,
		"--ro-bind /tmp/go-build1/b001/echo.test /tmp/go-build1/b001/echo.test",
		"--bind /tmp/run/out /tmp/run/out",
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
	// The private /tmp comes before the binary placed in it.
	assert.Less(t, strings.Index(args, "--tmpfs /tmp"), strings.Index(args, "--ro-bind /tmp/go-build1"))
	assert.Contains(t, args, "--size 268435456 --tmpfs /tmp")

	// A bubblewrap older than 0.8 has no --size.
	spec.Bwrap = &Bwrap{Path: "/usr/bin/bwrap"}
	args = strings.Join(bwrapArgs(spec, "/tmp/b/x.test", nil, "/work", nil), " ")
	assert.NotContains(t, args, "--size")
	assert.Contains(t, args, "--tmpfs /tmp")
}
