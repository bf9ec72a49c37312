package book_test

import (
	"fmt"
	"go/scanner"
	"go/token"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/book"
)

// TestChapterFileNames checks that every Markdown file of a language folder
// is a chapter (NN-name.md) and that no two chapters share a number. That
// each chapter exists in every language is the author check's to say
// (coursecheck.BookProblems).
func TestChapterFileNames(t *testing.T) {
	b := loadBook(t)
	require.NotEmpty(t, b.chapters, "no chapters (NN-name.md) found in the book's language folders")

	// A Markdown file whose name is not NN-name.md would be silently skipped
	// by book.Chapters (and so by the runner and every other test).
	for _, lang := range book.Langs() {
		entries, err := os.ReadDir(filepath.Join(b.dir, string(lang)))
		require.NoError(t, err, "cannot read the folder book/%s", lang)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".md") && !slices.ContainsFunc(b.chapters, func(c book.ChapterFile) bool { return c.File() == e.Name() }) {
				assert.Failf(t, "badly named chapter",
					"book/%s/%s: a chapter's file name must be NN-name.md (two digits, a dash, lower-case words joined by dashes)", lang, e.Name())
			}
		}
	}

	seen := map[int]string{}
	for _, ch := range b.chapters {
		if prev, ok := seen[ch.Number]; ok {
			assert.Failf(t, "two chapters with one number", "%s.md and %s.md both have number %02d", prev, ch.Name, ch.Number)
		}
		seen[ch.Number] = ch.Name
	}
}

// TestChapterShape checks what every chapter file must look like on its own:
// one "# Title" heading on the first line and no Markdown this test suite
// cannot read (setext headings, unclosed or unlabelled code blocks).
func TestChapterShape(t *testing.T) {
	b := loadBook(t)
	for _, ch := range b.chapters {
		for _, lang := range ch.Langs {
			d := b.doc(t, ch, lang)
			t.Run(d.path, func(t *testing.T) {
				for _, p := range d.problems {
					assert.Fail(t, "unsupported Markdown", p)
				}
				if assert.NotEmpty(t, d.headings, "%s has no headings: it must start with `# Title`", d.path) {
					first := d.headings[0]
					assert.Equal(t, 1, first.level, "%s: the first heading must be the chapter's `# Title`", d.at(first.line))
					assert.Equal(t, 1, first.line, "%s: the chapter must start with its `# Title` heading on line 1", d.path)
					assert.NotEmpty(t, first.text, "%s: the title heading is empty", d.at(first.line))
				}
				for _, h := range d.headings[min(1, len(d.headings)):] {
					assert.NotEqual(t, 1, h.level, "%s: only the title may be a level-1 heading; use ## or ### here", d.at(h.line))
				}
				for _, blk := range d.blocks {
					assert.NotEmpty(t, blk.info, "%s: a code block needs a language after the fence: ```go, ```sh or ```text", d.at(blk.fenceLine))
				}
			})
		}
	}
}

// TestParity compares the English and Chinese versions of every chapter:
// same headings (count, order, level), same code blocks (count, info
// strings), same Go code apart from comments, and the same links into
// exercises/ and solutions/.
func TestParity(t *testing.T) {
	b := loadBook(t)
	for _, ch := range b.chapters {
		if !ch.Has(book.English) || !ch.Has(book.Chinese) {
			continue // coursecheck.BookProblems reports it
		}
		t.Run(ch.Name, func(t *testing.T) {
			en, zh := b.doc(t, ch, book.English), b.doc(t, ch, book.Chinese)
			compareHeadings(t, en, zh)
			compareBlocks(t, en, zh)
			assert.Equal(t, courseLinks(b.root, en), courseLinks(b.root, zh),
				"%s and %s must link to the same places in exercises/ and solutions/ (listed here sorted, each once)", en.path, zh.path)
		})
	}
}

func compareHeadings(t *testing.T, en, zh *mdDoc) {
	t.Helper()
	for i := range max(len(en.headings), len(zh.headings)) {
		if i >= len(en.headings) {
			h := zh.headings[i]
			assert.Failf(t, "extra heading", "%s: heading %q has no counterpart in %s (%s has %d headings, %s has %d)",
				zh.at(h.line), h.text, en.path, en.path, len(en.headings), zh.path, len(zh.headings))
			return
		}
		if i >= len(zh.headings) {
			h := en.headings[i]
			assert.Failf(t, "extra heading", "%s: heading %q has no counterpart in %s (%s has %d headings, %s has %d)",
				en.at(h.line), h.text, zh.path, en.path, len(en.headings), zh.path, len(zh.headings))
			return
		}
		e, z := en.headings[i], zh.headings[i]
		if !assert.Equal(t, e.level, z.level, "heading %d: %s is level %d (%q) but its counterpart %s is level %d (%q)",
			i+1, en.at(e.line), e.level, e.text, zh.at(z.line), z.level, z.text) {
			return // one mismatch shifts everything after it: report the first only
		}
	}
}

