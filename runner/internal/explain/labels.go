package explain

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The words around a failure that are not the test's own: testify's block
// labels, the sentences and value labels its assertions write, the race
// detector's section headings. Their English is testify's and the race
// detector's, kept as printed; their Chinese is here, so that a verdict in
// Chinese has no English sentence around the test's Chinese message.

// testifyLabels are the labels of testify's block, in Chinese.
var testifyLabels = map[string]string{
	"Error Trace": "出错位置",
	"Error":       "错误",
	"Test":        "测试",
	"Messages":    "信息",
}

// assertionLines are the lines testify's assertions (those the exercises
// use, and their neighbours) write in the Error field: a whole line in
// English, and its Chinese with the line's values (the submatches) in
// place of the verbs. Longer patterns that share a start come first.
var assertionLines = []struct {
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

// raceDetected is what the testing package says (at a test's end, as a
// t.Error of its own) when the race detector reported a race in the test.
const (
	raceDetected   = "race detected during execution of test"
	raceDetectedZh = "测试运行期间检测到数据竞争"
)

// reDropped is the line gotest puts where it dropped part of a test's
// output.
var reDropped = regexp.MustCompile(`^… (\d+) bytes of output not kept …$`)

// assertionLine is l, a line of testify's Error field, in both languages:
// Chinese when it is one testify writes, else l itself in both.
func assertionLine(l string) i18n.Text {
	s := strings.TrimRight(l, " ")
	for _, a := range assertionLines {
		if m := a.re.FindStringSubmatch(s); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return i18n.Text{En: l, Zh: fmt.Sprintf(a.zh, args...)}
		}
	}
	return outputLine(l)
}

// outputLine is l, a line of a test's output, in both languages: gotest's
// note where it dropped output and the testing package's race sentence are
// said in Chinese, any other line is itself in both.
func outputLine(l string) i18n.Text {
	if m := reDropped.FindStringSubmatch(l); m != nil {
		return i18n.Text{En: l, Zh: "…… 此处有 " + m[1] + " 字节的输出未保留 ……"}
	}
	if m := reLocated.FindStringSubmatch(strings.TrimLeft(l, " \t")); m != nil && m[3] == raceDetected {
		return i18n.Text{En: l, Zh: strings.TrimSuffix(l, raceDetected) + raceDetectedZh}
	}
	if strings.TrimSpace(l) == raceDetected {
		return i18n.Text{En: l, Zh: strings.Replace(l, raceDetected, raceDetectedZh, 1)}
	}
	return i18n.Text{En: l, Zh: l}
}

// reTestifyLabel is a line of testify's block that starts a field, as go
// test indents it: the indent, the label, the spaces that pad it, a tab,
// the value.
var reTestifyLabel = regexp.MustCompile(`^( *\t)(Error Trace|Error|Test|Messages):( *)\t(.*)$`)

// Output is a failing test's output, as gotest kept it, in both languages:
// the English as printed; in the Chinese, testify's labels and the lines
// its assertions write are said in Chinese, padded so that the values stay
// in the column where testify put them. The test's own messages, values
// and locations are the same in both.
func Output(out string) i18n.Text {
	lines := strings.Split(out, "\n")
	zh := make([]string, len(lines))
	field := ""
	for i, l := range lines {
		if m := reTestifyLabel.FindStringSubmatch(l); m != nil {
			field = m[2]
			label := testifyLabels[field] + "："
			pad := max(len(m[2])+1+len(m[3])-width(label), 1)
			zh[i] = m[1] + label + strings.Repeat(" ", pad) + "\t" + valueLine(field, m[4])
			continue
		}
		if m := reTestifyField.FindStringSubmatch(l); m != nil && m[1] == "" && field != "" {
			cut := len(l) - len(m[2])
			zh[i] = l[:cut] + valueLine(field, m[2])
			continue
		}
		field = ""
		zh[i] = outputLine(l).Zh
	}
	return i18n.Text{En: out, Zh: strings.Join(zh, "\n")}
}

// TestifyField is the field a label of testify's block names, as Output
// says it in either language, without its colon: "Messages" for
// "Messages:" and for "信息：". Another label is itself without its colon.
func TestifyField(label string) string {
	label = strings.TrimSuffix(strings.TrimSuffix(label, ":"), "：")
	for en, zh := range testifyLabels {
		if label == zh {
			return en
		}
	}
	return label
}

// valueLine is one line of the value of testify's field, in Chinese:
// the Error field's lines are testify's own words.
func valueLine(field, v string) string {
	if field == "Error" {
		return assertionLine(v).Zh
	}
	return v
}

// width is how many columns s takes in a terminal, for the Chinese labels
// here: a CJK character or full-width punctuation mark takes two.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80 && r <= 0xa4cf || r >= 0xac00 && r <= 0xd7a3 ||
			r >= 0xf900 && r <= 0xfaff || r >= 0xfe30 && r <= 0xfe4f || r >= 0xff00 && r <= 0xff60 || r >= 0xffe0 && r <= 0xffe6) {
			n++
		}
	}
	return n
}

// reRaceSection is a race report's section heading about an access, as
// gotest keeps it (without the address): "Previous write by goroutine 7".
var reRaceSection = regexp.MustCompile(`^(Previous )?(Atomic |atomic )?(Read|read|Write|write) by (main goroutine|goroutine (\d+))$`)

// reRaceCreated is a race report's section heading about where a
// goroutine was created: "Goroutine 7 (running) created".
var reRaceCreated = regexp.MustCompile(`^Goroutine (\d+) \((running|finished)\) created$`)

// RaceSection is the heading of a section of a race report (a
// gotest.RaceStack's Title) in both languages, with its colon: the English
// as the race detector wrote it, the Chinese from it. A heading this
// package does not know is itself in both.
func RaceSection(title string) i18n.Text {
	if m := reRaceCreated.FindStringSubmatch(title); m != nil {
		state := "仍在运行"
		if m[2] == "finished" {
			state = "已结束"
		}
		return i18n.Text{En: title + ":", Zh: "goroutine " + m[1] + "（" + state + "）的创建位置："}
	}
	m := reRaceSection.FindStringSubmatch(title)
	if m == nil {
		return i18n.Text{En: title + ":", Zh: title + ":"}
	}
	who := "goroutine " + m[5]
	if m[5] == "" {
		who = "主 goroutine"
	}
	access := "读取"
	if strings.EqualFold(m[3], "write") {
		access = "写入"
	}
	if m[2] != "" {
		access = "原子" + access
	}
	whose := " 的"
	if m[1] != "" {
		whose = " 此前的"
	}
	return i18n.Text{En: title + ":", Zh: who + whose + access + "："}
}
