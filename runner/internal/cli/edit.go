package cli

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
	"github.com/gospawn/workbook/runner/internal/tui"
)

// Watch mode's e key opens the shown exercise's file in the learner's
// editor. The command comes from, in this order: --edit-cmd (remembered
// in the workbook's state until another is given, or "" to forget it);
// VS Code's own command when watch mode runs in its terminal; $VISUAL;
// $EDITOR. A terminal editor runs in the terminal while the screen waits,
// and the screen comes back as it was when it ends; VS Code opens the file
// in its window and the screen stays.

var (
	msgFlagEditCmd   = i18n.Text{En: "the command the e key opens the exercise's file with, split as a shell splits it (`emacs -nw`, `code -r`): it runs in the terminal while watch mode waits, and is remembered until another is given (\"\" forgets it; default: VS Code's code in its terminal, else $VISUAL, else $EDITOR)", Zh: "按 e 键时用来打开练习文件的命令，按 shell 的规则拆分（`emacs -nw`、`code -r`）：它在终端里运行，监视模式等它结束；给出后会被记住，直到给出另一个（给出 \"\" 则不再记住；默认：在 VS Code 的终端里用它的 code，否则用 $VISUAL，再否则用 $EDITOR）"}
	msgValuesEditCmd = i18n.Text{En: "give a command, with any quotes closed, such as \"emacs -nw\"", Zh: "请给出一个命令，引号要成对，例如 \"emacs -nw\""}
	msgNoEditor      = i18n.Text{En: "No editor is set: set $VISUAL or $EDITOR (export EDITOR=nano, say), or start watch mode with --edit-cmd nano.", Zh: "尚未设置编辑器：请设置 $VISUAL 或 $EDITOR（例如 export EDITOR=nano），或用 --edit-cmd nano 启动监视模式。"}
	msgEditorWords   = i18n.Text{En: "The editor command in %s (%s) has a quote that is never closed: correct it, or start watch mode with --edit-cmd.", Zh: "%s 中的编辑器命令（%s）有未闭合的引号：请改正，或用 --edit-cmd 启动监视模式。"}
	msgEditorMissing = i18n.Text{En: "The editor %s (from %s) is not installed or not on PATH: install it, or set %s to an editor that is.", Zh: "编辑器 %s（来自 %s）没有安装或不在 PATH 中：请安装它，或把 %s 设为已安装的编辑器。"}
	msgEditorStatus  = i18n.Text{En: "The editor %s ended with status %d; whatever it saved is kept, and checked as any save is.", Zh: "编辑器 %s 以状态 %d 退出；它保存的内容都会保留，并像平常保存一样接受检查。"}
	msgEditorSaid    = i18n.Text{En: "The editor %s could not open the file; it said: %s", Zh: "编辑器 %s 无法打开文件，它的输出是：%s"}
	msgEditorFailed  = i18n.Text{En: "The editor %s could not run (%v); whatever it saved is kept, and checked as any save is.", Zh: "编辑器 %s 无法运行（%v）；它保存的内容都会保留，并像平常保存一样接受检查。"}
)

// flagEditCmd is --edit-cmd; the empty command forgets the remembered one.
var flagEditCmd = &flagDef{name: "edit-cmd", arg: "CMD", help: msgFlagEditCmd, values: msgValuesEditCmd,
	set: func(o *options, v string) bool {
		if _, ok := splitWords(v); !ok {
			return false
		}
		o.editCmd = &v
		return true
	}}

// editor is a command that opens a file: argv, then the file's path.
type editor struct {
	argv []string
	// from is where the command came from, as the learner would change
	// it: --edit-cmd, $VISUAL, $EDITOR, or TERM_PROGRAM for VS Code's.
	from string
	// beside is true for an editor that opens the file in a window of its
	// own and returns (VS Code's code): the screen stays.
	beside bool
}

// chooseEditor picks the command e runs, from the --edit-cmd given now or
// remembered (editCmd), the environment, and which programs are installed
// (lookPath). An error says, in both languages, what to set.
func chooseEditor(editCmd string, getenv func(string) string, lookPath func(string) (string, error)) (editor, error) {
	if words, _ := splitWords(editCmd); len(words) > 0 { // checked when it was given
		return editor{argv: words, from: "--edit-cmd"}, nil
	}
	if getenv("TERM_PROGRAM") == "vscode" {
		for _, program := range []string{"code", "codium"} {
			if _, err := lookPath(program); err == nil {
				return editor{argv: []string{program}, from: "TERM_PROGRAM=vscode", beside: true}, nil
			}
		}
	}
	for _, name := range []string{"VISUAL", "EDITOR"} {
		value := getenv(name)
		words, ok := splitWords(value)
		if !ok {
			return editor{}, i18n.Errorf(msgEditorWords, "$"+name, value)
		}
		if len(words) > 0 {
			return editor{argv: words, from: "$" + name}, nil
		}
	}
	return editor{}, i18n.NewError(msgNoEditor)
}

