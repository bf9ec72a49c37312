package grade

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// zipEntry is one entry of a ZIP file a test writes.
type zipEntry struct {
	name string
	data string
	mode fs.FileMode // 0 for a regular file
	// legacy: the name's bytes as they are, without the UTF-8 flag, as
	// Windows Explorer and old tools write them; extra: extra fields.
	legacy bool
	extra  []byte
}

// writeZip writes a ZIP file of entries (deflated, so that zeros shrink
// as a ZIP bomb's do) and returns its path.
func writeZip(t *testing.T, name string, entries []zipEntry) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, NonUTF8: e.legacy, Extra: e.extra}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write([]byte(e.data))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(p, b.Bytes(), 0o644))
	return p
}

// tinyFiles reads the class course's stub, solution and test file of
// exercise dir.
func tinyFiles(t *testing.T, root, dir, name string) (stub, solution, test string) {
	t.Helper()
	read := func(p ...string) string {
		data, err := os.ReadFile(filepath.Join(p...))
		require.NoError(t, err)
		return string(data)
	}
	return read(root, "exercises", dir, name+".go"), read(root, "solutions", dir, name+".go"), read(root, "exercises", dir, name+"_test.go")
}

// windows is text as a Windows editor saves it: CRLF and a byte-order mark.
func windows(s string) string { return utf8BOM + strings.ReplaceAll(s, "\n", "\r\n") }

// TestTakeZip: a submission's ZIP is unpacked into the grader's scratch
// space, only its exercises folder, within bounds, never outside, never a
// link; what it leaves out is said.
func TestTakeZip(t *testing.T) {
	root := classCourse(t).Root
	tc, err := loadTrusted(root)
	require.NoError(t, err)
	_, solution, test := tinyFiles(t, root, exSum, "sum")
	zeros := strings.Repeat("\x00", 2<<20)
	var bomb []zipEntry
	for i := range 100 {
		bomb = append(bomb, zipEntry{name: "exercises/01_sum/b" + strings.Repeat("x", i) + ".go", data: zeros[:maxGoFile]})
	}
	var many []zipEntry
	for range maxZipEntries + 1 {
		many = append(many, zipEntry{name: "x"})
	}
	for _, c := range []struct {
		name    string
		entries []zipEntry
		raw     string // the file's bytes instead of entries
		taken   []string
		problem string
		ignored map[string]string // path -> part of its reason
		notes   string
	}{
		{
			name: "a downloaded repository",
			entries: []zipEntry{
				{name: "spawning-goroutines-main/"},
				{name: "spawning-goroutines-main/README.md", data: "# hello"},
				{name: "spawning-goroutines-main/exercises/01_sum/sum.go", data: windows(solution)},
				{name: "spawning-goroutines-main/exercises/01_sum/sum_test.go", data: windows(test)},
				{name: "__MACOSX/spawning-goroutines-main/._README.md", data: "junk"},
			},
			taken: []string{"sum.go"}, notes: `"spawning-goroutines-main"`,
		},
		{
			name:    "flat, with Windows separators",
			entries: []zipEntry{{name: `exercises\01_sum\sum.go`, data: solution}},
			taken:   []string{"sum.go"},
		},
		{
			name: "paths that leave the folder, and links",
			entries: []zipEntry{
				{name: "../../evil.go", data: "package sum"},
				{name: "exercises/../../evil.go", data: "package sum"},
				{name: "/exercises/01_sum/abs.go", data: "package sum"},
				{name: "exercises/01_sum/link.go", data: "/etc/passwd", mode: fs.ModeSymlink | 0o777},
				{name: "exercises/01_sum/sum.go", data: solution},
			},
			taken: []string{"sum.go"},
			ignored: map[string]string{
				"exercises/../../evil.go":  "leaves the ZIP file's folder",
				"/exercises/01_sum/abs.go": "leaves the ZIP file's folder",
				"exercises/01_sum/link.go": "symbolic link",
			},
		},
		{
			name: "names with escapes, twice the same name, a file too large",
			entries: []zipEntry{
				{name: "exercises/01_sum/\x1b[2Jx.go", data: "package sum"},
				{name: "exercises/01_sum/sum.go", data: solution},
				{name: "exercises/01_sum/sum.go", data: "package sum // second"},
				{name: "exercises/01_sum/video.go", data: zeros},
			},
			taken: []string{"sum.go"},
			ignored: map[string]string{
				"exercises/01_sum/\x1b[2Jx.go": "not text",
				"exercises/01_sum/sum.go":      "twice",
				"exercises/01_sum/video.go":    "too large",
			},
		},
		{name: "a ZIP bomb", entries: bomb, problem: "ZIP bomb"},
		{name: "too many entries", entries: many, problem: "more than 50000 entries"},
		{name: "not a ZIP file", raw: "PK\x03\x04 this is not a zip", problem: "cannot be read"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p string
			if c.raw != "" {
				p = filepath.Join(t.TempDir(), "bad.zip")
				require.NoError(t, os.WriteFile(p, []byte(c.raw), 0o644))
			} else {
				p = writeZip(t, "learner.zip", c.entries)
			}
			beside, err := os.ReadDir(filepath.Dir(p))
			require.NoError(t, err)
			scratch := t.TempDir()
			s := takeSubmission(tc, p, scratch)

			left, err := os.ReadDir(scratch)
			require.NoError(t, err)
			assert.Empty(t, left, "what was unpacked is removed once read")
			after, err := os.ReadDir(filepath.Dir(p))
			require.NoError(t, err)
			assert.Len(t, after, len(beside), "nothing is written next to the submission")
			_, err = os.Lstat(filepath.Join(filepath.Dir(scratch), "evil.go"))
			assert.ErrorIs(t, err, fs.ErrNotExist)

			if c.problem != "" {
				require.NotNil(t, s.problem)
				assert.Contains(t, s.problem.En, c.problem)
				return
			}
			require.Nil(t, s.problem, "%v", s.problem)
			var names []string
			for _, f := range s.exercises[0].files {
				names = append(names, f.name)
			}
			assert.Equal(t, c.taken, names)
			reasons := map[string]string{}
			for _, l := range []ignoredList{s.ignored, s.exercises[0].ignored} {
				for _, ig := range l.items {
					reasons[ig.path] = ig.reason.En
				}
			}
			for path, want := range c.ignored {
				assert.Contains(t, reasons[path], want, "%s in %v", path, reasons)
			}
			assert.NotContains(t, reasons, "exercises/01_sum/sum_test.go", "an unchanged test file, CRLF and all, is not listed")
			var notes []string
			for _, n := range s.notes {
				notes = append(notes, n.En)
			}
			if c.notes != "" {
				assert.Contains(t, strings.Join(notes, "\n"), c.notes)
			}
		})
	}
}

