package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// text is one message in English and Simplified Chinese.
type text struct{ en, zh string }

// lang is the language to write in: "en", "zh" or "both". The workbook
// sets WORKBOOK_TEST_LANG when it runs this program; by hand, WORKBOOK_LANG
// and then the locale decide, as the workbook itself decides.
func lang() string {
	for _, name := range []string{"WORKBOOK_TEST_LANG", "WORKBOOK_LANG"} {
		switch v := os.Getenv(name); v {
		case "en", "zh", "both":
			return v
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

// msg is a text with the arguments of its fmt.Sprintf verbs; an argument
// that is a msg is written in the same language as the one around it.
type msg struct {
	t    text
	args []any
}

// in is m in English, or in Chinese when zh is true.
func (m msg) in(zh bool) string {
	args := make([]any, len(m.args))
	for i, a := range m.args {
		if inner, ok := a.(msg); ok {
			a = inner.in(zh)
		}
		args[i] = a
	}
	if zh {
		return fmt.Sprintf(m.t.zh, args...)
	}
	return fmt.Sprintf(m.t.en, args...)
}

// say is t with args in the reader's language; for "both", English, then
// Chinese on the next line.
func say(t text, args ...any) string {
	m := msg{t, args}
	switch lang() {
	case "zh":
		return m.in(true)
	case "both":
		return m.in(false) + "\n" + m.in(true)
	}
	return m.in(false)
}

// stubMessage is the message every stub's unfinished function returns, in
// both languages because the learner reads it in the file too (its form is
// exercises/internal/harness/stub.go's). Said inside a sentence of one
// language, it would put the other one in the middle of it.
var stubMessage = regexp.MustCompile(`^([\w.]+) is not implemented yet \(see book/en/([\w.-]+) · 参见 book/zh-CN/([\w.-]+)\)$`)

// seconds is d as an argument of a message: as Go writes it in English
// (5s), in seconds with the unit in words in Chinese (5 秒), which the
// Chinese sentence takes at once after it, as the tests' messages do.
func seconds(d time.Duration) msg {
	return msg{text{"%[1]v", "%[2]s 秒"}, []any{d, strconv.FormatFloat(d.Seconds(), 'f', -1, 64)}}
}

// serveErr is what Serve returned, as the reader's language says it: a
// stub's message in that language only (with its chapter in that
// language's book), any other error as it is.
func serveErr(err error) any {
	if err == nil {
		return err
	}
	if m := stubMessage.FindStringSubmatch(err.Error()); m != nil {
		return msg{text{
			"%s is not implemented yet (the chapter to read: book/en/" + m[2] + ")",
			"%s 尚未实现（要读的章节：book/zh-CN/" + m[3] + "）"}, []any{m[1]}}
	}
	return err
}

// ended is how a client's process ended (exec's error, nil for a clean
// exit), in the reader's language: exec says it in English ("exit status
// 1"), which would sit inside a Chinese sentence.
func ended(err error) any {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return msg{msgExitStatus, []any{0}}
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return msg{msgExitStatus, []any{exit.ExitCode()}}
	case errors.As(err, &exit):
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return msg{msgExitSignal, []any{int(ws.Signal())}}
		}
	}
	return err
}

var (
	msgExitStatus = text{"exit status %d", "退出状态为 %d"}
	msgExitSignal = text{"killed by signal %d", "被信号 %d 终止"}
	msgServing    = text{
		"Your exercise 5 is serving on %s. Try it: redis-cli -p %s (Ctrl+C stops it).",
		"你的练习 5 正在 %s 上提供服务。试试：redis-cli -p %s（按 Ctrl+C 停止）。"}
	msgStopped = text{"Stopped.", "已停止。"}
	msgListen  = text{
		"cannot listen on %s: %v. Another program (a redis-server?) may use it: pick another address with -addr.",
		"无法在 %s 上监听：%v。可能有别的程序（redis-server？）占用了它：用 -addr 换一个地址。"}
	msgServeReturned = text{
		"your Serve returned before it was stopped: %v",
		"你的 Serve 还没被要求停止就返回了：%v"}
	msgServeEarly = text{
		"Your Serve returned before the check ended: %v. Serve keeps serving until its listener is closed.",
		"检查还没结束，你的 Serve 就返回了：%v。在 listener 被关闭之前，Serve 应一直提供服务。"}
	msgHeader = text{
		"Exercise 5 on %s, with each client on its defaults (connect; PING, ECHO, SET, GET, DEL, EXISTS, INCR; close):",
		"练习 5 运行在 %s 上，每个客户端都使用默认设置（连接；PING、ECHO、SET、GET、DEL、EXISTS、INCR；关闭）："}
	msgPass    = text{"  pass  %s", "  通过  %s"}
	msgFail    = text{"  FAIL  %s: %s", "  失败  %s：%s"}
	msgSkip    = text{"  skip  %s: %s", "  跳过  %s：%s"}
	msgSummary = text{
		"%d passed, %d failed, %d skipped (%.1f s).",
		"%d 个通过，%d 个失败，%d 个跳过（%.1f 秒）。"}
	msgAllSkipped = text{
		"No client outside Go is installed, so only go-redis was tried: install the others as said above to try them too.",
		"没有安装 Go 以外的客户端，所以只试了 go-redis：按上面说的装上其他客户端，就能一起试。"}

	// The failures, each one sentence.
	msgWrongReply = text{
		"%s answered %s; Redis answers %s",
		"%s 的回复是 %s；Redis 的回复是 %s"}
	msgCallFailed = text{
		"%s failed: %s",
		"%s 出错：%s"}
	msgConnectFailed = text{
		"could not connect: %s",
		"无法连接：%s"}
	msgWatchdog = text{
		"still waiting for the reply to %[2]s after %[1]v: every reply must be sent before the server waits for more input",
		"%[1]v之后仍在等待 %[2]s 的回复：服务器在等待更多输入之前，必须把每个回复都发出去"}
	msgWatchdogConnect = text{
		"had not connected after %v: the handshake's replies never came; is your Serve accepting connections, and sending every reply before it waits for more input?",
		"%v之后仍未连上：握手命令的回复一直没有到来；你的 Serve 在接受连接吗？在等待更多输入之前，它把每个回复都发出去了吗？"}
	msgNoReply = text{
		"no reply to %s within go-redis's read timeout: every reply must be sent before the server waits for more input",
		"在 go-redis 的读超时之内没有收到 %s 的回复：服务器在等待更多输入之前，必须把每个回复都发出去"}
	msgWatchdogCLI = text{
		"did not finish within %v: a reply your server never sent keeps it waiting",
		"%v内没有结束：服务器没有发出的回复让它一直在等"}
	msgNotEnded = text{
		"finished its commands, but its process did not end within %v: a connection the server leaves open after replying to QUIT keeps it waiting",
		"命令都已完成，但进程在 %v内没有结束：服务器回复 QUIT 之后若不关闭连接，客户端就会一直等下去"}
	msgCrashed = text{
		"ended without saying why (%v): %s",
		"未说明原因就结束了（%v）：%s"}
	msgPlain     = text{"%v", "%v"}
	msgCLIOutput = text{
		"%s printed %q; redis-server gives %q",
		"%s 输出了 %q；redis-server 输出的是 %q"}

	// Why a client is skipped, and how to install it.
	msgNoPython = text{
		"redis-py is not installed for any Python found (python3, /usr/bin/python3): pip install redis, or on Debian and Ubuntu apt-get install python3-redis",
		"找到的 Python（python3、/usr/bin/python3）都没有安装 redis-py：运行 pip install redis，或在 Debian、Ubuntu 上运行 apt-get install python3-redis"}
	msgNoNode = text{
		"node is not installed: install Node.js (on Debian and Ubuntu: apt-get install nodejs npm), then npm install --prefix %s %s",
		"没有安装 node：先安装 Node.js（Debian、Ubuntu 上：apt-get install nodejs npm），再运行 npm install --prefix %s %s"}
	msgNoNodePackage = text{
		"the npm package %[2]s is not installed where node looks (NODE_PATH, or %[1]s): npm install --prefix %[1]s %[2]s",
		"node 查找的位置（NODE_PATH 或 %[1]s）没有安装 npm 包 %[2]s：运行 npm install --prefix %[1]s %[2]s"}
	msgNoRedisCLI = text{
		"redis-cli is not installed: on Debian and Ubuntu apt-get install redis-tools, on macOS brew install redis",
		"没有安装 redis-cli：Debian、Ubuntu 上运行 apt-get install redis-tools，macOS 上运行 brew install redis"}

	msgUsage = text{
		`Usage: go run ./cmd/miniredis [-addr host:port]
       go run ./cmd/miniredis -clients [-npm DIR]

Without -clients, serves your exercise 5 (05_mini_redis) until Ctrl+C, for
trying it by hand with redis-cli or any other Redis client.

With -clients, serves it on a free port of 127.0.0.1 and runs every Redis
client installed here on its defaults: go-redis, redis-py, node-redis,
ioredis and redis-cli (commands, --pipe and its help). Each passes, fails
with one sentence, or is skipped with a sentence saying how to install it.
The exit status is 1 when a client fails.

Flags:
`,
		`用法：go run ./cmd/miniredis [-addr host:port]
      go run ./cmd/miniredis -clients [-npm DIR]

不带 -clients 时，它运行你的练习 5（05_mini_redis），直到按下 Ctrl+C，
方便你用 redis-cli 或任何其他 Redis 客户端亲手试一试。

带 -clients 时，它在 127.0.0.1 的一个空闲端口上运行你的练习 5，并用默认设置
运行本机安装的每一个 Redis 客户端：go-redis、redis-py、node-redis、ioredis
和 redis-cli（命令、--pipe 和它的帮助）。每个客户端要么通过，要么用一句话
说明失败原因，要么跳过并说明如何安装。有客户端失败时，退出状态为 1。

参数：
`}
	msgFlagAddr    = text{"the address to serve on, without -clients", "不带 -clients 时监听的地址"}
	msgFlagClients = text{"run every installed Redis client against your server, then exit", "用本机安装的每个 Redis 客户端测试你的服务器，然后退出"}
	msgFlagNPM     = text{"the folder npm installed node-redis and ioredis into (npm install --prefix DIR redis ioredis)", "npm 安装 node-redis 和 ioredis 的文件夹（npm install --prefix DIR redis ioredis）"}
	msgFlagTimeout = text{"how long one client may take before it is stopped and fails", "单个客户端最多可用多长时间，超时即被停止并判为失败"}
)
