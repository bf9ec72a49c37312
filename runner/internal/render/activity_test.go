package render

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestActivity(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	running := gotest.Progress{Since: t0, Running: []string{"TestEcho", "TestEcho/two"}, CurrentSince: t0.Add(time.Second), Passed: 3, Failed: 1}
	for _, c := range []struct {
		name     string
		race     bool
		checking bool
		p        gotest.Progress
		now      time.Duration
		lang     i18n.Lang
		width    int
		want     string
	}{
		{"a quick build", true, false, gotest.Progress{Building: true, Since: t0}, 2 * time.Second, i18n.En, 200,
			"Exercise 2 · building the tests… 2 s"},
		{"a long build says why", true, false, gotest.Progress{Building: true, Since: t0}, 37*time.Second + 400*time.Millisecond, i18n.En, 200,
			"Exercise 2 · building the tests… 37 s (the first build on a machine compiles the standard library for the race detector once: a minute or two)"},
		{"a long build without the race detector", false, false, gotest.Progress{Building: true, Since: t0}, 6 * time.Second, i18n.Zh, 200,
			"练习 2 · 正在构建测试……6 秒（本机第一次构建时要编译一次标准库，需要一两分钟）"},
		{"a test running, with the tally", true, false, running, 4 * time.Second, i18n.En, 200,
			"Exercise 2 · running TestEcho/two · 3 s · 3 passed, 1 failed"},
		{"the same in Chinese", true, false, running, 4 * time.Second, i18n.Zh, 200,
			"练习 2 · 正在运行 TestEcho/two · 3 秒 · 已通过 3 个，失败 1 个"},
		{"between tests", false, false, gotest.Progress{Since: t0}, time.Second, i18n.En, 200,
			"Exercise 2 · running the tests · 1 s"},
		{"the race-checked run after a quick verdict", true, true, gotest.Progress{Since: t0, Passed: 5}, time.Second, i18n.En, 200,
			"Exercise 2 · checking for data races · running the tests · 1 s · 5 passed"},
		{"cut to the width", true, false, running, 4 * time.Second, i18n.En, 30,
			"Exercise 2 · running TestEcho…"},
		{"a clock behind the phase's start", false, false, gotest.Progress{Building: true, Since: t0}, -time.Second, i18n.En, 200,
			"Exercise 2 · building the tests… 0 s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Activity(2, c.race, c.checking, c.p, t0.Add(c.now), Options{Width: c.width, Plain: true, Lang: c.lang})
			assert.Equal(t, c.want, got)
			assert.LessOrEqual(t, Width(got), c.width)
		})
	}
}
