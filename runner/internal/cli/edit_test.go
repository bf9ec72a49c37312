package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/tui"
)

func TestSplitWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"", nil, true},
		{"   ", nil, true},
		{"vim", []string{"vim"}, true},
		{"emacs -nw", []string{"emacs", "-nw"}, true},
		{"  vim   -u NONE\t", []string{"vim", "-u", "NONE"}, true},
		{`code --wait`, []string{"code", "--wait"}, true},
		{`"/opt/My Editor/bin/ed" -x`, []string{"/opt/My Editor/bin/ed", "-x"}, true},
		{`'/opt/My Editor/ed' 'a"b'`, []string{"/opt/My Editor/ed", `a"b`}, true},
		{`/opt/My\ Editor/ed`, []string{"/opt/My Editor/ed"}, true},
		{`"a\"b\\c\d" x''y`, []string{`a"b\c\d`, "xy"}, true},
		{`''`, []string{""}, true},
		{`vim "unclosed`, nil, false},
		{`vim 'unclosed`, nil, false},
		{`vim \`, nil, false},
	}
	for _, tt := range tests {
		got, ok := splitWords(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestChooseEditor(t *testing.T) {
	installed := func(programs ...string) func(string) (string, error) {
		return func(p string) (string, error) {
			for _, q := range programs {
				if p == q {
					return "/usr/bin/" + p, nil
				}
			}
			return "", exec.ErrNotFound
		}
	}
	tests := []struct {
		name    string
		editCmd string
		env     map[string]string
		has     []string
		want    editor
		err     string // English text of the error
	}{
		{"EDITOR", "", map[string]string{"EDITOR": "vim -u NONE"}, nil, editor{argv: []string{"vim", "-u", "NONE"}, from: "$EDITOR"}, ""},
		{"VISUAL before EDITOR", "", map[string]string{"VISUAL": "emacs -nw", "EDITOR": "vi"}, nil, editor{argv: []string{"emacs", "-nw"}, from: "$VISUAL"}, ""},
		{"an empty VISUAL is unset", "", map[string]string{"VISUAL": " ", "EDITOR": "nano"}, nil, editor{argv: []string{"nano"}, from: "$EDITOR"}, ""},
		{"VS Code's terminal", "", map[string]string{"TERM_PROGRAM": "vscode", "EDITOR": "vim"}, []string{"code", "codium"}, editor{argv: []string{"code"}, from: "TERM_PROGRAM=vscode", beside: true}, ""},
		{"VSCodium's", "", map[string]string{"TERM_PROGRAM": "vscode"}, []string{"codium"}, editor{argv: []string{"codium"}, from: "TERM_PROGRAM=vscode", beside: true}, ""},
		{"VS Code's terminal, no code installed", "", map[string]string{"TERM_PROGRAM": "vscode", "EDITOR": "vim"}, nil, editor{argv: []string{"vim"}, from: "$EDITOR"}, ""},
		{"--edit-cmd before all", "code --wait", map[string]string{"TERM_PROGRAM": "vscode", "VISUAL": "vim"}, []string{"code"}, editor{argv: []string{"code", "--wait"}, from: "--edit-cmd"}, ""},
		{"none", "", nil, nil, editor{}, msgNoEditor.En},
		{"a broken EDITOR", "", map[string]string{"EDITOR": `vim "x`}, nil, editor{}, "The editor command in $EDITOR (vim \"x) has a quote that is never closed: correct it, or start watch mode with --edit-cmd."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chooseEditor(tt.editCmd, func(k string) string { return tt.env[k] }, installed(tt.has...))
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.NotEmpty(t, i18n.Message(err, i18n.Zh))
				assert.NotEqual(t, err.Error(), i18n.Message(err, i18n.Zh), "said in Chinese too")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestEditorFailuresSaySoInBothLanguages(t *testing.T) {
	vim := editor{argv: []string{"vim"}, from: "$EDITOR"}
	code := editor{argv: []string{"code"}, from: "TERM_PROGRAM=vscode", beside: true}
	exit3 := exec.Command("sh", "-c", "exit 3").Run()
	require.Error(t, exit3)
	notFound := exec.Command("no-such-editor-h24e").Run()
	tests := []struct {
		ed     editor
		err    error
		en, zh string
	}{
		{vim, exit3, "The editor `vim` ended with status 3; whatever it saved is kept, and checked as any save is.",
			"编辑器 `vim` 以状态 3 退出；它保存的内容都会保留，并像平常保存一样接受检查。"},
		{vim, notFound, "The editor `vim` (from $EDITOR) is not installed or not on PATH: install it, or set $EDITOR to an editor that is.",
			"编辑器 `vim`（来自 $EDITOR）没有安装或不在 PATH 中：请安装它，或把 $EDITOR 设为已安装的编辑器。"},
		{code, notFound, "The editor `code` (from TERM_PROGRAM=vscode) is not installed or not on PATH: install it, or set --edit-cmd to an editor that is.",
			"编辑器 `code`（来自 TERM_PROGRAM=vscode）没有安装或不在 PATH 中：请安装它，或把 --edit-cmd 设为已安装的编辑器。"},
		{code, errors.New("window gone"), "The editor `code` could not run (window gone); whatever it saved is kept, and checked as any save is.",
			"编辑器 `code` 无法运行（window gone）；它保存的内容都会保留，并像平常保存一样接受检查。"},
	}
	for _, tt := range tests {
		err := tt.ed.failed(tt.err)
		assert.Equal(t, tt.en, i18n.Message(err, i18n.En))
		assert.Equal(t, tt.zh, i18n.Message(err, i18n.Zh))
	}
	assert.NoError(t, vim.failed(nil))
}

func TestEditCmdFlagIsRememberedUntilChanged(t *testing.T) {
	c := coursetest.Write(t, coursetest.Tiny()...)
	session := func(args ...string) (*session, *bytes.Buffer) {
		t.Helper()
		opts, _, err := parse(lookupCommand("watch"), args)
		require.NoError(t, err)
		var stderr bytes.Buffer
		return &session{env: Env{Getenv: func(k string) string { return map[string]string{"EDITOR": "nano"}[k] }, Stderr: &stderr},
			course: c, opts: opts, ui: i18n.En}, &stderr
	}
	choose := func(args ...string) editor {
		t.Helper()
		s, stderr := session(args...)
		ed, err := s.chosenEditor()
		require.NoError(t, err)
		assert.Empty(t, stderr.String())
		return ed
	}
	assert.Equal(t, []string{"nano"}, choose().argv, "$EDITOR until --edit-cmd is given")
	assert.Equal(t, []string{"emacs", "-nw", "-Q"}, choose("--edit-cmd", "emacs -nw -Q").argv)
	assert.Equal(t, []string{"emacs", "-nw", "-Q"}, choose().argv, "remembered for the next watch mode")
	st, _ := state.Open(c.Root)
	assert.Equal(t, "emacs -nw -Q", st.EditCmd(), "kept in the workbook's state")
	assert.Equal(t, []string{"code", "--wait"}, choose("--edit-cmd=code --wait").argv, "another replaces it")
	assert.Equal(t, []string{"nano"}, choose("--edit-cmd=").argv, `"" forgets it`)
	assert.Equal(t, []string{"nano"}, choose().argv)
}

func TestEditCmdFlagRefusesAnUnclosedQuote(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), Env{Args: []string{"watch", "--lang", lang, "--edit-cmd", `vim "x`}, Stdout: &stdout, Stderr: &stderr,
			Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }, Dir: t.TempDir(), Width: 80})
		assert.Equal(t, exitUsage, code)
		l := i18n.Lang(lang)
		assert.Contains(t, stderr.String(), msgValuesEditCmd.In(l), "says what the flag takes, in %s", lang)
	}
}

