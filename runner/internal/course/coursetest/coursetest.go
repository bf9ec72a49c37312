// Package coursetest writes small courses to disk for tests: a manifest,
// stubs, solutions and chapters in both languages, shaped like the real
// course but named for the test, so that no test depends on the real
// course's exercises, titles or counts.
package coursetest

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gospawn/workbook/runner/internal/course"
)

// Exercise describes one exercise of a test course. Zero fields get
// defaults derived from ID.
type Exercise struct {
	ID       string
	Tests    []string // top-level test names; default TestA, TestB
	Points   []int    // each test's points, in the order of Tests; default 1
	Hints    int      // hint tiers; default 2
	Race     bool
	Stub     string // the stub's source; default a package clause
	Solution string // the solution's source; default the stub's
	TestFile string // the source of <id>_test.go beside the stub; none when empty
	// Chapter and ChapterZh are the chapter's Markdown in each language;
	// a heading and one sentence when empty.
	Chapter, ChapterZh string
	// Visibility is the exercise's visibility, Visibilities each test's,
	// in the order of Tests; none when empty.
	Visibility   string
	Visibilities []string
	// Try is the exercise's try program and its arguments (see
	// course.Exercise.Try); none when empty. Files are more files of the
	// exercises module, by their path in it with slashes: the program's
	// source, say.
	Try   []string
	Files map[string]string
}

// Shipped is an exercise, for the first place of a course, whose stub the
// binary ships a copy of (see course.Pristine), so that reset has a file to
// put back in a fake course: it borrows the real course's first folder and
// file name, 01_echo/echo.go, and has that copy as its stub.
func Shipped(t testing.TB) Exercise {
	t.Helper()
	const id = "echo"
	stub, err := course.Pristine(&course.Exercise{Dir: Dir(1, id), File: id + ".go"})
	if err != nil {
		t.Fatalf("the copy reset puts back: %v", err)
	}
	return Exercise{ID: id, Stub: string(stub)}
}

// Dir is the exercise's folder name: its number and id, as "01_sum".
func Dir(number int, id string) string { return fmt.Sprintf("%02d_%s", number, id) }

// Write writes a course of the given exercises, a chapter without an
// exercise (id "outro", listed in read_after) and a go.mod for the
// exercises module into a new temporary folder, and loads it.
func Write(t testing.TB, exercises ...Exercise) *course.Course {
	t.Helper()
	root := t.TempDir()
	var m strings.Builder
	m.WriteString("title = { en = \"Test course\", zh = \"测试课程\" }\nbook = \"book\"\nexercises = \"exercises\"\nsolutions = \"solutions\"\n")
	m.WriteString("read_after = [\"outro\"]\n\n[[chapter]]\nid = \"outro\"\nfile = \"99-outro.md\"\ntitle = { en = \"Outro\", zh = \"尾声\" }\n")
	write(t, filepath.Join(root, "book", course.BookLanguages[0], "99-outro.md"), "# Outro\n\nWhat comes next.\n")
	write(t, filepath.Join(root, "book", course.BookLanguages[1], "99-outro.md"), "# 尾声\n\n接下来读什么。\n")
	for i, e := range exercises {
		dir := Dir(i+1, e.ID)
		file := e.ID + ".go"
		chapter := fmt.Sprintf("%02d-%s.md", i+1, e.ID)
		stub := cmp.Or(e.Stub, "package "+strings.ReplaceAll(e.ID, "-", "")+"\n")
		solution := cmp.Or(e.Solution, stub)
		write(t, filepath.Join(root, "exercises", dir, file), stub)
		write(t, filepath.Join(root, "solutions", dir, file), solution)
		if e.TestFile != "" {
			write(t, filepath.Join(root, "exercises", dir, e.ID+"_test.go"), e.TestFile)
		}
		title := strings.ToUpper(e.ID[:1]) + e.ID[1:]
		en := cmp.Or(e.Chapter, "# "+title+"\n\nThe chapter of "+e.ID+".\n")
		zh := cmp.Or(e.ChapterZh, "# "+title+"\n\n"+e.ID+" 这一章。\n")
		write(t, filepath.Join(root, "book", course.BookLanguages[0], chapter), en)
		write(t, filepath.Join(root, "book", course.BookLanguages[1], chapter), zh)
		fmt.Fprintf(&m, "\n[[exercise]]\nid = %q\ndir = %q\nfile = %q\nchapter = %q\nrace = %v\ntitle = { en = %q, zh = %q }\n",
			e.ID, dir, file, chapter, e.Race, title+": exercise "+e.ID, title+"：练习 "+e.ID)
		if e.Visibility != "" {
			fmt.Fprintf(&m, "visibility = %q\n", e.Visibility)
		}
		if len(e.Try) > 0 {
			fmt.Fprintf(&m, "try = [%s]\n", quoteAll(e.Try))
		}
		for name, content := range e.Files {
			write(t, filepath.Join(root, "exercises", filepath.FromSlash(name)), content)
		}
		for h := 1; h <= cmp.Or(e.Hints, 2); h++ {
			fmt.Fprintf(&m, "[[exercise.hint]]\nen = \"Hint %d of %s.\"\nzh = \"%s 的第 %d 条提示。\"\n", h, e.ID, e.ID, h)
		}
		tests := e.Tests
		if len(tests) == 0 {
			tests = []string{"TestA", "TestB"}
		}
		for j, name := range tests {
			points := 1
			if j < len(e.Points) {
				points = e.Points[j]
			}
			fmt.Fprintf(&m, "[[exercise.test]]\nname = %q\npoints = %d\nen = \"%s works.\"\nzh = \"%s 正确。\"\n", name, points, name, name)
			if j < len(e.Visibilities) && e.Visibilities[j] != "" {
				fmt.Fprintf(&m, "visibility = %q\n", e.Visibilities[j])
			}
		}
	}
	write(t, filepath.Join(root, "exercises", "go.mod"), "module example.com/course\n\ngo 1.25\n")
	write(t, filepath.Join(root, course.ManifestName), m.String())
	c, err := course.Load(root)
	if err != nil {
		t.Fatalf("loading the test course: %v", err)
	}
	return c
}

