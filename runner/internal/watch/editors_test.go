package watch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// These tests save a file the way learners do, with real editors in a real
// terminal (tmux) and with the commands that rewrite files, and check that
// each save gives the Watcher exactly one Change, for the content saved.
// The scheduler starts one run per Change (and none for content it has
// judged already), so one Change per save is one run per save. "Exactly
// one" is proven by the sentinel: after the save's Change, a write to
// another file of the folder must be the very next Change.

// editorTerm is one editor running in a tmux session of its own.
type editorTerm struct {
	t       *testing.T
	socket  string
	session string
}

// startEditor runs command (an editor on the stub) in tmux, in dir, and
// waits until the screen shows the file.
func startEditor(t *testing.T, dir, command, shows string) *editorTerm {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
	}
	et := &editorTerm{t: t, socket: filepath.Join(t.TempDir(), "tmux.sock"), session: "ed"}
	// HOME is empty: no learner's vimrc or init.el changes what is tested.
	et.tmux("new-session", "-d", "-s", et.session, "-x", "100", "-y", "30", "-c", dir,
		"env HOME="+t.TempDir()+" TERM=xterm-256color "+command)
	t.Cleanup(func() { exec.Command("tmux", "-S", et.socket, "kill-server").Run() })
	et.waitFor(shows)
	return et
}

func (et *editorTerm) tmux(args ...string) string {
	et.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", et.socket}, args...)...).CombinedOutput()
	require.NoError(et.t, err, "tmux %v: %s", args, out)
	return string(out)
}

// keys types keys; literal text goes with -l.
func (et *editorTerm) keys(keys ...string) {
	et.tmux(append([]string{"send-keys", "-t", et.session}, keys...)...)
}

func (et *editorTerm) text(s string) { et.keys("-l", s) }

func (et *editorTerm) waitFor(want string) {
	et.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		s := et.tmux("capture-pane", "-p", "-t", et.session)
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			et.t.Fatalf("the editor's screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(20 * time.Millisecond) // polling a screen, not deciding a verdict
	}
}

// handshake types command (and Enter) until the screen shows reply: keys
// typed while a program is still starting may be dropped.
func (et *editorTerm) handshake(command, reply string) {
	et.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		et.text(command)
		et.keys("Enter")
		for range 25 {
			if strings.Contains(et.tmux("capture-pane", "-p", "-t", et.session), reply) {
				return
			}
			time.Sleep(20 * time.Millisecond) // polling a screen
		}
		if time.Now().After(deadline) {
			et.t.Fatalf("the editor never answered %q", command)
		}
	}
}

// needs skips the test when a program is missing.
func needs(t *testing.T, program, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(program); err != nil {
		t.Skipf("%s is not installed (apt-get install %s); .ci/run installs it", program, pkg)
	}
}

// savedOnce checks that the save gave one Change, for the content the
// stub now holds, and that it is want.
func savedOnce(t *testing.T, w *Watcher, dir, stub, want string) {
	t.Helper()
	nextChangeIs(t, w, dir, "the save's change")
	got, err := os.ReadFile(stub)
	require.NoError(t, err)
	require.Equal(t, want, string(got), "the file holds what was saved")
	sentinel(t, w, dir)
}

var reNumbers = regexp.MustCompile(`[0-9]+`)

