package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a testify TestingT that keeps what testify writes.
type recorder struct {
	msg    string
	failed bool
}

func (r *recorder) Errorf(format string, args ...any) { r.msg += fmt.Sprintf(format, args...) }
func (r *recorder) FailNow()                          { r.failed = true }
func (r *recorder) Helper()                           {}
func (r *recorder) Name() string                      { return "TestSomething/sub" }

type joinError struct{}

func (*joinError) Error() string { return "join" }

// testifyEnglish are the fixed words of testify's block and of the
// sentences it writes for the assertions the exercises use: none may be
// left in Chinese.
var testifyEnglish = []string{
	"Error Trace", "Error:", "Test:", "Messages:", "Not equal", "Not same", "expected:", "actual  :", "in chain:",
	"Diff:", "Expected", "Actual", "Should", "Received", "Target error", "An error", "Object", "does not contain",
	"Both arguments", "could not be applied", "Invalid operation", "but got", "but was",
}

// TestTestifyInChinese makes each assertion the exercises use fail, with
// testify's own words, and reads its block in Chinese.
func TestTestifyInChinese(t *testing.T) {
	errSentinel := errors.New("sentinel")
	type pair struct{ A, B int }
	for _, tt := range []struct {
		name   string
		assert func(TestingT)
		want   []string // lines (or their starts) of the Error field in Chinese
	}{
		{"Equal", func(r TestingT) { assert.Equal(r, 42, 0, "消息") }, []string{"不相等：", "期望：42", "实际：0"}},
		{"Equal with a diff", func(r TestingT) { assert.Equal(r, pair{1, 2}, pair{1, 3}) },
			[]string{"不相等：", "期望：harness.pair{A:1, B:2}", "实际：harness.pair{A:1, B:3}", "", "差异：", "--- 期望", "+++ 实际"}},
		{"Equal of funcs", func(r TestingT) { assert.Equal(r, t.Name, t.Name) }, []string{"无效的操作："}},
		{"Same", func(r TestingT) { assert.Same(r, new(int), new(int)) }, []string{"不是同一个对象：", "期望：", "实际："}},
		{"Same without pointers", func(r TestingT) { assert.Same(r, 1, 1) }, []string{"两个参数都必须是指针"}},
		{"True", func(r TestingT) { require.True(r, false) }, []string{"应为 true"}},
		{"False", func(r TestingT) { assert.False(r, true) }, []string{"应为 false"}},
		{"NoError", func(r TestingT) { require.NoError(r, errSentinel) }, []string{"收到了意外的错误：", "sentinel"}},
		{"Error", func(r TestingT) { require.Error(r, nil) }, []string{"应当得到一个错误，实际得到的是 nil。"}},
		{"ErrorIs", func(r TestingT) { assert.ErrorIs(r, errors.New("other"), errSentinel) },
			[]string{"错误链中应当有目标错误：", `期望："sentinel"`, `错误链："other"`}},
		{"ErrorIs of nil", func(r TestingT) { require.ErrorIs(r, nil, errSentinel) }, []string{`错误链中应当有 "sentinel"，实际得到的是 nil。`}},
		{"ErrorAs", func(r TestingT) { var je *joinError; assert.ErrorAs(r, errSentinel, &je) },
			[]string{"错误链中应当有这一类型的错误：", "期望：*harness.joinError", `错误链："sentinel" (*errors.errorString)`}},
		{"ErrorAs of nil", func(r TestingT) { var je *joinError; require.ErrorAs(r, nil, &je) },
			[]string{"应当得到一个错误，实际得到的是 nil。", "期望：*harness.joinError"}},
		{"NotNil", func(r TestingT) { require.NotNil(r, nil) }, []string{"值不应为 nil。"}},
		{"Nil", func(r TestingT) { assert.Nil(r, 5) }, []string{"应为 nil，实际为：5"}},
		{"Zero", func(r TestingT) { assert.Zero(r, 5) }, []string{"应为零值，实际为 5"}},
		{"NotEmpty", func(r TestingT) { require.NotEmpty(r, "") }, []string{"不应为空，实际为 "}},
		{"IsType", func(r TestingT) { assert.IsType(r, 1, "s") }, []string{"类型应为 int，实际为 string"}},
		{"Contains", func(r TestingT) { assert.Contains(r, "abc", "z") }, []string{`"abc" 不包含 "z"`}},
		{"Contains of no length", func(r TestingT) { assert.Contains(r, 5, "z") }, []string{"5 不能用内置函数 len()"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			tt.assert(r)
			if r.msg == "" {
				t.Fatal("the assertion did not fail")
			}
			zh := translateTestify(r.msg, "zh")
			for _, en := range testifyEnglish {
				if strings.Contains(zh, en) {
					t.Errorf("%q is left in the Chinese block:\n%s\n(testify's:\n%s)", en, zh, r.msg)
				}
			}
			for _, l := range []string{"\t出错位置：\t", "\t测试：    \tTestSomething/sub\n"} {
				if !strings.Contains(zh, l) {
					t.Errorf("no line %q in:\n%s", l, zh)
				}
			}
			errorField := zh[strings.Index(zh, "\t错误："):]
			errorField = errorField[:strings.Index(errorField, "\t测试：")]
			var got []string
			for _, l := range strings.Split(strings.TrimSuffix(errorField, "\n"), "\n") {
				got = append(got, strings.SplitN(l, "\t", 3)[2]) // \t label or its padding \t value
			}
			for i, w := range tt.want {
				if i >= len(got) || !strings.HasPrefix(got[i], w) {
					t.Errorf("the Error field's line %d should start with %q; the field:\n%s", i+1, w, errorField)
				}
			}
		})
	}
}

