package gotest

import "github.com/gospawn/workbook/runner/internal/i18n"

// What gotest's errors say, in both languages: they reach a learner when
// go test cannot be run at all, and an instructor through grade.
var (
	msgNoGo         = i18n.Text{En: "the go command was not found on PATH", Zh: "在 PATH 中找不到 go 命令"}
	msgTimeLimit    = i18n.Text{En: "time limit reached", Zh: "已到时间上限"}
	msgBuildLimit   = i18n.Text{En: "build time limit reached", Zh: "已到构建的时间上限"}
	msgNoDir        = i18n.Text{En: "no module folder was given to run go test in", Zh: "没有给出运行 go test 的模块文件夹"}
	msgBadPackage   = i18n.Text{En: "%q is not a package go test can be given", Zh: "%q 不是可以交给 go test 的包"}
	msgAbsPath      = i18n.Text{En: "cannot make %q an absolute path: %v", Zh: "无法把 %q 变成绝对路径：%v"}
	msgReadOverlay  = i18n.Text{En: "reading the overlay file %s: %v", Zh: "读取覆盖文件 %s 时出错：%v"}
	msgParseOverlay = i18n.Text{En: "the overlay file %s is not go's overlay JSON: %v", Zh: "覆盖文件 %s 不是 go 的覆盖 JSON：%v"}
	msgOverlay      = i18n.Text{En: "the overlay file %q: %v", Zh: "覆盖文件 %q：%v"}
	msgStarting     = i18n.Text{En: "could not start go test %s: %v", Zh: "无法启动 go test %s：%v"}
	msgGoTest       = i18n.Text{En: "go test %s: %v", Zh: "go test %s：%v"}
	msgGoEnv        = i18n.Text{En: "go env failed: %v: %s", Zh: "go env 运行失败：%v：%s"}
	msgGoEnvJSON    = i18n.Text{En: "reading what go env printed: %v", Zh: "读取 go env 的输出时出错：%v"}
	msgTest2JSON    = i18n.Text{En: "building go's test2json program failed: %v: %s", Zh: "构建 go 的 test2json 程序失败：%v：%s"}
	msgStream       = i18n.Text{En: "reading go test's JSON stream: %v", Zh: "读取 go test 的 JSON 输出时出错：%v"}
	msgKill         = i18n.Text{En: "stopping go test: %v", Zh: "停止 go test 时出错：%v"}
	msgKillGroup    = i18n.Text{En: "stopping go test's process group %d: %v", Zh: "停止 go test 的进程组 %d 时出错：%v"}
)
