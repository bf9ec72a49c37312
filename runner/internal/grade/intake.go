package grade

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Submissions as learners hand them in: a folder holding a copy of the
// workbook, that folder inside another (a downloaded repository ZIP,
// extracted: alice/spawning-goroutines-main/exercises/…), or the ZIP
// itself. What is neither is a note, never the end of the grading.

// Bounds on unpacking a submission's ZIP. Only the entries under the
// exercises folder are unpacked (the rest is never graded), each at most
// maxGoFile bytes (a larger one is listed as too large), all of them
// together at most maxZipBytes: a ZIP past that is refused as a whole, as
// is one with more than maxZipEntries entries. The bytes are counted as
// they are unpacked, never taken from the archive's headers.
const (
	maxZipBytes   = 64 << 20
	maxZipEntries = 50000
	// maxNest is how many folders that are a folder's only entry the
	// grader goes down through to find the exercises folder.
	maxNest = 2
)

var (
	msgStray           = i18n.Text{En: "%s is not a submission (neither a folder nor a .zip file): skipped", Zh: "%s 不是提交（既不是文件夹也不是 .zip 文件）：已跳过"}
	msgNothingToGrade  = i18n.Text{En: "none of the arguments is a submission (a folder or a .zip file): %s", Zh: "参数中没有提交（文件夹或 .zip 文件）：%s"}
	msgInnerFolder     = i18n.Text{En: "graded the folder %s inside the submission, its only entry", Zh: "评分的是提交中唯一的文件夹 %s"}
	msgZipUnreadable   = i18n.Text{En: "the ZIP file cannot be read (%v); unpack it and grade the folder, or ask the learner for it again", Zh: "无法读取该 ZIP 文件（%v）；请解压后为文件夹评分，或请学习者重新提交"}
	msgZipTooMany      = i18n.Text{En: "the ZIP file has more than %d entries: not unpacked", Zh: "该 ZIP 文件的条目超过 %d 个：未解压"}
	msgZipTooLarge     = i18n.Text{En: "the ZIP file's exercises folder unpacks to more than %s: not graded (a ZIP bomb?)", Zh: "该 ZIP 文件中的 exercises 文件夹解压后超过 %s：未评分（ZIP 炸弹？）"}
	msgZipUnsafePath   = i18n.Text{En: "a path that leaves the ZIP file's folder (absolute, or with ..): not unpacked", Zh: "路径会跳出 ZIP 文件的目录（绝对路径或含有 ..）：未解压"}
	msgExercisesDeeper = i18n.Text{En: "the submission has no %s folder where the grader looks (at its top, or inside a folder that is its only entry); there is one in %s: grade that folder", Zh: "评分程序查找的位置（提交的顶层，或其中唯一的文件夹内）没有 %s 文件夹；%s 中有一个：请为那个文件夹评分"}
	msgZipDuplicate    = i18n.Text{En: "the ZIP file holds this path twice (perhaps differing only in upper and lower case): the first one is used", Zh: "该 ZIP 文件中此路径出现了两次（可能只是大小写不同）：使用第一个"}
)

// isZip reports whether a submission named p is a ZIP file by its name.
func isZip(p string) bool { return strings.EqualFold(filepath.Ext(p), ".zip") }

// sortSubmissions splits a command line's submissions into those to grade
// (folders and .zip files) and notes about the rest, which are skipped. A
// path that does not exist is an error: a typo, not a stray file.
func sortSubmissions(args []string) (subs []string, notes []i18n.Text, err error) {
	for _, s := range args {
		fi, err := os.Stat(s)
		switch {
		case err != nil:
			return nil, nil, i18n.Errorf(msgNoSuchSubmission, s)
		case fi.IsDir(), fi.Mode().IsRegular() && isZip(s):
			subs = append(subs, s)
		default:
			notes = append(notes, msgStray.Sprintf(quoteName(printable(s, false))))
		}
	}
	if len(subs) == 0 {
		return nil, nil, i18n.Errorf(msgNothingToGrade, strings.Join(args, ", "))
	}
	return subs, notes, nil
}

