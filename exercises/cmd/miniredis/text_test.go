package main

import (
	"errors"
	"testing"
)

// A stub's message, which holds both languages, is said in the reader's
// language alone inside the sentence around it; other errors are kept.
func TestServeErrSaysTheStubInOneLanguage(t *testing.T) {
	stub := errors.New("miniredis.Serve is not implemented yet (see book/en/05-mini-redis.md · 参见 book/zh-CN/05-mini-redis.md)")
	for _, c := range []struct {
		lang string
		err  error
		want string
	}{
		{"zh", stub, "检查还没结束，你的 Serve 就返回了：miniredis.Serve 尚未实现（要读的章节：book/zh-CN/05-mini-redis.md）。在 listener 被关闭之前，Serve 应一直提供服务。"},
		{"en", stub, "Your Serve returned before the check ended: miniredis.Serve is not implemented yet (the chapter to read: book/en/05-mini-redis.md). Serve keeps serving until its listener is closed."},
		{"zh", errors.New("accept: too many open files"), "检查还没结束，你的 Serve 就返回了：accept: too many open files。在 listener 被关闭之前，Serve 应一直提供服务。"},
		{"zh", nil, "你的 Serve 还没被要求停止就返回了：<nil>"},
	} {
		t.Setenv("WORKBOOK_TEST_LANG", c.lang)
		tx := msgServeEarly
		if c.err == nil {
			tx = msgServeReturned
		}
		if got := say(tx, serveErr(c.err)); got != c.want {
			t.Errorf("%s, %v:\n got %s\nwant %s", c.lang, c.err, got, c.want)
		}
	}
}
