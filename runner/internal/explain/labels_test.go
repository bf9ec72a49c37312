package explain

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// recorder is a testify TestingT that keeps what a failed assertion
// printed, as go test would show it under a t.Errorf at x_test.go:7.
type recorder struct{ out string }

func (r *recorder) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.out += "x_test.go:7: " + strings.ReplaceAll(msg, "\n", "\n    ") + "\n"
}

func (r *recorder) Name() string { return "TestX/a_case" }

var errBoom = errors.New("boom")

// assertions fail each assertion the exercises' tests use (and their
// near kin), with values that are no English words, so that any English
// word left in the Chinese is testify's.
var assertions = map[string]func(t assert.TestingT, msg ...any){
	"Equal":       func(t assert.TestingT, msg ...any) { assert.Equal(t, 1, 2, msg...) },
	"Equal diff":  func(t assert.TestingT, msg ...any) { assert.Equal(t, []int{1, 2}, []int{1, 3}, msg...) },
	"NoError":     func(t assert.TestingT, msg ...any) { assert.NoError(t, errBoom, msg...) },
	"Error":       func(t assert.TestingT, msg ...any) { assert.Error(t, nil, msg...) },
	"True":        func(t assert.TestingT, msg ...any) { assert.True(t, false, msg...) },
	"False":       func(t assert.TestingT, msg ...any) { assert.False(t, true, msg...) },
	"NotNil":      func(t assert.TestingT, msg ...any) { assert.NotNil(t, nil, msg...) },
	"Nil":         func(t assert.TestingT, msg ...any) { assert.Nil(t, 7, msg...) },
	"Same":        func(t assert.TestingT, msg ...any) { a, b := 1, 1; assert.Same(t, &a, &b, msg...) },
	"ErrorIs":     func(t assert.TestingT, msg ...any) { assert.ErrorIs(t, errBoom, fs.ErrClosed, msg...) },
	"ErrorIs nil": func(t assert.TestingT, msg ...any) { assert.ErrorIs(t, nil, errBoom, msg...) },
	"NotErrorIs":  func(t assert.TestingT, msg ...any) { assert.NotErrorIs(t, errBoom, errBoom, msg...) },
	"ErrorAs":     func(t assert.TestingT, msg ...any) { var pe *fs.PathError; assert.ErrorAs(t, errBoom, &pe, msg...) },
	"ErrorAs nil": func(t assert.TestingT, msg ...any) { var pe *fs.PathError; assert.ErrorAs(t, nil, &pe, msg...) },
	"EqualError":  func(t assert.TestingT, msg ...any) { assert.EqualError(t, errBoom, "bang", msg...) },
	"Zero":        func(t assert.TestingT, msg ...any) { assert.Zero(t, 3, msg...) },
	"NotEmpty":    func(t assert.TestingT, msg ...any) { assert.NotEmpty(t, "", msg...) },
	"Contains":    func(t assert.TestingT, msg ...any) { assert.Contains(t, "abc", "x", msg...) },
	"Less":        func(t assert.TestingT, msg ...any) { assert.Less(t, 3, 2, msg...) },
	"LessOrEqual": func(t assert.TestingT, msg ...any) { assert.LessOrEqual(t, 3, 2, msg...) },
	"IsType":      func(t assert.TestingT, msg ...any) { assert.IsType(t, 1, "x", msg...) },
	"Greater":     func(t assert.TestingT, msg ...any) { assert.Greater(t, 2, 3, msg...) },
	"GreaterOrEq": func(t assert.TestingT, msg ...any) { assert.GreaterOrEqual(t, 2, 3, msg...) },
	"NotContains": func(t assert.TestingT, msg ...any) { assert.NotContains(t, "abc", "b", msg...) },
	"NotZero":     func(t assert.TestingT, msg ...any) { assert.NotZero(t, 0, msg...) },
	"Empty":       func(t assert.TestingT, msg ...any) { assert.Empty(t, "x", msg...) },
	"Eventually":  func(t assert.TestingT, msg ...any) { assert.Eventually(t, func() bool { return false }, 1, 1, msg...) },
	"ErrorIs wrap": func(t assert.TestingT, msg ...any) {
		assert.ErrorIs(t, fmt.Errorf("w: %w", errBoom), fs.ErrClosed, msg...)
	},
}

// reTestifyEnglish finds the English words testify writes around values.
var reTestifyEnglish = regexp.MustCompile(`(?i)\b(expected|actual|error|trace|messages|should|received|unexpected|target|chain|` +
	`diff|equal|same|object|type|empty|zero|contain|less|greater|condition|satisfied|found|but|got|was)\b`)

// TestAssertionsInChinese: every assertion, failed for real, reads with no
// English word of testify's in Chinese, in the explainer's form (next,
// watch mode) and in the grader's (the block as printed), with and without
// the test's own message; its English is testify's, unchanged.
func TestAssertionsInChinese(t *testing.T) {
	for name, fail := range assertions {
		for _, msg := range [][]any{nil, {"服务器过早返回"}} {
			t.Run(fmt.Sprintf("%s/%d", name, len(msg)), func(t *testing.T) {
				r := &recorder{}
				fail(r, msg...)
				require.NotEmpty(t, r.out, "the assertion did not fail")

				out := Output(r.out)
				assert.Equal(t, r.out, out.En, "the English is as testify printed it")
				assert.Equal(t, strings.Count(out.En, "\n"), strings.Count(out.Zh, "\n"), "line for line")
				assert.Empty(t, reTestifyEnglish.FindAllString(out.Zh, -1), "English in the grader's Chinese:\n%s", out.Zh)

				fs := Failures(r.out, i18n.Zh)
				require.Len(t, fs, 1)
				assert.False(t, fs[0].Raw, "the block was read as testify's")
				text := strings.Join(append([]string{fs[0].Explanation}, fs[0].Details...), "\n")
				assert.Empty(t, reTestifyEnglish.FindAllString(text, -1), "English in the verdict's Chinese:\n%s", text)
				if len(msg) > 0 {
					assert.Equal(t, msg[0], fs[0].Explanation, "the test's message explains")
				}
			})
		}
	}
}