// TestTranslateTestify checks the layout: the labels padded to one column,
// the lines that go on with a value under it, in Chinese and in both
// languages, and that anything else passes through.
func TestTranslateTestify(t *testing.T) {
	block := "\n" +
		"\tError Trace:\t/w/03_join/join_test.go:149\n" +
		"\t            \t\t\t/w/03_join/join_test.go:160\n" +
		"\tError:      \tNot equal: \n" +
		"\t            \texpected: 42\n" +
		"\t            \tactual  : 0\n" +
		"\tTest:       \tTestJoin/int\n" +
		"\tMessages:   \tJoin must return what f returned\n" +
		"\t            \tJoin 必须返回 f 的返回值\n"
	for _, tt := range []struct{ name, msg, lang, want string }{
		{"Chinese", block, "zh", "\n" +
			"\t出错位置：\t/w/03_join/join_test.go:149\n" +
			"\t          \t\t\t/w/03_join/join_test.go:160\n" +
			"\t错误：    \t不相等：\n" +
			"\t          \t期望：42\n" +
			"\t          \t实际：0\n" +
			"\t测试：    \tTestJoin/int\n" +
			"\t信息：    \tJoin must return what f returned\n" +
			"\t          \tJoin 必须返回 f 的返回值\n"},
		{"both languages", block, "both", "\n" +
			"\tError Trace / 出错位置：\t/w/03_join/join_test.go:149\n" +
			"\t                        \t\t\t/w/03_join/join_test.go:160\n" +
			"\tError / 错误：          \tNot equal: \n" +
			"\t                        \t不相等：\n" +
			"\t                        \texpected: 42\n" +
			"\t                        \t期望：42\n" +
			"\t                        \tactual  : 0\n" +
			"\t                        \t实际：0\n" +
			"\tTest / 测试：           \tTestJoin/int\n" +
			"\tMessages / 信息：       \tJoin must return what f returned\n" +
			"\t                        \tJoin 必须返回 f 的返回值\n"},
		{"an unknown line of the Error field stays", "\n\tError:\tThe sky fell: 3\n\t      \texpected: 1\n", "zh",
			"\n\t错误：\tThe sky fell: 3\n\t      \t期望：1\n"},
		{"the Messages field is not testify's words", "\n\tError:   \tShould be true\n\tMessages:\tShould be true\n", "zh",
			"\n\t错误：\t应为 true\n\t信息：\tShould be true\n"},
		{"not testify's block", "Join returned 3", "zh", "Join returned 3"},
		{"a block with a line that is not testify's", "\n\tError:\tShould be true\nstray\n", "zh", "\n\tError:\tShould be true\nstray\n"},
		{"an unknown label", "\n\tWarning:\tShould be true\n", "zh", "\n\tWarning:\tShould be true\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := translateTestify(tt.msg, tt.lang); got != tt.want {
				t.Errorf("translateTestify(%q) =\n%s\nwant\n%s", tt.lang, got, tt.want)
			}
		})
	}
}

// fakeTB is a test whose output and failure TestTB reads.
type fakeTB struct {
	testing.TB
	out    bytes.Buffer
	failed bool
}

func (f *fakeTB) Output() io.Writer { return &f.out }
func (f *fakeTB) Fail()             { f.failed = true }
func (f *fakeTB) Helper()           {}
func (f *fakeTB) Name() string      { return "TestFake" }

// TestTB checks when TB translates: under a plain go test in Chinese, not
// in English nor under the workbook command, which reads testify's English
// itself.
func TestTB(t *testing.T) {
	t.Setenv("WORKBOOK_LANG", "")
	t.Setenv("LC_ALL", "C")
	for _, tt := range []struct {
		name, lang, runner string
		translates         bool
	}{
		{"English", "en", "", false},
		{"Chinese", "zh", "", true},
		{"both", "both", "", true},
		{"Chinese under the workbook", "zh", "1", false},
		{"both under the workbook", "both", "1", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(langEnv, tt.lang)
			t.Setenv(runnerEnv, tt.runner)
			f := &fakeTB{TB: t}
			tb := TB(f)
			if _, ok := tb.(*testifyT); ok != tt.translates {
				t.Fatalf("TB translates: %v, want %v", ok, tt.translates)
			}
			if !tt.translates {
				if tb != TestingT(f) {
					t.Error("TB should be the test itself")
				}
				return
			}
			assert.True(tb, false) // the line below names this one
			_, _, line, _ := runtime.Caller(0)
			want := fmt.Sprintf("testify_test.go:%d: \n    \t", line-1)
			if got := f.out.String(); !strings.HasPrefix(got, want) || !strings.Contains(got, "应为 true\n") || !f.failed {
				t.Errorf("output %q (failed: %v), want it to start %q, say 应为 true and fail the test", got, f.failed, want)
			}
		})
	}
}
