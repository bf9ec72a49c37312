package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/golden"
	"github.com/gospawn/workbook/runner/internal/render"
	"github.com/gospawn/workbook/runner/internal/state"
)

// testCourse is a small course to run the command line in.
func testCourse(t *testing.T) *course.Course {
	return coursetest.Write(t, coursetest.Exercise{ID: "alpha"}, coursetest.Exercise{ID: "beta"})
}

// runMain runs the command line in dir, in a pipe, with env as the whole
// environment.
func runMain(t *testing.T, dir string, env map[string]string, width int, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(context.Background(), Env{
		Args: args, Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] }, Dir: dir, Width: width,
	})
	return code, out.String(), errOut.String()
}

// The ways to ask for Chinese, and for English.
var (
	inZh = []map[string]string{{"LANG": "zh_CN.UTF-8"}, {"WORKBOOK_LANG": "zh"}, {"LANG": "C", "WORKBOOK_LANG": "en", "--lang": "zh"}}
	inEn = []map[string]string{{"LANG": "C"}, {"LANG": "zh_CN.UTF-8", "WORKBOOK_LANG": "en"}, {"LANG": "zh_CN.UTF-8", "--lang": "en"}}
)

// withLang is args with --lang from env, which is not a variable, after
// the command's name.
func withLang(env map[string]string, args []string) []string {
	if lang := env["--lang"]; lang != "" {
		return append([]string{args[0], "--lang", lang}, args[1:]...)
	}
	return args
}

// TestUsageErrors: a wrong flag gets one sentence, on stderr, in the
// language asked for however it is asked for, and exit status 2; grade's
// flags as every other command's.
func TestUsageErrors(t *testing.T) {
	c := testCourse(t)
	for _, tc := range []struct {
		args   []string
		en, zh string
	}{
		{[]string{"next", "--bogus"}, "unknown flag --bogus (workbook help next shows its flags)", "未知选项 --bogus（workbook help next 会列出所有选项）"},
		{[]string{"grade", "--bogus"}, "unknown flag --bogus", "未知选项 --bogus"},
		{[]string{"grade", "--format"}, "flag --format needs a value", "选项 --format 需要一个值"},
		{[]string{"grade", "--format", "yaml"}, `invalid value "yaml" for --format: use text, json`, `选项 --format 的值 "yaml" 无效`},
		{[]string{"grade", "-j", "0"}, `invalid value "0" for -j`, "不小于 1 的整数"},
		{[]string{"grade", "--timeout", "1s"}, `invalid value "1s" for --timeout`, "不短于 5s"},
		{[]string{"grade", "--timeout", "soon"}, `invalid value "soon" for --timeout`, "--timeout"},
		{[]string{"grade", "--min-score", "lots"}, `invalid value "lots" for --min-score`, "百分比"},
		{[]string{"grade", "--min-score", "120%"}, `for --min-score`, "--min-score"},
		{[]string{"grade", "--race", "maybe"}, "use on, off or auto", "可用 on、off 或 auto"},
		{[]string{"grade", "--lang", "fr"}, "use en, zh or both", "可用 en、zh 或 both"},
		{[]string{"grade", "--sandbox", "maybe"}, "use auto, on or off", "可用 auto、on 或 off"},
		{[]string{"grade", "--memory", "1M"}, "at least 64MiB", "不少于 64MiB"},
		{[]string{"next", "--timeout", "abc"}, `invalid value "abc" for --timeout: give a duration`, `选项 --timeout 的值 "abc" 无效：请给出`},
		{[]string{"next", "--race", "maybe"}, "use on, off or auto", "可用 on、off 或 auto"},
		{[]string{"reset", "-yes", "1"}, "-yes is not a flag: a long flag takes two dashes, --yes", "长选项要用两个连字符，写作 --yes"},
		{[]string{"reset", "--yes=maybe", "1"}, `invalid value "maybe" for --yes: give no value, or true or false`, "不带值"},
		{[]string{"list", "---x"}, "---x is not a flag", "---x 不是有效的选项"},
		{[]string{"hint", "-x"}, "unknown flag -x", "未知选项 -x"},
	} {
		for lang, envs := range map[string][]map[string]string{"en": inEn, "zh": inZh} {
			want := map[string]string{"en": tc.en, "zh": tc.zh}[lang]
			for _, env := range envs {
				if env["--lang"] != "" && slices.Contains(tc.args, "--lang") {
					continue // the command line's own --lang is the one that counts
				}
				code, out, errOut := runMain(t, c.Root, env, 80, withLang(env, tc.args)...)
				assert.Equal(t, exitUsage, code, "%v", tc.args)
				assert.Empty(t, out, "%v", tc.args)
				assert.Contains(t, errOut, want, "%v with %v", tc.args, env)
				assert.Equal(t, 1, strings.Count(errOut, "\n"), "one sentence, on one line: %q", errOut)
			}
		}
	}
}

