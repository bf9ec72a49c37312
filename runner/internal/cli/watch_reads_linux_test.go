package cli_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/cli"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/state"
)

// fakeGo is a go command that passes TestA and TestB of any package and
// opens none of its files: what opens them in a test with it on PATH is
// the workbook.
const fakeGo = `#!/bin/sh
echo '{"Action":"start","Package":"p"}'
for t in TestA TestB; do
	echo '{"Action":"run","Package":"p","Test":"'$t'"}'
	echo '{"Action":"pass","Package":"p","Test":"'$t'","Elapsed":0}'
done
echo '{"Action":"pass","Package":"p","Elapsed":0}'
`

// TestASaveInWatchModeReadsItsFilesOnce: a save is read once, by the
// watcher; the scheduler, the run and the owner of the learner's standing
// use the digest it read, keyed by the exercise's index, and read nothing
// again. inotify counts the opens of every exercise folder and file while
// watch mode runs the saved exercise. A hint shown by another workbook
// command meanwhile is still in the state after watch mode saved the run.
func TestASaveInWatchModeReadsItsFilesOnce(t *testing.T) {
	c := coursetest.Write(t,
		coursetest.Exercise{ID: "one", TestFile: "package one\n"},
		coursetest.Exercise{ID: "two", TestFile: "package two\n"})
	bin := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(bin, "go"), []byte(fakeGo), 0o755))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	opens := watchOpens(t, c.ExerciseDir(&c.Exercises[0]), c.ExerciseDir(&c.Exercises[1]))
	stdin, closeStdin := io.Pipe()
	out := &syncBuffer{}
	env := func(args ...string) cli.Env {
		return cli.Env{Args: args, Stdin: stdin, Stdout: out, Stderr: out, Dir: c.Root, Width: 100,
			Getenv: func(string) string { return "" }}
	}
	exited := make(chan int, 1)
	go func() { exited <- cli.Main(context.Background(), env("watch", "--race=off")) }()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !strings.Contains(out.String(), want) {
			require.True(t, time.Now().Before(deadline), "watch mode never printed %q; it printed:\n%s", want, out.String())
			time.Sleep(20 * time.Millisecond) // polling the output, not deciding anything
		}
	}
	waitFor("── Run #1 · exercise 1")
	opens() // what starting watch mode read

	// Another terminal shows a hint while watch mode runs.
	var hintOut bytes.Buffer
	hint := env("hint", "1")
	hint.Stdout, hint.Stdin = &hintOut, strings.NewReader("")
	require.Equal(t, 0, cli.Main(context.Background(), hint), hintOut.String())

	// An editor's save: a file written elsewhere, renamed over the stub
	// (no open in the folder but the workbook's).
	tmp := filepath.Join(t.TempDir(), "one.go")
	require.NoError(t, os.WriteFile(tmp, []byte("package one // saved\n"), 0o644))
	require.NoError(t, os.Rename(tmp, c.StubPath(&c.Exercises[0])))
	waitFor("── Run #2 · exercise 1")
	assert.Equal(t, map[string]int{"01_one/": 1, "01_one/one.go": 1, "01_one/one_test.go": 1}, opens(),
		"the save's folder is listed once and each of its Go files read once; no other exercise's is read")

	require.NoError(t, closeStdin.Close()) // EOF ends line mode
	select {
	case code := <-exited:
		assert.Equal(t, 0, code, out.String())
	case <-time.After(time.Minute):
		t.Fatal("watch mode did not end after its stdin was closed")
	}
	st, _ := state.Open(c.Root)
	assert.Equal(t, 1, st.HintsShown(c.Exercises[0].ID), "the other command's hint survives watch mode's saves")
	run, ok := st.LastRun(c.Exercises[0].ID)
	require.True(t, ok)
	assert.True(t, run.Passed, "and the run is recorded beside it: %s", out.String())
}

// watchOpens counts, with inotify, the opens of the folders dirs and of
// the files in them. The function it returns gives the counts since its
// last call, by "folder/" and "folder/file".
func watchOpens(t *testing.T, dirs ...string) func() map[string]int {
	fd, err := syscall.InotifyInit1(syscall.IN_NONBLOCK | syscall.IN_CLOEXEC)
	require.NoError(t, err)
	t.Cleanup(func() { syscall.Close(fd) })
	names := map[int32]string{}
	for _, dir := range dirs {
		wd, err := syscall.InotifyAddWatch(fd, dir, syscall.IN_OPEN)
		require.NoError(t, err)
		names[int32(wd)] = filepath.Base(dir) + "/"
	}
	return func() map[string]int {
		counts := map[string]int{}
		buf := make([]byte, 64<<10)
		for {
			n, err := syscall.Read(fd, buf)
			if err == syscall.EAGAIN {
				return counts
			}
			require.NoError(t, err)
			for off := 0; off+syscall.SizeofInotifyEvent <= n; {
				ev := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
				name := bytes.TrimRight(buf[off+syscall.SizeofInotifyEvent:off+syscall.SizeofInotifyEvent+int(ev.Len)], "\x00")
				counts[names[ev.Wd]+string(name)]++
				off += syscall.SizeofInotifyEvent + int(ev.Len)
			}
		}
	}
}
