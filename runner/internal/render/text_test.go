package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
)

func TestAPathWiderThanTheLineBreaksAtASlash(t *testing.T) {
	got := Wrap("see exercises/04_panic_boundary/boundary_test.go:112 now", 30)
	assert.Equal(t, []string{"see", "exercises/04_panic_boundary/", "boundary_test.go:112 now"}, got)
	for _, l := range got {
		assert.LessOrEqual(t, Width(l), 30)
	}
	assert.Equal(t, []string{"abcd", "efgh", "ij"}, Wrap("abcdefghij", 4), "a word without slashes is cut where the line ends")
}

func TestCodeKeepsLongLinesWhole(t *testing.T) {
	long := "\tx := " + strings.Repeat("y", 150)
	out := Code("package p\n" + long + "\n")
	assert.Contains(t, out, strings.Repeat("y", 150), "a code line is never cut")
	assert.Contains(t, Diff("a\n", "a\n"+long+"\n", Options{Plain: true}), strings.Repeat("y", 150))
}

func TestPlainMarkdownHasNoSyntax(t *testing.T) {
	out := Markdown("Use **`io.Copy`** and *then* see [exercises/01_echo](../../exercises/01_echo) or [https://go.dev](https://go.dev).", 80, true)
	for _, mark := range []string{"**", "`", "*then*", "](", "../../"} {
		assert.NotContains(t, out, mark)
	}
	assert.Contains(t, out, "Use io.Copy and then see exercises/01_echo or https://go.dev.")
	assert.Equal(t, 1, strings.Count(out, "https://go.dev"), "a link whose text is its target is printed once")
}

func TestWrappedListItemsHang(t *testing.T) {
	out, err := Chapter("- a list item long enough to wrap at the width of this screen\n- b\n", 36, true)
	assert.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Equal(t, "• a list item long enough to", lines[0])
	assert.Equal(t, "    wrap at the width of this", lines[1], "the continuation sits under the item's text")
}

// A chapter's code line wider than the screen stays one line, its indent
// kept, in plain and styled output alike: broken, a string literal no
// longer compiles when copied.
func TestChapterCodeIsNeverWrapped(t *testing.T) {
	line := `		fmt.Println("timer: main is still waiting in Accept; closing the listener")`
	md := "Prose before.\n\n```go\nfunc main() {\n" + line + "\n}\n```\n"
	for _, plain := range []bool{true, false} {
		for _, width := range []int{40, 80} {
			out, err := Chapter(md, width, plain)
			assert.NoError(t, err)
			out = strings.ReplaceAll(out, nbsp, " ")
			assert.Contains(t, ansi.Strip(out), `        fmt.Println("timer: main is still waiting in Accept; closing the listener")`,
				"plain=%v width=%d: the line is whole, its tabs expanded", plain, width)
			assert.NotContains(t, out, holdPrefix)
		}
	}
}

// A table's column of code literals is never narrowed below its widest
// literal: the prose column wraps instead.
func TestTableKeepsCodeLiteralsWhole(t *testing.T) {
	md := "| 回复 | 字节 | 用途 |\n|---|---|---|\n| 错误 | `-ERR syntax error\\r\\n` | 服务器拒绝的一切请求；第一个空格之前的文字是错误的种类，客户端原样显示 |\n| 整数 | `:1\\r\\n` | INCR |\n"
	for _, plain := range []bool{true, false} {
		out, err := Chapter(md, 60, plain)
		assert.NoError(t, err)
		out = strings.ReplaceAll(ansi.Strip(out), nbsp, " ")
		assert.Contains(t, out, `-ERR syntax error\r\n`, "plain=%v: the literal is on one line", plain)
		for _, l := range strings.Split(out, "\n") {
			assert.LessOrEqual(t, Width(l), 60, "plain=%v: the table fits: %q", plain, l)
		}
	}
}

// TestQuotedStringsStayWhole: a verdict quotes the bytes a test expected
// and got; broken at one of its spaces, a quoted string no longer shows
// whether the space is there. One that fits on a line moves to the next
// whole; one wider than a line breaks at its spaces, as prose does.
func TestQuotedStringsStayWhole(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  []string
	}{
		{`expected "-ERR Protocol error: invalid length\r\n", got`, 44,
			[]string{`expected`, `"-ERR Protocol error: invalid length\r\n",`, `got`}},
		{`期望 "-ERR Protocol error: bad"，实际收到 "x"`, 30,
			[]string{`期望`, `"-ERR Protocol error: bad"，实`, `际收到 "x"`}},
		{`say "a \"quoted\" word" now`, 22, []string{`say`, `"a \"quoted\" word"`, `now`}},
		{`a "much too long to fit on one line" b`, 12, []string{`a "much too`, `long to fit`, `on one line"`, `b`}},
		{`5" screen, no closing quote`, 12, []string{`5" screen,`, `no closing`, `quote`}},
		{`a 5" screen and "x y" end`, 16, []string{`a 5" screen and`, `"x y" end`}},
	} {
		got := Wrap(c.in, c.width)
		assert.Equal(t, c.want, got, c.in)
		for _, l := range got {
			assert.LessOrEqual(t, Width(l), c.width, l)
		}
	}
}
