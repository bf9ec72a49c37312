package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestingT is what the exercises' tests give testify's assert and require:
// the test, or the test seen through TB.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
	Helper()
	Name() string
}

// TB is t for testify's assert and require (assert.Equal(harness.TB(t),
// …)): under a plain go test in Chinese (or both languages, see Lang),
// testify's block of a failed assertion is rewritten in that language, its
// labels and the sentences testify writes, in testify's layout. In English,
// and whenever the workbook command runs the tests (runnerEnv set), it is
// t itself: the workbook reads testify's English block to say it in the
// learner's language, so the block must reach it as testify wrote it.
func TB(t testing.TB) TestingT {
	if os.Getenv(runnerEnv) != "" {
		return t
	}
	lang := Lang()
	if lang == "en" {
		return t
	}
	return &testifyT{t: t, lang: lang}
}

// testifyT is a test whose testify blocks are said in lang, "zh" or
// "both".
type testifyT struct {
	t    testing.TB
	lang string
}

// Errorf writes testify's block in the learner's language and fails the
// test. It writes to t.Output with the assertion's location in front, as
// t.Errorf would: t.Errorf itself would name this file, or testify's, since
// testify marks its functions as helpers on the TestingT it is given, which
// is not t.
func (w *testifyT) Errorf(format string, args ...any) {
	w.t.Helper()
	msg := translateTestify(fmt.Sprintf(format, args...), w.lang)
	msg = strings.ReplaceAll(strings.TrimSuffix(msg, "\n"), "\n", "\n    ") // t.Output indents every line by 4; t.Errorf, the lines after the first by 8
	fmt.Fprintf(w.t.Output(), "%s: %s\n", assertionLocation(), msg)
	w.t.Fail()
}

// FailNow stops the test, as t.FailNow.
func (w *testifyT) FailNow() { w.t.FailNow() }

// Helper marks the caller as a helper, as t.Helper; testify calls it.
func (w *testifyT) Helper() { w.t.Helper() }

// Name is the test's name, for testify's Test field.
func (w *testifyT) Name() string { return w.t.Name() }

// assertionLocation is "file.go:line" of the call that made a testify
// assertion fail: the first caller outside testify and this file.
func assertionLocation() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	_, self, _, _ := runtime.Caller(0)
	for {
		f, more := frames.Next()
		if f.File != self && !strings.Contains(f.File, "/github.com/stretchr/testify") && f.File != "" {
			return fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line)
		}
		if !more {
			return "???:1" // the testing package's own name for an unknown place
		}
	}
}

// testifyLabels are the labels of testify's block, in Chinese (the same as
// the workbook's, in runner/internal/explain).
var testifyLabels = map[string]string{
	"Error Trace": "出错位置",
	"Error":       "错误",
	"Test":        "测试",
	"Messages":    "信息",
}

