package render

import "strings"

// Side-by-side needs room for a verdict's lines in the panel (a failure
// line with its file:line is about 70 cells) and for readable prose beside
// it; below that the two are stacked, each the whole width.
const (
	minPanel     = 70  // the panel beside the chapter gets this first
	minSideProse = 60  // the narrowest chapter beside the panel
	maxSideProse = 110 // the chapter beside the panel is no wider than this; the panel gets the rest
	maxReadable  = 100 // a stacked chapter is no wider than this
	minBothCol   = 60  // each language's column when both are side by side
	columnDivide = " │ "
)

// Split is how a screen width cells wide is shared between the chapter
// and the panel, for every screen that shows both: side by side when wide
// (chapter on the left, the columns' divider between), else each the
// whole width, one above the other.
func Split(width int) (wide bool, chapterW, panelW int) {
	if width < minPanel+Width(columnDivide)+minSideProse {
		return false, width, width
	}
	panelW = max(minPanel, width-Width(columnDivide)-maxSideProse)
	return true, width - panelW - Width(columnDivide), panelW
}

// Page is a panel (progress, verdict) and a chapter to show with it.
type Page struct {
	// Panel renders the panel to fit width cells.
	Panel func(width int) string
	// Chapter is the chapter's Markdown, once per language to show (one
	// for en or zh, two for both); none for a page without a chapter.
	Chapter []string
	Plain   bool // no escape codes in the chapter
}

// Layout draws the page in width cells: side by side when the screen is
// wide, the panel above the chapter when it is narrow.
func Layout(p Page, width int) (string, error) {
	if wide, chapterW, panelW := Split(width); wide && len(p.Chapter) > 0 {
		chapter, err := chapters(p.Chapter, chapterW, p.Plain)
		if err != nil {
			return "", err
		}
		return Columns(strings.Split(chapter, "\n"), strings.Split(p.Panel(panelW), "\n"), chapterW), nil
	}
	parts := []string{p.Panel(width)}
	if len(p.Chapter) > 0 {
		chapter, err := chapters(p.Chapter, min(width, maxReadable), p.Plain)
		if err != nil {
			return "", err
		}
		parts = append(parts, strings.Repeat("─", min(width, maxReadable)), chapter)
	}
	return strings.Join(parts, "\n\n"), nil
}

// Chapters renders a chapter alone, given its Markdown once per language,
// in width cells (at most a readable width for one language).
func Chapters(markdown []string, width int, plain bool) (string, error) {
	if len(markdown) == 1 {
		width = min(width, maxReadable)
	}
	return chapters(markdown, width, plain)
}

// chapters renders one chapter per language: side by side when each gets
// enough room, else one after the other.
func chapters(markdown []string, width int, plain bool) (string, error) {
	side := len(markdown) == 2 && width >= 2*minBothCol+Width(columnDivide)
	colW := width
	if side {
		colW = (width - Width(columnDivide)) / 2
	}
	var out []string
	for _, md := range markdown {
		s, err := Chapter(md, colW, plain)
		if err != nil {
			return "", err
		}
		out = append(out, s)
	}
	if side {
		return Columns(strings.Split(out[0], "\n"), strings.Split(out[1], "\n"), colW), nil
	}
	return strings.Join(out, "\n\n"+strings.Repeat("─", width)+"\n\n"), nil
}

// Columns puts left (padded or cut to leftW cells) and right side by side.
// A left line is cut, not wrapped, when wider: only a chapter's code lines
// are, and the columns stay straight.
func Columns(left, right []string, leftW int) string {
	n := max(len(left), len(right))
	lines := make([]string, n)
	for i := range n {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		if Width(l) > leftW {
			l = Truncate(l, leftW)
		}
		lines[i] = strings.TrimRight(pad(l, leftW)+columnDivide+r, " ")
	}
	return strings.Join(lines, "\n")
}
