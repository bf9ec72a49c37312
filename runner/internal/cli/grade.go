package cli

import (
	"context"
	"errors"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/grade"
)

// runGrade grades the submissions its arguments name against the workbook
// it runs in, the trusted copy of the course, with the flags the command
// line read.
func runGrade(ctx context.Context, s *session) int {
	root, err := course.Find(s.env.Dir)
	if err != nil {
		s.failErr(err)
		return exitUsage
	}
	o := s.opts
	err = grade.Command(ctx, root, grade.Options{
		Submissions: s.args, Format: o.format, Out: o.out, MinScore: o.minScore, Jobs: o.jobs,
		Timeout: o.timeout, Race: o.race, Sandbox: o.sandbox, Memory: o.memory,
		Changed: o.changed,
	}, s.env.Stdout, s.env.Stderr, s.lang)
	var below *grade.BelowError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &below):
		s.failErr(err)
		return exitFailing
	}
	s.failErr(err)
	return exitUsage
}
