package grade

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/argv"
	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Exit statuses of Command.
const (
	exitOK    = 0 // grading completed, whatever the scores
	exitBelow = 1 // --min-score was given and a submission scored below it
	exitUsage = 2 // bad usage, a setup problem, or grading interrupted
)

// The output formats.
var formats = []string{"text", "json", "junit", "exercism", "classroom", "csv"}

// options are Command's parsed flags.
type options struct {
	format      string
	out         string
	minScore    minScore
	jobs        int
	timeout     time.Duration
	race        check.RaceMode
	sandbox     confine.Mode
	memory      int64
	lang        i18n.Lang
	submissions []string
}

// minScore is --min-score: points, or a percentage of the maximum.
type minScore struct {
	set     bool
	points  int
	percent float64
	isPct   bool
	raw     string
}

// String returns the value as given.
func (m *minScore) String() string { return m.raw }

// Set parses points ("40") or a percentage ("80%").
func (m *minScore) Set(s string) error {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f < 0 || f > 100 {
			return errors.New("bad percentage")
		}
		*m = minScore{set: true, percent: f, isPct: true, raw: s}
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("bad points")
	}
	*m = minScore{set: true, points: n, raw: s}
	return nil
}

// below reports whether score out of maxScore is below the minimum.
func (m *minScore) below(score, maxScore int) bool {
	if !m.set {
		return false
	}
	if m.isPct {
		return maxScore > 0 && float64(score)*100 < m.percent*float64(maxScore)
	}
	return score < m.points
}

// choice is a flag value that must be one of a list.
type choice struct {
	value   string
	allowed []string
}

// String returns the value chosen.
func (c *choice) String() string { return c.value }

// Set accepts one of the allowed values.
func (c *choice) Set(s string) error {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, a := range c.allowed {
		if s == a {
			c.value = s
			return nil
		}
	}
	return errors.New("not allowed")
}

// minInt is an integer flag with a lower bound.
type minInt struct {
	v   *int
	min int
}

// String returns the value.
func (m *minInt) String() string {
	if m.v == nil {
		return ""
	}
	return strconv.Itoa(*m.v)
}

// Set accepts an integer no less than the minimum.
func (m *minInt) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < m.min {
		return errors.New("out of range")
	}
	*m.v = n
	return nil
}

// minDuration is a duration flag with a lower bound.
type minDuration struct {
	v   *time.Duration
	min time.Duration
}

// String returns the value.
func (m *minDuration) String() string {
	if m.v == nil {
		return ""
	}
	return m.v.String()
}

// Set accepts a duration no shorter than the minimum.
func (m *minDuration) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d < m.min {
		return errors.New("out of range")
	}
	*m.v = d
	return nil
}

// langValue is --lang.
type langValue struct{ lang *i18n.Lang }

// String returns the language.
func (l langValue) String() string {
	if l.lang == nil {
		return ""
	}
	return string(*l.lang)
}

// Set accepts en, zh or both.
func (l langValue) Set(s string) error {
	v, err := i18n.Parse(s)
	if err != nil {
		return err
	}
	*l.lang = v
	return nil
}

// usageError is bad usage: one sentence for the user.
type usageError struct{ text i18n.Text }

// Error returns the English sentence.
func (e *usageError) Error() string { return e.text.En }

