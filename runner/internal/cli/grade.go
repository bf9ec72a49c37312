package cli

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/gospawn/workbook/runner/internal/autograder"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/grade"
)

// runGrade grades the submissions its arguments name against the workbook
// it runs in, the trusted copy of the course, with the flags the command
// line read.
func runGrade(ctx context.Context, s *session) int {
	root, err := course.Find(s.env.Dir)
	if err != nil {
		return s.usageError(s.sentence(err))
	}
	o := s.opts
	err = grade.Command(ctx, root, grade.Options{
		Submissions: s.args, Format: o.format, Out: o.out, MinScore: o.minScore, Jobs: o.jobs,
		Timeout: o.timeout, Race: o.race, Sandbox: o.sandbox, Memory: o.memory,
		Roster: o.roster, Assignment: o.assign, Changed: o.changed,
	}, s.env.Stdout, s.env.Stderr, s.lang)
	var below *grade.BelowError
	if err == nil {
		return exitOK
	} else if errors.As(err, &below) {
		return s.failErr(err)
	}
	return s.usageError(s.sentence(err))
}

// runAutograder writes the Gradescope autograder zip of the course it runs
// in, to its argument or autograder.zip.
func runAutograder(_ context.Context, s *session) int {
	if len(s.args) > 1 {
		return s.tooManyArgs()
	}
	root, err := course.Find(s.env.Dir)
	if err != nil {
		return s.usageError(s.sentence(err))
	}
	c, err := course.Load(root)
	if err != nil {
		return s.usageError(s.sentence(err))
	}
	shown := "autograder.zip"
	if len(s.args) == 1 {
		shown = s.args[0]
	}
	out := shown
	if !filepath.IsAbs(out) {
		out = filepath.Join(s.env.Dir, out)
	}
	n, err := autograder.WriteZip(out, c, s.lang)
	if err != nil {
		return s.usageError(s.sentence(err))
	}
	s.out(msgWroteAutograder.F(s.ui, shown, n))
	return exitOK
}