// quoteAll is ss as the items of a TOML array of strings.
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// SampleChapter and SampleChapterZh are chapters shaped like the book's (a
// heading, paragraphs, a list, Go code, a link to the exercise, an
// exercise section), for tests that draw screens.
const (
	SampleChapter = "# Echo: accepting connections\n\n" +
		"A server spends its life waiting. It waits for a client to connect, then for the client to send something, " +
		"then for the network to take its reply. **Each wait is a call that blocks.**\n\n" +
		"Read follows the rules of every `io.Reader` in Go:\n\n" +
		"- It waits until at least one byte is available, then returns the number of bytes it put in your buffer. " +
		"That may be fewer than the buffer holds.\n" +
		"- When the client has closed its sending side and you have read everything, Read returns `0, io.EOF`.\n\n" +
		"```go\nfor {\n\tconn, err := ln.Accept()\n\tif err != nil {\n\t\treturn err\n\t}\n\tio.Copy(conn, conn)\n\tconn.Close()\n}\n```\n\n" +
		"## Exercise\n\nOpen [exercises/01_alpha](../../exercises/01_alpha) and edit `alpha.go`.\n"
	SampleChapterZh = "# 回显：接受连接\n\n" +
		"服务器的一生都在等待：等客户端连上来，等客户端发来数据，再等网络把回复送出去。**每一次等待都是一个阻塞的调用。**\n\n" +
		"Read 遵守 Go 里每个 `io.Reader` 都遵守的规则：\n\n" +
		"- 它一直等到至少有一个字节可读，然后返回放进缓冲区的字节数。这个数可能比缓冲区的容量小。\n" +
		"- 客户端关闭了它的发送端、而你已经读完全部数据时，Read 返回 `0, io.EOF`。\n\n" +
		"```go\nfor {\n\tconn, err := ln.Accept()\n\tif err != nil {\n\t\treturn err\n\t}\n\tio.Copy(conn, conn)\n\tconn.Close()\n}\n```\n\n" +
		"## 练习\n\n打开 [exercises/01_alpha](../../exercises/01_alpha)，编辑 `alpha.go`。\n"
)

// LayoutChapterZh is a Chinese chapter with what used to break at 80
// columns: a code line wider than the screen (a string literal) and a table
// whose code literals have spaces.
const LayoutChapterZh = "# 回显：接受连接\n\n" +
	"在下面的程序里，`main` 在 `Accept` 里等待时，一个定时器关闭了 listener：\n\n" +
	"```go\nfunc main() {\n\ttime.AfterFunc(time.Second, func() {\n" +
	"\t\tfmt.Println(\"timer: main is still waiting in Accept; closing the listener\")\n" +
	"\t\tln.Close()\n\t})\n}\n```\n\n" +
	"回复有五种类型，第一个字节说明是哪一种：\n\n" +
	"| 回复 | 字节 | 用途 |\n|---|---|---|\n" +
	"| 简单字符串 | `+OK\\r\\n` | `SET` 之后的 `+OK`，`PING` 之后的 `+PONG` |\n" +
	"| 错误 | `-ERR syntax error\\r\\n` | 服务器拒绝的一切请求；第一个空格之前的文字是错误的种类 |\n" +
	"| 整数 | `:1\\r\\n` | `INCR`、`DEL`、`EXISTS` |\n"
