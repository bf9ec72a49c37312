package book_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
	"github.com/gospawn/workbook/runner/internal/course"
)

// This file holds the helpers every test of the book uses: finding the
// workbook root and reading a chapter into the parts the tests compare
// (headings, fenced code blocks, links). The Markdown reader understands the
// subset of CommonMark the book is allowed to use: ATX headings, fenced code
// blocks, inline links and reference definitions.

// bookFiles is what every test starts from: the workbook root, the book
// folder and the chapters found there.
type bookFiles struct {
	root     string
	dir      string // <root>/book
	chapters []book.ChapterFile
}

func loadBook(t *testing.T) bookFiles {
	t.Helper()
	root, err := course.Find(".")
	require.NoError(t, err, "the book's tests must run inside the workbook")
	c, err := course.Load(root)
	require.NoError(t, err, "the manifest, which names the book folder, must load")
	dir := filepath.Join(root, c.BookDir)
	chapters, err := book.Chapters(dir)
	require.NoError(t, err, "cannot list the chapters of the book")
	return bookFiles{root: root, dir: dir, chapters: chapters}
}

// doc reads one language's version of a chapter. Failing to read a file that
// Chapters listed stops the test.
func (b bookFiles) doc(t *testing.T, ch book.ChapterFile, lang book.Lang) *mdDoc {
	t.Helper()
	text, err := os.ReadFile(ch.Path(b.dir, lang))
	require.NoError(t, err, "cannot read chapter %s in %s", ch.Name, lang)
	rel, err := filepath.Rel(b.root, ch.Path(b.dir, lang))
	require.NoError(t, err)
	return parseMarkdown(filepath.ToSlash(rel), string(text))
}

// mdDoc is a Markdown file cut into the parts the tests look at.
type mdDoc struct {
	path     string    // relative to the workbook root, with slashes: "book/en/01-echo.md"
	prose    []mdLine  // lines outside fenced code blocks, with code spans blanked out
	headings []heading // ATX headings, in order
	blocks   []codeBlock
	links    []link
	problems []string // Markdown this reader (and the book) does not accept, with line numbers
}

// mdLine is a line of prose: its 1-based number and its text with every
// inline code span replaced by a single backtick pair.
type mdLine struct {
	num  int
	text string
}

type heading struct {
	level int
	text  string
	line  int
}

// codeBlock is a fenced code block.
type codeBlock struct {
	info      string // the info string after the opening fence: "go", "sh", "text"
	fenceLine int    // line of the opening fence
	firstLine int    // line of the block's first line of code
	code      string // the contents, each line ending in "\n"
}

// link is an inline link, an image or a reference definition.
type link struct {
	target string
	line   int
	image  bool
}

var (
	fenceOpen   = regexp.MustCompile("^( *)(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")
	atxHeading  = regexp.MustCompile(`^(#{1,6})(?:[ \t]+(.*))?$`)
	setextLine  = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	inlineLink  = regexp.MustCompile(`(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^\s()<>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	refDef      = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s<>]+)>?`)
	codeSpan    = regexp.MustCompile("(`+)")
	listOrQuote = regexp.MustCompile(`^\s*([-*+>]|[0-9]+[.)])\s`)
)