// Command runs `workbook grade` with args (the arguments after "grade"),
// grading submissions against the trusted workbook at root and writing the
// report to stdout (or to files with --out) and problems to stderr, in
// lang. It returns the exit status: 0 when grading completed, whatever the
// scores; 1 when --min-score was given and a submission scored below it;
// 2 for bad usage, a setup problem, or an interrupted grading. Cancelling
// ctx stops grading and kills the go test processes that are running.
func Command(ctx context.Context, root string, args []string, stdout, stderr io.Writer, lang i18n.Lang) int {
	opts, err := parseArgs(args, &lang)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usage(lang))
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, ue.text.In(lang))
		fmt.Fprintln(stderr, msgUsageHint.In(lang))
		return exitUsage
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if len(opts.submissions) == 0 {
		opts.submissions = []string{root}
	}
	for _, s := range opts.submissions {
		fi, err := os.Stat(s)
		switch {
		case err != nil:
			fmt.Fprintln(stderr, tr(msgNoSuchSubmission, s).In(lang))
			return exitUsage
		case !fi.IsDir():
			fmt.Fprintln(stderr, tr(msgNotADir, s).In(lang))
			return exitUsage
		}
	}
	if (opts.format == "exercism" || opts.format == "classroom") && opts.out == "" && len(opts.submissions) > 1 {
		fmt.Fprintln(stderr, tr(msgOnePerFile, opts.format, len(opts.submissions)).In(lang))
		fmt.Fprintln(stderr, msgUsageHint.In(lang))
		return exitUsage
	}
	if _, err := os.Stat(filepath.Join(root, course.ManifestName)); err != nil {
		fmt.Fprintln(stderr, tr(msgNotInWorkbook, root, course.ManifestName).In(lang))
		return exitUsage
	}

	rep, err := grade(ctx, config{
		root: root, submissions: opts.submissions, jobs: opts.jobs,
		timeout: opts.timeout, race: opts.race, lang: lang,
		sandbox: opts.sandbox, limits: confine.Limits{Memory: opts.memory}, warn: stderr,
	})
	var se *setupError
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, msgInterrupted.In(lang))
		return exitUsage
	case errors.As(err, &se):
		fmt.Fprintln(stderr, se.text.In(lang))
		return exitUsage
	case err != nil:
		fmt.Fprintln(stderr, tr(msgGradingFailed, err).In(lang))
		return exitUsage
	}
	nameSubmissions(rep)

	if err := writeReport(rep, opts, stdout); err != nil {
		fmt.Fprintln(stderr, tr(msgCannotWrite, err).In(lang))
		return exitUsage
	}
	var below []string
	for _, s := range rep.Submissions {
		if opts.minScore.below(s.Score, s.MaxScore) {
			below = append(below, s.Path)
		}
	}
	if len(below) > 0 {
		fmt.Fprintln(stderr, tr(msgBelowMin, len(below), opts.minScore.raw, strings.Join(below, ", ")).In(lang))
		return exitBelow
	}
	return exitOK
}

