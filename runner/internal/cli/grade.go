package cli

import (
	"context"
	"errors"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/grade"
)

// runGrade hands its arguments, flags included, to the grader, which
// parses its own flags and grades against the workbook it runs in: the
// trusted copy of the course.
func runGrade(ctx context.Context, s *session) int {
	root, err := course.Find(s.env.Dir)
	if errors.Is(err, course.ErrNotInWorkbook) {
		s.fail(msgNotInWorkbook.F(s.ui, course.ManifestName))
		return exitUsage
	}
	if err != nil {
		s.fail(err.Error())
		return exitUsage
	}
	return grade.Command(ctx, root, s.args, s.env.Stdout, s.env.Stderr, s.ui)
}