// parseMarkdown cuts text into headings, code blocks and links. path is only
// used in messages.
func parseMarkdown(path, text string) *mdDoc {
	d := &mdDoc{path: path}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var (
		inFence  bool
		fence    string // the opening fence ("```"), when inFence
		indent   int    // the opening fence's indentation
		block    codeBlock
		code     strings.Builder
		prevText string // the previous prose line, for setext headings
	)
	for i, line := range lines {
		num := i + 1
		if inFence {
			trimmed := strings.TrimLeft(line, " ")
			if strings.HasPrefix(trimmed, fence) && strings.Trim(trimmed, fence[:1]+" \t") == "" {
				block.code = code.String()
				d.blocks = append(d.blocks, block)
				inFence = false
				prevText = ""
				continue
			}
			// Remove up to indent spaces, as CommonMark does for fences inside list items.
			n := 0
			for n < indent && n < len(line) && line[n] == ' ' {
				n++
			}
			code.WriteString(line[n:])
			code.WriteByte('\n')
			continue
		}
		if m := fenceOpen.FindStringSubmatch(line); m != nil && !(m[2][0] == '`' && strings.Contains(m[3], "`")) {
			inFence, fence, indent = true, m[2], len(m[1])
			block = codeBlock{info: m[3], fenceLine: num, firstLine: num + 1}
			code.Reset()
			continue
		}
		text := blankCodeSpans(line)
		d.prose = append(d.prose, mdLine{num: num, text: text})
		if m := atxHeading.FindStringSubmatch(line); m != nil {
			d.headings = append(d.headings, heading{level: len(m[1]), text: headingText(m[2]), line: num})
		} else if t := strings.TrimLeft(line, " "); t != line && atxHeading.MatchString(t) {
			d.problemf(num, "indented heading: start the line with the #")
		}
		if setextLine.MatchString(line) && strings.TrimSpace(prevText) != "" &&
			!atxHeading.MatchString(prevText) && !listOrQuote.MatchString(prevText) && !strings.Contains(prevText, "|") {
			d.problemf(num, "a line of %c under text makes a setext heading: use a # heading, or leave a blank line before it", strings.TrimSpace(line)[0])
		}
		for _, m := range inlineLink.FindAllStringSubmatch(text, -1) {
			d.links = append(d.links, link{target: m[3], line: num, image: m[1] == "!"})
		}
		if m := refDef.FindStringSubmatch(text); m != nil {
			d.links = append(d.links, link{target: m[1], line: num})
		}
		prevText = line
	}
	if inFence {
		d.problemf(block.fenceLine, "code block opened here is never closed")
	}
	return d
}

func (d *mdDoc) problemf(line int, format string, args ...any) {
	d.problems = append(d.problems, d.at(line)+": "+fmt.Sprintf(format, args...))
}

// at formats a position in the document: "book/en/01-echo.md:12".
func (d *mdDoc) at(line int) string {
	return d.path + ":" + strconv.Itoa(line)
}

// blankCodeSpans empties every inline code span on a line, leaving a bare
// pair of backticks, so that brackets, tags and links inside code spans are
// not mistaken for Markdown or HTML. An unmatched run of backticks is left
// as it is.
func blankCodeSpans(line string) string {
	var out strings.Builder
	rest := line
	for {
		loc := codeSpan.FindStringIndex(rest)
		if loc == nil {
			out.WriteString(rest)
			return out.String()
		}
		run := rest[loc[0]:loc[1]]
		after := rest[loc[1]:]
		end := findRun(after, len(run))
		if end < 0 {
			out.WriteString(rest[:loc[1]])
			rest = after
			continue
		}
		out.WriteString(rest[:loc[0]])
		out.WriteString("``")
		rest = after[end+len(run):]
	}
}

// findRun returns the index in s of a run of exactly n backticks, or -1.
func findRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// headingText returns the text of an ATX heading without its optional
// closing sequence of #s.
func headingText(s string) string {
	s = strings.TrimSpace(s)
	if t := strings.TrimRight(s, "#"); t == "" || strings.HasSuffix(t, " ") {
		s = strings.TrimSpace(t)
	}
	return s
}

// goBlocks returns the document's code blocks whose info string is "go",
// with their index among all the document's code blocks.
func (d *mdDoc) goBlocks() (blocks []codeBlock, index []int) {
	for i, b := range d.blocks {
		if isGo(b.info) {
			blocks = append(blocks, b)
			index = append(index, i)
		}
	}
	return blocks, index
}

// isGo reports whether a fenced block's info string marks Go code.
func isGo(info string) bool {
	lang, _, _ := strings.Cut(info, " ")
	return lang == "go"
}
