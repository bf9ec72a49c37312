package book_test

import (
	"fmt"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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
	// quoteSpace matches a space beside full-width quotation marks, which
	// carry their own spacing: 教程的“Spawning”一页, not 教程的 “Spawning” 一页.
	// A list item may start with one ("- “…”").
	quoteSpace = regexp.MustCompile(`[^\s*+>-] “|” \S`)
	// boldAfterPunct matches the end of a bold span's inside that ends in
	// full-width punctuation.
	boldAfterPunct = regexp.MustCompile(`[。，、；：！？）”’」]$`)
)

// neverRule is one term the glossary rules out, with what to use instead.
type neverRule struct {
	term *regexp.Regexp
	use  string
}

// neverRules are the terms in the "不用 · not" column of book/GLOSSARY.md,
// each with its row's Chinese term. A term is matched as written, except
// that a Latin term is a whole word in any case and plural ("handler"
// catches "Handlers", not "handlerFunc"), and the terms in refinedTerms
// are matched by a pattern that does not also catch a longer, correct word.
type neverRules []neverRule

// refinedTerms are the glossary's "not" terms that a plain match would
// find inside correct text: "Go 程" is wrong for goroutine, "Go 程序" (a Go
// program) is right; 接收 is "receive", but a connection is accepted (接受),
// in any of the ways a sentence puts it.
var refinedTerms = map[string]*regexp.Regexp{
	"Go 程":  regexp.MustCompile(`Go 程(?:[^序]|$)`),
	"接收连接":  regexp.MustCompile(`接收(?:一个|新的?|下一个|这个)?连接`),
	"在…中存活": regexp.MustCompile(`在[^。；，：]*中存活`),
}

var (
	tableRow      = regexp.MustCompile(`^\|(.*)\|\s*$`)
	codeSpanText  = regexp.MustCompile("`([^`]+)`")
	latinTerm     = regexp.MustCompile(`^[A-Za-z ]+$`)
	neverColumn   = "不用 · not"
	chineseColumn = "中文（用这个）"
)

// loadNeverRules reads the glossary's "not" column. A glossary that cannot
// be read, has no such column, or leaves out a term refinedTerms knows fails
// the test: the rules must not silently become none.
func loadNeverRules(t *testing.T, b bookFiles) neverRules {
	t.Helper()
	path := filepath.Join(b.dir, "GLOSSARY.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err, "book/GLOSSARY.md, the glossary the Chinese text is checked against, cannot be read")
	var (
		rules            neverRules
		neverCol, useCol = -1, -1
		seen             = map[string]int{} // term → its rule
	)
	for _, line := range strings.Split(string(data), "\n") {
		m := tableRow.FindStringSubmatch(line)
		if m == nil {
			neverCol, useCol = -1, -1 // a table ends at its first non-row
			continue
		}
		cells := strings.Split(m[1], "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if i := slices.Index(cells, neverColumn); i >= 0 {
			neverCol, useCol = i, slices.Index(cells, chineseColumn)
			require.GreaterOrEqual(t, useCol, 0, "book/GLOSSARY.md: a table with a %q column needs a %q column", neverColumn, chineseColumn)
			continue
		}
		if neverCol < 0 || neverCol >= len(cells) || useCol >= len(cells) {
			continue
		}
		use := strings.ReplaceAll(cells[useCol], "`", "")
		for _, m := range codeSpanText.FindAllStringSubmatch(cells[neverCol], -1) {
			term := m[1]
			if i, ok := seen[term]; ok { // ruled out in two rows: either row's term may be meant
				rules[i].use += " / " + use
				continue
			}
			seen[term] = len(rules)
			re, ok := refinedTerms[term]
			switch {
			case ok:
			case latinTerm.MatchString(term):
				re = regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(term) + `s?\b`)
			default:
				re = regexp.MustCompile(regexp.QuoteMeta(term))
			}
			rules = append(rules, neverRule{term: re, use: use})
		}
	}
	require.NotEmpty(t, rules, "book/GLOSSARY.md has no table with a %q column of terms in `code font`", neverColumn)
	for term := range refinedTerms {
		assert.Contains(t, seen, term, "book/GLOSSARY.md's %q column no longer lists %q: drop it from refinedTerms too", neverColumn, term)
	}
	return rules
}

