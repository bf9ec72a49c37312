package cli

import "github.com/gospawn/workbook/runner/internal/i18n"

// Everything the commands print, in both languages.
var (
	msgErrorPrefix     = i18n.Text{En: "workbook: ", Zh: "workbook："}
	msgWarningPrefix   = i18n.Text{En: "workbook: note: ", Zh: "workbook：注意："}
	msgUnknownCommand  = i18n.Text{En: "there is no command %q; did you mean %q? (workbook help lists them)", Zh: "没有 %q 这个命令；你是想用 %q 吗？（workbook help 会列出所有命令）"}
	msgBadManifest     = i18n.Text{En: "the course manifest is broken: %v; restore it with git checkout workbook.toml.", Zh: "课程清单已损坏：%v；请用 git checkout workbook.toml 恢复。"}
	msgStateNotSaved   = i18n.Text{En: "could not save the workbook's state (%v); hints and progress will not be remembered.", Zh: "无法保存练习册的状态（%v）；提示和进度将不会被记住。"}
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
	msgSumTry      = i18n.Text{En: "build and run the program that shows the current (or named) exercise's code at work", Zh: "构建并运行展示当前（或指定）练习代码实际效果的程序"}
	msgAboutTry    = i18n.Text{En: "The program is built from your code as it is now and runs in the exercises folder, outside the tests; the exercise's chapter says what it shows (a server's program may, say, run real clients against it). Only some exercises have one: when the current one has none, workbook try names those that do.", Zh: "该程序用你当前的代码构建，在练习目录中、测试之外运行；它展示什么，由练习对应的章节说明（比如服务器练习的程序可以让真实的客户端连接它）。只有部分练习有这样的程序；当前练习没有时，workbook try 会列出有程序的练习。"}
	msgNoTry       = i18n.Text{En: "exercise %d has no program to try it with; these have one: %s.", Zh: "练习 %d 没有可以试用的程序；有程序的练习是：%s。"}
	msgNoTryAtAll  = i18n.Text{En: "no exercise of this course has a program to try it with.", Zh: "本课程没有哪个练习带有可以试用的程序。"}
	msgTryFailed   = i18n.Text{En: "the program of exercise %d ended with status %d.", Zh: "练习 %d 的程序以状态 %d 结束。"}
	msgTryStopped  = i18n.Text{En: "interrupted; the program was stopped.", Zh: "已中断，程序已停止。"}
	msgTryTemp     = i18n.Text{En: "cannot make a temporary folder for the program: %v", Zh: "无法为该程序创建临时文件夹：%v"}
	msgSumVersion  = i18n.Text{En: "print the workbook's version", Zh: "显示练习册的版本"}
	msgSumHelp     = i18n.Text{En: "show help for the workbook or one command", Zh: "显示练习册或某个命令的帮助"}

	msgExerciseIs     = i18n.Text{En: "An EXERCISE is its number (%d), its id (%s) or its folder (%s).", Zh: "EXERCISE 可以是练习编号（%d）、id（%s）或目录名（%s）。"}
	msgExerciseIsBare = i18n.Text{En: "An EXERCISE is its number, its id or its folder, as `workbook list` shows them.", Zh: "EXERCISE 可以是练习编号、id 或目录名，即 `workbook list` 显示的那些。"}
	msgHelpIntro      = i18n.Text{En: "The workbook runs the exercises' tests, shows where you are, and the chapter that goes with it.", Zh: "workbook 会运行练习的测试，显示你目前的进度，以及配套的章节。"}
	msgStillRunning   = i18n.Text{En: "Still working: %s", Zh: "仍在进行：%s"}

	msgSumAutograder   = i18n.Text{En: "write the course's Gradescope autograder zip (for instructors)", Zh: "生成本课程的 Gradescope 自动评分压缩包（供教师使用）"}
	msgAboutAutograder = i18n.Text{
		En: "Writes ZIP (autograder.zip by default): setup.sh, which installs Go and bubblewrap on Gradescope's Ubuntu image and builds the workbook from the course; run_autograder, which grades each submission with `workbook grade --format gradescope`; and the course without its solutions. Upload it as the programming assignment's autograder. The report's language is --lang's; WORKBOOK_LANG in Gradescope changes it.",
		Zh: "生成 ZIP（默认为 autograder.zip）：其中的 setup.sh 在 Gradescope 的 Ubuntu 镜像上安装 Go 和 bubblewrap，并用课程源码构建 workbook；run_autograder 用 `workbook grade --format gradescope` 为每份提交评分；另外还包含不含参考答案的课程本身。请把它上传为编程作业的自动评分程序。报告语言取自 --lang，也可在 Gradescope 中用 WORKBOOK_LANG 修改。",
	}
	msgWroteAutograder = i18n.Text{En: "Wrote %s (%d files): upload it as the assignment's autograder in Gradescope (Configure Autograder, Zip file upload).", Zh: "已写入 %s（%d 个文件）：请在 Gradescope 中把它上传为作业的自动评分程序（Configure Autograder → Zip file upload）。"}
	msgSumGrade        = i18n.Text{En: "grade learners' submissions by the course's own tests (for instructors)", Zh: "用课程自带的测试为学习者提交的作业评分（供教师使用）"}
	msgHelpMore        = i18n.Text{En: "workbook help COMMAND (or workbook COMMAND --help) shows a command's flags and examples. Without a command, workbook runs watch on a terminal and next elsewhere.", Zh: "workbook help COMMAND（或 workbook COMMAND --help）会显示某个命令的选项和示例。不带命令时，workbook 在终端里运行 watch，其他情况下运行 next。"}
	msgExitStatus      = i18n.Text{En: "0 when the command did its job (for next: every exercise passes); 1 when an exercise does not pass or the command could not do its job; 2 when it could not start: a wrong command line, or no workbook here. grade has its own: workbook help grade.", Zh: "命令完成了它的工作时为 0（对 next 而言：所有练习都通过）；有练习未通过或命令没能完成工作时为 1；命令无法开始时为 2：命令行有误，或这里没有练习册。grade 的退出状态另有规定，见 workbook help grade。"}

	// Help's headings.
	msgUsage    = i18n.Text{En: "Usage:", Zh: "用法："}
	msgCommands = i18n.Text{En: "Commands:", Zh: "命令："}
	msgFlags    = i18n.Text{En: "Flags:", Zh: "选项："}
	msgExamples = i18n.Text{En: "Examples:", Zh: "示例："}
	msgExit     = i18n.Text{En: "Exit status:", Zh: "退出状态："}

	// grade's help.
	msgAboutGrade = i18n.Text{
		En: "Grades learners' copies of the workbook by the course's own tests: points per test, as workbook.toml gives them. Each SUBMISSION is a folder holding a copy of the workbook (at least its exercises/ folder), that folder inside another (as a downloaded repository ZIP unpacks), or the .zip file itself; anything else is skipped with a note; with none, the workbook you are in is graded. Only the learners' non-test .go files in each exercise folder are used; the tests, go.mod and everything else come from this workbook, and whatever else a submission holds is listed as ignored. A submission is never modified. Each run of an exercise's tests has the time limit of --timeout; its re-runs (after a crash or a hang) share one more.",
		Zh: "用课程自带的测试为学习者的练习册副本评分：每个测试的分数由 workbook.toml 给出。每个 SUBMISSION 是一个存放练习册副本的文件夹（至少包含其中的 exercises/ 文件夹）、套在另一个文件夹里的这样的文件夹（下载的仓库 ZIP 解压后就是这样），或者 .zip 文件本身；其他文件会被跳过并在报告中注明；不给出时，为当前所在的练习册评分。评分只使用每个练习文件夹中学习者的非测试 .go 文件；测试、go.mod 以及其余一切都取自本练习册，提交中的其他内容会在报告中列为“已忽略”。评分从不修改提交。练习的测试每次运行都受 --timeout 的时间限制；崩溃或卡住之后的重新运行共用另一份同样的时限。",
	}
	msgExitGrade           = i18n.Text{En: "0 when grading completed, whatever the scores; 1 with --min-score when a submission is below it; 2 for bad usage, a setup problem, or an interruption (Ctrl-C).", Zh: "评分完成时为 0，无论得分如何；使用 --min-score 且有提交低于该分数时为 1；用法错误、环境问题或评分被中断（Ctrl-C）时为 2。"}
	msgExampleGradeHere    = i18n.Text{En: "grade this workbook", Zh: "为当前练习册评分"}
	msgExampleGradeAll     = i18n.Text{En: "grade every folder and .zip file in class/", Zh: "为 class/ 中的每个文件夹和 .zip 文件评分"}
	msgExampleGradeChanged = i18n.Text{En: "grade again only the submissions that changed since last.json", Zh: "只为自 last.json 以来有变化的提交重新评分"}

	// What each flag does.
	msgFlagLang         = i18n.Text{En: "language: en, zh or both (default: $WORKBOOK_LANG, then the locale)", Zh: "语言：en、zh 或 both（默认取 $WORKBOOK_LANG，其次是系统 locale）"}
	msgFlagNoPager      = i18n.Text{En: "print everything at once, without a pager", Zh: "一次性输出全部内容，不使用分页器"}
	msgFlagRace         = i18n.Text{En: "race detector: auto (the default: on for the exercises that ask for it, when this machine can build it), on (for every exercise; an error when this machine cannot build it) or off", Zh: "竞态检测器：auto（默认：练习要求且本机能构建时开启）、on（所有练习都开启；本机无法构建时报错）或 off"}
	msgFlagTimeout      = i18n.Text{En: "time limit of one run of an exercise's tests, not counting the build (default 1m)", Zh: "练习的测试单次运行的时间上限，不含构建时间（默认 1m）"}
	msgFlagYes          = i18n.Text{En: "do not ask for confirmation", Zh: "不再询问确认"}
	msgFlagPoll         = i18n.Text{En: "notice saves by polling the files, for file systems that send no events (network mounts, WSL's /mnt)", Zh: "以轮询文件的方式发现保存，适用于不发送事件的文件系统（网络挂载、WSL 的 /mnt）"}
	msgFlagAutoNext     = i18n.Text{En: "move on to the next exercise as soon as the current one passes", Zh: "当前练习一通过就自动进入下一个"}
	msgFlagForce        = i18n.Text{En: "show it even though the exercise does not pass yet", Zh: "即使练习尚未通过也显示"}
	msgFlagFormat       = i18n.Text{En: "report format: text (the default), json, junit, exercism, csv, gradescope, prairielearn, markdown, classroom50, canvas or moodle; with --out, several separated by commas (markdown,junit)", Zh: "报告格式：text（默认）、json、junit、exercism、csv、gradescope、prairielearn、markdown、classroom50、canvas 或 moodle；配合 --out 时可用逗号分隔多种格式（markdown,junit）"}
	msgFlagRoster       = i18n.Text{En: "for canvas and moodle: a CSV file whose column submission names each learner's submission folder, and whose other columns are the learner's identifiers as the LMS's gradebook export names them", Zh: "用于 canvas 和 moodle：一个 CSV 文件，其中 submission 列写明每位学习者的提交文件夹，其余各列是学习者在 LMS 中的标识，列名与 LMS 成绩册导出文件中的相同"}
	msgFlagAssignment   = i18n.Text{En: "for canvas and moodle: the header of the points column, the assignment's name in the LMS (for an existing Canvas assignment, \"Name (id)\" as its export writes it; default Workbook)", Zh: "用于 canvas 和 moodle：分数列的列名，即该作业在 LMS 中的名称（对 Canvas 中已有的作业，按其导出文件写作 \"名称 (id)\"；默认为 Workbook）"}
	msgFlagOut          = i18n.Text{En: "write one file per submission into DIR (csv: DIR/grades.csv) instead of to standard output", Zh: "每份提交写一个文件到 DIR 中（csv：DIR/grades.csv），而不是写到标准输出"}
	msgFlagMinScore     = i18n.Text{En: "exit with status 1 when a submission scores below N points (or below a percentage of the maximum, such as 80%)", Zh: "有提交的得分低于 N 分（或写作 80% 这样的满分百分比）时，以状态 1 退出"}
	msgFlagJobs         = i18n.Text{En: "go test runs at the same time (default: the number of CPUs)", Zh: "同时进行的 go test 运行数（默认：CPU 个数）"}
	msgFlagSandbox      = i18n.Text{En: "auto (the default: run each test binary inside bubblewrap when it works here, and say so when it does not), on (refuse to grade without it) or off", Zh: "auto（默认：本机能运行 bubblewrap 时，在其沙箱中运行每个测试程序，不能时明确告知）、on（没有沙箱就拒绝评分）或 off"}
	msgFlagMemory       = i18n.Text{En: "the most memory one run's processes may use together (default 1GiB); a run past it is stopped and its tests fail", Zh: "单次运行的所有进程合计可用的最大内存（默认 1GiB）；超出的运行会被终止，其中的测试不得分"}
	msgValuesSwitch     = i18n.Text{En: "give no value, or true or false", Zh: "不带值，或取 true 或 false"}
	msgValuesTimeout    = i18n.Text{En: "give a duration of at least 5s, such as 90s or 2m", Zh: "请给出不短于 5s 的时长，例如 90s 或 2m"}
	msgValuesFormat     = i18n.Text{En: "use text, json, junit, exercism, csv, gradescope, prairielearn, markdown, classroom50, canvas or moodle, or several of them separated by commas", Zh: "可用 text、json、junit、exercism、csv、gradescope、prairielearn、markdown、classroom50、canvas 或 moodle，也可用逗号分隔其中几种"}
	msgValuesRoster     = i18n.Text{En: "give a CSV file", Zh: "请给出一个 CSV 文件"}
	msgValuesAssignment = i18n.Text{En: "give the assignment's name", Zh: "请给出作业名称"}
	msgValuesOut        = i18n.Text{En: "give a folder", Zh: "请给出一个文件夹"}
	msgValuesMinScore   = i18n.Text{En: "give points (such as 40) or a percentage (such as 80%)", Zh: "请给出分数（例如 40）或百分比（例如 80%）"}
	msgValuesJobs       = i18n.Text{En: "give a whole number of at least 1", Zh: "请给出不小于 1 的整数"}
	msgValuesSandbox    = i18n.Text{En: "use auto, on or off", Zh: "可用 auto、on 或 off"}
	msgValuesMemory     = i18n.Text{En: "give an amount of memory of at least 64MiB, such as 1GiB or 512MiB", Zh: "请给出不少于 64MiB 的内存量，例如 1GiB 或 512MiB"}
	msgFlagChanged      = i18n.Text{En: "a JSON report of an earlier grading (--format json): the submissions unchanged since are not graded again, and their grades are carried over", Zh: "之前一次评分的 JSON 报告（--format json）：自那以后没有变化的提交不再重新评分，沿用原来的成绩"}
	msgValuesChanged    = i18n.Text{En: "give the file of a JSON report", Zh: "请给出一个 JSON 报告文件"}

	// What is wrong with a flag.
	msgBadFlag        = i18n.Text{En: "%s (workbook help %s shows its flags)", Zh: "%s（workbook help %s 会列出所有选项）"}
	msgUnknownFlag    = i18n.Text{En: "unknown flag %s", Zh: "未知选项 %s"}
	msgOneDash        = i18n.Text{En: "%s is not a flag: a long flag takes two dashes, %s", Zh: "%s 不是选项：长选项要用两个连字符，写作 %s"}
	msgFlagNeedsValue = i18n.Text{En: "flag %s needs a value: %s", Zh: "选项 %s 需要一个值：%s"}
	msgBadFlagValue   = i18n.Text{En: "invalid value %q for %s: %s", Zh: "选项 %[2]s 的值 %[1]q 无效：%[3]s"}
	msgBadFlagSyntax  = i18n.Text{En: "%s is not a flag: write --name or --name=value", Zh: "%s 不是有效的选项：应写作 --name 或 --name=value"}
	msgBadCommandLine = i18n.Text{En: "cannot read the command line: %v", Zh: "无法解析命令行：%v"}
)
