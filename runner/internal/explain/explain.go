// Package explain says what a verdict of go test means, in both languages:
// one sentence per kind of outcome (the code does not compile, tests fail,
// the test binary crashed, the time limit was reached, a data race, tests
// not run), so that the runner's screens and the grader's reports say the
// same thing for the same outcome. Failures takes a failing test's own
// output apart (what went wrong, the values, where) and PlaceOf and Sort
// say which locations are the learner's, so that every screen shows a
// failure in the order a learner reads it.
//
// It words verdicts only: it does not decide them (gotest does), lay them
// out (render and grade do: frames, stacks, colours, widths) or pick a
// language (callers call In). Values taken from go test (panic values,
// signal names, test names) stay as go wrote them.
package explain

import (
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The sentences that take no value from the run.
var (
	// BuildError heads the compiler's (or vet's) messages.
	BuildError = i18n.Text{En: "The code does not compile (the compiler or go vet refused it):", Zh: "代码无法编译（编译器或 go vet 报错）："}

	// NotRunBuild is a test that could not run: the code does not compile.
	NotRunBuild = i18n.Text{En: "Not run: the code does not compile.", Zh: "未运行：代码无法编译。"}
	// NotRunCrash is a test that never started: the test binary died
	// first. Crash says how.
	NotRunCrash = i18n.Text{En: "Not run: the test binary died first.", Zh: "未运行：测试程序已提前终止。"}
	// NotRunTimeout is a test that never started: the time limit came
	// first. Timeout says where.
	NotRunTimeout = i18n.Text{En: "Not run: the time limit came first.", Zh: "未运行：先到达了时间限制。"}
	// NotRunEarlier is a test that never started for another reason.
	NotRunEarlier = i18n.Text{En: "Not run: an earlier failure stopped the tests.", Zh: "未运行：之前的失败中止了测试。"}

	// AllPass is a run where every test passed, of %d.
	AllPass = i18n.Text{En: "All %d tests pass.", Zh: "全部 %d 个测试通过。"}
	// SomePass is a run where %d of %d tests passed.
	SomePass = i18n.Text{En: "%d of %d tests pass.", Zh: "%d/%d 个测试通过。"}
	// NoTestRan is a run where no test started.
	NoTestRan = i18n.Text{En: "No test ran.", Zh: "没有运行任何测试。"}
	// FailedSilently is a test that failed without printing why.
	FailedSilently = i18n.Text{En: "Failed, without a message.", Zh: "未通过，没有输出信息。"}
)

var (
	msgPanicIn    = i18n.Text{En: "The tests panicked while %s was running: %s", Zh: "运行 %s 时测试发生 panic：%s"}
	msgPanicOut   = i18n.Text{En: "The tests panicked outside any test (in init, or between tests): %s", Zh: "测试在任何测试之外（在 init 中或测试之间）发生 panic：%s"}
	msgFatalIn    = i18n.Text{En: "A fatal runtime error while %s was running: %s", Zh: "运行 %s 时发生致命的运行时错误：%s"}
	msgFatalOut   = i18n.Text{En: "A fatal runtime error outside any test (in init, or between tests): %s", Zh: "在任何测试之外（在 init 中或测试之间）发生致命的运行时错误：%s"}
	msgSignalIn   = i18n.Text{En: "The test binary was stopped by a signal while %s was running: %s", Zh: "运行 %s 时测试程序被信号终止：%s"}
	msgSignalOut  = i18n.Text{En: "The test binary was stopped by a signal outside any test (in init, or between tests): %s", Zh: "测试程序在任何测试之外（在 init 中或测试之间）被信号终止：%s"}
	msgExitIn     = i18n.Text{En: "The test binary exited early, while %s was running.", Zh: "运行 %s 时测试程序提前退出。"}
	msgExitOut    = i18n.Text{En: "The test binary exited early, outside any test (in init, or between tests).", Zh: "测试程序在任何测试之外（在 init 中或测试之间）提前退出。"}
	msgTimeoutIn  = i18n.Text{En: "%s did not finish within the time limit (%s).", Zh: "%s 未能在时间限制（%s）内结束。"}
	msgTimeoutOut = i18n.Text{En: "The time limit (%s) was reached outside any test.", Zh: "在任何测试之外到达了时间限制（%s）。"}
	msgTimeoutBld = i18n.Text{En: "Building the tests took longer than %s.", Zh: "构建测试的时间超过了 %s。"}
	msgNoResult   = i18n.Text{En: gotest.NoResult, Zh: "go test 没有报告结果就结束了"}
	msgTimeout    = i18n.Text{En: "The time limit was reached.", Zh: "到达了时间限制。"}
	msgRaceIn     = i18n.Text{En: "Data race detected in %s:", Zh: "在 %s 中检测到数据竞争："}
	msgRaceOut    = i18n.Text{En: "Data race detected:", Zh: "检测到数据竞争："}
	msgRacesCount = i18n.Text{En: "The race detector reported %d data race(s).", Zh: "竞态检测器报告了 %d 处数据竞争。"}
)

// Crash says how the test binary died, and in which test.
func Crash(c *gotest.CrashInfo) i18n.Text {
	texts, ok := map[gotest.CrashReason][2]i18n.Text{
		gotest.CrashPanic:  {msgPanicIn, msgPanicOut},
		gotest.CrashFatal:  {msgFatalIn, msgFatalOut},
		gotest.CrashSignal: {msgSignalIn, msgSignalOut},
	}[c.Reason]
	// An exit's value repeats what the sentence says; the others' is the
	// panic value, the fatal error or the signal.
	switch {
	case !ok && c.Test != "":
		return msgExitIn.Sprintf(c.Test)
	case !ok:
		return msgExitOut
	}
	value := i18n.Text{En: c.Value, Zh: runtimeZh(c.Value)}
	if c.Reason == gotest.CrashSignal && c.Value == gotest.NoResult {
		value = msgNoResult
	}
	if c.Test != "" {
		return texts[0].Sprintf(c.Test, value)
	}
	return texts[1].Sprintf(value)
}

// Timeout says what was going on when the time limit was reached: the
// build, a test (the innermost that was running), or neither. t may be nil
// when the run says no more.
func Timeout(t *gotest.TimeoutInfo) i18n.Text {
	if t == nil {
		return msgTimeout
	}
	after := t.After.Round(time.Second).String()
	switch {
	case t.DuringBuild:
		return msgTimeoutBld.Sprintf(after)
	case len(t.Running) > 0:
		return msgTimeoutIn.Sprintf(t.Running[len(t.Running)-1], after)
	}
	return msgTimeoutOut.Sprintf(after)
}

// Race heads one report of the race detector, found in test ("" when it
// was outside any test).
func Race(test string) i18n.Text {
	if test == "" {
		return msgRaceOut
	}
	return msgRaceIn.Sprintf(test)
}

// Races is a run's data races in one sentence: n of them.
func Races(n int) i18n.Text { return msgRacesCount.Sprintf(n) }

// NotRun says why tests never started in a run of kind k.
func NotRun(k gotest.Kind) i18n.Text {
	why := map[gotest.Kind]i18n.Text{gotest.KindBuildError: NotRunBuild, gotest.KindCrash: NotRunCrash, gotest.KindTimeout: NotRunTimeout}
	if t, ok := why[k]; ok {
		return t
	}
	return NotRunEarlier
}

// runtimeGloss is the Chinese for the Go runtime's panics and fatal errors
// that concurrent code meets most, by the runtime's own text (its start,
// for those that go on with values).
var runtimeGloss = []struct{ en, zh string }{
	{"runtime error: invalid memory address or nil pointer dereference", "无效的内存地址或 nil 指针解引用"},
	{"runtime error: index out of range", "下标越界"},
	{"runtime error: slice bounds out of range", "切片范围越界"},
	{"runtime error: integer divide by zero", "整数除以零"},
	{"assignment to entry in nil map", "向 nil map 中的键赋值"},
	{"concurrent map writes", "并发写 map"},
	{"concurrent map read and map write", "并发读写 map"},
	{"concurrent map iteration and map write", "并发遍历和写 map"},
	{"all goroutines are asleep - deadlock!", "所有 goroutine 都在休眠：死锁"},
	{"send on closed channel", "向已关闭的 channel 发送"},
	{"close of closed channel", "关闭已关闭的 channel"},
	{"close of nil channel", "关闭 nil channel"},
	{"sync: negative WaitGroup counter", "WaitGroup 计数器变为负数"},
	{"sync: WaitGroup is reused before previous Wait has returned", "上一次 Wait 返回之前又重用了 WaitGroup"},
	{"sync: unlock of unlocked mutex", "对未加锁的 mutex 解锁"},
	{"sync: RUnlock of unlocked RWMutex", "对未加读锁的 RWMutex 调用 RUnlock"},
}

// runtimeZh is a runtime's panic value or fatal error as printed, with its
// meaning in Chinese after it when it is one the runtime words (the text
// itself stays: it is what a search finds).
func runtimeZh(v string) string {
	for _, g := range runtimeGloss {
		if strings.HasPrefix(v, g.en) {
			return v + "（" + g.zh + "）"
		}
	}
	return v
}
