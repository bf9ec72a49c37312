package watch

import "github.com/gospawn/workbook/runner/internal/i18n"

// What watching's errors say, in both languages: watch mode shows them
// when it falls back to polling, or cannot watch a folder at all.
var (
	msgNoDirs         = i18n.Text{En: "there is no folder to watch", Zh: "没有要监视的文件夹"}
	msgDir            = i18n.Text{En: "cannot watch the folder %q: %v", Zh: "无法监视文件夹 %q：%v"}
	msgNotDir         = i18n.Text{En: "%q is not a folder, so it cannot be watched", Zh: "%q 不是文件夹，无法监视"}
	msgDirTwice       = i18n.Text{En: "the folder %q was given twice", Zh: "文件夹 %q 被给出了两次"}
	msgRunTwice       = i18n.Text{En: "the watcher was started twice", Zh: "监视器被启动了两次"}
	msgSchedulerTwice = i18n.Text{En: "the scheduler was started twice", Zh: "调度器被启动了两次"}
)