// parseArgs parses the flags, which may come before, between or after the
// submissions. lang is updated by --lang.
func parseArgs(args []string, lang *i18n.Lang) (*options, error) {
	o := &options{jobs: runtime.NumCPU(), timeout: time.Minute}
	format := &choice{value: "text", allowed: formats}
	o.race = check.RaceAuto
	fs := flag.NewFlagSet("workbook grade", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.Var(format, "format", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.Var(&o.minScore, "min-score", "")
	fs.Var(&minInt{v: &o.jobs, min: 1}, "j", "")
	fs.Var(&minDuration{v: &o.timeout, min: 5 * time.Second}, "timeout", "")
	fs.Var(&o.race, "race", "")
	fs.Var(&o.sandbox, "sandbox", "")
	fs.Var(&memoryValue{&o.memory}, "memory", "")
	fs.Var(langValue{lang}, "lang", "")
	var err error
	if o.submissions, err = argv.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &usageError{argv.Explain(err, flagHints)}
	}
	o.format = format.value
	o.lang = *lang
	return o, nil
}

// flagHints say what values each flag takes, for a bad value's message.
var flagHints = map[string]i18n.Text{
	"format": msgBadFormat, "race": check.RaceHint, "j": msgBadJobs,
	"timeout": msgBadTimeout, "min-score": msgBadMinScore, "lang": msgBadLang,
	"sandbox": msgBadSandbox, "memory": msgBadMemory,
}

// minMemory is the least --memory: a test binary with the race detector
// needs some tens of MiB before any test runs.
const minMemory = 64 << 20

// memoryValue is --memory.
type memoryValue struct{ v *int64 }

// String returns the amount.
func (m *memoryValue) String() string {
	if m.v == nil || *m.v == 0 {
		return ""
	}
	return confine.FormatBytes(*m.v)
}

// Set accepts an amount of at least minMemory.
func (m *memoryValue) Set(s string) error {
	n, err := confine.ParseBytes(s)
	if err != nil || n < minMemory {
		return errors.New("out of range")
	}
	*m.v = n
	return nil
}

// usage is the --help text.
func usage(lang i18n.Lang) string {
	switch lang {
	case i18n.Zh:
		return usageZh
	case i18n.Both:
		return usageEn + "\n" + usageZh
	}
	return usageEn
}

const usageEn = `Usage: workbook grade [flags] [SUBMISSION ...]

Grades learners' copies of the workbook by the course's own tests: points per
test, as workbook.toml gives them. Each SUBMISSION is a folder holding a copy
of the workbook (at least its exercises/ folder); with none, the workbook you
are in is graded. Only the learners' non-test .go files in each exercise
folder are used; the tests, go.mod and everything else come from this
workbook, and whatever else a submission holds is listed as ignored. A
submission is never modified.

Flags:
  --format F     text (default), json, junit, exercism, classroom or csv
  --out DIR      write one file per submission into DIR (csv: DIR/grades.csv)
  --min-score N  exit with status 1 when a submission scores below N points
                 (or below N% of the maximum, as in 80%)
  -j N           go test runs at the same time (default: the number of CPUs)
  --timeout D    time limit of one run of an exercise's tests, not counting
                 the build (default 1m; the re-runs of an exercise share one
                 more)
  --race MODE    auto (default: on for exercises that ask for it, when this
                 machine can build it), on (for every exercise; grading stops
                 when this machine cannot build it), or off
  --sandbox MODE auto (default: run each test binary inside bubblewrap when
                 it works here, and say so when it does not), on (refuse to
                 grade without it) or off
  --memory M     the most memory one run's processes may use together
                 (default 1GiB); a run past it is stopped and its tests fail
  --lang L       en, zh or both

Exit status: 0 when grading completed, whatever the scores; 1 with
--min-score when a submission is below it; 2 for bad usage or a setup
problem.

Examples:
  workbook grade                                  grade this workbook
  workbook grade class/*                          grade every folder in class/
  workbook grade --format csv class/* > grades.csv
  workbook grade --format junit --out reports class/*
  workbook grade --format classroom --min-score 80% ../submission
`

const usageZh = `用法：workbook grade [选项] [提交 ...]

用课程自身的测试为学习者的 workbook 副本评分：按 workbook.toml 中为每个测试
设定的分数计分。每个“提交”是一个存放 workbook 副本的文件夹（至少包含其
exercises/ 文件夹）；不给出提交时，为当前所在的 workbook 评分。评分只使用每个
练习文件夹中学习者的非测试 .go 文件；测试、go.mod 以及其他一切都来自本
workbook，提交中的其余内容会在报告中列为“已忽略”。评分从不修改提交。

选项：
  --format F     text（默认）、json、junit、exercism、classroom 或 csv
  --out DIR      每份提交写一个文件到 DIR 中（csv：DIR/grades.csv）
  --min-score N  有提交的得分低于 N 分（或写作 80% 这样的满分百分比）时，
                 以状态 1 退出
  -j N           同时进行的 go test 运行数（默认：CPU 个数）
  --timeout D    一个练习的测试单次运行的时间限制，不含编译（默认 1m；
                 同一练习的重新运行共享另一份同样的时间）
  --race MODE    auto（默认：练习要求且本机能构建时开启竞态检测器）、on（所有练习
                 都开启；本机无法构建时停止评分）或 off
  --sandbox MODE auto（默认：本机能运行 bubblewrap 时，在其沙箱中运行每个测试
                 程序，不能时明确告知）、on（没有沙箱就拒绝评分）或 off
  --memory M     单次运行的所有进程合计可用的最大内存（默认 1GiB）；超出的
                 运行会被终止，其中的测试不得分
  --lang L       en、zh 或 both

退出状态：评分完成时为 0，无论得分如何；使用 --min-score 且有提交低于该分数
时为 1；用法错误或环境问题时为 2。

示例：
  workbook grade                                  为当前 workbook 评分
  workbook grade class/*                          为 class/ 中的每个文件夹评分
  workbook grade --format csv class/* > grades.csv
  workbook grade --format junit --out reports class/*
  workbook grade --format classroom --min-score 80% ../submission
`
