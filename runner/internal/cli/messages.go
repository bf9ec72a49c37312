package cli

import "github.com/gospawn/workbook/runner/internal/i18n"

// Everything the commands print, in both languages.
var (
	msgErrorPrefix     = i18n.Text{En: "workbook: ", Zh: "workbook："}
	msgWarningPrefix   = i18n.Text{En: "workbook: note: ", Zh: "workbook：注意："}
	msgUnknownCommand  = i18n.Text{En: "there is no command %q; did you mean %q? (workbook help lists them)", Zh: "没有 %q 这个命令；你是想用 %q 吗？（workbook help 会列出所有命令）"}
	msgBadFlag         = i18n.Text{En: "%v (workbook help %s shows the flags)", Zh: "%v（workbook help %s 会列出可用的参数）"}
	msgBadTimeout      = i18n.Text{En: "--timeout must be longer than zero, for example --timeout 2m.", Zh: "--timeout 必须大于零，例如 --timeout 2m。"}
	msgNotInWorkbook   = i18n.Text{En: "this folder is not inside a workbook (no %s here or in any folder above); cd into your clone of the workbook and try again.", Zh: "当前目录不在练习册中（这里和上层目录都没有 %s）；请先 cd 到你克隆的练习册目录，再试一次。"}
	msgBadManifest     = i18n.Text{En: "the course manifest is broken: %v; restore it with git checkout workbook.toml.", Zh: "课程清单已损坏：%v；请用 git checkout workbook.toml 恢复。"}
	msgStateNotSaved   = i18n.Text{En: "could not save the workbook's state (%v); hints and progress will not be remembered.", Zh: "无法保存练习册的状态（%v）；提示和进度将不会被记住。"}
	msgUnknownExercise = i18n.Text{En: "there is no exercise %q; did you mean %q? (workbook list shows them all)", Zh: "没有 %q 这个练习；你是想找 %q 吗？（workbook list 会列出所有练习）"}
	msgUnknownChapter  = i18n.Text{En: "there is no exercise or chapter %q (did you mean %q?); give an exercise's number, id or folder, or one of the chapters: %s.", Zh: "没有 %q 这个练习或章节（是不是想输入 %q？）；请给出练习的编号、id 或文件夹，或以下章节之一：%s。"}
	msgChapterMissing  = i18n.Text{En: "the chapter %s is missing; restore it with git checkout -- %[1]s.", Zh: "章节 %s 缺失；请用 git checkout -- %[1]s 恢复。"}
	msgJustPassed      = i18n.Text{En: "✓ Exercise %d passes. Compare your code with the reference solution:\n    workbook solution %d", Zh: "✓ 练习 %d 通过了。把你的代码与参考答案对照：\n    workbook solution %d"}
	msgTooManyArgs     = i18n.Text{En: "workbook %s takes %s but was given %d: %s; workbook help %s says more.", Zh: "workbook %s %s，却收到了 %d 个：%s；详见 workbook help %s。"}
	msgTakesNothing    = i18n.Text{En: "no arguments", Zh: "不接受任何参数"}
	msgTakesOne        = i18n.Text{En: "at most one %s", Zh: "最多接受一个 %s"}
	msgTakesExactly    = i18n.Text{En: "exactly one %s", Zh: "只接受一个 %s"}
	msgNeedsExercise   = i18n.Text{En: "%s needs an exercise, for example: workbook %s 1.", Zh: "%s 需要指定一个练习，例如：workbook %s 1。"}
	msgRaceUnavailable = i18n.Text{En: "running without the race detector: %s.", Zh: "本次运行未开启竞态检测器：%s。"}
	msgInterrupted     = i18n.Text{En: "interrupted; the tests were stopped.", Zh: "已中断，测试已停止。"}

	msgListHeader   = i18n.Text{En: "%s — %d of %d exercises done", Zh: "%s——已完成 %d/%d 个练习"}
	msgListNotRun   = i18n.Text{En: "States come from the last run; workbook next runs the tests.", Zh: "状态来自上一次运行；运行 workbook next 会重新测试。"}
	msgHintHeader   = i18n.Text{En: "Hints for exercise %d · %s", Zh: "练习 %d 的提示 · %s"}
	msgHintMore     = i18n.Text{En: "Run workbook hint again for the next, more revealing hint.", Zh: "再次运行 workbook hint，可以看到下一条更具体的提示。"}
	msgHintNoMore   = i18n.Text{En: "That was the last hint. The reference solution is in %s; look at it once your own code passes (workbook solution %s).", Zh: "这已经是最后一条提示。参考答案在 %s；等你自己的代码通过后再看（workbook solution %s）。"}
	msgResetConfirm = i18n.Text{En: "Put %s back as the course shipped it? Your version is backed up first. [y/N] ", Zh: "要把 %s 恢复为课程发布时的样子吗？你的版本会先备份。[y/N] "}
	msgResetNoTTY   = i18n.Text{En: "reset replaces %s; run it on a terminal to confirm, or add --yes.", Zh: "reset 会替换 %s；请在终端中运行以确认，或者加上 --yes。"}
	msgResetAborted = i18n.Text{En: "Nothing was changed.", Zh: "没有做任何改动。"}
	msgResetDone    = i18n.Text{En: "%s is back as the course shipped it. Your version was saved to %s", Zh: "%s 已恢复为课程发布时的样子。你的版本已保存到 %s"}
	msgResetSame    = i18n.Text{En: "%s is already as the course shipped it; nothing to do.", Zh: "%s 已经是课程发布时的样子，无需改动。"}
	msgSolutionLock = i18n.Text{En: "exercise %d does not pass yet, so its solution stays hidden; make it pass first, or add --force to see it anyway.", Zh: "练习 %d 还没有通过，所以参考答案暂不显示；请先让它通过，或者加上 --force 强行查看。"}
	msgSolutionWarn = i18n.Text{En: "your exercise does not pass yet; reading the answer now takes away the part where you learn the most.", Zh: "你的练习还没有通过；现在就看答案，会错过收获最大的那一步。"}
	msgSolutionOf   = i18n.Text{En: "Reference solution of exercise %d · %s (%s)", Zh: "练习 %d 的参考答案 · %s（%s）"}
	msgVersion      = i18n.Text{En: "workbook %s (%s)", Zh: "workbook %s（%s）"}

	msgSumNext     = i18n.Text{En: "run the exercises in order and show the first that does not pass, with its chapter", Zh: "按顺序运行练习，显示第一个未通过的练习及其章节"}
	msgSumWatch    = i18n.Text{En: "full-screen mode: re-run the current exercise on every save", Zh: "全屏模式：每次保存都重新运行当前练习"}
	msgSumList     = i18n.Text{En: "list every exercise with its state", Zh: "列出所有练习及其状态"}
	msgSumHint     = i18n.Text{En: "show the next hint for the current (or named) exercise", Zh: "显示当前（或指定）练习的下一条提示"}
	msgSumRead     = i18n.Text{En: "show a chapter of the book", Zh: "显示书中的某一章"}
	msgSumReset    = i18n.Text{En: "put an exercise's file back as the course shipped it (yours is backed up)", Zh: "把练习文件恢复为课程发布时的样子（你的版本会先备份）"}
	msgSumSolution = i18n.Text{En: "show the reference solution beside your file, once the exercise passes", Zh: "练习通过后，对照你的文件显示参考答案"}
	msgSumGrade    = i18n.Text{En: "grade learners' submissions by the course's tests (for instructors; workbook grade --help)", Zh: "用课程自带的测试为学习者提交的作业评分（供教师使用；见 workbook grade --help）"}
	msgSumVersion  = i18n.Text{En: "print the workbook's version", Zh: "显示练习册的版本"}
	msgSumHelp     = i18n.Text{En: "show help for the workbook or one command", Zh: "显示练习册或某个命令的帮助"}

	msgUsage           = i18n.Text{En: "Usage", Zh: "用法"}
	msgCommands        = i18n.Text{En: "Commands", Zh: "命令"}
	msgFlags           = i18n.Text{En: "Flags", Zh: "参数"}
	msgExamples        = i18n.Text{En: "Examples", Zh: "示例"}
	msgExerciseIs      = i18n.Text{En: "An EXERCISE is its number (%d), its id (%s) or its folder (%s).", Zh: "EXERCISE 可以是练习编号（%d）、id（%s）或目录名（%s）。"}
	msgExerciseIsBare  = i18n.Text{En: "An EXERCISE is its number, its id or its folder, as `workbook list` shows them.", Zh: "EXERCISE 可以是练习编号、id 或目录名，即 `workbook list` 显示的那些。"}
	msgHelpMore        = i18n.Text{En: "workbook help COMMAND shows a command's flags and examples. Without a command, workbook runs watch on a terminal and next elsewhere.", Zh: "workbook help COMMAND 会显示某个命令的参数和示例。不带命令时，workbook 在终端里运行 watch，其他情况下运行 next。"}
	msgHelpIntro       = i18n.Text{En: "The workbook runs the exercises' tests, shows where you are, and the chapter that goes with it.", Zh: "workbook 会运行练习的测试，显示你目前的进度，以及配套的章节。"}
	msgStillRunning    = i18n.Text{En: "Still working: %s", Zh: "仍在进行：%s"}
	msgResetUnreadable = i18n.Text{En: "%s cannot be read (%v), so it cannot be backed up, and nothing was changed. Make it readable (for example chmod u+r) or move it aside, then run workbook reset again.", Zh: "无法读取 %s（%v），因此无法先备份，什么都没有改动。请让它可读（例如 chmod u+r）或把它移到别处，然后再运行 workbook reset。"}
)
