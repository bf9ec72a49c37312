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

// opZh is the Chinese verb for a file operation the os package names, or
// the name itself.
func opZh(op string) string {
	if zh, ok := opsZh[op]; ok {
		return zh
	}
	return op
}

var opsZh = map[string]string{
	"open": "打开", "openat": "打开", "stat": "查看", "lstat": "查看", "fstat": "查看", "statat": "查看",
	"read": "读取", "readat": "读取", "readdir": "读取", "readdirent": "读取", "write": "写入", "writeat": "写入",
	"mkdir": "创建目录", "mkdirat": "创建目录", "remove": "删除", "unlinkat": "删除", "rename": "重命名",
	"renameat": "重命名", "symlink": "创建链接", "link": "创建链接", "chmod": "修改属性", "chown": "修改属性",
	"chtimes": "修改属性", "close": "关闭", "seek": "定位",
}
