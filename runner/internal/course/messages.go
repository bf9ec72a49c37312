package course

import "github.com/gospawn/workbook/runner/internal/i18n"

// What the course's errors say, in both languages.
var (
	msgNotInWorkbook   = Text{En: "this folder is not inside a workbook (no %s here or in any folder above); cd into your clone of the workbook and try again", Zh: "当前目录不在练习册中（这里和上层目录都没有 %s）；请先 cd 到你克隆的练习册目录，再试一次"}
	msgNoWorkingDir    = Text{En: "cannot tell which folder this is: %v", Zh: "无法确定当前所在的目录：%v"}
	msgReadingManifest = Text{En: "reading %s: %v", Zh: "读取 %s 时出错：%v"}
	msgUnknownKey      = Text{En: "reading %s: unknown key %q", Zh: "读取 %s 时出错：未知的键 %q"}
	msgCheckingFile    = Text{En: "checking %s: %v", Zh: "检查 %s 时发现问题：%v"}
	msgNoExerciseN     = Text{En: "there is no exercise %d: the exercises are numbered 1 to %d", Zh: "没有练习 %d：练习的编号是 1 到 %d"}
	msgUnknownExercise = Text{En: "there is no exercise %q; did you mean %q? (workbook list shows them all)", Zh: "没有 %q 这个练习；你是想找 %q 吗？（workbook list 会列出所有练习）"}
	msgUnknownChapter  = Text{En: "there is no exercise or chapter %q (did you mean %q?); give an exercise's number, id or folder, or one of the chapters: %s", Zh: "没有 %q 这个练习或章节（是不是想输入 %q？）；请给出练习的编号、id 或文件夹，或以下章节之一：%s"}
	msgChapterMissing  = Text{En: "the chapter %s is missing; restore it with git checkout -- %[1]s", Zh: "章节 %s 缺失；请用 git checkout -- %[1]s 恢复"}
	msgChapterUnread   = Text{En: "cannot read the chapter %s: %v", Zh: "无法读取章节 %s：%v"}
	msgNoPristine      = Text{En: "the shipped stub of %s is missing from this build; run go generate ./... and rebuild", Zh: "这个版本的程序里缺少 %s 随课程发布的初始文件；请运行 go generate ./... 后重新构建"}

	// What the manifest lacks.
	msgNeedsBoth     = Text{En: "%s needs both en and zh", Zh: "%s 需要同时有 en 和 zh"}
	msgTitle         = Text{En: "title", Zh: "标题"}
	msgTitleOf       = Text{En: "%s title", Zh: "%s 的标题"}
	msgFolderMissing = Text{En: "%s (a folder) is missing", Zh: "缺少 %s（一个文件夹）"}
	msgNoChapterFile = Text{En: "%s: chapter file is missing", Zh: "%s：缺少章节文件"}
	msgChapterN      = Text{En: "chapter %d (%s)", Zh: "章节 %d（%s）"}
	msgExerciseN     = Text{En: "exercise %d (%s)", Zh: "练习 %d（%s）"}
	msgIDNotUnique   = Text{En: "%s: id is missing or not unique", Zh: "%s：id 缺失或重复"}
	msgReadAfter     = Text{En: "read_after: %q is not the id of a chapter", Zh: "read_after：%q 不是任何章节的 id"}
	msgNoExercises   = Text{En: "no exercises", Zh: "没有任何练习"}
	msgDirAndFile    = Text{En: "%s: dir and file are required", Zh: "%s：必须给出 dir 和 file"}
	msgFewHints      = Text{En: "%s: needs at least %d hints", Zh: "%s：至少需要 %d 条提示"}
	msgHintOf        = Text{En: "%s hint %d", Zh: "%s 的第 %d 条提示"}
	msgCrashOf       = Text{En: "%s crash", Zh: "%s 的 crash 说明"}
	msgNoTests       = Text{En: "%s: lists no tests", Zh: "%s：没有列出任何测试"}
	msgTestName      = Text{En: "%s: test %q: a name must start with Test and appear once", Zh: "%s：测试 %q：名称必须以 Test 开头且只出现一次"}
	msgTestPoints    = Text{En: "%s: test %s: points must be positive", Zh: "%s：测试 %s：分数必须为正数"}
	msgTestOf        = Text{En: "%s test %s", Zh: "%s 的测试 %s"}
	msgTryPackage    = Text{En: "%s: try must start with a package of the exercises module, as \"./cmd/name\", not %q", Zh: "%s：try 的第一项必须是练习模块中的一个包，例如 \"./cmd/name\"，而不是 %q"}
	msgVisibility    = Text{En: "%s: visibility %q is not one of %s", Zh: "%s：visibility 的值 %q 不在 %s 之中"}
)

// ErrNotInWorkbook is returned by Find when no folder above the start holds
// a manifest.
var ErrNotInWorkbook = i18n.Errorf(msgNotInWorkbook, ManifestName)
