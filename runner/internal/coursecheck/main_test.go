package coursecheck

import (
	"os"
	"testing"

	"github.com/gospawn/workbook/runner/internal/confine"
)

// TestMain lets this test binary be the grader's -exec program, as the
// workbook command is: TestTheGraderGivesFullMarks grades through it.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == confine.Command {
		os.Exit(confine.Main(os.Args[2:]))
	}
	os.Exit(m.Run())
}
