package book

import "github.com/gospawn/workbook/runner/internal/i18n"

// What the book's errors say, in both languages.
var (
	msgBookDir  = i18n.Text{En: "cannot read the book folder %s: %v", Zh: "无法读取书的文件夹 %s：%v"}
	msgChapters = i18n.Text{En: "cannot list the chapters in %s: %v", Zh: "无法列出 %s 中的章节：%v"}
)
