// Package coursetest writes small courses to disk for tests: a manifest,
// stubs, solutions and chapters in both languages, shaped like the real
// course but named for the test, so that no test depends on the real
// course's exercises, titles or counts.
package coursetest

import (
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
	Hints    int      // hint tiers; default 2
	Race     bool
	Stub     string // the stub's source; default a package clause
	Solution string // the solution's source; default the stub's
	TestFile string // the source of <id>_test.go beside the stub; none when empty
}

// Dir is the exercise's folder name: its number and id, as "01_echo".
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
		stub := e.Stub
		if stub == "" {
			stub = "package " + strings.ReplaceAll(e.ID, "-", "") + "\n"
		}
		solution := e.Solution
		if solution == "" {
			solution = stub
		}
		write(t, filepath.Join(root, "exercises", dir, file), stub)
		write(t, filepath.Join(root, "solutions", dir, file), solution)
		if e.TestFile != "" {
			write(t, filepath.Join(root, "exercises", dir, e.ID+"_test.go"), e.TestFile)
		}
		title := strings.ToUpper(e.ID[:1]) + e.ID[1:]
		write(t, filepath.Join(root, "book", course.BookLanguages[0], chapter), "# "+title+"\n\nThe chapter of "+e.ID+".\n")
		write(t, filepath.Join(root, "book", course.BookLanguages[1], chapter), "# "+title+"\n\n"+e.ID+" 这一章。\n")
		fmt.Fprintf(&m, "\n[[exercise]]\nid = %q\ndir = %q\nfile = %q\nchapter = %q\nrace = %v\ntitle = { en = %q, zh = %q }\n",
			e.ID, dir, file, chapter, e.Race, title+": exercise "+e.ID, title+"：练习 "+e.ID)
		hints := e.Hints
		if hints == 0 {
			hints = 2
		}
		for h := 1; h <= hints; h++ {
			fmt.Fprintf(&m, "[[exercise.hint]]\nen = \"Hint %d of %s.\"\nzh = \"%s 的第 %d 条提示。\"\n", h, e.ID, e.ID, h)
		}
		tests := e.Tests
		if len(tests) == 0 {
			tests = []string{"TestA", "TestB"}
		}
		for _, name := range tests {
			fmt.Fprintf(&m, "[[exercise.test]]\nname = %q\npoints = 1\nen = \"%s works.\"\nzh = \"%s 正确。\"\n", name, name, name)
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

func write(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
