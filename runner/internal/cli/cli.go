// Package cli is the workbook command: it reads the arguments, finds the
// workbook and runs one of its commands. Every failure reaches the user as
// one sentence saying what is wrong and what to do, never a stack trace.
//
// It wires the other packages together and keeps no logic of its own that
// they could hold: lookups are course's, runs check's, records progress's,
// screens render's and tui's. runner/README.md draws the flow.
package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/progress"
	"github.com/gospawn/workbook/runner/internal/state"
)

// Version is the workbook's version.
const Version = "0.1.0"

// Exit statuses.
const (
	exitOK      = 0
	exitFailing = 1 // an exercise fails, or the command could not do its job
	exitUsage   = 2 // the command line was wrong
)

// command is one subcommand: what it takes, what help says of it, and what
// it runs. Every command, grade included, is read and explained from here.
type command struct {
	name     string
	args     string // synopsis of its arguments
	summary  i18n.Text
	about    i18n.Text // a paragraph more for its help, or none
	flags    []*flagDef
	examples []example
	exit     i18n.Text // its exit statuses, when they are its own
	run      func(ctx context.Context, s *session) int
}

// example is a command line help shows, and what it does when that is
// not plain. {id}, {dir} and {chapter} stand for the course's own names.
type example struct {
	line string
	what i18n.Text
}

// examples are command lines that say nothing more than themselves.
func examples(lines ...string) []example {
	out := make([]example, len(lines))
	for i, l := range lines {
		out[i] = example{line: l}
	}
	return out
}

// flag is the command's flag called name, or nil.
func (c *command) flag(name string) *flagDef {
	for _, f := range c.flags {
		if f.name == name {
			return f
		}
	}
	return nil
}

var commands []*command

func init() {
	commands = []*command{
		{name: "next", summary: msgSumNext,
			flags:    []*flagDef{flagLang, flagNoPager, flagRace, flagTimeout},
			examples: examples("workbook next", "workbook next --lang zh", "workbook next --race=off --timeout 2m"),
			run:      runNext},
		{name: "watch", summary: msgSumWatch,
			flags:    []*flagDef{flagLang, flagRace, flagTimeout, flagPoll, flagAutoNext, flagEditCmd},
			examples: examples("workbook watch", "workbook watch --lang both --auto-next", "workbook watch --poll"),
			run:      runWatch},
		{name: "list", summary: msgSumList,
			flags:    []*flagDef{flagLang},
			examples: examples("workbook list"),
			run:      runList},
		{name: "hint", args: "[EXERCISE]", summary: msgSumHint,
			flags:    []*flagDef{flagLang},
			examples: examples("workbook hint", "workbook hint 2", "workbook hint {id}"),
			run:      runHint},
		{name: "read", args: "[EXERCISE|CHAPTER]", summary: msgSumRead,
			flags:    []*flagDef{flagLang, flagNoPager},
			examples: examples("workbook read", "workbook read 2", "workbook read {chapter}", "workbook read {chapter} --lang both"),
			run:      runRead},
		{name: "reset", args: "EXERCISE", summary: msgSumReset,
			flags:    []*flagDef{flagLang, flagYes},
			examples: examples("workbook reset 1", "workbook reset {dir} --yes"),
			run:      runReset},
		{name: "try", args: "[EXERCISE]", summary: msgSumTry, about: msgAboutTry,
			flags:    []*flagDef{flagLang},
			examples: examples("workbook try", "workbook try {id} --lang zh"),
			run:      runTry},
		{name: "solution", args: "EXERCISE", summary: msgSumSolution,
			flags:    []*flagDef{flagLang, flagNoPager, flagRace, flagTimeout, flagForce},
			examples: examples("workbook solution 1", "workbook solution {id} --force"),
			run:      runSolution},
		{name: "grade", args: "[SUBMISSION ...]", summary: msgSumGrade, about: msgAboutGrade,
			flags: []*flagDef{flagFormat, flagOut, flagRoster, flagAssignment, flagMinScore, flagJobs, flagTimeout, flagRace, flagSandbox, flagMemory, flagChanged, flagLang},
			examples: []example{
				{line: "workbook grade", what: msgExampleGradeHere},
				{line: "workbook grade class/*", what: msgExampleGradeAll},
				{line: "workbook grade --format csv class/* > grades.csv"},
				{line: "workbook grade --format junit --out reports class/*"},
				{line: "workbook grade --format json --changed last.json class/* > now.json", what: msgExampleGradeChanged},
				{line: "workbook grade --format markdown,junit --out reports ../submission"},
				{line: "workbook grade --format canvas --roster roster.csv --out grades class/*"},
			},
			exit: msgExitGrade,
			run:  runGrade},
		{name: "autograder", args: "[ZIP]", summary: msgSumAutograder, about: msgAboutAutograder,
			flags:    []*flagDef{flagLang},
			examples: examples("workbook autograder", "workbook autograder --lang zh ../gradescope.zip"),
			run:      runAutograder},
		{name: "version", summary: msgSumVersion, flags: []*flagDef{flagLang}, examples: examples("workbook version"), run: runVersion},
		{name: "help", args: "[COMMAND]", summary: msgSumHelp, flags: []*flagDef{flagLang}, examples: examples("workbook help", "workbook help reset"), run: runHelp},
	}
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// session is one command's run: its environment, flags and (once loaded)
// the course and its state.
type session struct {
	env    Env
	cmd    *command
	opts   options
	args   []string
	lang   i18n.Lang // of the content: chapters and hints (en, zh or both)
	ui     i18n.Lang // of the runner's own words (en or zh)
	course *course.Course
	// progress records runs and hints in the state; every command that
	// records goes through it.
	progress *progress.Tracker
}

// Main runs the workbook command and returns its exit status.
func Main(ctx context.Context, env Env) int {
	s := &session{env: env}
	args := env.Args
	// A bare workbook on a terminal is watch mode; in a pipe, next.
	name := "next"
	if env.Terminal && env.StdinTerminal {
		name = "watch"
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		name, args = "help", args[1:]
	} else if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		name, args = "version", args[1:]
	} else if n, rest, ok := commandAfterFlags(args); ok {
		name, args = n, rest
	}
	// Until the flags are read, what is wrong with them is said in the
	// language the command line asks for, else the environment's.
	s.setLang(i18n.Detect(langArg(args), env.Getenv))
	s.cmd = lookupCommand(name)
	if s.cmd == nil {
		return s.usageError(msgUnknownCommand.F(s.ui, name, closestCommand(name)))
	}
	opts, positional, err := parse(s.cmd, args)
	if errors.Is(err, pflag.ErrHelp) {
		s.printHelp(s.cmd)
		return exitOK
	}
	if err != nil {
		return s.usageError(msgBadFlag.F(s.ui, err, name))
	}
	s.opts, s.args = opts, positional
	if err := s.setLang(i18n.Detect(string(opts.lang), env.Getenv)); err != nil {
		return s.usageError(s.sentence(err))
	}
	return s.cmd.run(ctx, s)
}

