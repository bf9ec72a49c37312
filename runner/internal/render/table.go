package render

import (
	"regexp"
	"strings"
)

// padCodeColumns pads, in each table, every cell of a column of code
// literals to the column's widest, with no-break spaces, and joins each
// literal's words with them too: a wrapper breaks a cell at its spaces, and
// "-ERR syntax error\r\n" cut in two no longer says what the bytes are.
// glamour shrinks a table too wide for the screen column by column, but
// never a column below its narrowest cell: a column whose cells are all as
// wide as its widest literal keeps every literal on one line, and the
// prose beside it wraps instead. Styled code spans take two cells more
// than their text.
func padCodeColumns(lines []string, plain bool) []string {
	codePad := 2
	if plain {
		codePad = 0
	}
	inFence := false
	for i := 0; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(t, "|") {
			continue
		}
		end := i
		for end < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[end]), "|") {
			end++
		}
		padTable(lines[i:end], codePad)
		i = end
	}
	return lines
}

// padTable pads the code columns of one table's rows in place: the header,
// the delimiter row, then the body.
func padTable(rows []string, codePad int) {
	if len(rows) < 3 {
		return
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = tableCells(r)
	}
	width := func(c string) int {
		if codeCell.MatchString(c) {
			return Width(c) - 2 + codePad
		}
		return Width(c)
	}
	changed := false
	for col := range cells[0] {
		code, widest := true, 0
		for i, row := range cells {
			if i == 1 || col >= len(row) {
				continue
			}
			if i > 1 && row[col] != "" && !codeCell.MatchString(row[col]) {
				code = false
			}
			widest = max(widest, width(row[col]))
		}
		if !code {
			continue
		}
		changed = true
		for i, row := range cells {
			if i != 1 && col < len(row) {
				pad := strings.Repeat(nbsp, widest-width(row[col]))
				row[col] = strings.ReplaceAll(row[col], " ", nbsp) + pad
			}
		}
	}
	if !changed {
		return
	}
	for i, row := range cells {
		if i != 1 {
			rows[i] = "| " + strings.Join(row, " | ") + " |"
		}
	}
}

// codeCell is a table cell that is one code span and nothing else.
var codeCell = regexp.MustCompile("^`[^`]+`$")

// tableCells splits a table row at the pipes that are neither inside a
// code span nor escaped, each cell trimmed.
func tableCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var cells []string
	var cell strings.Builder
	inCode := false
	for i := 0; i < len(row); i++ {
		c := row[i]
		switch {
		case c == '`':
			inCode = !inCode
		case c == '\\' && i+1 < len(row) && row[i+1] == '|':
			cell.WriteString(`\|`)
			i++
			continue
		case c == '|' && !inCode:
			cells = append(cells, strings.TrimSpace(cell.String()))
			cell.Reset()
			continue
		}
		cell.WriteByte(c)
	}
	return append(cells, strings.TrimSpace(cell.String()))
}