// unicodePath is Info-ZIP's Unicode Path extra field giving name for the
// header name raw (its CRC-32 is raw's).
func unicodePath(raw, name string) []byte {
	field := binary.LittleEndian.AppendUint16(nil, infozipUnicodePath)
	field = binary.LittleEndian.AppendUint16(field, uint16(5+len(name)))
	field = append(field, 1)
	field = binary.LittleEndian.AppendUint32(field, crc32.ChecksumIEEE([]byte(raw)))
	return append(field, name...)
}

// TestZipNames: names without the UTF-8 flag are read as the tool that
// wrote them meant them (the flag, then Info-ZIP's Unicode Path field,
// UTF-8, GBK, CP437), and still pass every check on a name.
func TestZipNames(t *testing.T) {
	root := classCourse(t).Root
	tc, err := loadTrusted(root)
	require.NoError(t, err)
	_, solution, _ := tinyFiles(t, root, exSum, "sum")
	encode := func(e *encoding.Encoder, s string) string {
		out, err := e.String(s)
		require.NoError(t, err)
		return out
	}
	gbk := func(s string) string { return encode(simplifiedchinese.GBK.NewEncoder(), s) }
	cp437 := func(s string) string { return encode(charmap.CodePage437.NewEncoder(), s) }
	dir := "exercises/01_sum/"
	// 刓 is 0x84 0x5C in GBK: its second byte is a backslash.
	require.Equal(t, "\x84\\", gbk("刓"), "the test's premise")
	for _, c := range []struct {
		name    string
		entry   zipEntry
		taken   string // "" when nothing is taken
		ignored string // part of the reason it is not, for its decoded name
	}{
		{"GBK, as Windows Explorer writes in a Chinese locale", zipEntry{name: gbk(dir + "练习.go"), legacy: true}, "练习.go", ""},
		{"GBK with a backslash as a second byte", zipEntry{name: gbk(`exercises\01_sum\刓.go`), legacy: true}, "刓.go", ""},
		{"CP437, as old tools write", zipEntry{name: cp437(dir + "café.go"), legacy: true}, "café.go", ""},
		{"UTF-8 without the flag", zipEntry{name: dir + "和.go", legacy: true}, "和.go", ""},
		{"the Unicode Path field", zipEntry{name: cp437(dir + "cafe.go"), legacy: true, extra: unicodePath(cp437(dir+"cafe.go"), dir+"练习.go")}, "练习.go", ""},
		{"a Unicode Path field for another name (CRC-32 differs)", zipEntry{name: gbk(dir + "求和.go"), legacy: true, extra: unicodePath(dir+"other.go", dir+"练习.go")}, "求和.go", ""},
		{"the flag over the Unicode Path field", zipEntry{name: dir + "和.go", extra: unicodePath(dir+"和.go", dir+"练习.go")}, "和.go", ""},
		{"a Unicode Path field that leaves the folder", zipEntry{name: dir + "x.go", legacy: true, extra: unicodePath(dir+"x.go", "exercises/../../evil.go")}, "", "leaves the ZIP file's folder"},
		{"a GBK name with an escape", zipEntry{name: gbk(dir + "\x1b[2J练习.go"), legacy: true}, "", "not text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.entry.data = solution
			s := takeSubmission(tc, writeZip(t, "learner.zip", []zipEntry{{name: dir}, c.entry}), t.TempDir())
			require.Nil(t, s.problem, "%v", s.problem)
			var names []string
			for _, f := range s.exercises[0].files {
				names = append(names, f.name)
			}
			if c.taken != "" {
				assert.Equal(t, []string{c.taken}, names)
				return
			}
			assert.Empty(t, names)
			var reasons []string
			for _, l := range []ignoredList{s.ignored, s.exercises[0].ignored} {
				for _, ig := range l.items {
					reasons = append(reasons, ig.path+": "+ig.reason.En)
				}
			}
			assert.Contains(t, strings.Join(reasons, "\n"), c.ignored)
		})
	}
}

