package grade

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestBuildsBeforeRunsAndTimeRerun grades a solved class member and
// testdata/order, whose TestTotal hangs among the other tests and passes
// alone, two at a time, and watches every build and run of a test binary
// through the grader's hook, never a clock: in the sandbox no run begins
// before every first build has ended, and never does a build overlap a
// run; the hung test is run again alone and earns its points.
func TestBuildsBeforeRunsAndTimeRerun(t *testing.T) {
	t.Parallel()
	c := classCourse(t)
	p := points{c}
	solved := makeSolved(t, c)
	order := filepath.Join("testdata", "order")
	_, noSandbox := confine.Probe(context.Background())

	var (
		mu                                  sync.Mutex
		builds, runs, firstDone, rerunBuilt int
		broken                              []string
	)
	firstBuilds := len(c.Exercises) + 1 // solved's, and order's one exercise
	observe := func(s step) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case s.build && s.begin:
			if runs > 0 {
				broken = append(broken, "a build of "+s.dir+" began while a test binary ran")
			}
			builds++
			if !s.first {
				rerunBuilt++
			}
		case s.build:
			builds--
			if s.first {
				firstDone++
			}
		case s.begin:
			if builds > 0 {
				broken = append(broken, "a test binary of "+s.dir+" started during a build")
			}
			if noSandbox == nil && firstDone < firstBuilds {
				broken = append(broken, "a test binary of "+s.dir+" started before every exercise was built")
			}
			runs++
		default:
			runs--
		}
	}
	rep, err := grade(context.Background(), config{
		root: c.Root, submissions: []string{solved, order}, jobs: 2, timeout: 10 * time.Second,
		race: check.RaceOff, lang: i18n.En, observe: observe,
	})
	require.NoError(t, err)
	assert.Empty(t, broken)
	if noSandbox == nil {
		assert.Equal(t, firstBuilds, firstDone, "builds of the first runs")
	}
	assert.Positive(t, rerunBuilt, "re-runs are built too")

	require.Len(t, rep.Submissions, 2)
	assert.Equal(t, p.total(), rep.Submissions[0].Score, "solved")
	got := rep.Submissions[1]
	require.NotEmpty(t, got.Exercises)
	ex := got.Exercises[0]
	assert.Equal(t, p.full(exSum), ex.Score, "order: TestTotal hung among the others, and passes alone")
	for _, tr := range ex.Tests {
		assert.Equal(t, "pass", tr.Status, tr.Name)
	}
}
