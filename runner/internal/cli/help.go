package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// flagHelp describes every flag, in both languages.
var flagHelp = map[string]i18n.Text{
	"lang":      {En: "language: en, zh or both (default: $WORKBOOK_LANG, then the locale)", Zh: "语言：en、zh 或 both（默认取 $WORKBOOK_LANG，其次是系统 locale）"},
	"no-pager":  {En: "print everything at once, without a pager", Zh: "一次性输出全部内容，不使用分页器"},
	"race":      {En: "race detector: on, off or auto (auto: for exercises that ask for it, where it can be built)", Zh: "竞态检测器：on、off 或 auto（auto：练习需要且本机能构建时开启）"},
	"timeout":   {En: "time limit of an exercise's tests, not counting the build (default 1m)", Zh: "每个练习的测试运行的时间上限，不含构建时间（默认 1m）"},
	"yes":       {En: "do not ask for confirmation", Zh: "不再询问确认"},
	"poll":      {En: "notice saves by polling the files, for file systems that send no events (network mounts, WSL's /mnt)", Zh: "以轮询文件的方式发现保存，适用于不发送事件的文件系统（网络挂载、WSL 的 /mnt）"},
	"auto-next": {En: "move on to the next exercise as soon as the current one passes", Zh: "当前练习一通过就自动进入下一个"},
	"force":     {En: "show it even though the exercise does not pass yet", Zh: "即使练习尚未通过也显示"},
}

func runHelp(_ context.Context, s *session) int {
	switch len(s.args) {
	case 0:
		s.printOverview()
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

func (s *session) printOverview() {
	w := s.env.Stdout
	fmt.Fprintln(w, msgHelpIntro.In(s.ui))
	fmt.Fprintf(w, "\n%s:\n  workbook [COMMAND] [FLAGS] [ARGS]\n\n%s:\n", msgUsage.In(s.ui), msgCommands.In(s.ui))
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary.In(s.ui))
	}
	fmt.Fprintf(w, "\n%s\n%s\n", s.exerciseIs(), msgHelpMore.In(s.ui))
}

func (s *session) printHelp(c *command) {
	w := s.env.Stdout
	if c.raw {
		// The grader's flags and examples are its own.
		s.args = []string{"--help"}
		c.run(context.Background(), s)
		return
	}
	fmt.Fprintf(w, "workbook %s — %s\n\n%s:\n  workbook %s [FLAGS]", c.name, c.summary.In(s.ui), msgUsage.In(s.ui), c.name)
	if c.args != "" {
		fmt.Fprintf(w, " %s", c.args)
	}
	fmt.Fprintln(w)
	if strings.Contains(c.args, "EXERCISE") {
		fmt.Fprintf(w, "  %s\n", s.exerciseIs())
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var o options
	c.flags(fs, &o)
	fmt.Fprintf(w, "\n%s:\n", msgFlags.In(s.ui))
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  --%-10s %s\n", f.Name, flagHelp[f.Name].In(s.ui))
	})
	fmt.Fprintf(w, "\n%s:\n", msgExamples.In(s.ui))
	for _, ex := range c.examples {
		if ex = s.example(ex); ex != "" {
			fmt.Fprintf(w, "  %s\n", ex)
		}
	}
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
func (s *session) exerciseIs() string {
	c := s.helpCourse()
	if c == nil {
		return msgExerciseIsBare.In(s.ui)
	}
	e := &c.Exercises[min(1, len(c.Exercises)-1)]
	return msgExerciseIs.F(s.ui, e.Number, e.ID, e.Dir)
}
