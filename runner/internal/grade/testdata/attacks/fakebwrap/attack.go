// The impostor: it says what bubblewrap says when it cannot make the
// sandbox, and fails as bubblewrap does, so that the grader takes its run
// for a failure of its own setup and stops grading the class
// (TestAttacks/FakeBwrap). It goes beside the untouched stub.
package echo

import (
	"fmt"
	"os"
)

func init() {
	fmt.Fprintln(os.Stderr, "bwrap: Creating new namespace failed: No space left on device")
	os.Exit(1)
}