// TestSameFlagSameAnswer: a bad flag, or a bad value of a flag, gets the
// same sentence from every command that takes the flag, but for the
// command's name.
func TestSameFlagSameAnswer(t *testing.T) {
	c := testCourse(t)
	bad := map[string]string{"lang": "fr", "race": "maybe", "timeout": "1s", "yes": "maybe", "force": "maybe",
		"poll": "maybe", "auto-next": "maybe", "no-pager": "maybe", "format": "yaml", "out": "", "min-score": "x",
		"jobs": "0", "sandbox": "maybe", "memory": "1K", "roster": "", "assignment": "", "changed": "", "edit-cmd": `vim "x`}
	for _, lang := range []string{"en", "zh"} {
		answers := map[string]string{}
		for _, cmd := range commands {
			flags := append([]*flagDef{{name: "bogus"}}, cmd.flags...)
			for _, f := range flags {
				arg := "--" + f.name + "=" + bad[f.name]
				_, _, errOut := runMain(t, c.Root, map[string]string{"WORKBOOK_LANG": lang}, 80, cmd.name, arg)
				answer := strings.ReplaceAll(errOut, "workbook help "+cmd.name, "workbook help CMD")
				if first, ok := answers[arg]; ok {
					assert.Equal(t, first, answer, "workbook %s %s", cmd.name, arg)
				} else {
					answers[arg] = answer
				}
			}
		}
		assert.Len(t, answers, len(bad)+1, "every flag was tried")
	}
}

// TestGradeFlags: grade's flags stand anywhere among the submissions, and
// "--" ends them.
func TestGradeFlags(t *testing.T) {
	g := lookupCommand("grade")
	o, args, err := parse(g, []string{"a", "--format=csv", "b", "-j", "3", "--", "--c"})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b", "--c"}, args)
	assert.Equal(t, "csv", o.format)
	assert.Equal(t, 3, o.jobs)
	assert.Equal(t, check.RaceAuto, o.race)
	assert.Equal(t, time.Minute, o.timeout)
	o, args, err = parse(g, []string{"a", "--race=OFF", "--", "b", "-j", "x"})
	require.NoError(t, err, "after --, -j is a submission")
	assert.Equal(t, []string{"a", "b", "-j", "x"}, args)
	assert.Equal(t, check.RaceOff, o.race)
	o, _, err = parse(g, []string{"--lang", "zh", "--jobs=2", "--sandbox", "OFF", "--memory", "512MiB", "--min-score", "80%", "--out", "r", "--timeout=90s"})
	require.NoError(t, err)
	assert.Equal(t, "zh", string(o.lang))
	assert.Equal(t, 2, o.jobs)
	assert.Equal(t, confine.Off, o.sandbox)
	assert.Equal(t, int64(512<<20), o.memory)
	assert.Equal(t, "r", o.out)
	assert.Equal(t, 90*time.Second, o.timeout)
	assert.NotZero(t, o.minScore, "80% is a minimum")
}

