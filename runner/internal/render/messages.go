package render

import "github.com/gospawn/workbook/runner/internal/i18n"

// The runner's own words, in both languages.
var (
	msgHintTier      = i18n.Text{En: "Hint %d of %d", Zh: "提示 %d/%d"}
	msgSolutionDiff  = i18n.Text{En: "Differences from your file (- yours, + reference):", Zh: "与你的文件的差异（- 你的，+ 参考答案）："}
	msgSolutionSame  = i18n.Text{En: "Your file is identical to the reference solution.", Zh: "你的文件与参考答案完全相同。"}
	msgProgress      = i18n.Text{En: "Progress", Zh: "进度"}
	msgDoneOf        = i18n.Text{En: "%d of %d exercises done", Zh: "已完成 %d/%d 个练习"}
	msgStatusDone    = i18n.Text{En: "done", Zh: "已完成"}
	msgStatusCurrent = i18n.Text{En: "current", Zh: "当前"}
	msgStatusFailing = i18n.Text{En: "failing", Zh: "未通过"}
	msgStatusNew     = i18n.Text{En: "not started", Zh: "未开始"}
	msgTestsCount    = i18n.Text{En: "%d/%d tests", Zh: "%d/%d 个测试"}
	msgExercise      = i18n.Text{En: "Exercise %d of %d", Zh: "练习 %d/%d"}
	msgEdit          = i18n.Text{En: "Edit", Zh: "编辑"}
	msgRaceOn        = i18n.Text{En: "with the race detector", Zh: "已开启竞态检测器"}
	msgRaceOff       = i18n.Text{En: "without the race detector", Zh: "未开启竞态检测器"}
	msgYourCode      = i18n.Text{En: "In your code:", Zh: "你的代码中："}
	msgSuspicious    = i18n.Text{En: "The test output could not be trusted:", Zh: "测试输出不可信："}
	msgMoreLines     = i18n.Text{En: "… %d more lines", Zh: "……还有 %d 行"}
	msgMoreBytes     = i18n.Text{En: "… %s more bytes", Zh: "……还有 %s 字节"}
	msgAt            = i18n.Text{En: "at %s", Zh: "位置：%s"}
	msgHiddenFrames  = i18n.Text{En: "%d more outside your exercise", Zh: "另有 %d 处在练习之外"}
	msgCourseDone    = i18n.Text{En: "Every exercise passes. Well done!", Zh: "所有练习都已通过，干得漂亮！"}
	msgReadNext      = i18n.Text{En: "Read next: %s (workbook read %s)", Zh: "接下来可以读：%s（workbook read %s）"}
	msgParens        = i18n.Text{En: " (%s)", Zh: "（%s）"} // the space only where the script wants one
	msgComma         = i18n.Text{En: ", ", Zh: "，"}
	msgLabel         = i18n.Text{En: "%s: %s", Zh: "%s：%s"}
	msgNextHint      = i18n.Text{En: "Stuck? workbook hint shows the next hint.", Zh: "卡住了？运行 workbook hint 查看下一条提示。"}

	// What a run in flight is doing (activity.go).
	msgActExercise  = i18n.Text{En: "Exercise %d", Zh: "练习 %d"}
	msgActBuilding  = i18n.Text{En: "building the tests… %s", Zh: "正在构建测试……%s"}
	msgActFirst     = i18n.Text{En: "The first build on a machine compiles the standard library, once: it takes a minute or two, and later builds a second.", Zh: "本机第一次构建时要编译标准库，只此一次：需要一两分钟，之后每次构建只需一秒左右。"}
	msgActFirstRace = i18n.Text{En: "The first build on a machine compiles the standard library for the race detector, once: it takes a minute or two, and later builds a second.", Zh: "本机第一次构建时要为竞态检测器编译标准库，只此一次：需要一两分钟，之后每次构建只需一秒左右。"}
	msgActRunning   = i18n.Text{En: "running %s · %s", Zh: "正在运行 %s · %s"}
	msgActStarting  = i18n.Text{En: "running the tests · %s", Zh: "正在运行测试 · %s"}
	msgActPassed    = i18n.Text{En: "%d passed", Zh: "已通过 %d 个"}
	msgActFailed    = i18n.Text{En: "%d failed", Zh: "失败 %d 个"}
	msgActRace      = i18n.Text{En: "checking for data races", Zh: "正在检查数据竞争"}
	msgSeconds      = i18n.Text{En: "%d s", Zh: "%d 秒"}
)

// What rendering's errors say.
var (
	msgRenderer   = i18n.Text{En: "preparing the Markdown renderer: %v", Zh: "准备 Markdown 渲染器时出错：%v"}
	msgRendering  = i18n.Text{En: "rendering %s: %v", Zh: "渲染%s时出错：%v"}
	msgTheChapter = i18n.Text{En: "the chapter", Zh: "章节"}
	msgAText      = i18n.Text{En: "a text", Zh: "文本"}
)
