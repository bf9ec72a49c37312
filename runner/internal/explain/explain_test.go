package explain

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestCrash(t *testing.T) {
	tests := []struct {
		name   string
		crash  gotest.CrashInfo
		en, zh string
	}{
		{"panic in a test", gotest.CrashInfo{Reason: gotest.CrashPanic, Test: "TestA", Value: "boom"},
			"The tests panicked while TestA was running: boom", "运行 TestA 时测试发生 panic：boom"},
		{"panic outside tests", gotest.CrashInfo{Reason: gotest.CrashPanic, Value: "boom"},
			"The tests panicked outside any test (in init, or between tests): boom", "测试在任何测试之外（在 init 中或测试之间）发生 panic：boom"},
		{"fatal error", gotest.CrashInfo{Reason: gotest.CrashFatal, Test: "TestA", Value: "concurrent map writes"},
			"A fatal runtime error while TestA was running: concurrent map writes", "运行 TestA 时发生致命的运行时错误：concurrent map writes（并发写 map）"},
		{"a runtime panic, its meaning after it", gotest.CrashInfo{Reason: gotest.CrashPanic, Test: "TestA", Value: "runtime error: invalid memory address or nil pointer dereference"},
			"The tests panicked while TestA was running: runtime error: invalid memory address or nil pointer dereference", "运行 TestA 时测试发生 panic：runtime error: invalid memory address or nil pointer dereference（无效的内存地址或 nil 指针解引用）"},
		{"signal", gotest.CrashInfo{Reason: gotest.CrashSignal, Test: "TestA", Value: "killed"},
			"The test binary was stopped by a signal while TestA was running: killed", "运行 TestA 时测试程序被信号终止：killed"},
		{"go test ended without a result", gotest.CrashInfo{Reason: gotest.CrashSignal, Test: "TestA", Value: gotest.NoResult},
			"The test binary was stopped by a signal while TestA was running: go test ended without reporting a result", "运行 TestA 时测试程序被信号终止：go test 没有报告结果就结束了"},
		{"exit in a test: the value is not repeated", gotest.CrashInfo{Reason: gotest.CrashExit, Test: "TestA", Value: "the test binary exited while TestA was running"},
			"The test binary exited early, while TestA was running.", "运行 TestA 时测试程序提前退出。"},
		{"exit in init", gotest.CrashInfo{Reason: gotest.CrashExit, Value: "the test binary exited with status 0 before running any test"},
			"The test binary exited early, outside any test (in init, or between tests).", "测试程序在任何测试之外（在 init 中或测试之间）提前退出。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Crash(&tt.crash)
			assert.Equal(t, tt.en, got.En)
			assert.Equal(t, tt.zh, got.Zh)
		})
	}
}

func TestTimeout(t *testing.T) {
	tests := []struct {
		name    string
		timeout *gotest.TimeoutInfo
		en, zh  string
	}{
		{"nothing known", nil, "The time limit was reached.", "到达了时间限制。"},
		{"during the build", &gotest.TimeoutInfo{After: 10 * time.Minute, DuringBuild: true},
			"Building the tests took longer than 10m0s.", "构建测试的时间超过了 10m0s。"},
		{"in a subtest: the innermost is named", &gotest.TimeoutInfo{After: 54200 * time.Millisecond, Running: []string{"TestA", "TestA/big"}},
			"TestA/big did not finish within the time limit (54s).", "TestA/big 未能在时间限制（54s）内结束。"},
		{"outside tests", &gotest.TimeoutInfo{After: time.Minute},
			"The time limit (1m0s) was reached outside any test.", "在任何测试之外到达了时间限制（1m0s）。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Timeout(tt.timeout)
			assert.Equal(t, tt.en, got.En)
			assert.Equal(t, tt.zh, got.Zh)
		})
	}
}

func TestRace(t *testing.T) {
	assert.Equal(t, i18n.Text{En: "Data race detected in TestA:", Zh: "在 TestA 中检测到数据竞争："}, Race("TestA"))
	assert.Equal(t, i18n.Text{En: "Data race detected:", Zh: "检测到数据竞争："}, Race(""))
	assert.Equal(t, i18n.Text{En: "The race detector reported 2 data race(s).", Zh: "竞态检测器报告了 2 处数据竞争。"}, Races(2))
}

func TestNotRun(t *testing.T) {
	for kind, want := range map[gotest.Kind]i18n.Text{
		gotest.KindBuildError: NotRunBuild,
		gotest.KindCrash:      NotRunCrash,
		gotest.KindTimeout:    NotRunTimeout,
		gotest.KindFail:       NotRunEarlier,
		gotest.KindRace:       NotRunEarlier,
	} {
		assert.Equal(t, want, NotRun(kind), string(kind))
	}
}