// TestHelpFromOnePlace: workbook help grade, workbook grade --help and
// workbook grade -h print the same page, drawn from the command table, in
// the language asked for (both with --lang both).
func TestHelpFromOnePlace(t *testing.T) {
	c := testCourse(t)
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{nil, []string{"grade", "-h"}, []string{"workbook grade [FLAGS] [SUBMISSION ...]", "--min-score", "Examples:", "workbook grade class/*"}},
		{nil, []string{"grade", "--help"}, []string{"Usage:\n  workbook grade"}},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, []string{"grade", "-help"}, []string{"用法：\n  workbook grade", "示例："}},
		{nil, []string{"grade", "--help", "--lang", "both"}, []string{"Usage:\n  workbook grade", "用法：\n  workbook grade"}},
		{nil, []string{"grade", "--help", "--lang", "zh"}, []string{"选项：", "退出状态："}},
	} {
		code, out, errOut := runMain(t, c.Root, tc.env, 80, tc.args...)
		assert.Equal(t, exitOK, code)
		assert.Empty(t, errOut)
		for _, w := range tc.want {
			assert.Contains(t, out, w, "%v", tc.args)
		}
	}
	for _, cmd := range commands {
		for _, lang := range []string{"en", "zh"} {
			env := map[string]string{"WORKBOOK_LANG": lang}
			_, viaHelp, _ := runMain(t, c.Root, env, 80, "help", cmd.name)
			_, viaFlag, _ := runMain(t, c.Root, env, 80, cmd.name, "--help")
			_, viaH, _ := runMain(t, c.Root, env, 80, cmd.name, "-h")
			assert.Equal(t, viaHelp, viaFlag, "workbook %s --help", cmd.name)
			assert.Equal(t, viaHelp, viaH, "workbook %s -h", cmd.name)
			for _, f := range cmd.flags {
				assert.Contains(t, viaHelp, "--"+f.name, "workbook help %s lists --%s", cmd.name, f.name)
			}
		}
	}
}

// TestUsageErrorInTheLanguageAskedAfterIt: --lang after the bad flag still
// decides the error's language.
func TestUsageErrorInTheLanguageAskedAfterIt(t *testing.T) {
	c := testCourse(t)
	_, _, errOut := runMain(t, c.Root, map[string]string{"LANG": "C"}, 80, "next", "--bogus", "--lang", "zh")
	assert.Equal(t, "workbook：未知选项 --bogus（workbook help next 会列出所有选项）\n", errOut)
	_, _, errOut = runMain(t, c.Root, map[string]string{"LANG": "zh_CN.UTF-8"}, 80, "grade", "-j", "x", "--lang=en")
	assert.Equal(t, "workbook: invalid value \"x\" for -j/--jobs: give a whole number of at least 1 (workbook help grade shows its flags)\n", errOut)
}

// TestHelpGolden draws workbook help and every command's help, at three
// widths in both languages. Review a changed file by eye, then run
// go test ./runner/internal/cli -run TestHelpGolden -update.
func TestHelpGolden(t *testing.T) {
	c := testCourse(t)
	for _, lang := range []string{"en", "zh"} {
		for _, width := range []int{60, 80, 200} {
			name := fmt.Sprintf("help-%d-%s.txt", width, lang)
			t.Run(name, func(t *testing.T) {
				var page strings.Builder
				for _, args := range append([][]string{{"help"}}, helpOfEach()...) {
					code, out, errOut := runMain(t, c.Root, map[string]string{"WORKBOOK_LANG": lang}, width, args...)
					require.Equal(t, exitOK, code, errOut)
					fmt.Fprintf(&page, "$ workbook %s\n%s\n", strings.Join(args, " "), out)
					for _, line := range strings.Split(out, "\n") {
						if render.Width(line) > min(width, maxHelpWidth) && !strings.HasPrefix(line, "  workbook ") {
							t.Errorf("wider than %d columns: %q", width, line)
						}
					}
					if lang == "zh" {
						assertNoEnglish(t, out)
					}
				}
				golden.Check(t, filepath.Join("testdata", name), page.String())
			})
		}
	}
}

