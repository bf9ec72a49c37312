package grade

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// canvasProblems checks rows by the rules of Canvas's gradebook import as
// its documentation states them: a header row; the columns Student, ID,
// SIS User ID, SIS Login ID and Section, in that order, before the
// assignments (of the first three, a row needs one to find its learner);
// every other column is an assignment, named "Name (id)" for an existing
// one or by a new name, and holds points. A row whose Student cell says
// "Points Possible" (the export's second row) gives each assignment's
// maximum, a number, and identifies nobody: Canvas's importer reads any
// row whose first cell matches /Points Possible/ so
// (app/models/gradebook_importer.rb, github.com/instructure/canvas-lms).
// Documentation: https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807
func canvasProblems(rows [][]string) []string {
	var bad []string
	if len(rows) == 0 {
		return []string{"no header"}
	}
	h := rows[0]
	if len(h) < len(canvasColumns)+1 || !slices.Equal(h[:len(canvasColumns)], canvasColumns) {
		return []string{"the identifying columns, in Canvas's order, then an assignment"}
	}
	for _, a := range h[len(canvasColumns):] {
		if strings.TrimSpace(a) == "" {
			bad = append(bad, "an assignment column without a name")
		}
	}
	for i, r := range rows[1:] {
		if len(r) != len(h) {
			bad = append(bad, "row "+strconv.Itoa(i+1)+": not as many cells as the header")
			continue
		}
		if strings.Contains(r[0], canvasPointsPossible) {
			if strings.Join(r[1:len(canvasColumns)], "") != "" {
				bad = append(bad, "row "+strconv.Itoa(i+1)+": a Points Possible row that names a learner")
			}
			for _, v := range r[len(canvasColumns):] {
				if p, err := strconv.ParseFloat(v, 64); err != nil || p <= 0 {
					bad = append(bad, "row "+strconv.Itoa(i+1)+": points possible that are not a positive number")
				}
			}
			continue
		}
		if r[0] == "" && r[1] == "" && r[2] == "" {
			bad = append(bad, "row "+strconv.Itoa(i+1)+": no Student, ID or SIS User ID")
		}
		for _, v := range r[len(canvasColumns):] {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				bad = append(bad, "row "+strconv.Itoa(i+1)+": points that are not a number")
			}
		}
	}
	return bad
}

// moodleProblems checks rows by the rules of Moodle's CSV grade import as
// its documentation states them (https://docs.moodle.org/en/Grade_import):
// a header row; one column the import maps to a user field (ID number,
// username or email address), whose values find one learner each; a grade
// column of numbers, mapped to a grade item; a feedback column, mapped to
// its feedback, may follow. Nothing in the file gives a maximum: a value
// above the grade item's own fails the whole import.
func moodleProblems(rows [][]string, idColumn, gradeColumn string) []string {
	if len(rows) == 0 {
		return []string{"no header"}
	}
	id, grade := slices.Index(rows[0], idColumn), slices.Index(rows[0], gradeColumn)
	if id < 0 || !slices.Contains(moodleColumns, idColumn) || grade < 0 {
		return []string{"no identifier or grade column"}
	}
	var bad []string
	seen := map[string]bool{}
	for i, r := range rows[1:] {
		if len(r) != len(rows[0]) {
			bad = append(bad, "row "+strconv.Itoa(i+1)+": not as many cells as the header")
			continue
		}
		if r[id] == "" || seen[r[id]] {
			bad = append(bad, "row "+strconv.Itoa(i+1)+": no learner, or one already graded")
		}
		seen[r[id]] = true
		if _, err := strconv.ParseFloat(r[grade], 64); err != nil {
			bad = append(bad, "row "+strconv.Itoa(i+1)+": a grade that is not a number")
		}
	}
	return bad
}

// readCSV reads a gradebook file: UTF-8 with a byte-order mark.
func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	require.True(t, strings.HasPrefix(out, utf8BOM), "a byte-order mark")
	require.True(t, utf8.ValidString(out))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, utf8BOM))).ReadAll()
	require.NoError(t, err)
	return rows
}

// TestGradebookRules: the checkers refuse what the imports refuse.
func TestGradebookRules(t *testing.T) {
	good := [][]string{append(slices.Clone(canvasColumns), "Workbook (1234)"), {"Wei, Zhang", "42", "", "zw1", "A", "38"}}
	assert.Empty(t, canvasProblems(good))
	for name, rows := range map[string][][]string{
		"another order":       {{"ID", "Student", "SIS User ID", "SIS Login ID", "Section", "W"}, {"42", "x", "", "", "", "1"}},
		"no assignment":       {slices.Clone(canvasColumns), {"x", "42", "", "", ""}},
		"nobody":              {append(slices.Clone(canvasColumns), "W"), {"", "", "", "zw1", "A", "1"}},
		"points as text":      {append(slices.Clone(canvasColumns), "W"), {"x", "42", "", "", "", "38/69"}},
		"a short row":         {append(slices.Clone(canvasColumns), "W"), {"x", "42"}},
		"a nameless column":   {append(slices.Clone(canvasColumns), ""), {"x", "42", "", "", "", "1"}},
		"no maximum":          {append(slices.Clone(canvasColumns), "W"), {"Points Possible", "", "", "", "", ""}},
		"a learner's maximum": {append(slices.Clone(canvasColumns), "W"), {"Points Possible", "42", "", "", "", "10"}},
	} {
		assert.NotEmpty(t, canvasProblems(rows), name)
	}
	mgood := [][]string{{"Email address", "W", "W — Feedback"}, {"a@x.edu", "38", "01_echo: 9/11"}}
	assert.Empty(t, moodleProblems(mgood, "Email address", "W"))
	for name, rows := range map[string][][]string{
		"twice":          {{"Email address", "W"}, {"a@x.edu", "1"}, {"a@x.edu", "2"}},
		"nobody":         {{"Email address", "W"}, {"", "1"}},
		"grade as text":  {{"Email address", "W"}, {"a@x.edu", "n/a"}},
		"not a user key": {{"Name", "W"}, {"Alice", "1"}},
	} {
		id := rows[0][0]
		assert.NotEmpty(t, moodleProblems(rows, id, "W"), name)
	}
}