func TestLinksOnlyOnATerminalThatIsNotVSCodes(t *testing.T) {
	c := coursetest.Write(t, coursetest.Tiny()...)
	tests := []struct {
		name     string
		terminal bool
		env      map[string]string
		links    bool
	}{
		{"a terminal", true, map[string]string{"TERM": "xterm-256color"}, true},
		{"a pipe", false, map[string]string{"TERM": "xterm-256color"}, false},
		{"VS Code's terminal", true, map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "vscode"}, false},
		{"NO_COLOR", true, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, false},
		{"TERM=dumb", true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &session{env: Env{Terminal: tt.terminal, Getenv: func(k string) string { return tt.env[k] }}, course: c}
			l := s.links()
			assert.Equal(t, tt.links, l.Root != "")
			if tt.links {
				assert.Equal(t, c.Root, l.Root)
			}
			assert.Equal(t, tt.links, s.renderOptions(80).Links.Root != "", "every screen's options carry them")
		})
	}
}

func TestEditorBesideTheScreen(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755))
		return path
	}
	args := filepath.Join(dir, "args")
	code := editor{argv: []string{script("code", `printf '%s\n' "$@" > '`+args+`'`)}, from: "TERM_PROGRAM=vscode", beside: true}
	msg := code.open(dir, "/work/book/exercises/01_echo/echo.go")()
	require.Equal(t, tui.EditedMsg{}, msg, "VS Code opened the file")
	got, err := os.ReadFile(args)
	require.NoError(t, err)
	assert.Equal(t, "/work/book/exercises/01_echo/echo.go\n", string(got), "the file's path is the last argument")

	broken := editor{argv: []string{script("codium", "echo 'cannot connect to the window' >&2; echo more >&2; exit 1")}, from: "TERM_PROGRAM=vscode", beside: true}
	msg = broken.open(dir, "/x.go")()
	err = msg.(tui.EditedMsg).Err
	require.Error(t, err)
	assert.Contains(t, i18n.Message(err, i18n.En), "could not open the file; it said: cannot connect to the window")
	assert.Contains(t, i18n.Message(err, i18n.Zh), "无法打开文件，它的输出是：cannot connect to the window")
	assert.NotContains(t, i18n.Message(err, i18n.En), "more", "its first line")
}

