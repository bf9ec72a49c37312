package render

import (
	"fmt"
	"strings"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// tabWidth is how many columns a tab in a code block takes. Go code is
// indented with tabs, which a terminal draws as a jump to the next multiple
// of eight: the width counters see one cell, so tabs are expanded before
// glamour measures anything.
const tabWidth = 4

// Chapter renders a chapter's Markdown to fit width cells. Plain output has
// no escape codes at all.
func Chapter(markdown string, width int, plain bool) (string, error) {
	style := styles.DarkStyle
	if plain {
		style = styles.NoTTYStyle
	}
	// glamour draws a paragraph in its wrap width less a margin of two
	// cells on each side; the text is re-flowed to fit inside that, so that
	// glamour keeps the lines as they are.
	textWidth := max(20, width-4)
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(width),
		glamour.WithPreservedNewLines())
	if err != nil {
		return "", fmt.Errorf("preparing the Markdown renderer: %w", err)
	}
	out, err := r.Render(reflow(expandCodeTabs(markdown), textWidth))
	if err != nil {
		return "", fmt.Errorf("rendering the chapter: %w", err)
	}
	if plain {
		out = ansi.Strip(out)
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		if plain {
			lines[i] = l
		}
		// The last guard of "never wider than the screen": glamour keeps
		// code lines as they are, however long.
		if Width(l) > width {
			lines[i] = Truncate(l, width)
		} else if plain {
			lines[i] = l
		}
	}
	return strings.Join(lines, "\n"), nil
}

// expandCodeTabs replaces tabs inside fenced code blocks with spaces,
// keeping the columns the tabs stood for.
func expandCodeTabs(md string) string {
	lines := strings.Split(md, "\n")
	inFence := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
			continue
		}
		if inFence && strings.Contains(l, "\t") {
			lines[i] = expandTabs(l)
		}
	}
	return strings.Join(lines, "\n")
}

func expandTabs(l string) string {
	var b strings.Builder
	col := 0
	for _, r := range l {
		if r == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += Width(string(r))
	}
	return b.String()
}
