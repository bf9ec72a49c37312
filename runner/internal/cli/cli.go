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
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/argv"
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

// command is one subcommand.
type command struct {
	name     string
	args     string // synopsis of its arguments
	summary  i18n.Text
	examples []string
	raw      bool // parses its own flags (grade)
	flags    func(fs *flag.FlagSet, o *options)
	run      func(ctx context.Context, s *session) int
}

// options are the flags any command may take.
type options struct {
	lang     string
	noPager  bool
	race     string
	timeout  time.Duration
	yes      bool
	force    bool
	poll     bool
	autoNext bool
}

func langFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.lang, "lang", "", "")
}

func pagerFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.noPager, "no-pager", false, "")
}

func runFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.race, "race", "auto", "")
	fs.DurationVar(&o.timeout, "timeout", time.Minute, "")
}

var commands []*command

func init() {
	commands = []*command{
		{name: "next", summary: msgSumNext,
			examples: []string{"workbook next", "workbook next --lang zh", "workbook next --race=off --timeout 2m"},
			flags:    func(fs *flag.FlagSet, o *options) { langFlags(fs, o); pagerFlags(fs, o); runFlags(fs, o) },
			run:      runNext},
		{name: "watch", summary: msgSumWatch,
			examples: []string{"workbook watch", "workbook watch --lang both --auto-next", "workbook watch --poll"},
			flags: func(fs *flag.FlagSet, o *options) {
				langFlags(fs, o)
				runFlags(fs, o)
				fs.BoolVar(&o.poll, "poll", false, "")
				fs.BoolVar(&o.autoNext, "auto-next", false, "")
			},
			run: runWatch},
		{name: "list", summary: msgSumList,
			examples: []string{"workbook list"},
			flags:    langFlags,
			run:      runList},
		{name: "hint", args: "[EXERCISE]", summary: msgSumHint,
			examples: []string{"workbook hint", "workbook hint 2", "workbook hint {id}"},
			flags:    langFlags,
			run:      runHint},
		{name: "read", args: "[EXERCISE|CHAPTER]", summary: msgSumRead,
			examples: []string{"workbook read", "workbook read 2", "workbook read {chapter}", "workbook read {chapter} --lang both"},
			flags:    func(fs *flag.FlagSet, o *options) { langFlags(fs, o); pagerFlags(fs, o) },
			run:      runRead},
		{name: "reset", args: "EXERCISE", summary: msgSumReset,
			examples: []string{"workbook reset 1", "workbook reset {dir} --yes"},
			flags: func(fs *flag.FlagSet, o *options) {
				langFlags(fs, o)
				fs.BoolVar(&o.yes, "yes", false, "")
			},
			run: runReset},
		{name: "solution", args: "EXERCISE", summary: msgSumSolution,
			examples: []string{"workbook solution 1", "workbook solution {id} --force"},
			flags: func(fs *flag.FlagSet, o *options) {
				langFlags(fs, o)
				pagerFlags(fs, o)
				runFlags(fs, o)
				fs.BoolVar(&o.force, "force", false, "")
			},
			run: runSolution},
		{name: "grade", args: "[FLAGS] [SUBMISSION ...]", summary: msgSumGrade, raw: true,
			examples: []string{"workbook grade", "workbook grade --format junit --out reports/ submissions/*",
				"workbook grade --format classroom", "workbook grade --help"},
			flags: func(*flag.FlagSet, *options) {},
			run:   runGrade},
		{name: "version", summary: msgSumVersion, examples: []string{"workbook version"}, flags: langFlags, run: runVersion},
		{name: "help", args: "[COMMAND]", summary: msgSumHelp, examples: []string{"workbook help", "workbook help reset"}, flags: langFlags, run: runHelp},
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
	store  *state.Store
	// progress records runs and hints in store; every command that
	// records goes through it.
	progress *progress.Tracker
}

// Main runs the workbook command and returns its exit status.
func Main(ctx context.Context, env Env) int {
	s := &session{env: env}
	// Until --lang is read, the environment picks the language of errors.
	s.lang, _ = i18n.Detect("", env.Getenv)
	s.ui = i18n.UI(s.lang, env.Getenv)
	args := env.Args
	// A bare workbook on a terminal is watch mode; in a pipe, next.
	name := "next"
	if env.Terminal && env.StdinTerminal {
		name = "watch"
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		name, args = "help", nil
	} else if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		name, args = "version", nil
	}
	s.cmd = lookupCommand(name)
	if s.cmd == nil {
		return s.usageError(msgUnknownCommand.F(s.ui, name, closestCommand(name)))
	}
	if s.cmd.raw {
		s.args = args
		return s.cmd.run(ctx, s)
	}
	fs := flag.NewFlagSet("workbook "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	s.cmd.flags(fs, &s.opts)
	positional, err := argv.Parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			s.printHelp(s.cmd)
			return exitOK
		}
		return s.usageError(msgBadFlag.F(s.ui, err, name))
	}
	s.args = positional
	lang, err := i18n.Detect(s.opts.lang, env.Getenv)
	if err != nil {
		return s.usageError(err.Error() + ".")
	}
	s.lang, s.ui = lang, i18n.UI(lang, env.Getenv)
	return s.cmd.run(ctx, s)
}