func TestMissingTerminalEditorLeavesTheScreen(t *testing.T) {
	ed := editor{argv: []string{"no-such-editor-h24e", "-nw"}, from: "$VISUAL"}
	msg := ed.open(t.TempDir(), "a.go")()
	edited, ok := msg.(tui.EditedMsg)
	require.True(t, ok, "told at once, without suspending the screen for a program that is not there (got %T)", msg)
	assert.Equal(t, "The editor `no-such-editor-h24e` (from $VISUAL) is not installed or not on PATH: install it, or set $VISUAL to an editor that is.",
		i18n.Message(edited.Err, i18n.En))
}

func TestNextLinksTheFileOnlyOnATerminal(t *testing.T) {
	c := coursetest.Write(t, coursetest.Tiny()...)
	next := func(terminal bool, env map[string]string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		Main(context.Background(), Env{Args: []string{"next", "--race=off", "--no-pager", "--lang", "en"}, Stdout: &stdout, Stderr: &stderr,
			Stdin: strings.NewReader(""), Getenv: func(k string) string { return env[k] }, Dir: c.Root, Width: 100, Height: 40,
			Terminal: terminal})
		require.NotContains(t, stderr.String(), msgErrorPrefix.En)
		return stdout.String()
	}
	term := map[string]string{"TERM": "xterm-256color"}
	link := "\x1b]8;;" + render.FileURL(hostname(t), c.StubPath(&c.Exercises[0])) + "\a"
	out := next(true, term)
	assert.Contains(t, out, link+"\x1b[36mexercises/01_sum/sum.go\x1b[m\x1b]8;;\a", "the path on a terminal is a link to the file")
	for name, plain := range map[string]string{
		"a pipe":             next(false, term),
		"VS Code's terminal": next(true, map[string]string{"TERM": "xterm-256color", "TERM_PROGRAM": "vscode"}),
		"NO_COLOR":           next(true, map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}),
	} {
		assert.NotContains(t, plain, "\x1b]8;", "no link in %s", name)
		assert.Contains(t, plain, "exercises/01_sum/sum.go", "the path, in %s", name)
	}
}

func hostname(t *testing.T) string {
	h, err := os.Hostname()
	require.NoError(t, err)
	return h
}