// unpackZip unpacks into dest (a new folder of the grader's scratch space)
// the entries of the ZIP file at zipPath that lie under the exercises
// folder, at the top or below at most maxNest folders. It never writes
// outside dest (paths are checked, and written through os.Root), never
// makes a symbolic link, and stays within the bounds above. Entries it
// leaves out for a reason worth saying go into ign; an error (as a text)
// means nothing of the ZIP can be graded.
func unpackZip(zipPath, dest, exercisesDir string, ign *ignoredList) *i18n.Text {
	f, err := os.Open(zipPath)
	if err != nil {
		return ptr(msgZipUnreadable.Sprintf(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return ptr(msgZipUnreadable.Sprintf("not a regular file"))
	}
	zr, err := zip.NewReader(f, fi.Size())
	if errors.Is(err, zip.ErrInsecurePath) {
		err = nil // with GODEBUG=zipinsecurepath=0; every name is checked below
	}
	if err != nil {
		return ptr(msgZipUnreadable.Sprintf(err))
	}
	if len(zr.File) > maxZipEntries {
		return ptr(msgZipTooMany.Sprintf(maxZipEntries))
	}
	root, err := os.OpenRoot(dest)
	if err != nil {
		return ptr(msgScratch.Sprintf(err))
	}
	defer root.Close()
	total := int64(0)
	for _, zf := range zr.File {
		name := strings.ReplaceAll(entryName(zf), `\`, "/") // as Windows tools write them
		clean := strings.TrimSuffix(name, "/")
		if !underExercises(clean, exercisesDir) {
			continue
		}
		switch mode := zf.Mode(); {
		case !printableName(name):
			ign.add(name, msgNameNotPrintable)
			continue
		case !fs.ValidPath(clean) || strings.HasPrefix(name, "/"):
			ign.add(name, msgZipUnsafePath)
			continue
		case mode&fs.ModeSymlink != 0:
			ign.add(name, msgSymlink)
			continue
		case mode.IsDir():
			if err := root.MkdirAll(clean, 0o700); err != nil {
				ign.add(name, msgUnreadableEntry)
			}
			continue
		case !mode.IsRegular():
			ign.add(name, msgNotRegular)
			continue
		}
		n, err := unpackFile(root, zf, clean, maxZipBytes-total)
		total += n
		switch {
		case total > maxZipBytes:
			return ptr(msgZipTooLarge.Sprintf(confine.FormatBytes(maxZipBytes)))
		case errors.Is(err, errTooLarge):
			ign.add(clean, msgTooLarge.Sprintf(maxGoFile>>10))
		case errors.Is(err, fs.ErrExist):
			ign.add(clean, msgZipDuplicate)
		case err != nil:
			return ptr(msgZipUnreadable.Sprintf(err))
		}
	}
	return nil
}

// infozipUnicodePath is the ID of Info-ZIP's Unicode Path extra field:
// a version (1), the CRC-32 of the header's name, then the name in UTF-8.
const infozipUnicodePath = 0x7075

// entryName is the name of a ZIP entry as text. A ZIP file says its names
// are UTF-8 only by a flag (bit 11), which many tools never set: Windows
// Explorer writes names in the system's code page (GBK, code page 936, in
// a Chinese locale), old tools in CP437, Info-ZIP adds the name in UTF-8
// in an extra field. So, in this order: the flag's UTF-8; the extra
// field's name, when its CRC-32 is that of the header's name (else the
// header's name was changed after the field was written); a name that is
// valid UTF-8; GBK, when every byte decodes; CP437, which always does.
// The name is decoded before the backslashes in it become slashes: a GBK
// character's second byte can be 0x5C. The caller's checks (no "..", not
// absolute, printable) apply to the decoded name.
func entryName(zf *zip.File) string {
	raw := zf.Name
	if zf.Flags&0x800 != 0 {
		return raw
	}
	for extra := zf.Extra; len(extra) >= 4; {
		id, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if 4+size > len(extra) {
			break
		}
		field := extra[4 : 4+size]
		extra = extra[4+size:]
		if id == infozipUnicodePath && len(field) >= 5 && field[0] == 1 &&
			binary.LittleEndian.Uint32(field[1:]) == crc32.ChecksumIEEE([]byte(raw)) && utf8.Valid(field[5:]) {
			return string(field[5:])
		}
	}
	if utf8.ValidString(raw) {
		return raw
	}
	if gbk, err := simplifiedchinese.GBK.NewDecoder().String(raw); err == nil && !strings.ContainsRune(gbk, utf8.RuneError) {
		return gbk
	}
	cp437, _ := charmap.CodePage437.NewDecoder().String(raw)
	return cp437
}

var errTooLarge = i18n.NewError(msgEntryTooLarge)

// unpackFile writes one entry of the ZIP at name in root, at most maxGoFile
// bytes of it and at most budget bytes, and returns how many bytes it
// unpacked: one more than it may when the entry is larger (errTooLarge;
// the file is removed). They all count against the budget.
func unpackFile(root *os.Root, zf *zip.File, name string, budget int64) (int64, error) {
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(dir, 0o700); err != nil {
			return 0, i18n.Errorf(msgCreating, dir, err)
		}
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, i18n.Errorf(msgOpening, name, err)
	}
	defer rc.Close()
	w, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	limit := min(int64(maxGoFile), budget)
	n, err := io.Copy(w, io.LimitReader(rc, limit+1))
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return n, i18n.Errorf(msgUnpacking, name, err)
	case n > limit:
		_ = root.Remove(name)
		return n, errTooLarge
	}
	return n, nil
}

// underExercises reports whether the ZIP entry at p lies under the
// exercises folder (or is one of the folders above it), at the top or
// below at most maxNest folders.
func underExercises(p, exercisesDir string) bool {
	parts := strings.Split(p, "/")
	for k := 0; k <= maxNest && k < len(parts); k++ {
		rest := strings.Join(parts[k:], "/")
		if rest == exercisesDir || strings.HasPrefix(rest, exercisesDir+"/") {
			return true
		}
	}
	return false
}

// descend goes down from root through folders that are their folder's only
// entry (hidden entries and macOS's __MACOSX aside), at most maxNest of
// them, until one holds the exercises folder. It returns the folder to
// take the submission from, and its path relative to root: root itself and
// "" when none below holds it. The caller closes a folder other than root.
func descend(root *os.Root, exercisesDir string) (*os.Root, string) {
	cur, rel := root, ""
	for depth := 0; ; depth++ {
		if fi, err := cur.Lstat(exercisesDir); err == nil && fi.IsDir() {
			return cur, rel
		}
		only := ""
		if depth < maxNest {
			only = onlyFolder(cur)
		}
		if only == "" {
			break
		}
		sub, err := openSubdir(cur, only)
		if err != nil {
			break
		}
		if cur != root {
			cur.Close()
		}
		cur, rel = sub, path.Join(rel, only)
	}
	if cur != root {
		cur.Close()
	}
	return root, ""
}

// findExercises looks a few levels down from root, through real folders
// only and a bounded number of entries, for the exercises folder the
// grader did not find where it looks, and returns the folder that holds
// it ("" when there is none), so that the report can say where it is.
func findExercises(root *os.Root, exercisesDir string) string {
	found, visited := "", 0
	_ = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if visited++; err != nil || visited > maxWalk {
			return fs.SkipAll
		}
		if !d.IsDir() || p == "." {
			return nil
		}
		if fi, err := root.Lstat(path.Join(p, exercisesDir)); err == nil && fi.IsDir() {
			found = p
			return fs.SkipAll
		}
		if strings.Count(p, "/") >= 3 {
			return fs.SkipDir
		}
		return nil
	})
	if !printableName(found) {
		return ""
	}
	return found
}

// onlyFolder is the name of root's only entry when it is a folder (not a
// link to one), leaving out hidden entries and __MACOSX; "" otherwise.
func onlyFolder(root *os.Root) string {
	entries, err := readDirBounded(root, 64)
	if err != nil {
		return ""
	}
	found := ""
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || name == "__MACOSX" {
			continue
		}
		if found != "" {
			return ""
		}
		found = name
	}
	if found == "" || !printableName(found) {
		return ""
	}
	if fi, err := root.Lstat(found); err != nil || !fi.IsDir() {
		return ""
	}
	return found
}
