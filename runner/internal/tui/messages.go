package tui

import (
	"github.com/gospawn/workbook/runner/internal/i18n"
	"github.com/gospawn/workbook/runner/internal/watch"
)

// The watch mode's own words, in both languages.
var (
	msgKeys         = i18n.Text{En: "v verdict · e edit · h hint · l list · r re-run · t language · s solution · n next · ? help · q quit", Zh: "v 结果 · e 编辑 · h 提示 · l 列表 · r 重新运行 · t 语言 · s 参考答案 · n 下一个 · ? 帮助 · q 退出"}
	msgKeysShort    = i18n.Text{En: "v verdict · e edit · h hint · n next · ? all keys · q quit", Zh: "v 结果 · e 编辑 · h 提示 · n 下一个 · ? 全部按键 · q 退出"}
	msgKeysBack     = i18n.Text{En: "esc back · ↑↓ PgUp PgDn scroll · q quit", Zh: "esc 返回 · ↑↓ PgUp PgDn 滚动 · q 退出"}
	msgKeysSideways = i18n.Text{En: "esc back · ↑↓ PgUp PgDn ←→ scroll · q quit", Zh: "esc 返回 · ↑↓ PgUp PgDn ←→ 滚动 · q 退出"}
	msgKeysCode     = i18n.Text{En: "←→ scroll code sideways", Zh: "←→ 左右滚动代码"}
	msgMoreVerdict  = i18n.Text{En: "… %d more lines: v shows the whole verdict", Zh: "……还有 %d 行：按 v 查看完整结果"}
	msgKeysList     = i18n.Text{En: "↑↓ choose · enter view · esc back", Zh: "↑↓ 选择 · enter 查看 · esc 返回"}
	msgWaiting      = i18n.Text{En: "Waiting for the first run…", Zh: "等待第一次运行……"}
	msgRunning      = i18n.Text{En: "Running the tests (run #%d)…", Zh: "正在运行测试（第 %d 次运行）……"}
	msgStaleBelow   = i18n.Text{En: "Files changed: re-running (run #%d). The verdict below is from run #%d, before your last save.", Zh: "文件已改动，正在重新运行（第 %d 次运行）。下面的结果来自第 %d 次运行，是你上次保存之前的。"}
	msgRerunning    = i18n.Text{En: "Running the tests again (run #%d). The verdict below is from run #%d, of the same files.", Zh: "正在重新运行测试（第 %d 次运行）。下面的结果来自第 %d 次运行，文件没有改动。"}
	msgRunLabel     = i18n.Text{En: "Run #%d", Zh: "第 %d 次运行"}
	msgCheckingRace = i18n.Text{En: "Checking for data races… (this verdict is from the run without the race detector)", Zh: "正在检查数据竞争……（这个结果来自未开启竞态检测器的运行）"}
	msgPassedBanner = i18n.Text{En: "Exercise %d passes! Press n for the next exercise, s to compare your code with the reference solution (workbook solution %d does it too).", Zh: "练习 %d 通过了！按 n 进入下一个练习，按 s 把你的代码与参考答案对照（也可以运行 workbook solution %d）。"}
	msgAllDone      = i18n.Text{En: "Every exercise passes. Well done!", Zh: "所有练习都已通过，干得漂亮！"}
	msgNotSaved     = i18n.Text{En: "The progress could not be saved: %v", Zh: "无法保存进度：%v"}
	msgRunError     = i18n.Text{En: "The tests could not run: %v", Zh: "测试无法运行：%v"}
	msgPolling      = i18n.Text{En: "Watching by polling: %s", Zh: "以轮询方式监视：%s"}
	msgNoSolution   = i18n.Text{En: "The reference solution cannot be read: %v", Zh: "无法读取参考答案：%v"}
	msgSolutionLock = i18n.Text{En: "The solution opens once this exercise passes.", Zh: "练习通过后才能查看参考答案。"}
	msgHintsTitle   = i18n.Text{En: "Hints · exercise %d", Zh: "提示 · 练习 %d"}
	msgHintNoMore   = i18n.Text{En: "That was the last hint.", Zh: "这已经是最后一条提示。"}
	msgListTitle    = i18n.Text{En: "Exercises", Zh: "练习"}
	msgHelpTitle    = i18n.Text{En: "Watch mode", Zh: "监视模式"}
	msgHelpBody     = i18n.Text{
		En: "Save the exercise file in your editor: the tests run again at once, and the verdict appears here.\n\n" +
			"v  the whole verdict, on the whole screen (↑↓ PgUp PgDn scroll it; v or esc comes back)\n" +
			"e  open the exercise's file in your editor ($VISUAL, $EDITOR or the one --edit-cmd names)\n" +
			"h  the next hint\nl  the exercise list (choose one to view)\nr  run the tests again now\n" +
			"t  switch the language: English, Chinese, both (now: %s)\ns  the reference solution, once the exercise passes\n" +
			"n  go on to the next exercise after a pass\n↑↓ PgUp PgDn, mouse wheel  scroll the chapter (←→ its long code lines, and the solution's)\n?  this help (↑↓ PgUp PgDn scroll it; ? or esc comes back)\nq, Ctrl-C  quit",
		Zh: "在编辑器里保存练习文件，测试会立即重新运行，结果显示在这里。\n\n" +
			"v  在整个屏幕上查看完整结果（↑↓ PgUp PgDn 滚动；按 v 或 esc 返回）\n" +
			"e  在编辑器中打开练习文件（$VISUAL、$EDITOR 或 --edit-cmd 指定的编辑器）\n" +
			"h  下一条提示\nl  练习列表（选择一个查看）\nr  立即重新运行测试\n" +
			"t  切换语言：英文、中文、双语（当前：%s）\ns  练习通过后查看参考答案\n" +
			"n  通过后进入下一个练习\n↑↓ PgUp PgDn、鼠标滚轮  滚动章节（←→ 左右滚动章节和参考答案里的长代码行）\n?  本帮助（↑↓ PgUp PgDn 滚动；按 ? 或 esc 返回）\nq、Ctrl-C  退出",
	}
	// langNames name the language modes t switches between, as the help
	// says which one is on.
	langNames = map[i18n.Lang]i18n.Text{i18n.En: {En: "English", Zh: "英文"}, i18n.Zh: {En: "Chinese", Zh: "中文"},
		i18n.Both: {En: "both", Zh: "双语"}}
	msgLineRun  = i18n.Text{En: "── Run #%d · exercise %d · %s ──", Zh: "── 第 %d 次运行 · 练习 %d · %s ──"}
	msgLineWait = i18n.Text{En: "Watching %d exercises; save a file to run its tests. End with Ctrl-D or Ctrl-C.", Zh: "正在监视 %d 个练习；保存文件即会运行对应的测试。按 Ctrl-D 或 Ctrl-C 结束。"}
)