// find returns the first ruled-out term in text and what to use instead,
// or "" when text has none.
func (rs neverRules) find(text string) (found, use string) {
	for _, r := range rs {
		if m := r.term.FindString(text); m != "" {
			return m, r.use
		}
	}
	return "", ""
}

// badBold returns the first bold span of a prose line (code spans blanked)
// that ends in full-width punctuation and is followed by anything but
// punctuation, or "". "**标题。**正文" is not bold at all in CommonMark (a
// closing ** after punctuation must be followed by a space or punctuation),
// and "**标题。** 正文" shows a space after 。. A run-in head is written
// "**标题**。正文"; "**成绩册（Canvas）**。" is fine.
func badBold(text string) string {
	parts := strings.Split(text, "**")
	// parts[1], parts[3], … are the insides of bold spans.
	for i := 1; i+1 < len(parts); i += 2 {
		next, _ := utf8.DecodeRuneInString(parts[i+1])
		if boldAfterPunct.MatchString(parts[i]) && parts[i+1] != "" && !unicode.IsPunct(next) {
			return "**" + parts[i] + "**" + string(next)
		}
	}
	return ""
}

// TestChineseStyle checks the typographic rules of the glossary in the
// Chinese chapters (outside code): a space between Chinese and embedded
// English, numbers or code; full-width punctuation in Chinese sentences;
// bold run-in heads that render ("**标题**。"); and none of the terms the
// glossary rules out, in the prose and in the comments of the Go code.
func TestChineseStyle(t *testing.T) {
	b := loadBook(t)
	never := loadNeverRules(t, b)
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
			if bad, use := never.find(text); bad != "" {
				assert.Failf(t, "term the glossary rules out", "%s: %q: book/GLOSSARY.md says %s", d.at(l.num), bad, use)
			}
			if m := badBold(text); m != "" {
				assert.Failf(t, "bold run-in head", "%s: %s: end the bold before the punctuation, with no space after it: **标题**。正文", d.at(l.num), m)
			}
			if m := quoteSpace.FindString(text); m != "" {
				assert.Failf(t, "space beside a full-width quotation mark", "%s: %q: full-width quotation marks take no space around them: 教程的“Spawning”一页", d.at(l.num), m)
			}
		}
		// The comments of the Go blocks are the Chinese reader's too: only
		// they may differ from the English code (TestParity).
		blocks, _ := d.goBlocks()
		for _, blk := range blocks {
			for _, c := range goComments(blk.code) {
				if bad, use := never.find(blankCodeSpans(c.text)); bad != "" {
					assert.Failf(t, "term the glossary rules out", "%s: %q in a code comment: book/GLOSSARY.md says %s",
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
	never := loadNeverRules(t, b)

	readme := filepath.Join(b.root, "README.zh-CN.md")
	data, err := os.ReadFile(readme)
	require.NoError(t, err, "README.zh-CN.md, the Chinese README, cannot be read")
	d := parseMarkdown("README.zh-CN.md", string(data))
	for _, l := range d.prose {
		if bad, use := never.find(l.text); bad != "" {
			assert.Failf(t, "term the glossary rules out", "%s: %q: book/GLOSSARY.md says %s", d.at(l.num), bad, use)
		}
		if m := badBold(l.text); m != "" {
			assert.Failf(t, "bold run-in head", "%s: %s: end the bold before the punctuation, with no space after it: **标题**。正文", d.at(l.num), m)
		}
		if m := quoteSpace.FindString(l.text); m != "" {
			assert.Failf(t, "space beside a full-width quotation mark", "%s: %q: full-width quotation marks take no space around them: 教程的“Spawning”一页", d.at(l.num), m)
		}
	}

	c, err := course.Load(b.root)
	require.NoError(t, err, "the manifest must load")
	check := func(where, zh string) {
		if bad, use := never.find(blankCodeSpans(zh)); bad != "" {
			assert.Failf(t, "term the glossary rules out", "workbook.toml, %s: %q: book/GLOSSARY.md says %s", where, bad, use)
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