// TestTakeNestedFolder: the exercises folder is found below folders that
// are their folder's only entry (hidden files aside), two at most, never
// through a link.
func TestTakeNestedFolder(t *testing.T) {
	root := classCourse(t).Root
	tc, err := loadTrusted(root)
	require.NoError(t, err)
	_, solution, _ := tinyFiles(t, root, exSum, "sum")
	for _, c := range []struct {
		name  string
		files []string // made under the submission; "->x" makes a link to x
		found string   // "" when it must not be found
		said  string   // what the report says when it is not
	}{
		{name: "one level down", files: []string{"repo-main/exercises/01_sum/sum.go"}, found: "repo-main"},
		{name: "two levels down, with .DS_Store", files: []string{".DS_Store", "alice/repo-main/exercises/01_sum/sum.go", "alice/.DS_Store"}, found: "alice/repo-main"},
		{name: "three levels down", files: []string{"a/b/c/exercises/01_sum/sum.go"}, said: `there is one in "a/b/c"`},
		{name: "beside another file", files: []string{"README.txt", "repo-main/exercises/01_sum/sum.go"}, said: `there is one in "repo-main"`},
		{name: "through a link", files: []string{"elsewhere/exercises/01_sum/sum.go"}, said: "no exercises folder"},
		{name: "nowhere", files: []string{"README.txt"}, said: "no exercises folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			top := t.TempDir()
			sub := filepath.Join(top, "learner")
			for _, f := range c.files {
				base := sub
				if strings.HasPrefix(f, "elsewhere/") {
					base = top
				}
				p := filepath.Join(base, f)
				require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
				require.NoError(t, os.WriteFile(p, []byte(solution), 0o644))
			}
			if c.name == "through a link" {
				require.NoError(t, os.MkdirAll(sub, 0o755))
				require.NoError(t, os.Symlink(filepath.Join(top, "elsewhere"), filepath.Join(sub, "repo")))
			}
			s := takeSubmission(tc, sub, t.TempDir())
			if c.found == "" {
				require.NotNil(t, s.problem)
				assert.Contains(t, s.problem.En, c.said)
				assert.NotContains(t, s.problem.En, "elsewhere", "a link is not followed")
				return
			}
			require.Nil(t, s.problem)
			require.Len(t, s.notes, 1)
			assert.Contains(t, s.notes[0].En, `"`+c.found+`"`)
			assert.Contains(t, s.notes[0].Zh, c.found)
			assert.Len(t, s.exercises[0].files, 1)
		})
	}
}