func TestRealEditorsSaveOnce(t *testing.T) {
	type editor struct {
		name, program, pkg string
		command            string // run in the exercise folder on stub.go
		shows              string // on screen once the file is open
		// save edits the buffer to hold want, the stub's content before
		// with every number replaced by n, and saves it.
		save func(et *editorTerm, want, n string)
	}
	vimSave := func(et *editorTerm, _, n string) {
		// vim answers keys only once its terminal queries are answered:
		// until it echoes, keys typed may be lost.
		et.handshake(":echo 'ready'", "ready")
		// A real edit through ex commands, then :w. vim is in normal mode
		// (an Escape just before the colon would read as Alt-colon).
		et.text(":%s/[0-9]\\+/" + n + "/g")
		et.keys("Enter")
		et.text(":w")
		et.keys("Enter")
	}
	vim := func(name, set string) editor {
		return editor{name: name, program: "vim", pkg: "vim-nox", command: "vim --clean -c '" + set + "' stub.go", shows: `"stub.go" 4L`, save: vimSave}
	}
	editors := []editor{
		vim("vim, default settings", "set nocompatible"),
		vim("vim, backupcopy=yes", "set backupcopy=yes"),
		vim("vim, backupcopy=no", "set backupcopy=no"),
		{name: "emacs, lock files and backups on", program: "emacs", pkg: "emacs-nox",
			// -Q: no init file; lock files and backups are on by default.
			command: "emacs -nw -Q stub.go", shows: "package stub",
			save: func(et *editorTerm, want, _ string) {
				et.keys("C-x", "h", "C-w") // select all, cut
				typeLines(et, want)
				et.keys("C-x", "C-s")
				et.waitFor("Wrote")
			}},
		{name: "nano", program: "nano", pkg: "nano", command: "nano --ignorercfiles stub.go", shows: "package stub",
			save: func(et *editorTerm, want, _ string) {
				et.keys("M-\\") // to the first line
				for range 4 {   // the stub's lines
					et.keys("C-k")
				}
				// nano ends the file with a newline of its own.
				typeLines(et, strings.TrimSuffix(want, "\n"))
				et.keys("C-o")
				et.waitFor("File Name to Write")
				et.keys("Enter")
				et.waitFor("Wrote")
			}},
	}
	for _, ed := range editors {
		t.Run(ed.name, func(t *testing.T) {
			needs(t, ed.program, ed.pkg)
			dir, stub := exerciseDir(t)
			w := startWatcher(t, []string{dir}, Options{})
			et := startEditor(t, dir, ed.command, ed.shows)
			for _, n := range []string{"77", "78"} { // the second save checks the first left nothing behind
				before, err := os.ReadFile(stub)
				require.NoError(t, err)
				want := reNumbers.ReplaceAllString(string(before), n)
				ed.save(et, want, n)
				savedOnce(t, w, dir, stub, want)
			}
		})
	}
}

// typeLines types text line by line, each line's newline as Enter.
func typeLines(et *editorTerm, text string) {
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if body != "" {
			et.text(body)
		}
		if strings.HasSuffix(line, "\n") {
			et.keys("Enter")
		}
	}
}

func TestCommandsThatRewriteFilesSaveOnce(t *testing.T) {
	needs(t, "git", "git")
	sh := func(t *testing.T, dir, script string) {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "HOME="+t.TempDir())
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s: %s", script, out)
	}
	// Each step rewrites stub.go by its own means and says what it holds
	// afterwards; prepare runs first, unwatched.
	type step struct {
		script string
		holds  func(t *testing.T, dir string) string
	}
	// fresh puts a new content in ../next.go, for the step to copy or move.
	fresh := func(t *testing.T, dir string) string {
		data := string(content())
		require.NoError(t, os.WriteFile(filepath.Join(dir, "..", "next.go"), []byte(data), 0o644))
		return data
	}
	for _, c := range []struct {
		name    string
		prepare string
		steps   []step
	}{
		{"sed -i", "", []step{{`sed -i 's/[0-9][0-9]*/77/g' stub.go`, nil}}},
		{"cp over from another folder", "", []step{{`cp ../next.go stub.go`, fresh}}},
		{"mv over from another folder", "", []step{{`mv ../next.go stub.go`, fresh}}},
		{"deleted and recreated", "", []step{{`rm stub.go && cp ../next.go stub.go`, fresh}}},
		{"git checkout -- file", `git init -q . && git add . && git commit -qm stub && sed -i 's/Save/Saved/' stub.go`,
			[]step{{`git checkout -- stub.go`, nil}}},
		{"git stash, then git stash pop", `git init -q . && git add . && git commit -qm stub && sed -i 's/Save/Saved/' stub.go`,
			[]step{{`git stash -q`, nil}, {`git stash pop -q`, nil}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "ex")
			require.NoError(t, os.Mkdir(dir, 0o755))
			stub := filepath.Join(dir, "stub.go")
			require.NoError(t, os.WriteFile(stub, content(), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "stub_test.go"),
				[]byte("package stub\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {}\n"), 0o644))
			if c.prepare != "" {
				sh(t, dir, c.prepare)
			}
			w := startWatcher(t, []string{dir}, Options{})
			for i, s := range c.steps {
				var want string
				if s.holds != nil {
					want = s.holds(t, dir)
				}
				sh(t, dir, s.script)
				got, err := os.ReadFile(stub)
				require.NoError(t, err)
				if want == "" {
					want = string(got)
				}
				t.Run(fmt.Sprint("step ", i+1), func(t *testing.T) { savedOnce(t, w, dir, stub, want) })
			}
		})
	}
}
