package check

import "github.com/gospawn/workbook/runner/internal/i18n"

// What check's errors say, in both languages.
var (
	msgNoGo          = i18n.Text{En: "the go command is not on your PATH: install Go 1.25 or newer from https://go.dev/dl/ and try again", Zh: "在 PATH 中找不到 go 命令：请从 https://go.dev/dl/ 安装 Go 1.25 或更新的版本，然后再试一次"}
	msgStubMissing   = i18n.Text{En: "the exercise file %s is missing; restore it with workbook reset %s", Zh: "练习文件 %s 不见了；请用 workbook reset %s 恢复"}
	msgRunFailed     = i18n.Text{En: "running the tests of %s: %v", Zh: "运行 %s 的测试时出错：%v"}
	msgTryNotBuilt   = i18n.Text{En: "the program could not be built: go's messages above say why", Zh: "无法构建该程序：上面 go 的输出说明了原因"}
	msgTryBuild      = i18n.Text{En: "building the program: %v", Zh: "构建该程序时出错：%v"}
	msgNeverReported = i18n.Text{En: "the race-enabled run never reported", Zh: "开启竞态检测器的那次运行始终没有给出结果"}
)
