package explain

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestFailures(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want []Failure
	}{
		{"a t.Error", "spawn_test.go:118: the server returned too early\n",
			[]Failure{{Explanation: "the server returned too early", Where: []string{"spawn_test.go:118"}}}},
		{"a t.Error with continuation lines",
			"boundary_test.go:386: the log so far:\n    2026/12/01 panic serving: boom\n    goroutine 154 [running]:\n",
			[]Failure{{Explanation: "the log so far:", Details: []string{"2026/12/01 panic serving: boom", "goroutine 154 [running]:"}, Where: []string{"boundary_test.go:386"}}}},
		{"testify: Messages first, then the values, without Not equal",
			"boundary_test.go:123: \n" +
				"    \tError Trace:\texercises/04_panic_boundary/boundary_test.go:123\n" +
				"    \tError:      \tNot equal: \n" +
				"    \t            \texpected: int(42)\n" +
				"    \t            \tactual  : string(\"42\")\n" +
				"    \tTest:       \tTestJoinReportsPanic/an_int\n" +
				"    \tMessages:   \tValue must be exactly what f panicked with\n",
			[]Failure{{Explanation: "Value must be exactly what f panicked with",
				Details: []string{"expected: int(42)", "actual  : string(\"42\")"},
				Where:   []string{"exercises/04_panic_boundary/boundary_test.go:123"}}}},
		{"testify without Messages: the Error line explains",
			"boundary_test.go:111: \n" +
				"    \tError Trace:\texercises/04_panic_boundary/boundary_test.go:111\n" +
				"    \tError:      \tReceived unexpected error:\n" +
				"    \t            \t<nil>\n" +
				"    \tTest:       \tTestSpawnReturnsAtOnce\n",
			[]Failure{{Explanation: "Received unexpected error:", Details: []string{"<nil>"},
				Where: []string{"exercises/04_panic_boundary/boundary_test.go:111"}}}},
		{"testify: several frames, a multi-line message, a blank line in a diff, an extra field",
			"x_test.go:40: \n" +
				"        \tError Trace:\texercises/02_spawn/spawn_test.go:40\n" +
				"        \t            \t\t\t\texercises/internal/harness/harness.go:98\n" +
				"        \tError:      \tNot equal: \n" +
				"        \t            \texpected: 1\n" +
				"        \t            \tactual  : 2\n" +
				"        \t            \t\n" +
				"        \t            \tDiff:\n" +
				"        \tTest:       \tTestX\n" +
				"        \tMessages:   \tfirst line\n" +
				"        \t            \tsecond line\n" +
				"        \tHint:       \tlook here\n",
			[]Failure{{Explanation: "first line",
				Details: []string{"second line", "expected: 1", "actual  : 2", "", "Diff:", "Hint: look here"},
				Where:   []string{"exercises/02_spawn/spawn_test.go:40", "exercises/internal/harness/harness.go:98"}}}},
		{"two messages of one test", "a_test.go:1: one\na_test.go:2: two\n",
			[]Failure{{Explanation: "one", Where: []string{"a_test.go:1"}}, {Explanation: "two", Where: []string{"a_test.go:2"}}}},
		{"an unknown shape after a location is kept, only dedented",
			"a_test.go:5: \n    \tnot a field at all\n    plain text\n",
			[]Failure{{Explanation: "not a field at all", Details: []string{"plain text"}, Where: []string{"a_test.go:5"}}}},
		{"output without a location is raw", "panic: boom\n\ngoroutine 9 [running]:\n",
			[]Failure{{Explanation: "panic: boom", Details: []string{"goroutine 9 [running]:"}, Raw: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Failures(tt.out, i18n.En))
		})
	}
}

func TestPlaceOf(t *testing.T) {
	tests := []struct {
		file string
		want Place
	}{
		{"exercises/04_panic_boundary/boundary.go:42", InStub},
		{"boundary.go:42", InStub},
		{"exercises/04_panic_boundary/boundary.go", InStub},
		{"exercises/04_panic_boundary/boundary_test.go:119", InTests},
		{"boundary_test.go:119", InTests},
		{"exercises/internal/harness/harness.go:98", Elsewhere},
		{"harness.go:239", Elsewhere},
		{"testing.go:1712", Elsewhere},
		{"exercises/03_join/boundary.go:1", Elsewhere}, // another exercise's file
		{`exercises\04_panic_boundary\boundary.go:7`, InStub},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, PlaceOf(tt.file, "04_panic_boundary", "boundary.go"), tt.file)
	}
}

func TestSort(t *testing.T) {
	in := []string{"harness.go:1", "b_test.go:2", "b.go:3", "testing.go:4", "b.go:5"}
	got := Sort(in, func(s string) Place { return PlaceOf(s, "02_b", "b.go") })
	assert.Equal(t, []string{"b.go:3", "b.go:5", "b_test.go:2", "harness.go:1", "testing.go:4"}, got)
}