func helpOfEach() [][]string {
	var out [][]string
	for _, c := range commands {
		out = append(out, []string{"help", c.name})
	}
	return out
}

// badCommandLines are, for every command, a bad flag, a bad value, and bad
// arguments.
var badCommandLines = [][]string{
	{"nxt"},
	{"next", "--bogus"}, {"next", "--timeout", "abc"}, {"next", "--race"}, {"next", "extra"},
	{"watch", "--bogus"}, {"watch", "--poll=maybe"}, {"watch", "extra"},
	{"list", "-lang", "zh"}, {"list", "--lang", "fr"}, {"list", "extra"},
	{"hint", "--bogus"}, {"hint", "9"}, {"hint", "gamma"}, {"hint", "1", "2"},
	{"read", "--no-pager=x"}, {"read", "gama"}, {"read", "99"},
	{"reset", "--yes=maybe", "1"}, {"reset"}, {"reset", "9"}, {"reset", "1"},
	{"solution", "--force=x"}, {"solution"}, {"solution", "betta"},
	{"grade", "--bogus"}, {"grade", "-j", "0"}, {"grade", "--format"}, {"grade", "--memory", "1K"},
	{"grade", "--format", "exercism", ".", "."}, {"grade", "no/such/folder"},
	{"version", "--bogus"}, {"version", "extra"},
	{"help", "nxt"}, {"help", "next", "list"},
}

// TestUsageErrorsGolden: what every command says to a bad command line, in
// both languages, with its exit status; in Chinese with no English sentence.
// Review a changed file by eye, then run
// go test ./runner/internal/cli -run TestUsageErrorsGolden -update.
func TestUsageErrorsGolden(t *testing.T) {
	c := testCourse(t)
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			var page strings.Builder
			for _, args := range badCommandLines {
				code, out, errOut := runMain(t, c.Root, map[string]string{"WORKBOOK_LANG": lang}, 80, args...)
				assert.NotEqual(t, exitOK, code, "%v", args)
				assert.Empty(t, out, "%v", args)
				assert.Equal(t, 1, strings.Count(errOut, "\n"), "one sentence, on one line: %q", errOut)
				if lang == "zh" {
					assertNoEnglish(t, errOut)
				}
				fmt.Fprintf(&page, "$ workbook %s\n%s[exit %d]\n\n", strings.Join(args, " "), errOut, code)
			}
			golden.Check(t, filepath.Join("testdata", "usage-errors-"+lang+".txt"), page.String())
		})
	}
}

// english are words of English sentences that no identifier, command, flag
// or value of the workbook's is.
var english = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an is are was be not no and or but of to for in with there this that
		must cannot could did you mean give use takes shows lists needs unknown invalid value flag missing
		folder exercise chapter when its it one at least such as run restore`) {
		english[w] = true
	}
}

// quoted are the values a person typed, quoted as Go does: they are shown
// as they were, in either language.
var quoted = regexp.MustCompile(`"(\\.|[^"\\])*"`)

// assertNoEnglish fails when s has a word of an English sentence outside
// what the person typed, commands, flags, paths and placeholders (EXERCISE).
func assertNoEnglish(t *testing.T, s string) {
	t.Helper()
	for _, field := range strings.FieldsFunc(quoted.ReplaceAllString(s, ""), func(r rune) bool {
		return r > unicode.MaxASCII || unicode.IsSpace(r) || strings.ContainsRune("()[]{},;:!?'`|", r)
	}) {
		if strings.ContainsAny(field, "-/._=$0123456789") || strings.ToUpper(field) == field {
			continue // a flag, a path, a variable, a number or a placeholder
		}
		if english[strings.ToLower(field)] {
			t.Errorf("English in a Chinese text (%q): %q", field, s)
			return
		}
	}
}

