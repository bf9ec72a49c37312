package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/render"
)

// maxHelpWidth is the widest help is drawn: longer lines are hard to
// read, on however wide a terminal.
const maxHelpWidth = 100

// minRoom is the least width a description keeps beside its term; with
// less, it goes below the term.
const minRoom = 30

func runHelp(_ context.Context, s *session) int {
	switch len(s.args) {
	case 0:
		s.printHelp(nil)
		return exitOK
	case 1:
		c := lookupCommand(s.args[0])
		if c == nil {
			return s.usageError(msgUnknownCommand.F(s.ui, s.args[0], closestCommand(s.args[0])))
		}
		s.printHelp(c)
		return exitOK
	}
	return s.tooManyArgs()
}

// printHelp prints c's help, or the overview of every command when c is
// nil: in the session's language, or in English and then in Chinese with
// --lang both. Every command's help, grade's too, is drawn from the
// command table here and nowhere else.
func (s *session) printHelp(c *command) {
	langs := []i18n.Lang{s.ui}
	if s.lang == i18n.Both {
		langs = []i18n.Lang{i18n.En, i18n.Zh}
	}
	width := s.env.Width
	if width <= 0 {
		width = 80
	}
	width = min(width, maxHelpWidth)
	for i, lang := range langs {
		if i > 0 {
			fmt.Fprintln(s.env.Stdout)
		}
		var lines []string
		if c == nil {
			lines = s.overview(lang, width)
		} else {
			lines = s.commandHelp(c, lang, width)
		}
		fmt.Fprintln(s.env.Stdout, strings.Join(lines, "\n"))
	}
}

// overview is `workbook help`: every command and what it does.
func (s *session) overview(lang i18n.Lang, width int) []string {
	var rows [][2]string
	for _, c := range commands {
		rows = append(rows, [2]string{c.name, c.summary.In(lang)})
	}
	var out []string
	out = append(out, render.Wrap(msgHelpIntro.In(lang), width)...)
	out = append(out, "", msgUsage.In(lang), "  workbook [COMMAND] [FLAGS] [ARGS]", "", msgCommands.In(lang))
	out = append(out, columns(rows, width)...)
	out = append(out, "")
	out = append(out, render.Wrap(s.exerciseIs(lang), width)...)
	out = append(out, render.Wrap(msgHelpMore.In(lang), width)...)
	return append(out, exitStatus(msgExitStatus, lang, width)...)
}

// exitStatus is the section of help on what the exit statuses mean.
func exitStatus(text i18n.Text, lang i18n.Lang, width int) []string {
	return append([]string{"", msgExit.In(lang)}, render.Indent(render.Wrap(text.In(lang), width-2), "  ")...)
}

// commandHelp is `workbook help c`: what c does, its flags and examples.
func (s *session) commandHelp(c *command, lang i18n.Lang, width int) []string {
	var out []string
	out = append(out, render.Wrap("workbook "+c.name+" — "+c.summary.In(lang), width)...)
	if c.about != (i18n.Text{}) {
		out = append(out, "")
		out = append(out, render.Wrap(c.about.In(lang), width)...)
	}
	usage := "  workbook " + c.name + " [FLAGS]"
	if c.args != "" {
		usage += " " + c.args
	}
	out = append(out, "", msgUsage.In(lang), usage)
	if strings.Contains(c.args, "EXERCISE") {
		out = append(out, render.Indent(render.Wrap(s.exerciseIs(lang), width-2), "  ")...)
	}
	var rows [][2]string
	short := slices.ContainsFunc(c.flags, func(f *flagDef) bool { return f.short != "" })
	for _, f := range c.flags {
		term := f.dashes(", ")
		if short && f.short == "" {
			term = "    " + term // under the long names of -j, --jobs
		}
		if f.arg != "" {
			term += " " + f.arg
		}
		rows = append(rows, [2]string{term, f.help.In(lang)})
	}
	out = append(out, "", msgFlags.In(lang))
	out = append(out, columns(rows, width)...)
	if c.exit != (i18n.Text{}) {
		out = append(out, exitStatus(c.exit, lang, width)...)
	}
	rows = rows[:0]
	for _, ex := range c.examples {
		if line := s.example(ex.line); line != "" {
			rows = append(rows, [2]string{line, ex.what.In(lang)})
		}
	}
	out = append(out, "", msgExamples.In(lang))
	return append(out, columns(rows, width)...)
}

// columns lays out terms, two spaces in, beside what they say: each
// description wrapped in the room the longest described term leaves, or
// below its term when that room is too narrow. A term is never wrapped:
// it is a command line or a flag, to be copied whole.
func columns(rows [][2]string, width int) []string {
	col := 0
	for _, r := range rows {
		if r[1] != "" {
			col = max(col, render.Width(r[0]))
		}
	}
	col += 4 // two spaces before the term, two after the longest
	var out []string
	for _, r := range rows {
		term := "  " + r[0]
		switch {
		case r[1] == "":
			out = append(out, term)
		case width-col < minRoom:
			out = append(out, term)
			out = append(out, render.Indent(render.Wrap(r[1], width-6), "      ")...)
		default:
			lines := render.Wrap(r[1], width-col)
			out = append(out, term+strings.Repeat(" ", col-render.Width(term))+lines[0])
			out = append(out, render.Indent(lines[1:], strings.Repeat(" ", col))...)
		}
	}
	return out
}

// helpCourse is the course help draws its examples from: the one the
// working directory is in, or nil outside a workbook. Help never fails
// for want of one.
func (s *session) helpCourse() *course.Course {
	if s.course != nil {
		return s.course
	}
	root, err := course.Find(s.env.Dir)
	if err != nil {
		return nil
	}
	s.course, _ = course.Load(root)
	return s.course
}

// example fills an example's {id}, {dir} and {chapter} from the course
// (its second exercise, or its only one, and its first chapter without an
// exercise); "" when the course cannot fill them.
func (s *session) example(ex string) string {
	if !strings.Contains(ex, "{") {
		return ex
	}
	c := s.helpCourse()
	if c == nil {
		return ""
	}
	e := &c.Exercises[min(1, len(c.Exercises)-1)]
	chapter := e.ID
	if len(c.Chapters) > 0 {
		chapter = c.Chapters[0].ID
	}
	return strings.NewReplacer("{id}", e.ID, "{dir}", e.Dir, "{chapter}", chapter).Replace(ex)
}

// exerciseIs says what an EXERCISE argument may be, with the course's own
// names when there is one.
func (s *session) exerciseIs(lang i18n.Lang) string {
	c := s.helpCourse()
	if c == nil {
		return msgExerciseIsBare.In(lang)
	}
	e := &c.Exercises[min(1, len(c.Exercises)-1)]
	return msgExerciseIs.F(lang, e.Number, e.ID, e.Dir)
}