// testifyLines are the lines testify writes in the Error field for the
// assertions the exercises use (and their near neighbours): a whole line in
// English, and its Chinese with the line's values (the submatches) in place
// of the verbs. They are the workbook's (runner/internal/explain), so that
// the two say a failure alike (coursecheck checks that the tables are the
// same). Longer patterns that share a start come first.
var testifyLines = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^Not equal:$`), "不相等："},
	{regexp.MustCompile(`^Not same:$`), "不是同一个对象："},
	{regexp.MustCompile(`^Both arguments must be pointers$`), "两个参数都必须是指针"},
	{regexp.MustCompile(`^Invalid operation: (.*) == (.*) \(cannot take func type as argument\)$`), "无效的操作：%s == %s（参数不能是 func 类型）"},
	{regexp.MustCompile(`^Received unexpected error:$`), "收到了意外的错误："},
	{regexp.MustCompile(`^Target error should be in err chain:$`), "错误链中应当有目标错误："},
	{regexp.MustCompile(`^Target error should not be in err chain:$`), "错误链中不应有目标错误："},
	{regexp.MustCompile(`^Should be in error chain:$`), "错误链中应当有这一类型的错误："},
	{regexp.MustCompile(`^Error message not equal:$`), "错误信息不相等："},
	{regexp.MustCompile(`^An error is expected but got nil\.$`), "应当得到一个错误，实际得到的是 nil。"},
	{regexp.MustCompile(`^Expected error with (.*) in chain but got nil\.$`), "错误链中应当有 %s，实际得到的是 nil。"},
	{regexp.MustCompile(`^Expected value not to be nil\.$`), "值不应为 nil。"},
	{regexp.MustCompile(`^Expected nil, but got: ?(.*)$`), "应为 nil，实际为：%s"},
	{regexp.MustCompile(`^Should be true$`), "应为 true"},
	{regexp.MustCompile(`^Should be false$`), "应为 false"},
	{regexp.MustCompile(`^Should be zero, but was ?(.*)$`), "应为零值，实际为 %s"},
	{regexp.MustCompile(`^Should not be zero, but was ?(.*)$`), "不应为零值，实际为 %s"},
	{regexp.MustCompile(`^Should be empty, but was ?(.*)$`), "应为空，实际为 %s"},
	{regexp.MustCompile(`^Should NOT be empty, but was ?(.*)$`), "不应为空，实际为 %s"},
	{regexp.MustCompile(`^Object expected to be of type (.*), but was ?(.*)$`), "类型应为 %s，实际为 %s"},
	{regexp.MustCompile(`^(.*) is not less than or equal to (.*)$`), "%s 大于 %s"},
	{regexp.MustCompile(`^(.*) is not less than (.*)$`), "%s 不小于 %s"},
	{regexp.MustCompile(`^(.*) is not greater than or equal to (.*)$`), "%s 小于 %s"},
	{regexp.MustCompile(`^(.*) is not greater than (.*)$`), "%s 不大于 %s"},
	{regexp.MustCompile(`^(.*) could not be applied builtin len\(\)$`), "%s 不能用内置函数 len()"},
	{regexp.MustCompile(`^(.*) does not contain (.*)$`), "%s 不包含 %s"},
	{regexp.MustCompile(`^(.*) should not contain (.*)$`), "%s 不应包含 %s"},
	{regexp.MustCompile(`^Condition never satisfied$`), "条件始终没有满足"},
	{regexp.MustCompile(`^Diff:$`), "差异："},
	{regexp.MustCompile(`^--- Expected$`), "--- 期望"},
	{regexp.MustCompile(`^\+\+\+ Actual$`), "+++ 实际"},
	// The values' labels, at the start of their first line.
	{regexp.MustCompile(`^expected: ?(.*)$`), "期望：%s"},
	{regexp.MustCompile(`^actual  : ?(.*)$`), "实际：%s"},
	{regexp.MustCompile(`^in chain: ?(.*)$`), "错误链：%s"},
	{regexp.MustCompile(`^found: ?(.*)$`), "找到：%s"},
}

// testifyLine is l, a line of testify's Error field, in Chinese; l itself
// when it is not one testify writes.
func testifyLine(l string) string {
	s := strings.TrimRight(l, " ")
	for _, tl := range testifyLines {
		if m := tl.re.FindStringSubmatch(s); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return fmt.Sprintf(tl.zh, args...)
		}
	}
	return l
}

var (
	// reTestifyLabel is a line of testify's block that starts a field: a
	// tab, the label and its colon, the spaces that pad it, a tab, the value.
	reTestifyLabel = regexp.MustCompile(`^\t(Error Trace|Error|Test|Messages):( *)\t(.*)$`)
	// reTestifyMore is a line that goes on with a field's value.
	reTestifyMore = regexp.MustCompile(`^\t( +)\t(.*)$`)
)

// translateTestify is msg, what testify gives Errorf, in lang ("zh" or
// "both"): the fields of its block with their labels in Chinese and the
// lines of the Error field (testify's own words) in Chinese, padded as
// testify pads them, so that the values stay in one column. In both
// languages, a label is "English / 中文" and each line of the Error field
// that testify wrote is followed by its Chinese. The test's own message,
// its name, the locations and any text that is not testify's block are
// kept as they are.
func translateTestify(msg, lang string) string {
	type field struct {
		label string
		lines []string
	}
	var (
		fields []field
		before []string // the lines before the block: testify's empty first line
	)
	lines := strings.Split(msg, "\n")
	end := len(lines)
	if lines[end-1] == "" {
		end-- // testify ends every field with a newline
	}
	for _, l := range lines[:end] {
		if m := reTestifyLabel.FindStringSubmatch(l); m != nil {
			fields = append(fields, field{m[1], []string{m[3]}})
			continue
		}
		if m := reTestifyMore.FindStringSubmatch(l); m != nil && len(fields) > 0 {
			fields[len(fields)-1].lines = append(fields[len(fields)-1].lines, m[2])
			continue
		}
		if len(fields) > 0 {
			return msg // a line that is not testify's: not its block
		}
		before = append(before, l)
	}
	if len(fields) == 0 {
		return msg
	}
	labels := make([]string, len(fields))
	wide := 0
	for i, f := range fields {
		labels[i] = testifyLabels[f.label] + "："
		if lang == "both" {
			labels[i] = f.label + " / " + labels[i]
		}
		wide = max(wide, width(labels[i]))
	}
	var b strings.Builder
	for _, l := range before {
		b.WriteString(l + "\n")
	}
	more := "\t" + strings.Repeat(" ", wide) + "\t"
	for i, f := range fields {
		b.WriteString("\t" + labels[i] + strings.Repeat(" ", wide-width(labels[i])) + "\t")
		for j, v := range f.lines {
			if j > 0 {
				b.WriteString("\n" + more)
			}
			zh := v
			if f.label == "Error" {
				zh = testifyLine(v)
			}
			switch {
			case lang != "both":
				b.WriteString(zh)
			case zh != v:
				b.WriteString(v + "\n" + more + zh)
			default:
				b.WriteString(v)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// width is how many columns s takes in a terminal, for the labels here: a
// CJK character or full-width punctuation mark takes two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x2e80 && r <= 0xa4cf || r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6 {
			n++
		}
	}
	return n
}
