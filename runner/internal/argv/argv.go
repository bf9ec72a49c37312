// Package argv reads a command line whose flags may stand before, between
// or after its positional arguments (workbook read 3 --lang zh), as people
// type them, with the standard flag package doing the parsing; and it puts
// the flag package's (English) errors into both languages.
//
// It knows no command and no flag of its own: callers define the flags and
// decide what the positional arguments mean and what to print.
package argv

import (
	"flag"
	"fmt"
	"regexp"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Parse parses fs's flags wherever they stand in args and returns the
// positional arguments, in order. "--" ends the flags: what follows it is
// positional, even when it looks like a flag. The error is the flag
// package's own (flag.ErrHelp for -h and --help); Explain words it.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// fs.Parse stops at the first positional argument, or just after
		// a "--", which it drops: the argument before rest tells which.
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

var (
	msgUnknownFlag    = i18n.Text{En: "unknown flag %s", Zh: "未知选项 %s"}
	msgFlagNeedsValue = i18n.Text{En: "flag %s needs a value", Zh: "选项 %s 需要一个值"}
	msgBadFlagValue   = i18n.Text{En: "invalid value %q for %s", Zh: "选项 %[2]s 的值 %[1]q 无效"}
	msgBadFlagHint    = i18n.Text{En: "%s: %s", Zh: "%s：%s"}
)

var (
	reUndefined = regexp.MustCompile(`^flag provided but not defined: (\S+)`)
	reNeedsArg  = regexp.MustCompile(`^flag needs an argument: (\S+)`)
	reBadValue  = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-(\S+): `)
)

// Explain turns an error of Parse into one sentence in both languages,
// naming the flag as a usage text does (-j, --format). hints, by flag name
// without dashes, say what values a flag takes; a bad value of a flag
// without a hint is named alone. An error Explain does not know is given
// as it is, in both languages.
func Explain(err error, hints map[string]i18n.Text) i18n.Text {
	s := err.Error()
	if m := reUndefined.FindStringSubmatch(s); m != nil {
		return format(msgUnknownFlag, m[1])
	}
	if m := reNeedsArg.FindStringSubmatch(s); m != nil {
		return format(msgFlagNeedsValue, Dashes(m[1]))
	}
	if m := reBadValue.FindStringSubmatch(s); m != nil {
		t := format(msgBadFlagValue, m[1], Dashes(m[2]))
		if hint, ok := hints[m[2]]; ok {
			t = i18n.Text{
				En: fmt.Sprintf(msgBadFlagHint.En, t.En, hint.En),
				Zh: fmt.Sprintf(msgBadFlagHint.Zh, t.Zh, hint.Zh),
			}
		}
		return t
	}
	return i18n.Text{En: s, Zh: s}
}

func format(t i18n.Text, args ...any) i18n.Text {
	return i18n.Text{En: fmt.Sprintf(t.En, args...), Zh: fmt.Sprintf(t.Zh, args...)}
}

// Dashes writes a flag's name as a usage text does: one dash for a
// one-letter name (-j), two for the others (--format).
func Dashes(name string) string {
	name = strings.TrimLeft(name, "-")
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
