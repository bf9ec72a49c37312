package state

import "github.com/gospawn/workbook/runner/internal/i18n"

// What the state's errors and warnings say, in both languages.
var (
	msgUnreadable   = i18n.Text{En: "could not read %s (%v); starting with a fresh state", Zh: "无法读取 %s（%v）；将从全新的状态开始"}
	msgNotOurs      = i18n.Text{En: "%s was not a state file this workbook can read; it will be replaced", Zh: "%s 不是本练习册能读取的状态文件，它将被替换"}
	msgOtherVersion = i18n.Text{En: "%s was written by another version of the workbook (its version %d, this one reads %d); it will be replaced", Zh: "%s 由另一个版本的练习册写入（文件的版本为 %d，本版本能读取的是 %d）；它将被替换"}
	msgEncoding     = i18n.Text{En: "encoding the state: %v", Zh: "编码状态时出错：%v"}
	msgSaving       = i18n.Text{En: "saving the state: %v", Zh: "保存状态时出错：%v"}
	msgCreatingDir  = i18n.Text{En: "creating the state folder: %v", Zh: "创建状态文件夹时出错：%v"}
	msgBackupsDir   = i18n.Text{En: "creating the backups folder: %v", Zh: "创建备份文件夹时出错：%v"}
	msgBackupDir    = i18n.Text{En: "creating a backup folder: %v", Zh: "创建备份文件夹时出错：%v"}
	msgWriteBackup  = i18n.Text{En: "writing the backup: %v", Zh: "写入备份时出错：%v"}
)
