package book_test

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
	"github.com/gospawn/workbook/runner/internal/course"
)

var (
	// htmlTag matches an HTML tag, comment or declaration in prose:
	// <br>, </p>, <img src=…>, <!-- … -->. Autolinks (<https://…>) do not
	// match, and neither does anything inside a code span.
	htmlTag = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!`)
	// htmlEntity matches a character reference: &nbsp; &#42; &#x2A;.
	htmlEntity = regexp.MustCompile(`&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);`)
)

// TestTerminalRenderable checks that every chapter and the table of contents
// can be shown in a terminal: no raw HTML and no images.
func TestTerminalRenderable(t *testing.T) {
	b := loadBook(t)
	docs := []*mdDoc{readme(t, b)}
	for _, ch := range b.chapters {
		for _, lang := range ch.Langs {
			docs = append(docs, b.doc(t, ch, lang))
		}
	}
	for _, d := range docs {
		for _, l := range d.prose {
			if m := htmlTag.FindString(l.text); m != "" {
				assert.Failf(t, "HTML in the book", "%s: %q is raw HTML, which a terminal cannot show: use plain Markdown "+
					"(put code such as generics or <-ch in `backticks`)", d.at(l.num), m)
			}
			if m := htmlEntity.FindString(l.text); m != "" {
				assert.Failf(t, "HTML in the book", "%s: %q is an HTML character reference: write the character itself", d.at(l.num), m)
			}
		}
		for _, l := range d.links {
			assert.False(t, l.image, "%s: image %q: the book is read in a terminal, so it has no images (describe it in text, or draw it in a ```text block)",
				d.at(l.line), l.target)
		}
	}
}

var (
	han = `\p{Han}`
	// missingSpace matches Chinese next to a Latin letter, a digit or a code
	// span without a space between them.
	missingSpace = regexp.MustCompile(han + "[A-Za-z0-9`]|[A-Za-z0-9`]" + han)
	// halfWidthPunct matches ASCII punctuation that touches Chinese text,
	// where the full-width form belongs: 中文, → 中文，  中文. → 中文。
	halfWidthPunct = regexp.MustCompile(han + `[,.;:?!()]|[,;:?!(]` + han + `|\)` + han)
	// neverTerms are the translations the glossary (its "never" and "not"
	// entries) rules out, each with what to write instead. They are
	// patterns, not words, so that a rule catches its term without also
	// catching a longer word that contains it: "Go 程" is wrong for
	// goroutine, "Go 程序" (a Go program) is right.
	neverTerms = []struct {
		term *regexp.Regexp
		use  string
	}{
		{regexp.MustCompile(`协程`), "goroutine"},
		{regexp.MustCompile(`Go 程(?:[^序]|$)`), "goroutine"},
		{regexp.MustCompile(`恐慌`), "panic"},
		// 接收 is "receive"; a connection is accepted: 接受.
		{regexp.MustCompile(`接收(?:一个|新的?|下一个|这个)?连接`), "接受连接"},
		// 堆 is the heap: a stack is 栈, a stack trace 栈跟踪.
		{regexp.MustCompile(`堆栈`), "栈 / 栈跟踪"},
		// Code spans are blanked before the check, so `handler` in code font passes.
		{regexp.MustCompile(`(?i)\bhandlers?\b`), "处理函数"},
		{regexp.MustCompile(`(?i)\bjoin handles?\b`), "等待句柄"},
		{regexp.MustCompile(`在[^。；，：]*中存活`), "挺过（panic）"},
		{regexp.MustCompile(`记账`), "善后工作 / 管理工作"},
	}
)

// neverTerm returns the first term of neverTerms in text and the
// glossary's replacement, or "" when text has none.
func neverTerm(text string) (found, use string) {
	for _, r := range neverTerms {
		if m := r.term.FindString(text); m != "" {
			return m, r.use
		}
	}
	return "", ""
}