func TestFailuresInChinese(t *testing.T) {
	out := "boundary_test.go:123: \n" +
		"    \tError Trace:\texercises/04_panic_boundary/boundary_test.go:123\n" +
		"    \tError:      \tNot equal: \n" +
		"    \t            \texpected: int(42)\n" +
		"    \t            \tactual  : string(\"42\")\n" +
		"    \t            \t\n" +
		"    \t            \tDiff:\n" +
		"    \t            \t--- Expected\n" +
		"    \t            \t+++ Actual\n" +
		"    \t            \t@@ -1 +1 @@\n" +
		"    \t            \t-int(42)\n" +
		"    \t            \t+string(\"42\")\n" +
		"    \tTest:       \tTestJoinReportsPanic/an_int\n" +
		"    \tMessages:   \tValue 必须正是 f 发生 panic 时的值\n"
	want := []Failure{{Explanation: "Value 必须正是 f 发生 panic 时的值",
		Details: []string{"期望：int(42)", "实际：string(\"42\")", "", "差异：", "--- 期望", "+++ 实际", "@@ -1 +1 @@", "-int(42)", "+string(\"42\")"},
		Where:   []string{"exercises/04_panic_boundary/boundary_test.go:123"}}}
	assert.Equal(t, want, Failures(out, i18n.Zh))

	noMessage := "join_test.go:66: \n" +
		"    \tError Trace:\texercises/03_join/join_test.go:66\n" +
		"    \tError:      \tReceived unexpected error:\n" +
		"    \t            \tpanic: boom\n" +
		"    \tTest:       \tTestJoinReturnsResult/int\n"
	assert.Equal(t, []Failure{{Explanation: "收到了意外的错误：", Details: []string{"panic: boom"},
		Where: []string{"exercises/03_join/join_test.go:66"}}}, Failures(noMessage, i18n.Zh))
	assert.Equal(t, "Received unexpected error:", Failures(noMessage, i18n.En)[0].Explanation)
}

// TestOutputInChinese: the grader's form keeps testify's columns, the
// values and the test's own words, and says the labels in Chinese.
func TestOutputInChinese(t *testing.T) {
	out := "join_test.go:66: \n" +
		"    \tError Trace:\texercises/03_join/join_test.go:66\n" +
		"    \t            \t\t\t\texercises/internal/harness/harness.go:98\n" +
		"    \tError:      \tTarget error should be in err chain:\n" +
		"    \t            \texpected: \"file already closed\"\n" +
		"    \t            \tin chain: \"boom\"\n" +
		"    \tTest:       \tTestJoin\n" +
		"    \tMessages:   \tSpawn 发生了 panic\n" +
		"… 120 bytes of output not kept …\n" +
		"    testing.go:1712: race detected during execution of test\n"
	want := "join_test.go:66: \n" +
		"    \t出错位置：  \texercises/03_join/join_test.go:66\n" +
		"    \t            \t\t\t\texercises/internal/harness/harness.go:98\n" +
		"    \t错误：      \t错误链中应当有目标错误：\n" +
		"    \t            \t期望：\"file already closed\"\n" +
		"    \t            \t错误链：\"boom\"\n" +
		"    \t测试：      \tTestJoin\n" +
		"    \t信息：      \tSpawn 发生了 panic\n" +
		"…… 此处有 120 字节的输出未保留 ……\n" +
		"    testing.go:1712: 测试运行期间检测到数据竞争\n"
	got := Output(out)
	assert.Equal(t, out, got.En)
	assert.Equal(t, want, got.Zh)
}

func TestRaceSection(t *testing.T) {
	tests := []struct{ title, en, zh string }{
		{"Write by goroutine 31", "Write by goroutine 31:", "goroutine 31 的写入："},
		{"Read by main goroutine", "Read by main goroutine:", "主 goroutine 的读取："},
		{"Previous read by goroutine 32", "Previous read by goroutine 32:", "goroutine 32 此前的读取："},
		{"Previous write by main goroutine", "Previous write by main goroutine:", "主 goroutine 此前的写入："},
		{"Atomic write by goroutine 8", "Atomic write by goroutine 8:", "goroutine 8 的原子写入："},
		{"Previous atomic read by goroutine 9", "Previous atomic read by goroutine 9:", "goroutine 9 此前的原子读取："},
		{"Goroutine 32 (running) created", "Goroutine 32 (running) created:", "goroutine 32（仍在运行）的创建位置："},
		{"Goroutine 7 (finished) created", "Goroutine 7 (finished) created:", "goroutine 7（已结束）的创建位置："},
		{"Something new", "Something new:", "Something new:"},
	}
	for _, tt := range tests {
		assert.Equal(t, i18n.Text{En: tt.en, Zh: tt.zh}, RaceSection(tt.title), tt.title)
	}
}
