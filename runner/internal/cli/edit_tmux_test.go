package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitUntil polls the screen until ok says it is the one awaited, failing
// after a minute with what it shows.
func (tm *tmux) waitUntil(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %s; it shows:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond) // polling the screen, not deciding anything
	}
}

// TestEditorOnATerminal: in watch mode at 80×24, e opens the exercise's
// file in the learner's $EDITOR (vim, nano, Emacs, each as a learner sets
// it), which edits and saves it and quits; watch mode comes back with the
// screen as it was (in the language chosen with t before), notices the
// save and runs the tests again.
func TestEditorOnATerminal(t *testing.T) {
	const opened = "Package sum is the first exercise" // the stub's first line, on the editor's screen only
	editors := []struct {
		name, program, pkg string
		editor             string // $EDITOR
		// edit adds the line marker at the top of the open file, saves it
		// and quits.
		edit func(tm *tmux, marker string)
	}{
		{"vim", "vim", "vim-nox", "vim --clean", func(tm *tmux, marker string) {
			// vim answers keys only once its terminal queries are
			// answered: until it echoes, keys typed may be lost.
			tm.handshake(":echo 'rea' . 'dy'", "ready") // the reply is not the command's own echo
			tm.keys("-l", ":call append(0, '"+marker+"')")
			tm.keys("Enter")
			tm.waitFor(marker)
			tm.keys("-l", ":wq")
			tm.keys("Enter")
		}},
		{"nano", "nano", "nano", "nano --ignorercfiles", func(tm *tmux, marker string) {
			tm.keys("-l", marker)
			tm.keys("Enter")
			tm.waitFor(marker)
			tm.keys("C-o")
			tm.waitFor("File Name to Write")
			tm.keys("Enter")
			tm.waitFor("Wrote")
			tm.keys("C-x")
		}},
		{"emacs", "emacs", "emacs-nox", "emacs -nw -Q", func(tm *tmux, marker string) {
			tm.keys("-l", marker)
			tm.keys("Enter")
			tm.waitFor(marker)
			tm.keys("C-x", "C-s")
			tm.waitFor("Wrote")
			tm.keys("C-x", "C-c")
		}},
	}
	w := newWorkbook(t)
	e := &w.course.Exercises[0]
	stub := w.course.StubPath(e)
	for _, ed := range editors {
		t.Run(ed.name, func(t *testing.T) {
			if _, err := exec.LookPath(ed.program); err != nil {
				t.Skipf("%s is not installed (apt-get install %s); .ci/run installs it", ed.program, ed.pkg)
			}
			require.NoError(t, os.WriteFile(stub, []byte(w.shipped(0)), 0o644))
			os.RemoveAll(filepath.Join(w.root, ".workbook"))
			// The editors' flags keep any vimrc, nanorc or init.el out
			// (HOME stays: the go command's cache is under it).
			tm := newTmux(t, 80, 24, w.root, fmt.Sprintf("env TERM=xterm-256color TERM_PROGRAM= VISUAL= EDITOR='%s' %s watch --race=off",
				ed.editor, w.bin))
			tm.waitFor(fmt.Sprintf("0 of %d tests pass", len(e.Tests)))
			tm.keys("t")
			before := tm.waitFor("第 1 次运行")
			require.Contains(t, before, "e 编辑", "the key bar names e")

			tm.keys("e")
			tm.waitUntil("the editor", func(s string) bool { return strings.Contains(s, opened) && !strings.Contains(s, "q 退出") })
			marker := "// edited in " + ed.name
			ed.edit(tm, marker)

			after := tm.waitUntil("watch mode again, after the save's run", func(s string) bool {
				return strings.Contains(s, "第 2 次运行") && strings.Contains(s, fmt.Sprintf("0/%d 个测试通过", len(e.Tests))) &&
					!strings.Contains(s, "正在重新运行")
			})
			assert.Contains(t, after, "练习 1/3", "the same exercise, still in Chinese")
			assert.Contains(t, after, "e 编辑", "the same key bar")
			assert.NotContains(t, after, opened, "nothing of the editor's screen is left")
			assert.NotContains(t, after, "第 3 次运行", "one save, one run")
			saved, err := os.ReadFile(stub)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(string(saved), marker+"\n"), "the editor's save is the file:\n%s", saved)

			tm.keys("q")
			s := tm.waitFor("EXITED=0")
			assert.NotContains(t, s, "第 2 次运行", "leaving restores the terminal")
			assert.Empty(t, processesIn(t, w.root), "nothing may keep running in the workbook after q")
		})
	}
}

// handshake types command (and Enter) until the screen shows reply: keys
// typed while a program is still starting may be dropped.
func (tm *tmux) handshake(command, reply string) {
	tm.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		tm.keys("-l", command)
		tm.keys("Enter")
		for range 25 {
			if strings.Contains(tm.screen(), reply) {
				return
			}
			time.Sleep(20 * time.Millisecond) // polling the screen
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the program never answered %q; the screen shows:\n%s", command, tm.screen())
		}
	}
}

// TestEditorTroubleOnATerminal: when e cannot open an editor, watch mode
// stays and says why in one sentence, in the learner's language.
func TestEditorTroubleOnATerminal(t *testing.T) {
	w := newWorkbook(t)
	e := &w.course.Exercises[0]
	for _, tt := range []struct {
		name, editor string
		says         string // the sentence's start, in Chinese
	}{
		{"no editor set", "", "尚未设置编辑器：请设置 $VISUAL 或 $EDITOR"},
		{"the editor fails", "sh -c 'exit 3' sh", "编辑器 `sh` 以状态 3 退出"},
		{"the editor is not installed", "no-such-editor-h24e -nw", "编辑器 `no-such-editor-h24e`（来自 $EDITOR）没有安装"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(w.course.StubPath(e), []byte(w.shipped(0)), 0o644))
			os.RemoveAll(filepath.Join(w.root, ".workbook"))
			tm := newTmux(t, 80, 24, w.root, fmt.Sprintf("env TERM=xterm-256color TERM_PROGRAM= VISUAL= EDITOR=\"%s\" %s watch --race=off --lang zh",
				tt.editor, w.bin))
			tm.waitFor(fmt.Sprintf("0/%d 个测试通过", len(e.Tests)))
			tm.keys("e")
			s := tm.waitFor(tt.says)
			assert.Contains(t, s, "第 1 次运行", "the screen stays, its verdict too")
			assert.Contains(t, s, "q 退出")
			saved, err := os.ReadFile(w.course.StubPath(e))
			require.NoError(t, err)
			assert.Equal(t, w.shipped(0), string(saved), "the file is untouched")
		})
	}
}
