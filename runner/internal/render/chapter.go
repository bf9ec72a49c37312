package render

import (
	"regexp"
	"strconv"
	"strings"

	"charm.land/glamour/v2"
	glamouransi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// tabWidth is how many columns a tab in a code block takes. Go code is
// indented with tabs, which a terminal draws as a jump to the next multiple
// of eight: the width counters see one cell, so tabs are expanded before
// glamour measures anything.
const tabWidth = 4

// plainStyle is glamour's ASCII style without the Markdown it keeps:
// piped, NO_COLOR and TERM=dumb output shows no **, *, ~~, ` or # marks.
var plainStyle = func() glamouransi.StyleConfig {
	st := styles.ASCIIStyleConfig
	for _, p := range []*glamouransi.StylePrimitive{&st.Strong, &st.Emph, &st.Strikethrough, &st.Code.StylePrimitive} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	for _, h := range []*glamouransi.StyleBlock{&st.H1, &st.H2, &st.H3, &st.H4, &st.H5, &st.H6} {
		h.Prefix = ""
	}
	return st
}()

// darkStyle is glamour's dark style with headings drawn as headings, in
// its bold colour, without the Markdown marks ("## ") it puts before every
// level but the first: a chapter reads the same on a terminal as piped,
// and "##" has no place in Chinese typesetting.
var darkStyle = func() glamouransi.StyleConfig {
	st := styles.DarkStyleConfig
	for _, h := range []*glamouransi.StyleBlock{&st.H2, &st.H3, &st.H4, &st.H5, &st.H6} {
		h.Prefix = ""
	}
	return st
}()

// margin is the cells glamour leaves on each side of a chapter's text.
const margin = 2

// Chapter renders a chapter's Markdown to fit width cells, all but the code
// lines wider than that: those stay whole, never broken, for the pager or
// the screen to scroll sideways (a broken line no longer compiles). Plain
// output has no escape codes and no Markdown syntax at all.
func Chapter(markdown string, width int, plain bool) (string, error) {
	return renderMarkdown(markdown, width, plain, msgTheChapter)
}

// Markdown renders a short piece of Markdown (a hint, say) to fit width
// cells, as chapters are rendered, without the chapter's margins.
func Markdown(md string, width int, plain bool) string {
	out, err := renderMarkdown(md, width+2*margin, plain, msgAText)
	if err != nil {
		return strings.Join(Wrap(md, width), "\n")
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, strings.Repeat(" ", margin))
	}
	return strings.Join(lines, "\n")
}

func renderMarkdown(markdown string, width int, plain bool, what i18n.Text) (string, error) {
	style := glamour.WithStyles(darkStyle)
	if plain {
		style = glamour.WithStyles(plainStyle)
	}
	// glamour draws a paragraph in its wrap width less a margin of two
	// cells on each side; the text is re-flowed to fit inside that, so that
	// glamour keeps the lines as they are.
	textWidth := max(20, width-2*margin)
	r, err := glamour.NewTermRenderer(style, glamour.WithWordWrap(width), glamour.WithPreservedNewLines())
	if err != nil {
		return "", i18n.Errorf(msgRenderer, err)
	}
	md, long := holdLongCode(reflow(prepare(markdown, plain), textWidth), textWidth-codeSlack)
	out, err := r.Render(md)
	if err != nil {
		return "", i18n.Errorf(msgRendering, what, err)
	}
	if plain {
		out = ansi.Strip(out)
	}
	out = hangListItems(out)
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		if plain {
			// Table cells keep a code literal's spaces as no-break
			// spaces (see padCodeColumns); copied text wants plain ones.
			l = strings.ReplaceAll(l, nbsp, " ")
		}
		lines[i] = restoreLongCode(l, long)
	}
	return strings.Join(lines, "\n"), nil
}

// codeSlack is the cells glamour indents a code block by, inside the
// chapter's margin, with room to spare.
const codeSlack = 4

// holdPrefix starts the stand-in for a code line too wide for the screen:
// an identifier chroma colours as one token and glamour does not break.
const holdPrefix = "WBHELDCODELINE"

// holdLongCode replaces each code line wider than width cells with a short
// stand-in, keeping its indent: glamour hard-wraps code lines to its width,
// which splits string literals and makes copied code fail to compile. The
// lines come back whole in restoreLongCode, and the screen scrolls sideways
// or the terminal cuts them, as with a solution.
func holdLongCode(md string, width int) (string, []string) {
	lines := strings.Split(md, "\n")
	var long []string
	inFence := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "```"):
			inFence = !inFence
		case inFence && Width(l) > width:
			body := strings.TrimLeft(l, " ")
			lines[i] = l[:len(l)-len(body)] + holdPrefix + strconv.Itoa(len(long))
			long = append(long, body)
		}
	}
	return strings.Join(lines, "\n"), long
}

// heldLine finds a stand-in and its number.
var heldLine = regexp.MustCompile(holdPrefix + `([0-9]+)`)

// restoreLongCode puts back the code lines holdLongCode stood in for.
func restoreLongCode(l string, long []string) string {
	if len(long) == 0 || !strings.Contains(l, holdPrefix) {
		return l
	}
	return heldLine.ReplaceAllStringFunc(l, func(m string) string {
		n, err := strconv.Atoi(m[len(holdPrefix):])
		if err != nil || n >= len(long) {
			return m
		}
		return long[n]
	})
}

// link is a Markdown link: its text and its target.
var link = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)

// prepare readies Markdown for glamour, line by line. Inside fenced code,
// tabs become the spaces they stand for (see tabWidth). Outside it, a link
// to a file of the workbook (a relative target) becomes its text, and a
// link whose text is its target the target alone: glamour prints a link as
// its text and then its target, which in a terminal says the same thing
// twice.
func prepare(md string, plain bool) string {
	lines := padCodeColumns(strings.Split(md, "\n"), plain)
	inFence := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "```"):
			inFence = !inFence
		case inFence:
			lines[i] = expandTabs(l)
		case strings.Contains(l, "]("):
			// Code spans sit at the odd indexes once split at backticks.
			parts := strings.Split(l, "`")
			for j := 0; j < len(parts); j += 2 {
				parts[j] = link.ReplaceAllStringFunc(parts[j], func(m string) string {
					sub := link.FindStringSubmatch(m)
					text, target := sub[1], sub[2]
					if text == target || !strings.Contains(target, "://") && !strings.HasPrefix(target, "mailto:") {
						return text
					}
					return m
				})
			}
			lines[i] = strings.Join(parts, "`")
		}
	}
	return strings.Join(lines, "\n")
}

// nbsp is the no-break space, which no wrapper breaks a line at.
const nbsp = "\u00a0"

// listMarker is the start of a list item as glamour draws it.
var listMarker = regexp.MustCompile(`^( *)(• |[0-9]+\. )`)

// hangListItems indents the lines that continue a list item under its
// text, where glamour puts them under its marker.
func hangListItems(out string) string {
	lines := strings.Split(out, "\n")
	indent, hang := -1, ""
	for i, l := range lines {
		plainLine := ansi.Strip(l)
		if m := listMarker.FindStringSubmatch(plainLine); m != nil {
			indent, hang = len(m[1]), strings.Repeat(" ", Width(m[2]))
			continue
		}
		trimmed := strings.TrimLeft(plainLine, " ")
		if trimmed == "" {
			indent = -1
			continue
		}
		if indent >= 0 && len(plainLine)-len(trimmed) == indent {
			lines[i] = hang + l
		}
	}
	return strings.Join(lines, "\n")
}

// expandTabs replaces a line's tabs with the spaces they stand for.
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
