package book_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/book"
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
	// avoidTerms are translations the glossary rules out, with the term to use.
	avoidTerms = map[string]string{
		"协程":   "goroutine",
		"Go 程": "goroutine",
		"恐慌":   "panic",
		"接收连接": "接受连接",
	}
)

// TestChineseStyle checks the typographic rules of the glossary in the
// Chinese chapters (outside code): a space between Chinese and embedded
// English, numbers or code; full-width punctuation in Chinese sentences; and
// none of the translations the glossary rules out.
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
			for bad, good := range avoidTerms {
				if strings.Contains(text, bad) {
					assert.Failf(t, "term not in the glossary", "%s: %q: the glossary says %q", d.at(l.num), bad, good)
				}
			}
		}
	}
}