// TestGradebooks grades a roster's class by hand (three learners, one
// with a comma and Chinese in the name), writes each gradebook through
// --out as Command does, and checks it by its LMS's rules.
func TestGradebooks(t *testing.T) {
	rep := handReport(t, i18n.Zh)
	first := rep.Submissions[0]
	for _, name := range []string{"bob", "carol.zip"} {
		s := *first
		s.Path, s.name = filepath.Join("class", name), name
		rep.Submissions = append(rep.Submissions, &s)
	}
	rep.Submissions[1].Score = 0
	roster := filepath.Join(t.TempDir(), "roster.csv")
	// Canvas's export, with its "Points Possible" row and another
	// assignment, and a submission column added; the BOM Excel leaves.
	require.NoError(t, os.WriteFile(roster, []byte(utf8BOM+
		"Student,ID,SIS User ID,SIS Login ID,Section,Essay (77),Email address,submission\r\n"+
		"    Points Possible,,,,,10,,\r\n"+
		"\"张伟, Zhang Wei\",101,s101,zw,Go 1,8,wei@example.edu,\"dan, o\"\"neil é\"\r\n"+
		"Bob,102,,bob,Go 1,7,bob@example.edu,bob\r\n"+
		"Carol,103,s103,carol,Go 2,,carol@example.edu,carol\r\n"), 0o644))
	paths := []string{first.Path, "class/bob", "class/carol.zip"}

	for _, f := range []string{"canvas", "moodle"} {
		t.Run(f, func(t *testing.T) {
			book, err := readRoster(roster, f, "Workbook (1234)", paths)
			require.NoError(t, err)
			rep.gradebook = book
			dir := t.TempDir()
			require.NoError(t, writeReport(rep, f, dir, &bytes.Buffer{}))
			data, err := os.ReadFile(filepath.Join(dir, "grades."+f+".csv"))
			require.NoError(t, err)
			rows := readCSV(t, string(data))
			if f == "canvas" {
				require.Len(t, rows, 5, "a header, the Points Possible row and a row per submission")
				assert.Empty(t, canvasProblems(rows))
				assert.Equal(t, []string{"Points Possible", "", "", "", "", strconv.Itoa(first.MaxScore)}, rows[1],
					"the course's total as the assignment's maximum, which a new assignment takes")
				assert.Equal(t, []string{"张伟, Zhang Wei", "101", "s101", "zw", "Go 1", strconv.Itoa(first.Score)}, rows[2])
				assert.Equal(t, []string{"Bob", "102", "", "bob", "Go 1", "0"}, rows[3])
				assert.Equal(t, "Workbook (1234)", rows[0][5])
				return
			}
			// Moodle has no row for the maximum: the grade item's own
			// maximum bounds what the import takes, and every row after
			// the header is a learner's.
			require.Len(t, rows, 4, "a header and a row per submission")
			assert.Empty(t, moodleProblems(rows, "Email address", "Workbook (1234)"))
			assert.Equal(t, []string{"Email address", "Workbook (1234)", "Workbook (1234) — 反馈"}, rows[0])
			assert.Equal(t, "wei@example.edu", rows[1][0])
			assert.Contains(t, rows[1][2], "01_sum：", "the feedback says where the points went, in the grading's language")
		})
	}

	for _, c := range []struct{ name, roster, format, en, zh string }{
		{"no submission column", "Student,ID\nBob,102\n", "canvas", `has no column "submission"`, `没有 "submission" 列`},
		{"no identifier for Canvas", "submission,Email address\nbob,b@x\n", "canvas", "has none of the columns Student, ID, SIS User ID", "没有 Canvas 用来识别学习者的任何一列"},
		{"no identifier for Moodle", "submission,Student\nbob,Bob\n", "moodle", "has none of the columns ID number, Username, Email address", "没有 Moodle"},
		{"a learner twice", "submission,ID\nbob,1\nbob,2\n", "canvas", "names the submission bob twice", "出现了两次"},
		{"a learner without an identifier", "submission,ID,Student\nbob,,\n", "canvas", "gives no Student, ID, SIS User ID for the submission class/bob", "没有给出提交 class/bob 的"},
		{"a submission not on the roster", "submission,ID\ncarol,3\n", "canvas", "has no row for the submission(s) class/bob", "class/bob"},
		{"not CSV", "submission,ID\n\"bob,1\n", "canvas", "cannot read the roster", "无法读取名单"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "roster.csv")
			require.NoError(t, os.WriteFile(p, []byte(c.roster), 0o644))
			_, err := readRoster(p, c.format, "", []string{"class/bob"})
			require.Error(t, err)
			text := err.(i18n.Texter).Text()
			assert.Contains(t, text.En, c.en)
			assert.Contains(t, text.Zh, c.zh)
		})
	}
}

// rosterOf is a roster for rep's submissions: learner i has ID i and an
// email address, for the tests that render every format.
func rosterOf(rep *report) *gradebook {
	g := &gradebook{columns: []string{"Student", "ID", "Email address"}, rows: map[string][]string{}, assignment: defaultAssignment}
	for i, s := range rep.Submissions {
		g.rows[s.Path] = []string{"learner " + strconv.Itoa(i), strconv.Itoa(i), "l" + strconv.Itoa(i) + "@example.edu"}
	}
	return g
}