// TestErrorsInChinese breaks a course in the ways a learner can and checks
// that each error, and each warning, reaches a Chinese learner in Chinese.
func TestErrorsInChinese(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		want     string
		breakage func(t *testing.T, c *course.Course)
	}{
		{"outside a workbook", []string{"list"}, exitUsage, "当前目录不在练习册中", nil},
		{"a broken manifest", []string{"list"}, exitUsage, "分数必须为正数", func(t *testing.T, c *course.Course) {
			rewrite(t, filepath.Join(c.Root, course.ManifestName), "points = 1", "points = 0")
		}},
		{"a state file that is not one", []string{"list"}, exitOK, "不是本练习册能读取的状态文件", func(t *testing.T, c *course.Course) {
			write(t, filepath.Join(c.Root, state.DirName, "state.json"), "{not json")
		}},
		{"a state file of another version", []string{"list"}, exitOK, "由另一个版本的练习册写入", func(t *testing.T, c *course.Course) {
			write(t, filepath.Join(c.Root, state.DirName, "state.json"), `{"version": 99}`)
		}},
		{"a missing exercise file", []string{"next", "--race=off"}, exitFailing, "请用 workbook reset 01_alpha 恢复", func(t *testing.T, c *course.Course) {
			require.NoError(t, os.Remove(c.StubPath(&c.Exercises[0])))
		}},
		{"a missing chapter", []string{"read", "1"}, exitFailing, "缺失；请用 git checkout", func(t *testing.T, c *course.Course) {
			require.NoError(t, os.Remove(c.ChapterPath(course.BookLanguages[1], c.Exercises[0].Chapter)))
		}},
		{"no go on PATH", []string{"next", "--race=off"}, exitFailing, "在 PATH 中找不到 go 命令", func(t *testing.T, c *course.Course) {
			t.Setenv("PATH", t.TempDir())
		}},
		{"--race=on without cgo", []string{"next", "--race=on"}, exitFailing, "cgo 已被禁用", func(t *testing.T, c *course.Course) {
			t.Setenv("CGO_ENABLED", "0")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testCourse(t)
			dir := c.Root
			if tc.breakage != nil {
				tc.breakage(t, c)
			} else {
				dir = t.TempDir()
			}
			code, _, errOut := runMain(t, dir, map[string]string{"LANG": "zh_CN.UTF-8"}, 80, tc.args...)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, errOut, tc.want)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one sentence, on one line: %q", errOut)
			assertNoEnglish(t, errOut)
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
}

func rewrite(t *testing.T, path, from, to string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), from)
	write(t, path, strings.Replace(string(data), from, to, 1))
}

// TestFlagsBeforeTheCommand: `workbook --lang zh list` is list in Chinese,
// as `workbook list --lang zh` is; a flag's value is never taken for the
// command, and a word after the flags that names no command stays the
// default command's argument.
func TestFlagsBeforeTheCommand(t *testing.T) {
	c := testCourse(t)
	_, want, _ := runMain(t, c.Root, map[string]string{"LANG": "C"}, 80, "list", "--lang", "zh")
	for _, args := range [][]string{{"--lang", "zh", "list"}, {"--lang=zh", "list"}} {
		code, out, errOut := runMain(t, c.Root, map[string]string{"LANG": "C"}, 80, args...)
		assert.Equal(t, 0, code, "%v: %s", args, errOut)
		assert.Equal(t, want, out, "%v", args)
	}
	for _, tt := range []struct {
		args []string
		name string
		ok   bool
	}{
		{[]string{"--lang", "list"}, "", false}, // list is --lang's value
		{[]string{"--lang", "zh", "3"}, "", false},
		{[]string{"--no-pager", "read", "2"}, "read", true},
		{[]string{"--", "list"}, "", false},
	} {
		name, _, ok := commandAfterFlags(tt.args)
		assert.Equal(t, tt.name, name, "%v", tt.args)
		assert.Equal(t, tt.ok, ok, "%v", tt.args)
	}
}