// open is the command that opens the file at path, given relative to dir
// (the workbook's root, where a terminal editor runs); its message is a
// tui.EditedMsg.
func (ed editor) open(dir, path string) tea.Cmd {
	cmd := exec.Command(ed.argv[0], append(ed.argv[1:], path)...)
	cmd.Dir = dir
	if cmd.Err != nil { // not found: say so without taking the screen away
		return func() tea.Msg { return tui.EditedMsg{Err: ed.failed(cmd.Err)} }
	}
	if ed.beside {
		return func() tea.Msg {
			cmd.Stdin = nil // code talks to its window, never to this terminal
			out, err := cmd.CombinedOutput()
			if said, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n"); err != nil && said != "" {
				return tui.EditedMsg{Err: i18n.Errorf(msgEditorSaid, "`"+ed.argv[0]+"`", said)}
			}
			return tui.EditedMsg{Err: ed.failed(err)}
		}
	}
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return tui.EditedMsg{Err: ed.failed(err)} })
}

// failed says what went wrong when the editor ran, or nil. The file is
// never touched here: what the editor saved is the learner's, and the
// watcher sees it as any save.
func (ed editor) failed(err error) error {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist):
		fix := ed.from // what to set instead
		if ed.beside {
			fix = "--edit-cmd"
		}
		return i18n.Errorf(msgEditorMissing, "`"+ed.argv[0]+"`", ed.from, fix)
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return i18n.Errorf(msgEditorStatus, "`"+ed.argv[0]+"`", exit.ExitCode())
	}
	return i18n.Errorf(msgEditorFailed, "`"+ed.argv[0]+"`", err)
}

// editFunc is what watch mode's e key calls: it opens a file with the
// editor chosen, or says why it cannot.
func (s *session) editFunc() func(path string) tea.Cmd {
	ed, err := s.chosenEditor()
	return func(path string) tea.Cmd {
		if err != nil {
			return func() tea.Msg { return tui.EditedMsg{Err: err} }
		}
		if ed.beside {
			return ed.open(s.course.Root, path)
		}
		return ed.open(s.course.Root, s.course.Rel(path))
	}
}

// chosenEditor is the editor for this session. --edit-cmd, when given, is
// remembered in the workbook's state for the next watch mode.
func (s *session) chosenEditor() (editor, error) {
	st, _ := state.Open(s.course.Root) // load already warned of a state it could not read
	editCmd := st.EditCmd()
	if s.opts.editCmd != nil {
		editCmd = *s.opts.editCmd
		st.SetEditCmd(editCmd)
		if err := st.Save(); err != nil {
			s.warn(msgStateNotSaved.F(s.ui, err))
		}
	}
	return chooseEditor(editCmd, s.env.Getenv, exec.LookPath)
}

// links is how paths are drawn: as OSC 8 links to their files on a
// terminal that shows colours, except VS Code's, which links paths itself
// (and would show two links in one).
func (s *session) links() render.Links {
	if s.env.plain() || s.env.Getenv("TERM_PROGRAM") == "vscode" || s.course == nil {
		return render.Links{}
	}
	host, _ := os.Hostname()
	return render.Links{Root: s.course.Root, Host: host}
}

// splitWords splits s into words as a POSIX shell would, without
// expanding anything: blanks separate words, 'single quotes' keep
// everything, "double quotes" keep everything but a backslash before
// \ " $ or `, and a backslash outside quotes keeps the character after it.
// ok is false when a quote is never closed or s ends in a backslash.
func splitWords(s string) (words []string, ok bool) {
	var word strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
			continue
		case c == '\\':
			if i+1 == len(s) {
				return nil, false
			}
			i++
			if s[i] != '\n' { // a backslash-newline joins lines
				word.WriteByte(s[i])
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, false
			}
			word.WriteString(s[i+1 : i+1+end])
			i += end + 1
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`\n", s[i+1]) >= 0 {
					i++
					if s[i] == '\n' {
						continue
					}
				}
				word.WriteByte(s[i])
			}
			if i == len(s) {
				return nil, false
			}
		default:
			word.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, true
}
