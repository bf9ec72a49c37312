package i18n

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// errZh is err in Chinese, for the standard library's errors that a person
// meets here inside a sentence of ours: a file or folder that is not
// there, not allowed or not what was expected, a full or read-only disk, a
// broken CSV or ZIP file, data that ends too soon. Paths, names and
// numbers stay as they are. Any other error reads as itself, in English:
// its words are the library's, not ours.
func errZh(err error) string {
	// Only err itself is looked at, not what it wraps: a wrapper's words
	// (fmt.Errorf's, say) are part of the message and are not ours to drop.
	switch e := err.(type) {
	case *fs.PathError:
		return fmt.Sprintf("%s %s：%s", opZh(e.Op), e.Path, causeZh(e.Err))
	case *os.LinkError:
		return fmt.Sprintf("%s %s → %s：%s", opZh(e.Op), e.Old, e.New, causeZh(e.Err))
	case *os.SyscallError:
		return fmt.Sprintf("%s：%s", e.Syscall, causeZh(e.Err))
	case *csv.ParseError:
		where := fmt.Sprintf("第 %d 行", e.Line)
		if e.Column > 0 {
			where += fmt.Sprintf("第 %d 列", e.Column)
		}
		return where + "：" + causeZh(e.Err)
	}
	for _, c := range causes {
		if err == c.err {
			return c.zh
		}
	}
	return err.Error()
}

// causeZh is the Chinese for what the errors errZh knows say went wrong
// (an errno, a sentinel), or that cause itself.
func causeZh(err error) string {
	for _, c := range causes {
		if errors.Is(err, c.err) {
			return c.zh
		}
	}
	return err.Error()
}

var causes = []struct {
	err error
	zh  string
}{
	{fs.ErrNotExist, "文件或目录不存在"},
	{fs.ErrPermission, "权限不足"},
	{fs.ErrExist, "文件已存在"},
	{syscall.ENOTDIR, "不是目录"},
	{syscall.EISDIR, "是目录"},
	{syscall.ENOSPC, "磁盘空间不足"},
	{syscall.EROFS, "文件系统是只读的"},
	{syscall.ENAMETOOLONG, "文件名太长"},
	{syscall.ENOTEMPTY, "目录不为空"},
	{io.ErrUnexpectedEOF, "数据意外结束"},
	{io.EOF, "数据意外结束"},
	{csv.ErrFieldCount, "字段数不对"},
	{csv.ErrQuote, "带引号的字段里有多余或放错位置的 \""},
	{csv.ErrBareQuote, "不带引号的字段里出现了 \""},
	{zip.ErrFormat, "不是有效的 ZIP 文件"},
	{zip.ErrChecksum, "ZIP 校验和不符"},
	{zip.ErrAlgorithm, "ZIP 用了不支持的压缩算法"},
}

// opZh is the Chinese verb for a file operation the os package names.
func opZh(op string) string {
	switch op {
	case "open", "openat":
		return "打开"
	case "stat", "lstat", "fstat", "statat":
		return "查看"
	case "read", "readat", "readdir", "readdirent":
		return "读取"
	case "write", "writeat":
		return "写入"
	case "mkdir", "mkdirat":
		return "创建目录"
	case "remove", "unlinkat":
		return "删除"
	case "rename", "renameat":
		return "重命名"
	case "symlink", "link":
		return "创建链接"
	case "chmod", "chown", "chtimes":
		return "修改属性"
	case "close":
		return "关闭"
	case "seek":
		return "定位"
	}
	return op
}
