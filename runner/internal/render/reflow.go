package render

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	listItem   = regexp.MustCompile(`^(\s*)([-*+]|[0-9]+[.)])\s+`)
	blockQuote = regexp.MustCompile(`^(\s*>\s?)`)
)

// reflow re-wraps the Markdown's paragraphs, list items and block quotes to
// width cells, breaking between Chinese characters as well as at spaces.
// glamour, told to keep newlines, then lays the text out as given: its own
// wrapping breaks only at spaces, which leaves a ragged short line before
// every long run of Chinese. Code blocks, tables, headings and thematic
// breaks are left as they are. The source is never wider than what glamour
// draws from it (backticks, emphasis and link syntax only shrink), so glamour
// finds nothing more to wrap.
func reflow(md string, width int) string {
	lines := strings.Split(md, "\n")
	var out []string
	for i := 0; i < len(lines); {
		l := lines[i]
		trimmed := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(trimmed, "```"):
			out = append(out, l)
			for i++; i < len(lines); i++ {
				out = append(out, lines[i])
				if strings.HasPrefix(strings.TrimSpace(lines[i]), "```") {
					i++
					break
				}
			}
			continue
		case trimmed == "", strings.HasPrefix(trimmed, "#"), strings.HasPrefix(trimmed, "|"),
			trimmed == "---", trimmed == "***":
			out = append(out, l)
			i++
			continue
		}
		// A paragraph: this line and the ones that continue it.
		prefix, rest := splitPrefix(l)
		text := []string{strings.TrimSpace(rest)}
		for i++; i < len(lines) && continues(lines[i]); i++ {
			_, r := splitPrefix(lines[i])
			if !blockQuote.MatchString(prefix) {
				r = lines[i]
			}
			text = append(text, strings.TrimSpace(r))
		}
		out = append(out, wrapBlock(prefix, joinLines(text), width)...)
	}
	return strings.Join(out, "\n")
}

// continues reports whether l goes on with the paragraph above it.
func continues(l string) bool {
	t := strings.TrimSpace(l)
	return t != "" && !strings.HasPrefix(t, "```") && !strings.HasPrefix(t, "#") &&
		!strings.HasPrefix(t, "|") && !listItem.MatchString(l)
}

// splitPrefix separates a list marker or quote marker (with its
// indentation) from the text after it.
func splitPrefix(l string) (prefix, rest string) {
	if m := listItem.FindString(l); m != "" {
		return m, l[len(m):]
	}
	if m := blockQuote.FindString(l); m != "" {
		return m, l[len(m):]
	}
	return "", l
}

// joinLines joins a paragraph's source lines: with a space, except between
// two Chinese characters, where a line break means nothing.
func joinLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(l)
			if !(isWide(prev) && isWide(next)) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// wrapBlock wraps text behind prefix: quote prefixes repeat on every line,
// list markers are followed by a hanging indent of their width.
func wrapBlock(prefix, text string, width int) []string {
	// glamour indents list items and quotes a little more than their
	// source prefix; two cells of slack keep its lines within width.
	slack := 0
	if prefix != "" {
		slack = 2
	}
	next := strings.Repeat(" ", Width(prefix))
	if blockQuote.MatchString(prefix) {
		next = prefix
	}
	return wrapIndent(text, max(10, width-Width(prefix)-slack)+Width(prefix), prefix, next)
}
