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
		checking bool
		p        gotest.Progress
		now      time.Duration
		lang     i18n.Lang
		width    int
		want     string
	}{
		{"a quick build", false, gotest.Progress{Building: true, Since: t0}, 2 * time.Second, i18n.En, 200,
			"Exercise 2 · building the tests… 2 s"},
		{"a long build", false, gotest.Progress{Building: true, Since: t0}, 37*time.Second + 400*time.Millisecond, i18n.En, 200,
			"Exercise 2 · building the tests… 37 s"},
		{"a long build in Chinese", false, gotest.Progress{Building: true, Since: t0}, 6 * time.Second, i18n.Zh, 200,
			"练习 2 · 正在构建测试……6 秒"},
		{"a test running, with the tally", false, running, 4 * time.Second, i18n.En, 200,
			"Exercise 2 · running TestEcho/two · 3 s · 3 passed, 1 failed"},
		{"the same in Chinese", false, running, 4 * time.Second, i18n.Zh, 200,
			"练习 2 · 正在运行 TestEcho/two · 3 秒 · 已通过 3 个，失败 1 个"},
		{"between tests", false, gotest.Progress{Since: t0}, time.Second, i18n.En, 200,
			"Exercise 2 · running the tests · 1 s"},
		{"the race-checked run after a quick verdict", true, gotest.Progress{Since: t0, Passed: 5}, time.Second, i18n.En, 200,
			"Exercise 2 · checking for data races · running the tests · 1 s · 5 passed"},
		{"cut to the width", false, running, 4 * time.Second, i18n.En, 30,
			"Exercise 2 · running TestEcho…"},
		{"a clock behind the phase's start", false, gotest.Progress{Building: true, Since: t0}, -time.Second, i18n.En, 200,
			"Exercise 2 · building the tests… 0 s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Activity(2, c.checking, c.p, t0.Add(c.now), Options{Width: c.width, Plain: true, Lang: c.lang})
			assert.Equal(t, c.want, got)
			assert.LessOrEqual(t, Width(got), c.width)
		})
	}
}

func TestBuildNote(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	building := gotest.Progress{Building: true, Since: t0}
	assert.Empty(t, BuildNote(true, building, t0.Add(4*time.Second), i18n.En), "a build of a few seconds needs no word")
	assert.Contains(t, BuildNote(true, building, t0.Add(5*time.Second), i18n.En), "for the race detector, once")
	assert.Contains(t, BuildNote(false, building, t0.Add(9*time.Second), i18n.Zh), "只此一次")
	assert.NotContains(t, BuildNote(false, building, t0.Add(9*time.Second), i18n.En), "race")
	assert.Empty(t, BuildNote(true, gotest.Progress{Since: t0}, t0.Add(time.Minute), i18n.En), "the tests run: the build is over")
}