// load finds the workbook above the working directory and reads its course
// and state. It reports any problem itself and returns false.
func (s *session) load() bool {
	root, err := course.Find(s.env.Dir)
	if errors.Is(err, course.ErrNotInWorkbook) {
		s.fail(msgNotInWorkbook.F(s.ui, course.ManifestName))
		return false
	}
	if err != nil {
		s.fail(err.Error())
		return false
	}
	c, err := course.Load(root)
	if err != nil {
		s.fail(msgBadManifest.F(s.ui, err))
		return false
	}
	s.course = c
	st, warning, err := state.Open(root)
	if err != nil {
		s.fail(err.Error())
		return false
	}
	if warning != nil {
		s.warn(warning.Error())
	}
	s.store = st
	s.progress = progress.New(c, st)
	return true
}

// save writes the state, warning (not failing) when it cannot.
func (s *session) save() {
	if err := s.progress.Save(); err != nil {
		s.warn(msgStateNotSaved.F(s.ui, err))
	}
}

// msgSentence ends a clause that is shown as a sentence of its own.
var msgSentence = i18n.Text{En: "%s.", Zh: "%s。"}

// checker is the Checker for this session's flags.
func (s *session) checker() (*check.Checker, bool) {
	mode, err := check.ParseRaceMode(s.opts.race)
	if err != nil {
		text := i18n.Text{En: err.Error(), Zh: err.Error()}
		var bad *check.RaceModeError
		if errors.As(err, &bad) {
			text = bad.Text()
		}
		s.usageError(msgSentence.F(s.ui, text.In(s.ui)))
		return nil, false
	}
	if s.opts.timeout <= 0 {
		s.usageError(msgBadTimeout.In(s.ui))
		return nil, false
	}
	// Next starts every exercise at once: go test then overlaps builds and
	// test runs across the cores as a single go test of all the packages
	// would, and the runs after a failing exercise are cancelled anyway.
	return &check.Checker{Course: s.course, Race: mode, Timeout: s.opts.timeout, Parallel: len(s.course.Exercises), Lang: s.lang}, true
}

// exercise resolves an EXERCISE argument, reporting a bad one.
func (s *session) exercise(name string) (*course.Exercise, bool) {
	e, err := s.course.Lookup(name)
	if err != nil {
		var unknown *course.UnknownError
		if errors.As(err, &unknown) {
			s.fail(msgUnknownExercise.F(s.ui, unknown.Name, unknown.Suggestion))
		} else {
			s.fail(err.Error() + ".")
		}
		return nil, false
	}
	return e, true
}

func (s *session) out(text string) { fmt.Fprintln(s.env.Stdout, text) }

// fail prints one sentence on stderr.
func (s *session) fail(sentence string) {
	fmt.Fprintln(s.env.Stderr, msgErrorPrefix.In(s.ui)+sentence)
}

func (s *session) warn(sentence string) {
	fmt.Fprintln(s.env.Stderr, msgWarningPrefix.In(s.ui)+sentence)
}

func (s *session) usageError(sentence string) int {
	s.fail(sentence)
	return exitUsage
}

func closestCommand(name string) string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return course.Closest(name, names)
}
