package cli

import (
	"errors"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/grade"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// options are the flags any command may take (parse sets their defaults).
type options struct {
	lang     i18n.Lang // "" when --lang is not given
	noPager  bool
	race     check.RaceMode
	timeout  time.Duration
	yes      bool
	force    bool
	poll     bool
	autoNext bool
	editCmd  *string // --edit-cmd, when given ("" forgets the remembered one)
	// grade's
	format   string
	out      string
	minScore grade.MinScore
	jobs     int
	sandbox  confine.Mode
	memory   int64
	roster   string
	assign   string
	changed  string
}

// minTimeout is the least --timeout: the exercises' own watchdogs wait
// seconds before they say what a test was waiting for, and a shorter limit
// would cut them off.
const minTimeout = 5 * time.Second

// flagDef is a flag: what help says of it and which values it takes. Every
// flag of every command is one of these, so that a flag means the same and
// gets the same answer to a bad value wherever it appears.
type flagDef struct {
	name  string    // the long name, without dashes
	short string    // a one-letter name, or ""
	arg   string    // what help calls its value (MODE); "" for a switch
	help  i18n.Text // what it does, and its default
	// values says which values it takes, after a bad one.
	values i18n.Text
	// set stores the value typed in o, reporting whether it is one the
	// flag takes. A switch given alone is "true".
	set func(o *options, value string) bool
}

// The flags. A command lists its own in the command table.
var (
	flagLang = &flagDef{name: "lang", arg: "LANG", help: msgFlagLang, values: i18n.LangValues,
		set: func(o *options, v string) (ok bool) { o.lang, ok = valid(i18n.Parse(v)); return ok }}
	flagNoPager = switchFlag("no-pager", msgFlagNoPager, func(o *options) *bool { return &o.noPager })
	flagRace    = &flagDef{name: "race", arg: "MODE", help: msgFlagRace, values: check.RaceHint,
		set: func(o *options, v string) (ok bool) { o.race, ok = valid(check.ParseRaceMode(v)); return ok }}
	flagTimeout = &flagDef{name: "timeout", arg: "D", help: msgFlagTimeout, values: msgValuesTimeout,
		set: func(o *options, v string) (ok bool) {
			o.timeout, ok = valid(time.ParseDuration(v))
			return ok && o.timeout >= minTimeout
		}}
	flagYes      = switchFlag("yes", msgFlagYes, func(o *options) *bool { return &o.yes })
	flagForce    = switchFlag("force", msgFlagForce, func(o *options) *bool { return &o.force })
	flagPoll     = switchFlag("poll", msgFlagPoll, func(o *options) *bool { return &o.poll })
	flagAutoNext = switchFlag("auto-next", msgFlagAutoNext, func(o *options) *bool { return &o.autoNext })

	flagFormat = &flagDef{name: "format", arg: "F", help: msgFlagFormat, values: msgValuesFormat,
		set: func(o *options, v string) bool {
			o.format = strings.ToLower(v)
			names := strings.Split(o.format, ",")
			for i, n := range names {
				if !slices.Contains(grade.Formats, n) || slices.Contains(names[:i], n) {
					return false
				}
			}
			return true
		}}
	flagOut = &flagDef{name: "out", arg: "DIR", help: msgFlagOut, values: msgValuesOut,
		set: func(o *options, v string) bool { o.out = v; return v != "" }}
	flagRoster = &flagDef{name: "roster", arg: "FILE", help: msgFlagRoster, values: msgValuesRoster,
		set: func(o *options, v string) bool { o.roster = v; return v != "" }}
	flagAssignment = &flagDef{name: "assignment", arg: "NAME", help: msgFlagAssignment, values: msgValuesAssignment,
		set: func(o *options, v string) bool { o.assign = v; return v != "" }}
	flagMinScore = &flagDef{name: "min-score", arg: "N", help: msgFlagMinScore, values: msgValuesMinScore,
		set: func(o *options, v string) (ok bool) { o.minScore, ok = valid(grade.ParseMinScore(v)); return ok }}
	flagJobs = &flagDef{name: "jobs", short: "j", arg: "N", help: msgFlagJobs, values: msgValuesJobs,
		set: func(o *options, v string) (ok bool) { o.jobs, ok = valid(strconv.Atoi(v)); return ok && o.jobs >= 1 }}
	flagSandbox = &flagDef{name: "sandbox", arg: "MODE", help: msgFlagSandbox, values: msgValuesSandbox,
		set: func(o *options, v string) (ok bool) { o.sandbox, ok = valid(confine.ParseMode(v)); return ok }}
	flagChanged = &flagDef{name: "changed", arg: "FILE", help: msgFlagChanged, values: msgValuesChanged,
		set: func(o *options, v string) bool { o.changed = v; return v != "" }}
	flagMemory = &flagDef{name: "memory", arg: "M", help: msgFlagMemory, values: msgValuesMemory,
		set: func(o *options, v string) (ok bool) {
			o.memory, ok = valid(confine.ParseBytes(v))
			return ok && o.memory >= grade.MinMemory
		}}
)

// valid is a parser's result, and whether it had no error.
func valid[T any](v T, err error) (T, bool) { return v, err == nil }

// switchFlag is a flag that is on when given: --yes, or --yes=false to say
// no.
func switchFlag(name string, help i18n.Text, field func(*options) *bool) *flagDef {
	return &flagDef{name: name, help: help, values: msgValuesSwitch,
		set: func(o *options, v string) (ok bool) { *field(o), ok = valid(strconv.ParseBool(v)); return ok }}
}

// dashes is the flag's names, the short one first, between sep: --format,
// or -j, --jobs as help lists it, -j/--jobs as an error names it.
func (f *flagDef) dashes(sep string) string {
	if f.short != "" {
		return "-" + f.short + sep + "--" + f.name
	}
	return "--" + f.name
}

// value is a flagDef bound to the options being parsed, as pflag wants it.
type value struct {
	def  *flagDef
	opts *options
}

// errBadValue tells pflag that a value was wrong; flagError says how.
var errBadValue = errors.New("bad value")

func (v value) Set(s string) error {
	if !v.def.set(v.opts, strings.TrimSpace(s)) {
		return errBadValue
	}
	return nil
}

// String is the value's default as pflag shows it; help says it instead.
func (v value) String() string { return "" }

// Type is the value's type as pflag shows it; help says it instead.
func (v value) Type() string { return v.def.arg }

// parse reads c's command line: its options, from their defaults, and its
// positional arguments. Flags may stand before, between or after the
// arguments; "--" ends them. The error is pflag.ErrHelp for -h and --help,
// else a usage error in both languages.
func parse(c *command, args []string) (options, []string, error) {
	o := options{race: check.RaceAuto, timeout: time.Minute, format: "text", jobs: runtime.NumCPU()}
	fs := pflag.NewFlagSet("workbook "+c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for _, f := range c.flags {
		flag := fs.VarPF(value{f, &o}, f.name, f.short, "")
		if f.arg == "" {
			flag.NoOptDefVal = "true"
		}
	}
	if err := fs.Parse(args); err != nil {
		return o, nil, flagError(c, err)
	}
	return o, fs.Args(), nil
}

// flagError says what is wrong with a flag of c's command line, in our
// words rather than pflag's (English) ones, which its typed errors let us
// choose without reading its text.
func flagError(c *command, err error) error {
	var (
		unknown *pflag.NotExistError
		missing *pflag.ValueRequiredError
		invalid *pflag.InvalidValueError
		syntax  *pflag.InvalidSyntaxError
	)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		return err
	case errors.As(err, &unknown):
		typed := unknown.GetSpecifiedShortnames()
		if typed == "" {
			return i18n.Errorf(msgUnknownFlag, "--"+unknown.GetSpecifiedName())
		}
		// -lang: a long name after one dash, as Go's own flag package
		// takes it.
		if name, _, _ := strings.Cut(typed, "="); c.flag(name) != nil {
			return i18n.Errorf(msgOneDash, "-"+name, "--"+name)
		}
		return i18n.Errorf(msgUnknownFlag, "-"+unknown.GetSpecifiedName())
	case errors.As(err, &missing):
		f := c.flag(missing.GetFlag().Name)
		return i18n.Errorf(msgFlagNeedsValue, f.dashes("/"), f.values)
	case errors.As(err, &invalid):
		f := c.flag(invalid.GetFlag().Name)
		return i18n.Errorf(msgBadFlagValue, invalid.GetValue(), f.dashes("/"), f.values)
	case errors.As(err, &syntax):
		return i18n.Errorf(msgBadFlagSyntax, syntax.GetSpecifiedFlag())
	}
	return i18n.Errorf(msgBadCommandLine, err)
}

// langArg is the value of the last --lang in args before any "--", or "":
// the language to say a usage error in when it comes before the parser
// reaches --lang (workbook next --bogus --lang zh).
func langArg(args []string) string {
	lang := ""
	for i, a := range args {
		switch {
		case a == "--":
			return lang
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			lang = args[i+1]
		case strings.HasPrefix(a, "--lang="):
			lang = strings.TrimPrefix(a, "--lang=")
		}
	}
	return lang
}

// commandAfterFlags finds a command named after leading flags, as in
// `workbook --lang zh next`: the first argument that is neither a flag nor
// a flag's value. It returns that command's name and args without it, or
// ok false when that argument names no command (it is then the default
// command's argument, and parse says what is wrong with it). A flag's
// value is known by the flag's definition in any command; "--" ends the
// flags.
func commandAfterFlags(args []string) (name string, rest []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") || a == "-" {
			if a == "--" || lookupCommand(a) == nil {
				return "", args, false
			}
			return a, append(slices.Clone(args[:i]), args[i+1:]...), true
		}
		if strings.Contains(a, "=") {
			continue
		}
		if f := anyFlag(strings.TrimLeft(a, "-")); f != nil && f.arg != "" {
			i++ // its value
		}
	}
	return "", args, false
}

// anyFlag is the flag called name (long or short) in any command, or nil.
func anyFlag(name string) *flagDef {
	for _, c := range commands {
		for _, f := range c.flags {
			if f.name == name || (f.short != "" && f.short == name) {
				return f
			}
		}
	}
	return nil
}
