package argv

import (
	"errors"
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// flags is a flag set like the commands': a string, a bool and a
// one-letter integer.
func flags() (*flag.FlagSet, *string, *bool, *int) {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	lang := fs.String("lang", "", "")
	yes := fs.Bool("yes", false, "")
	jobs := fs.Int("j", 1, "")
	return fs, lang, yes, jobs
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
		lang string
		yes  bool
		jobs int
	}{
		{name: "nothing", args: nil, want: nil, jobs: 1},
		{name: "flags first", args: []string{"--lang", "zh", "3"}, want: []string{"3"}, lang: "zh", jobs: 1},
		{name: "flags last", args: []string{"3", "--lang=zh"}, want: []string{"3"}, lang: "zh", jobs: 1},
		{name: "flags between", args: []string{"a", "--yes", "b", "-j", "3", "c"}, want: []string{"a", "b", "c"}, yes: true, jobs: 3},
		{name: "-- ends the flags", args: []string{"a", "--", "--yes", "-j", "2"}, want: []string{"a", "--yes", "-j", "2"}, jobs: 1},
		{name: "-- first", args: []string{"--", "-x"}, want: []string{"-x"}, jobs: 1},
		{name: "-- after a flag", args: []string{"-j", "3", "--", "b", "--lang", "en"}, want: []string{"b", "--lang", "en"}, jobs: 3},
		{name: "a lone dash is positional", args: []string{"-", "--yes"}, want: []string{"-"}, yes: true, jobs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, lang, yes, jobs := flags()
			got, err := Parse(fs, tt.args)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.lang, *lang)
			assert.Equal(t, tt.yes, *yes)
			assert.Equal(t, tt.jobs, *jobs)
		})
	}
}

func TestParseErrors(t *testing.T) {
	hints := map[string]i18n.Text{"j": {En: "give a whole number", Zh: "请给出整数"}}
	tests := []struct {
		name   string
		args   []string
		raw    string // the flag package's own error, which Parse returns
		en, zh string // Explain's sentence
	}{
		{"unknown flag after a positional", []string{"a", "--colour"}, "flag provided but not defined: -colour",
			"unknown flag -colour", "未知选项 -colour"},
		{"flag without its value", []string{"a", "--lang"}, "flag needs an argument: -lang",
			"flag --lang needs a value", "选项 --lang 需要一个值"},
		{"bad value with a hint", []string{"-j", "x"}, `invalid value "x" for flag -j: parse error`,
			`invalid value "x" for -j: give a whole number`, `选项 -j 的值 "x" 无效：请给出整数`},
		{"bad boolean without a hint", []string{"--yes=maybe"}, `invalid boolean value "maybe" for -yes: parse error`,
			`invalid value "maybe" for --yes`, `选项 --yes 的值 "maybe" 无效`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, _, _, _ := flags()
			_, err := Parse(fs, tt.args)
			require.Error(t, err)
			assert.Equal(t, tt.raw, err.Error())
			got := Explain(err, hints)
			assert.Equal(t, tt.en, got.En)
			assert.Equal(t, tt.zh, got.Zh)
		})
	}
}

func TestParseHelp(t *testing.T) {
	fs, _, _, _ := flags()
	_, err := Parse(fs, []string{"a", "--help"})
	assert.True(t, errors.Is(err, flag.ErrHelp))
}

func TestExplainUnknownError(t *testing.T) {
	got := Explain(errors.New("something else"), nil)
	assert.Equal(t, i18n.Text{En: "something else", Zh: "something else"}, got)
}

func TestDashes(t *testing.T) {
	for in, want := range map[string]string{"j": "-j", "-j": "-j", "format": "--format", "-format": "--format", "--out": "--out"} {
		assert.Equal(t, want, Dashes(in), in)
	}
}
