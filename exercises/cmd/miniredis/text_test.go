package main

import (
	"errors"
	"os/exec"
	"testing"
	"time"
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

// How a client's process ended is said in the reader's language, not in
// exec's English ("exit status 1").
func TestEndedInOneLanguage(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to end with a status and a signal")
	}
	t.Setenv("WORKBOOK_TEST_LANG", "zh")
	failing := exec.Command("sh", "-c", "exit 3").Run()
	killed := exec.Command("sh", "-c", "kill -9 $$").Run()
	for _, c := range []struct {
		err  error
		want string
	}{
		{failing, "未说明原因就结束了（退出状态为 3）：errors: 1"},
		{nil, "未说明原因就结束了（退出状态为 0）：errors: 1"},
		{killed, "未说明原因就结束了（被信号 9 终止）：errors: 1"},
		{errors.New("exec: not started"), "未说明原因就结束了（exec: not started）：errors: 1"},
	} {
		if got := say(msgCrashed, ended(c.err), "errors: 1"); got != c.want {
			t.Errorf("%v:\n got %s\nwant %s", c.err, got, c.want)
		}
	}
	t.Setenv("WORKBOOK_TEST_LANG", "en")
	if got, want := say(msgCrashed, ended(failing), "x"), "ended without saying why (exit status 3): x"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestSecondsInEachLanguage: a watchdog's time reads as Go writes it in
// English, and as 5 秒 or 1.5 秒 in Chinese, with no space before the word
// after it.
func TestSecondsInEachLanguage(t *testing.T) {
	for _, c := range []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"en", 5 * time.Second, "did not finish within 5s: a reply your server never sent keeps it waiting"},
		{"zh", 5 * time.Second, "5 秒内没有结束：服务器没有发出的回复让它一直在等"},
		{"zh", 1500 * time.Millisecond, "1.5 秒内没有结束：服务器没有发出的回复让它一直在等"},
	} {
		t.Setenv("WORKBOOK_TEST_LANG", c.lang)
		if got := say(msgWatchdogCLI, seconds(c.d)); got != c.want {
			t.Errorf("%s %v:\n got %s\nwant %s", c.lang, c.d, got, c.want)
		}
	}
	t.Setenv("WORKBOOK_TEST_LANG", "zh")
	if got, want := say(msgWatchdog, seconds(10*time.Second), "PING"), "10 秒之后仍在等待 PING 的回复：服务器在等待更多输入之前，必须把每个回复都发出去"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
