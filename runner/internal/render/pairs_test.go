package render

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestChoosePairs(t *testing.T) {
	p := func(en, zh string) string { return pairOpen + en + pairSep + zh + pairClose }
	for _, c := range []struct {
		name, in     string
		en, zh, both string
	}{
		{"no pair", "plain text", "plain text", "plain text", "plain text"},
		{"one", "x_test.go:15: " + p("closed", "已关闭"), "x_test.go:15: closed", "x_test.go:15: 已关闭", "x_test.go:15: closed\n已关闭"},
		{"nested", p("after "+p("EOF", "读到结尾")+": fail", "在"+p("EOF", "读到结尾")+"之后：失败"),
			"after EOF: fail", "在读到结尾之后：失败", "after EOF: fail\n在读到结尾之后：失败"},
		{"cut short", "x: " + p("long", "很长") + " then " + pairOpen + "the en" + pairSep + "中文被截",
			"x: long then the en", "x: 很长 then 中文被截", "x: long\n很长 then the en\n中文被截"},
		{"cut before the Chinese", "x: " + pairOpen + "the en only", "x: the en only", "x: the en only", "x: the en only"},
	} {
		assert.Equal(t, c.en, choosePairs(c.in, i18n.En), c.name)
		assert.Equal(t, c.zh, choosePairs(c.in, i18n.Zh), c.name)
		assert.Equal(t, c.both, choosePairs(c.in, i18n.Both), c.name)
	}
}