func compareBlocks(t *testing.T, en, zh *mdDoc) {
	t.Helper()
	assert.Equal(t, len(en.blocks), len(zh.blocks), "%s has %d code blocks but %s has %d",
		en.path, len(en.blocks), zh.path, len(zh.blocks))
	for i := range min(len(en.blocks), len(zh.blocks)) {
		e, z := en.blocks[i], zh.blocks[i]
		if !assert.Equal(t, e.info, z.info, "code block %d: %s is ```%s but %s is ```%s",
			i+1, en.at(e.fenceLine), e.info, zh.at(z.fenceLine), z.info) {
			return
		}
		if !isGo(e.info) {
			continue
		}
		et, zt := goTokens(e.code), goTokens(z.code)
		for j := range max(len(et), len(zt)) {
			if j >= len(et) || j >= len(zt) || et[j].tok != zt[j].tok || et[j].lit != zt[j].lit {
				assert.Failf(t, "Go code differs",
					"Go code in code block %d differs between the languages (only comments may differ): %s has %s, %s has %s",
					i+1, en.at(tokenLine(e, et, j)), describeToken(et, j), zh.at(tokenLine(z, zt, j)), describeToken(zt, j))
				break
			}
		}
	}
}

// goToken is one token of Go code; comments are skipped and every semicolon,
// written or inserted at a line end, has the same (empty) literal.
type goToken struct {
	tok  token.Token
	lit  string
	line int // within the code block, from 1
}

func goTokens(src string) []goToken {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)
	var toks []goToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		if tok == token.SEMICOLON {
			lit = ""
		}
		toks = append(toks, goToken{tok: tok, lit: lit, line: fset.Position(pos).Line})
	}
}

// tokenLine returns the Markdown line of token j of a block (the closing
// fence when the block has fewer tokens).
func tokenLine(b codeBlock, toks []goToken, j int) int {
	if j < len(toks) {
		return b.firstLine + toks[j].line - 1
	}
	return b.firstLine + strings.Count(b.code, "\n")
}

func describeToken(toks []goToken, j int) string {
	if j >= len(toks) {
		return "the end of the block"
	}
	tk := toks[j]
	switch {
	case tk.tok == token.SEMICOLON:
		return "a line end (or ;)"
	case tk.lit != "":
		return fmt.Sprintf("`%s`", tk.lit)
	default:
		return fmt.Sprintf("`%s`", tk.tok)
	}
}

// courseLinks returns the distinct link targets of a document that point into
// exercises/ or solutions/, resolved against the workbook root.
func courseLinks(root string, d *mdDoc) []string {
	var out []string
	for _, l := range d.links {
		p, ok := localTarget(d, l.target)
		if !ok {
			continue
		}
		if first, _, _ := strings.Cut(p, "/"); (first == "exercises" || first == "solutions") && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// localTarget resolves a link target that points into the workbook (not a
// URL, not an anchor in the same page) to a slash-separated path relative
// to the workbook root, without fragment. ok is false for other targets.
func localTarget(d *mdDoc, target string) (p string, ok bool) {
	if target == "" || strings.HasPrefix(target, "#") || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
		return "", false
	}
	target, _, _ = strings.Cut(target, "#")
	target, _, _ = strings.Cut(target, "?")
	if unescaped, err := url.PathUnescape(target); err == nil {
		target = unescaped
	}
	return path.Clean(path.Join(path.Dir(d.path), target)), true
}

// TestLinksResolve checks that every link into the workbook (in the chapters
// and in book/README.md) points at a file or folder that exists.
func TestLinksResolve(t *testing.T) {
	b := loadBook(t)
	docs := []*mdDoc{readme(t, b)}
	for _, ch := range b.chapters {
		for _, lang := range ch.Langs {
			docs = append(docs, b.doc(t, ch, lang))
		}
	}
	for _, d := range docs {
		for _, l := range d.links {
			p, ok := localTarget(d, l.target)
			if !ok {
				continue
			}
			if p == ".." || strings.HasPrefix(p, "../") {
				assert.Failf(t, "link leaves the workbook", "%s: link target %q points outside the workbook", d.at(l.line), l.target)
				continue
			}
			if _, err := os.Stat(filepath.Join(b.root, filepath.FromSlash(p))); err != nil {
				assert.Failf(t, "broken link", "%s: link target %q points to %s, which does not exist", d.at(l.line), l.target, p)
			}
		}
	}
}

// readme reads book/README.md; its absence fails the test.
func readme(t *testing.T, b bookFiles) *mdDoc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(b.dir, "README.md"))
	require.NoError(t, err, "book/README.md (the table of contents) cannot be read")
	return parseMarkdown("book/README.md", string(data))
}

// TestReadmeListsEveryChapter checks that book/README.md links to every
// chapter in both languages.
func TestReadmeListsEveryChapter(t *testing.T) {
	b := loadBook(t)
	d := readme(t, b)
	var targets []string
	for _, l := range d.links {
		if p, ok := localTarget(d, l.target); ok {
			targets = append(targets, p)
		}
	}
	for _, ch := range b.chapters {
		for _, lang := range book.Langs() {
			want := path.Join("book", string(lang), ch.File())
			assert.Contains(t, targets, want, "book/README.md has no link to %s (write it as [title](%s/%s))", want, lang, ch.File())
		}
	}
}