// causes says, in both languages, why the files are polled.
var causes = map[watch.Cause]i18n.Text{
	watch.CauseRequested:         {En: "polling was asked for (--poll)", Zh: "按要求使用轮询（--poll）"},
	watch.CauseNotifyUnavailable: {En: "file-system events are unavailable here", Zh: "此处无法使用文件系统事件"},
	watch.CauseWatchLimit:        {En: "the limit of file-system watches was reached (fs.inotify.max_user_watches)", Zh: "文件系统监视数已达上限（fs.inotify.max_user_watches）"},
	watch.CauseWatchFailed:       {En: "this file system cannot be watched", Zh: "这个文件系统无法被监视"},
	watch.CauseRemoteFS:          {En: "the exercises are on a network or virtual file system (%s)", Zh: "练习位于网络或虚拟文件系统上（%s）"},
	watch.CauseDirRemoved:        {En: "a watched folder was removed or renamed", Zh: "被监视的目录被删除或改名"},
	watch.CauseNotifyFailed:      {En: "file-system events stopped", Zh: "文件系统事件已停止"},
}

// Polling says, in the learner's language, why the watcher polls; "" when
// it does not.
func Polling(s watch.Method, lang i18n.Lang) string {
	if !s.Poll {
		return ""
	}
	if s.Cause == watch.CauseRemoteFS {
		return causes[s.Cause].F(lang, s.FSType)
	}
	return causes[s.Cause].In(lang)
}