// setLang sets the session's languages from what i18n.Detect returned,
// and returns its error.
func (s *session) setLang(lang i18n.Lang, err error) error {
	s.lang, s.ui = lang, i18n.UI(lang, s.env.Getenv)
	return err
}

// load finds the workbook above the working directory and reads its course
// and state. It reports any problem itself and returns false.
func (s *session) load() bool {
	root, err := course.Find(s.env.Dir)
	if err != nil {
		s.failErr(err)
		return false
	}
	c, err := course.Load(root)
	if err != nil {
		s.fail(msgBadManifest.F(s.ui, err))
		return false
	}
	s.course = c
	st, warning := state.Open(root)
	if warning != nil {
		s.warn(s.sentence(warning))
	}
	s.progress = progress.New(c, st)
	return true
}

// save writes the state, warning (not failing) when it cannot.
func (s *session) save() {
	if err := s.progress.Save(); err != nil {
		s.warn(msgStateNotSaved.F(s.ui, err))
	}
}

// checker is the Checker for this session's flags.
func (s *session) checker() *check.Checker {
	return &check.Checker{Course: s.course, Race: s.opts.race, Timeout: s.opts.timeout, Lang: s.lang}
}

func (s *session) out(text string) { fmt.Fprintln(s.env.Stdout, text) }

// fail prints one sentence on stderr, and returns exitFailing.
func (s *session) fail(sentence string) int {
	fmt.Fprintln(s.env.Stderr, msgErrorPrefix.In(s.ui)+sentence)
	return exitFailing
}

func (s *session) warn(sentence string) {
	fmt.Fprintln(s.env.Stderr, msgWarningPrefix.In(s.ui)+sentence)
}

func (s *session) usageError(sentence string) int {
	s.fail(sentence)
	return exitUsage
}

// failErr prints err, in the session's language, as a sentence, and
// returns exitFailing.
func (s *session) failErr(err error) int { return s.fail(s.sentence(err)) }

// sentence is err in the session's language, ended as a sentence when its
// text does not end one already.
func (s *session) sentence(err error) string {
	text := i18n.Message(err, s.ui)
	if text == "" || strings.ContainsAny(text[len(text)-1:], ".?!)") || strings.HasSuffix(text, "。") ||
		strings.HasSuffix(text, "？") || strings.HasSuffix(text, "！") || strings.HasSuffix(text, "）") {
		return text
	}
	return msgSentence.F(s.ui, text)
}

// msgSentence ends a clause that is shown as a sentence of its own.
var msgSentence = i18n.Text{En: "%s.", Zh: "%s。"}

func closestCommand(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return course.Closest(name, names)
}
