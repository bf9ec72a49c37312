package grade

import "github.com/gospawn/workbook/runner/internal/i18n"

// What the grader says, in both languages. Field names of the JSON, JUnit
// and CSV formats are not translated; their messages are.
var (
	// Setup and usage.
	msgBadCourse        = i18n.Text{En: "cannot read the course: %v", Zh: "无法读取课程：%v"}
	msgNoGo             = i18n.Text{En: "the go command was not found on PATH; install Go (https://go.dev/dl) and try again", Zh: "在 PATH 中找不到 go 命令；请安装 Go（https://go.dev/dl）后重试"}
	msgScratch          = i18n.Text{En: "cannot prepare the grader's temporary files: %v", Zh: "无法准备评分所需的临时文件：%v"}
	msgRaceUnavailable  = i18n.Text{En: "graded without the race detector: %s", Zh: "未使用竞态检测器（-race）评分：%s"}
	msgTrustedChanged   = i18n.Text{En: "the course's own files changed on disk while grading (code under test may have written them; grades used the copy read at the start): %s", Zh: "评分期间课程自身的文件在磁盘上被改动（可能是被评分的代码写入的；评分使用的是开始时读取的副本）：%s"}
	msgGradingFailed    = i18n.Text{En: "grading could not go on: %v", Zh: "评分无法继续：%v"}
	msgInterrupted      = i18n.Text{En: "grading was interrupted; no report was written", Zh: "评分被中断，未生成报告"}
	msgNoSuchSubmission = i18n.Text{En: "the submission %s does not exist", Zh: "提交 %s 不存在"}
	msgNotInWorkbook    = i18n.Text{En: "the grader's workbook (%s) has no %s; run the grader from your own copy of the course", Zh: "评分用的 workbook（%s）中没有 %s；请在你自己的课程副本中运行评分"}
	msgOnePerFile       = i18n.Text{En: "--format %s writes one document per submission: give --out DIR to grade %d submissions", Zh: "--format %s 每份提交生成一个文件：评分 %d 份提交时请用 --out DIR 指定输出目录"}
	msgFormatsNeedOut   = i18n.Text{En: "--format %s names several formats: give --out DIR, where each is written to files of its own", Zh: "--format %s 指定了多种格式：请用 --out DIR 指定输出目录，每种格式各自写入文件"}
	msgCannotWrite      = i18n.Text{En: "cannot write the report: %v", Zh: "无法写入报告：%v"}
	msgWrote            = i18n.Text{En: "Wrote %d file(s) to %s.", Zh: "已将 %d 个文件写入 %s。"}
	msgCannotRun        = i18n.Text{En: "not run: the sandbox could not start the tests, twice (no code of the submission ran; bubblewrap said: %s)", Zh: "未运行：沙箱两次都无法启动测试（提交的代码一行也没有运行；bubblewrap 的输出：%s）"}
	msgNoWindows        = i18n.Text{En: "workbook grade runs on Linux and macOS, not on Windows: grade in WSL, a Linux machine or a CI job", Zh: "workbook grade 只能在 Linux 和 macOS 上运行，不支持 Windows：请在 WSL、Linux 机器或 CI 任务中评分"}
	msgOneAtATime       = i18n.Text{En: "graded one run at a time: unconfined, a submission's code could change what another's build reads while it is built", Zh: "逐个运行评分：不隔离时，一份提交的代码可能在另一份提交构建期间改动其构建所读取的文件"}
	msgKernelNotCounted = i18n.Text{En: "--memory counts what each run's processes use, its sandbox's files and its TCP and UDP buffers, but not the kernel's buffers of pipes and Unix sockets, which a cgroup would count: the grader has none here (%v; the README says how to give it one)", Zh: "--memory 计入每次运行的进程所用内存、其沙箱中的文件以及 TCP 和 UDP 缓冲区，但不计入管道和 Unix 套接字的内核缓冲区；cgroup 可以计入这些，但评分程序在这里没有可用的 cgroup（%v；README 中说明了如何提供）"}
	msgNoSandbox        = i18n.Text{En: "--sandbox on: the sandbox cannot run here (%v); install bubblewrap (apt install bubblewrap, dnf install bubblewrap) or grade with --sandbox off", Zh: "--sandbox on：本机无法运行沙箱（%v）；请安装 bubblewrap（apt install bubblewrap 或 dnf install bubblewrap），或使用 --sandbox off 评分"}
	msgUnconfined       = i18n.Text{En: "UNCONFINED: the submissions' code runs with your user's files, network and processes, because the sandbox cannot run here (%v); install bubblewrap (apt install bubblewrap, dnf install bubblewrap) to confine it", Zh: "未隔离：提交的代码以你的用户身份运行，可访问你的文件、网络和进程，因为本机无法运行沙箱（%v）；安装 bubblewrap（apt install bubblewrap 或 dnf install bubblewrap）即可隔离"}
	msgUnconfinedAsked  = i18n.Text{En: "UNCONFINED: graded with --sandbox off; the submissions' code runs with your user's files, network and processes", Zh: "未隔离：按 --sandbox off 评分；提交的代码以你的用户身份运行，可访问你的文件、网络和进程"}
	msgNoLimits         = i18n.Text{En: "the limits of memory, processes and threads are not enforced on %s (only on Linux)", Zh: "%s 上不限制内存、进程和线程数（仅 Linux 支持）"}
	msgBelowMin         = i18n.Text{En: "%d submission(s) scored below %s: %s", Zh: "%d 份提交的得分低于 %s：%s"}

	// What a submission lacks.
	msgNoExercisesFolder = i18n.Text{En: "the submission has no %s folder", Zh: "提交中没有 %s 文件夹"}
	msgNoFolder          = i18n.Text{En: "not submitted: there is no folder %s", Zh: "未提交：没有文件夹 %s"}
	msgFolderIsSymlink   = i18n.Text{En: "not graded: %s is a symbolic link, not a folder", Zh: "未评分：%s 是符号链接，不是文件夹"}
	msgUnreadable        = i18n.Text{En: "cannot read %s: %v", Zh: "无法读取 %s：%v"}
	msgNoGoFiles         = i18n.Text{En: "not submitted: %s holds no Go file the grader can use", Zh: "未提交：%s 中没有可用于评分的 Go 文件"}
	msgNotSubmitted      = i18n.Text{En: "not run: the exercise was not submitted", Zh: "未运行：该练习未提交"}
	msgMoreIgnored       = i18n.Text{En: "and %d more, not listed", Zh: "另有 %d 项未列出"}

	// Why a file is ignored.
	msgSymlink           = i18n.Text{En: "a symbolic link: never followed", Zh: "符号链接：评分时从不跟随"}
	msgNotAFolder        = i18n.Text{En: "not a folder", Zh: "不是文件夹"}
	msgSubfolder         = i18n.Text{En: "a folder: only files directly in the exercise folder are graded", Zh: "文件夹：只评分直接位于练习文件夹中的文件"}
	msgNotRegular        = i18n.Text{En: "not a regular file", Zh: "不是普通文件"}
	msgNotGo             = i18n.Text{En: "not a Go file", Zh: "不是 Go 文件"}
	msgNameNotPrintable  = i18n.Text{En: "its name has characters that are not text (control characters, escape sequences, newlines): not used", Zh: "文件名中含有非文本字符（控制字符、转义序列、换行符）：不使用"}
	msgHiddenGo          = i18n.Text{En: "the go command ignores files whose names begin with . or _", Zh: "go 命令会忽略以 . 或 _ 开头的文件"}
	msgTooLarge          = i18n.Text{En: "too large (the limit is %d KiB)", Zh: "文件过大（上限为 %d KiB）"}
	msgUnreadableEntry   = i18n.Text{En: "cannot be read", Zh: "无法读取"}
	msgChangedWhileRead  = i18n.Text{En: "changed while it was read", Zh: "读取时发生了变化"}
	msgCgoRefused        = i18n.Text{En: "uses cgo (import \"C\"), which the grader does not build: the C compiler would run outside the sandbox", Zh: "使用了 cgo（import \"C\"），评分程序不编译这类文件：C 编译器会在沙箱之外运行"}
	msgEmbedRefused      = i18n.Text{En: "uses //go:embed (import \"embed\"), which the grader does not build: it reads files into the build", Zh: "使用了 //go:embed（import \"embed\"），评分程序不编译这类文件：它会在构建时读入文件"}
	msgChangedTestFile   = i18n.Text{En: "a changed test file: the course's own tests are used", Zh: "被改动的测试文件：评分使用课程自身的测试"}
	msgExtraTestFile     = i18n.Text{En: "a test file the course does not have: the course's own tests are used", Zh: "课程中没有的测试文件：评分使用课程自身的测试"}
	msgExtraModuleFile   = i18n.Text{En: "a file the course does not have, outside the exercise folders: not used", Zh: "练习文件夹之外、课程中没有的文件：不使用"}
	msgChangedModuleFile = i18n.Text{En: "differs from the course's: the course's own is used", Zh: "与课程中的版本不同：评分使用课程自身的版本"}

	// Remarks for a human reviewer.
	msgReviewUnsafe   = i18n.Text{En: "%s imports %s: code that reads or patches the test binary's memory needs it; look at it", Zh: "%s 导入了 %s：读取或修改测试程序内存的代码需要它；请检查"}
	msgReviewSyscall  = i18n.Text{En: "%s imports %s (raw system calls, such as exits and file descriptor tricks); look at it", Zh: "%s 导入了 %s（直接系统调用，例如退出进程、操作文件描述符）；请检查"}
	msgReviewExec     = i18n.Text{En: "%s imports %s: it can start other programs; look at it", Zh: "%s 导入了 %s：它可以启动其他程序；请检查"}
	msgReviewSignal   = i18n.Text{En: "%s imports %s; look at it", Zh: "%s 导入了 %s；请检查"}
	msgReviewPlugin   = i18n.Text{En: "%s imports %s: it can load code the grader never saw; look at it", Zh: "%s 导入了 %s：它可以加载评分程序没见过的代码；请检查"}
	msgReviewTesting  = i18n.Text{En: "%s imports %s outside a test file: it can change how tests run; look at it", Zh: "%s 在测试文件之外导入了 %s：它可以改变测试的运行方式；请检查"}
	msgReviewBinary   = i18n.Text{En: "%s imports %s: it can read the test binary itself; look at it", Zh: "%s 导入了 %s：它可以读取测试程序本身；请检查"}
	msgReviewHarness  = i18n.Text{En: "%s imports the course's test code %s; look at it", Zh: "%s 导入了课程的测试代码 %s；请检查"}
	msgReviewLinkname = i18n.Text{En: "%s has a //go:linkname directive: it can reach into other packages; look at it", Zh: "%s 含有 //go:linkname 指令：它可以访问其他包的内部；请检查"}
	msgReviewStart    = i18n.Text{En: "%s calls %s: it can start other programs, itself among them; look at it", Zh: "%s 调用了 %s：它可以启动其他程序，包括它自己；请检查"}
	msgReviewHeapDump = i18n.Text{En: "%s calls %s: it can write out its own memory; look at it", Zh: "%s 调用了 %s：它可以把自身的内存写到文件里；请检查"}
	msgReviewProc     = i18n.Text{En: "%s mentions /proc/ (a way to read its own process or the grader's); look at it", Zh: "%s 提到了 /proc/（可用来读取自身进程或评分程序的信息）；请检查"}

	// Why a test earned nothing.
	msgNotRerunTime              = i18n.Text{En: "not run on its own: the exercise's time limit was used up", Zh: "未单独运行：该练习的时间限制已用完"}
	msgSkipped                   = i18n.Text{En: "skipped: a skipped test earns nothing", Zh: "被跳过：被跳过的测试不得分"}
	msgContradictory             = i18n.Text{En: "the output reported contradictory results for this test (forged output?)", Zh: "输出中该测试的结果自相矛盾（伪造的输出？）"}
	msgUnconfirmedNoEnd          = i18n.Text{En: "the output reported a pass, but the test binary never finished its run normally, so nothing confirms it", Zh: "输出显示通过，但测试程序没有正常结束运行，因此无法确认"}
	msgUnconfirmedBadAttestation = i18n.Text{En: "the output reported a pass, but the grader's check of the run was missing or tampered with", Zh: "输出显示通过，但评分程序对这次运行的校验缺失或被篡改"}
	msgForgedNeverRan            = i18n.Text{En: "the output reported a pass, but the test never ran (forged output?)", Zh: "输出显示通过，但该测试根本没有运行（伪造的输出？）"}
	msgForgedFailed              = i18n.Text{En: "the output reported a pass, but the testing package recorded a failure (forged output?)", Zh: "输出显示通过，但 testing 包记录的是未通过（伪造的输出？）"}
	msgRanTimes                  = i18n.Text{En: "the test ran %d times in one run; it must run exactly once", Zh: "该测试在一次运行中执行了 %d 次；必须恰好执行一次"}
	msgRunNotSuccess             = i18n.Text{En: "passed, but the run it was in did not end in success", Zh: "已通过，但所在的那次运行没有成功结束"}

	// What happened to a run.
	msgClipped               = i18n.Text{En: "… (%d bytes not shown)", Zh: "……（另有 %d 字节未显示）"}
	msgNoteTruncated         = i18n.Text{En: "the tests printed more than the grader keeps: messages were truncated", Zh: "测试的输出超过了评分程序保留的上限：信息已被截断"}
	msgNoteForgedPass        = i18n.Text{En: "the output claimed passes that the testing package did not record (forged output?): %s", Zh: "输出声称通过，但 testing 包并无此记录（伪造的输出？）：%s"}
	msgNoteForgedPackage     = i18n.Text{En: "the output contained a forged package result", Zh: "输出中含有伪造的包级结果"}
	msgNoteBadAttestation    = i18n.Text{En: "the grader's check of a run was tampered with: %v", Zh: "评分程序对某次运行的校验被篡改：%v"}
	msgNoteExitedWithSuccess = i18n.Text{En: "the test binary reported success but did not finish its tests (an early exit with status 0?)", Zh: "测试程序报告成功，但并未跑完测试（以状态 0 提前退出？）"}
	msgExceededMemory        = i18n.Text{En: "stopped: the tests used more than %s of memory, the grader's limit for one run", Zh: "已被终止：测试使用的内存超过了 %s（评分程序对单次运行的限制）"}
	msgExceededTasks         = i18n.Text{En: "stopped: the tests ran more than %d processes and threads at once, the grader's limit for one run", Zh: "已被终止：测试同时运行的进程和线程超过了 %d 个（评分程序对单次运行的限制）"}
	msgExceededOutput        = i18n.Text{En: "stopped: the tests printed more than %s of output, the grader's limit for one run", Zh: "已被终止：测试输出超过了 %s（评分程序对单次运行的限制）"}
	msgNoteLingered          = i18n.Text{En: "go test was still waiting, at the time limit, for a process the tests had started and that kept their output open; the test binary itself had finished, and its attested results were used", Zh: "到达时间限制时，go test 仍在等待测试启动的某个进程（它一直占用着测试的输出）；测试程序本身已经结束，评分使用了它经过校验的结果"}
	msgNoteContradictory     = i18n.Text{En: "the output reported contradictory results (forged output?) for: %s", Zh: "输出中以下测试的结果自相矛盾（伪造的输出？）：%s"}

	// Why the grader itself could not go on: what it read, wrote or ran.
	msgReadingCourse         = i18n.Text{En: "reading the course's files: %v", Zh: "读取课程文件时出错：%v"}
	msgTooManyGoFiles        = i18n.Text{En: "the exercises module has more than %d Go files", Zh: "练习模块中的 Go 文件超过了 %d 个"}
	msgNoModulePath          = i18n.Text{En: "the exercises module's go.mod declares no module path", Zh: "练习模块的 go.mod 没有声明模块路径"}
	msgInExercise            = i18n.Text{En: "exercise %s: %v", Zh: "练习 %s：%v"}
	msgIsNotRegular          = i18n.Text{En: "%s is not a regular file", Zh: "%s 不是普通文件"}
	msgLargerThan            = i18n.Text{En: "%s is larger than %d KiB", Zh: "%s 超过了 %d KiB"}
	msgStubMissing           = i18n.Text{En: "the course's stub %s is missing", Zh: "课程中缺少待完成的代码骨架 %s"}
	msgParsingCourse         = i18n.Text{En: "cannot parse the course's %s: %v", Zh: "无法解析课程的 %s：%v"}
	msgHasTestMain           = i18n.Text{En: "the course's test file %s declares TestMain; the grader adds its own, so it cannot grade this exercise", Zh: "课程的测试文件 %s 声明了 TestMain；评分程序要加入自己的 TestMain，因此无法为这个练习评分"}
	msgDeclaredTwice         = i18n.Text{En: "%s is declared in both %s and %s", Zh: "%s 在 %s 和 %s 中都有声明"}
	msgTestsSpread           = i18n.Text{En: "the manifest's tests are spread over the packages %s and %s; the grader needs them in one", Zh: "清单中的测试分散在 %s 和 %s 两个包中；评分程序要求它们在同一个包中"}
	msgTestNotDeclared       = i18n.Text{En: "%s lists %s, but no test file of %s declares it", Zh: "%s 列出了 %s，但 %s 的测试文件中都没有声明它"}
	msgGoEnv                 = i18n.Text{En: "go env %s failed: %v", Zh: "go env %s 运行失败：%v"}
	msgRunningGoTest         = i18n.Text{En: "cannot run go test: %v", Zh: "无法运行 go test：%v"}
	msgBothQuotes            = i18n.Text{En: "%s has both kinds of quotes in its path", Zh: "%s 的路径中同时含有单引号和双引号"}
	msgSpaces                = i18n.Text{En: "the grader's temporary folder has spaces or quotes in its path, which GOFLAGS cannot carry: set TMPDIR to another folder", Zh: "评分程序临时文件夹的路径中含有空格或引号，GOFLAGS 无法传递这样的路径：请把 TMPDIR 设为另一个文件夹"}
	msgWritingRunFiles       = i18n.Text{En: "cannot write the files of a run: %v", Zh: "无法写入一次运行所需的文件：%v"}
	msgNoAttestation         = i18n.Text{En: "the test binary wrote no attestation", Zh: "测试程序没有写出校验结果"}
	msgAttestationRejected   = i18n.Text{En: "the sandbox rejected its attestation: %s", Zh: "沙箱拒绝了它的校验结果：%s"}
	msgAttestationUnreadable = i18n.Text{En: "its attestation cannot be decoded: %v", Zh: "无法解码它的校验结果：%v"}
	msgCreating              = i18n.Text{En: "cannot create %s: %v", Zh: "无法创建 %s：%v"}
	msgOpening               = i18n.Text{En: "cannot open %s: %v", Zh: "无法打开 %s：%v"}
	msgWritingFile           = i18n.Text{En: "cannot write %s: %v", Zh: "无法写入 %s：%v"}
	msgListing               = i18n.Text{En: "cannot list a folder: %v", Zh: "无法列出文件夹的内容：%v"}
	msgIsNotAFolder          = i18n.Text{En: "%s is not a folder", Zh: "%s 不是文件夹"}
	msgChangedWhileOpened    = i18n.Text{En: "%s changed while it was opened", Zh: "%s 在打开时发生了变化"}
	msgUnpacking             = i18n.Text{En: "cannot unpack %s: %v", Zh: "无法解压 %s：%v"}
	msgEntryTooLarge         = i18n.Text{En: "the entry is too large", Zh: "该条目过大"}
	msgPreviousTooLarge      = i18n.Text{En: "it is larger than %d MiB", Zh: "文件超过了 %d MiB"}
	msgPreviousEmpty         = i18n.Text{En: "it lists no submissions", Zh: "其中没有列出任何提交"}
	msgNoJSONInFolder        = i18n.Text{En: "the folder has no .json file", Zh: "该文件夹中没有 .json 文件"}
	msgNoRoster              = i18n.Text{En: "no roster was read: give --roster FILE", Zh: "没有读取名单：请用 --roster FILE 指定名单文件"}
	msgWritingCSV            = i18n.Text{En: "cannot write the CSV: %v", Zh: "无法写入 CSV：%v"}
	msgWritingJSON           = i18n.Text{En: "cannot encode the JSON: %v", Zh: "无法编码 JSON：%v"}
	msgWritingJUnit          = i18n.Text{En: "cannot write the JUnit XML: %v", Zh: "无法写入 JUnit XML：%v"}
	msgWritingMarkdown       = i18n.Text{En: "cannot write the Markdown: %v", Zh: "无法写入 Markdown：%v"}
)