// TestChineseStyle checks the typographic rules of the glossary in the
// Chinese chapters (outside code): a space between Chinese and embedded
// English, numbers or code; full-width punctuation in Chinese sentences; and
// none of the translations the glossary rules out (neverTerms), in the prose
// and in the comments of the Go code.
func TestChineseStyle(t *testing.T) {
	b := loadBook(t)
	for _, ch := range b.chapters {
		if !ch.Has(book.Chinese) {
			continue
		}
		d := b.doc(t, ch, book.Chinese)
		for _, l := range d.prose {
			text := inlineLink.ReplaceAllStringFunc(l.text, func(s string) string {
				// Keep a link's text, drop its target: "[练习](../x)" → "[练习]".
				return s[:strings.Index(s, "](")+1]
			})
			if m := missingSpace.FindString(text); m != "" {
				assert.Failf(t, "missing space", "%s: %q: put a space between Chinese and English words, numbers or `code`", d.at(l.num), m)
			}
			if m := halfWidthPunct.FindString(text); m != "" {
				assert.Failf(t, "half-width punctuation", "%s: %q: use full-width punctuation（，。：；？！（））in Chinese sentences", d.at(l.num), m)
			}
			if bad, use := neverTerm(text); bad != "" {
				assert.Failf(t, "term the glossary rules out", "%s: %q: the glossary says %s", d.at(l.num), bad, use)
			}
		}
		// The comments of the Go blocks are the Chinese reader's too: only
		// they may differ from the English code (TestParity).
		blocks, _ := d.goBlocks()
		for _, blk := range blocks {
			for _, c := range goComments(blk.code) {
				if bad, use := neverTerm(blankCodeSpans(c.text)); bad != "" {
					assert.Failf(t, "term the glossary rules out", "%s: %q in a code comment: the glossary says %s",
						d.at(blk.firstLine+c.line-1), bad, use)
				}
			}
		}
	}
}

// comment is one comment of a Go code block, with its line in the block (from 1).
type comment struct {
	text string
	line int
}

// goComments returns the comments of a Go code block, in order.
func goComments(src string) []comment {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, scanner.ScanComments)
	var out []comment
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.COMMENT {
			out = append(out, comment{text: lit, line: fset.Position(pos).Line})
		}
	}
}

// TestChineseTermsOutsideTheBook holds the Chinese that the learner reads
// outside the book to the same glossary: README.zh-CN.md and every zh text
// of the manifest (titles, hints, test descriptions, crash advice), which
// the runner shows beside the chapters.
func TestChineseTermsOutsideTheBook(t *testing.T) {
	b := loadBook(t)

	readme := filepath.Join(b.root, "README.zh-CN.md")
	data, err := os.ReadFile(readme)
	require.NoError(t, err, "README.zh-CN.md, the Chinese README, cannot be read")
	d := parseMarkdown("README.zh-CN.md", string(data))
	for _, l := range d.prose {
		if bad, use := neverTerm(l.text); bad != "" {
			assert.Failf(t, "term the glossary rules out", "%s: %q: the glossary says %s", d.at(l.num), bad, use)
		}
	}

	c, err := course.Load(b.root)
	require.NoError(t, err, "the manifest must load")
	check := func(where, zh string) {
		if bad, use := neverTerm(blankCodeSpans(zh)); bad != "" {
			assert.Failf(t, "term the glossary rules out", "workbook.toml, %s: %q: the glossary says %s", where, bad, use)
		}
	}
	check("the course title", c.Title.Zh)
	for _, ch := range c.Chapters {
		check("chapter "+ch.ID+" title", ch.Title.Zh)
	}
	for _, e := range c.Exercises {
		check("exercise "+e.ID+" title", e.Title.Zh)
		check("exercise "+e.ID+" crash", e.Crash.Zh)
		for i, h := range e.Hints {
			check(fmt.Sprintf("exercise %s hint %d", e.ID, i+1), h.Zh)
		}
		for _, tc := range e.Tests {
			check("exercise "+e.ID+" "+tc.Name, tc.Zh)
		}
	}
}