// TestSortSubmissions: what is neither a folder nor a .zip file is a note,
// in both languages and printable, and the others are graded.
func TestSortSubmissions(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"alice", "bob.ZIP", "README.txt", ".DS_Store", "\x1b]0;owned\x07.txt"} {
		p := filepath.Join(dir, name)
		if name == "alice" {
			require.NoError(t, os.Mkdir(p, 0o755))
			continue
		}
		require.NoError(t, os.WriteFile(p, nil, 0o644))
	}
	entries, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	subs, notes, err := sortSubmissions(entries)
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "alice"), filepath.Join(dir, "bob.ZIP")}, subs)
	require.Len(t, notes, 3)
	for _, n := range notes {
		for _, s := range []string{n.En, n.Zh} {
			assert.NotContains(t, s, "\x1b", "a name's escapes are written out")
			assert.NotContains(t, s, "\x07")
		}
		assert.Contains(t, n.En, "not a submission")
		assert.Contains(t, n.Zh, "不是提交")
	}

	_, _, err = sortSubmissions([]string{filepath.Join(dir, "README.txt")})
	require.Error(t, err)
	assert.Contains(t, i18n.Message(err, i18n.Zh), "参数中没有提交")
	_, _, err = sortSubmissions([]string{filepath.Join(dir, "nobody")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "does not exist")
}

// TestLineEndingsAreNoEdit: a Windows learner's copies of the course's
// files (CRLF, a byte-order mark) are neither "a changed test file" nor
// an attempt; a real edit is both.
func TestLineEndingsAreNoEdit(t *testing.T) {
	root := classCourse(t).Root
	tc, err := loadTrusted(root)
	require.NoError(t, err)
	stub, solution, test := tinyFiles(t, root, exSum, "sum")
	gomod, err := os.ReadFile(filepath.Join(root, "exercises", "go.mod"))
	require.NoError(t, err)
	for _, c := range []struct {
		name, code, test, gomod string
		untouched               bool
		changed                 []string
	}{
		{name: "the stub as it is", code: stub, test: test, gomod: string(gomod), untouched: true},
		{name: "CRLF and a BOM", code: windows(stub), test: windows(test), gomod: windows(string(gomod)), untouched: true},
		{name: "CRLF only", code: strings.ReplaceAll(stub, "\n", "\r\n"), test: test, gomod: string(gomod), untouched: true},
		{name: "solved, Windows", code: windows(solution), test: windows(test), gomod: string(gomod)},
		{name: "a space added", code: stub + " ", test: test + "\n// mine\n", gomod: string(gomod) + "\n",
			changed: []string{"exercises/01_sum/sum_test.go", "exercises/go.mod"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sub := t.TempDir()
			dir := filepath.Join(sub, "exercises", exSum)
			require.NoError(t, os.MkdirAll(dir, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "sum.go"), []byte(c.code), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "sum_test.go"), []byte(c.test), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(sub, "exercises", "go.mod"), []byte(c.gomod), 0o644))
			s := takeSubmission(tc, sub, t.TempDir())
			assert.Equal(t, c.untouched, s.exercises[0].untouched)
			var listed []string
			for _, l := range []ignoredList{s.exercises[0].ignored, s.ignored} {
				for _, ig := range l.items {
					listed = append(listed, ig.path)
				}
			}
			assert.ElementsMatch(t, c.changed, listed)
		})
	}
}

// TestSafeFileName: --out keeps the learner's name, in any script, and
// replaces only what a file name cannot hold.
func TestSafeFileName(t *testing.T) {
	for in, want := range map[string]string{
		"12-张伟 Zhang Wei":        "12-张伟 Zhang Wei",
		"ålice":                  "ålice",
		"a/b\\c:d*e?f\"g<h>i|j":  "a_b_c_d_e_f_g_h_i_j",
		"\x1b[2J\x1b]0;x\x07bob": "_[2J_]0;x_bob",
		"evil\u202eexe.txt":      "evil_exe.txt",
		"..hidden":               "hidden",
		"trailing. ":             "trailing",
		"bad\xffbyte":            "bad_byte",
		strings.Repeat("长", 100): strings.Repeat("长", maxFileName/3),
	} {
		assert.Equal(t, want, safeFileName(in), "%q", in)
	}
	rep := &report{Submissions: []*subReport{{Path: "class/Alice"}, {Path: "class/alice"}, {Path: "class/bob.zip"}, {Path: "class/张伟"}, {Path: "other/张伟"}}}
	nameSubmissions(rep)
	var names []string
	for _, s := range rep.Submissions {
		names = append(names, s.name)
	}
	assert.Equal(t, []string{"Alice", "alice-2", "bob", "张伟", "张伟-2"}, names, "names that differ only in case are told apart")
}
