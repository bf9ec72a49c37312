// Package render draws the workbook's screens as text: the progress, a
// verdict, a chapter, and the layouts that put them side by side or one
// above the other. Every function takes the width it may use and never
// returns a line wider than that, but for a chapter's code lines, which are
// never broken (the screen scrolls sideways, the pager or the terminal
// cuts); in plain mode nothing carries an escape code.
//
// It draws what it is given and nothing else: it reads no file, keeps no
// state and decides nothing about the learner (progress does that); the
// chapters arrive as Markdown, the verdicts as gotest reported them.
package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is the number of terminal cells s takes (wide characters count two,
// escape codes nothing).
func Width(s string) int { return ansi.StringWidth(s) }

// Wrap breaks s into lines of at most width cells: at spaces where it can,
// between any two wide (CJK) characters, and inside a word only when the word
// alone is wider than a line. Existing newlines are kept.
func Wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, width)...)
	}
	return out
}

func wrapLine(s string, width int) []string {
	if Width(s) <= width {
		return []string{s}
	}
	var lines []string
	var line strings.Builder
	lineW := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineW = 0
	}
	for _, tok := range tokens(s, width) {
		w := Width(tok)
		if tok == " " && lineW == 0 {
			continue // no line starts with the space it was broken at
		}
		if lineW+w > width && lineW > 0 {
			flush()
			if tok == " " {
				continue
			}
		}
		for w > width { // a single token wider than a line
			head, rest := splitPath(tok, width)
			line.WriteString(head)
			flush()
			tok, w = rest, Width(rest)
		}
		line.WriteString(tok)
		lineW += w
	}
	if line.Len() > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// tokens splits s into words, single spaces and single wide characters, so
// that a line may break between any two of them. A code span (`go test`) or
// a Markdown link ([text](url)) is one word: breaking inside either would
// change what it says. So is a double-quoted string that fits in width
// cells, as a verdict quotes the bytes a test expected and got: broken at
// one of its spaces, it no longer shows whether that space is there.
func tokens(s string, width int) []string {
	var toks []string
	var word strings.Builder
	end := func() {
		if word.Len() > 0 {
			toks = append(toks, word.String())
			word.Reset()
		}
	}
	for i := 0; i < len(s); {
		n := atomicSpan(s[i:])
		if n == 0 && word.Len() == 0 {
			n = quoted(s[i:], width) // an opening quote starts a word (5" is no quote)
		}
		if n > 0 {
			word.WriteString(s[i : i+n])
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == ' ':
			end()
			toks = append(toks, " ")
		case isWide(r):
			end()
			toks = append(toks, string(r))
		default:
			word.WriteRune(r)
		}
		i += size
	}
	end()
	// Chinese closing punctuation must not start a line, nor an opening
	// bracket end one: glue each to its neighbour.
	var glued []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if isOpeningPunct(t) && i+1 < len(toks) && toks[i+1] != " " {
			toks[i+1] = t + toks[i+1]
			continue
		}
		if len(glued) > 0 && isClosingPunct(t) && glued[len(glued)-1] != " " {
			glued[len(glued)-1] += t
			continue
		}
		glued = append(glued, t)
	}
	return glued
}

// atomicSpan is the length of the code span or link that s starts with, or 0.
func atomicSpan(s string) int {
	switch {
	case strings.HasPrefix(s, "`"):
		if end := strings.IndexByte(s[1:], '`'); end >= 0 {
			return end + 2
		}
	case strings.HasPrefix(s, "["):
		closeText := strings.Index(s, "](")
		if closeText < 0 || strings.ContainsAny(s[:closeText], "\n") {
			return 0
		}
		if closeURL := strings.IndexByte(s[closeText:], ')'); closeURL >= 0 {
			return closeText + closeURL + 1
		}
	}
	return 0
}

// quoted is the length of the double-quoted string s starts with, its
// escapes (\") skipped, when it is at most width cells wide; else 0.
func quoted(s string, width int) int {
	if !strings.HasPrefix(s, `"`) {
		return 0
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			if Width(s[:i+1]) > width {
				return 0
			}
			return i + 1
		}
	}
	return 0
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

func isOpeningPunct(t string) bool {
	return len([]rune(t)) == 1 && strings.ContainsRune("（「『【《〈“‘", []rune(t)[0])
}

func isClosingPunct(t string) bool {
	return len([]rune(t)) == 1 && strings.ContainsRune("，。、；：？！）」』】》〉", []rune(t)[0])
}

// splitPath cuts a token wider than a line after at most width cells: a
// path or URL after a slash, so that its parts (and a file:line) stay
// whole; anything else, or a part that is alone wider than the line,
// where the line ends.
func splitPath(s string, width int) (string, string) {
	head, rest := splitAt(s, width)
	if i := strings.LastIndexByte(head, '/'); i > 0 && rest != "" {
		return s[:i+1], s[i+1:]
	}
	return head, rest
}

// splitAt cuts s after at most width cells.
func splitAt(s string, width int) (string, string) {
	w := 0
	for i, r := range s {
		rw := Width(string(r))
		if w+rw > width {
			return s[:i], s[i:]
		}
		w += rw
	}
	return s, ""
}

// Indent prefixes every line of lines with prefix.
func Indent(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = prefix + l
	}
	return out
}

func pad(s string, width int) string {
	if w := Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// Truncate cuts s to at most width cells, ending in "…" when cut.
func Truncate(s string, width int) string { return ansi.Truncate(s, width, "…") }
