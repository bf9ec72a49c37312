package grade

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The gradebook formats write the CSV an LMS's grade import reads: one row
// per learner, the columns that identify the learner in the LMS, then the
// points. Who a submission is comes from the roster (--roster), a CSV file
// the instructor keeps: a column "submission" names each learner's
// submission (its folder, or its path as given to grade), and the other
// columns hold the LMS's own identifiers under the LMS's own names, as its
// gradebook export writes them. An export of the LMS's gradebook with a
// submission column added is a roster.

// rosterSubmission is the roster's column that names the submission.
const rosterSubmission = "submission"

// defaultAssignment is the gradebook's points column without --assignment.
const defaultAssignment = "Workbook"

// canvasColumns are the columns Canvas's gradebook import identifies a
// learner by, in the order its export writes them; an assignment column
// follows. Any other column would be read as an assignment, so there is
// none.
var canvasColumns = []string{"Student", "ID", "SIS User ID", "SIS Login ID", "Section"}

// canvasIdentifying are those of canvasColumns of which a row needs one.
var canvasIdentifying = []string{"Student", "ID", "SIS User ID"}

// moodleColumns are the user fields Moodle's CSV grade import can map a
// column to (ID number, username, email address), under the names of its
// gradebook export.
var moodleColumns = []string{"ID number", "Username", "Email address"}

// gradebook is the roster and the points column for the gradebook formats.
type gradebook struct {
	columns    []string            // the roster's, but submission
	rows       map[string][]string // submission -> its values of columns
	assignment string
}

var (
	msgRosterRead      = i18n.Text{En: "cannot read the roster %s: %v", Zh: "无法读取名单 %s：%v"}
	msgRosterNoColumn  = i18n.Text{En: "the roster %s has no column %q: add one that names each learner's submission folder", Zh: "名单 %s 中没有 %q 列：请添加一列，写明每位学习者的提交文件夹"}
	msgRosterNoID      = i18n.Text{En: "the roster %s has none of the columns %s by which %s identifies a learner: add one, as %s's gradebook export names it", Zh: "名单 %s 中没有 %[3]s 用来识别学习者的任何一列（%[2]s）：请按 %[4]s 成绩册导出文件中的列名添加一列"}
	msgRosterRowNoID   = i18n.Text{En: "the roster %s gives no %s for the submission %s", Zh: "名单 %s 没有给出提交 %[3]s 的 %[2]s"}
	msgRosterDuplicate = i18n.Text{En: "the roster %s names the submission %s twice", Zh: "名单 %s 中提交 %s 出现了两次"}
	msgRosterMissing   = i18n.Text{En: "the roster %s has no row for the submission(s) %s: add them, or grade them apart", Zh: "名单 %s 中没有以下提交对应的行：%s；请补上，或将它们另行评分"}
	msgRosterNeeded    = i18n.Text{En: "--format %s writes an LMS gradebook: give --roster FILE, a CSV file that maps each submission to the learner's identifiers (the README says how)", Zh: "--format %s 生成 LMS 成绩册：请用 --roster FILE 给出一个 CSV 文件，把每份提交对应到学习者的标识（README 中有说明）"}
	msgRosterNotNeeded = i18n.Text{En: "--roster and --assignment are for the gradebook formats (canvas, moodle), not --format %s", Zh: "--roster 和 --assignment 只用于成绩册格式（canvas、moodle），不能用于 --format %s"}
	lblMoodleFeedback  = i18n.Text{En: "Feedback", Zh: "反馈"}
	lblMoodleExercise  = i18n.Text{En: "%s: %d/%d", Zh: "%s：%d/%d"}
)

// readRoster reads the roster at path for the gradebook format called
// format and checks it against the submissions about to be graded:
// every submission has one row, and each row identifies its learner as
// the LMS needs.
func readRoster(path, format, assignment string, submissions []string) (*gradebook, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf(msgRosterRead, path, err)
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, i18n.Errorf(msgRosterRead, path, err)
	}
	if len(records) == 0 {
		return nil, i18n.Errorf(msgRosterNoColumn, path, rosterSubmission)
	}
	header := records[0]
	sub := slices.IndexFunc(header, func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), rosterSubmission) })
	if sub < 0 {
		return nil, i18n.Errorf(msgRosterNoColumn, path, rosterSubmission)
	}
	g := &gradebook{rows: map[string][]string{}, assignment: assignment}
	if g.assignment == "" {
		g.assignment = defaultAssignment
	}
	var keep []int
	for i, h := range header {
		if i != sub {
			g.columns = append(g.columns, strings.TrimSpace(h))
			keep = append(keep, i)
		}
	}
	lms, ids := "Canvas", canvasIdentifying
	if format == "moodle" {
		lms, ids = "Moodle", moodleColumns
	}
	if !slices.ContainsFunc(ids, func(c string) bool { return g.column(c) >= 0 }) {
		return nil, i18n.Errorf(msgRosterNoID, path, strings.Join(ids, ", "), lms, lms)
	}
	for _, rec := range records[1:] {
		if sub >= len(rec) || strings.TrimSpace(rec[sub]) == "" {
			continue // a blank line, or Canvas's "Points Possible" row
		}
		key := strings.TrimSpace(rec[sub])
		if _, dup := g.rows[key]; dup {
			return nil, i18n.Errorf(msgRosterDuplicate, path, key)
		}
		vals := make([]string, len(keep))
		for j, i := range keep {
			if i < len(rec) {
				vals[j] = strings.TrimSpace(rec[i])
			}
		}
		g.rows[key] = vals
	}
	var missing []string
	for _, s := range submissions {
		vals, ok := g.row(s)
		if !ok {
			missing = append(missing, s)
			continue
		}
		if !slices.ContainsFunc(ids, func(c string) bool { i := g.column(c); return i >= 0 && vals[i] != "" }) {
			return nil, i18n.Errorf(msgRosterRowNoID, path, strings.Join(ids, ", "), s)
		}
	}
	if len(missing) > 0 {
		return nil, i18n.Errorf(msgRosterMissing, path, strings.Join(missing, ", "))
	}
	return g, nil
}

// column is the index in g.columns of the column called name (its case
// aside), or -1.
func (g *gradebook) column(name string) int {
	return slices.IndexFunc(g.columns, func(c string) bool { return strings.EqualFold(c, name) })
}

// row is the roster's row for the submission at path: the one whose
// submission is the path as given, or its folder's name, or that name
// without .zip.
func (g *gradebook) row(path string) ([]string, bool) {
	base := filepath.Base(filepath.Clean(path))
	for _, k := range []string{path, filepath.Clean(path), base, strings.TrimSuffix(base, ".zip")} {
		if v, ok := g.rows[k]; ok {
			return v, true
		}
	}
	return nil, false
}

// values are the roster's values of columns for the submission at path,
// "" for a column the roster does not have.
func (g *gradebook) values(path string, columns []string) []string {
	vals, _ := g.row(path)
	out := make([]string, len(columns))
	for i, c := range columns {
		if j := g.column(c); j >= 0 {
			out[i] = vals[j]
		}
	}
	return out
}

// errNoRoster is what the gradebook formats say when no roster was read
// (Command reads it before grading; this is for a caller that did not).
var errNoRoster = i18n.NewError(msgNoRoster)

// canvasPointsPossible opens the row of Canvas's export that gives each
// assignment's maximum, in the Student column.
const canvasPointsPossible = "Points Possible"

// renderCanvas writes what Canvas's "Import" of its gradebook reads: the
// columns Student, ID, SIS User ID, SIS Login ID and Section, from the
// roster, then one assignment column whose header is --assignment (an
// existing assignment's "Name (id)", as Canvas's export heads it, or a new
// name, which makes Canvas create the assignment), holding the points.
// The row after the header is the export's "Points Possible" row with the
// course's total: Canvas's importer (app/models/gradebook_importer.rb in
// github.com/instructure/canvas-lms: a row whose first cell matches
// /Points Possible/ sets each assignment's points_possible from it), so
// that a new assignment is created with the course's total as its maximum.
func renderCanvas(w io.Writer, rep *report, subs []*subReport) error {
	g := rep.gradebook
	if g == nil {
		return errNoRoster
	}
	rows := [][]string{append(slices.Clone(canvasColumns), g.assignment)}
	if len(subs) > 0 {
		total := 0
		for _, s := range subs {
			total = max(total, s.MaxScore)
		}
		pp := make([]string, len(canvasColumns), len(canvasColumns)+1)
		pp[0] = canvasPointsPossible
		rows = append(rows, append(pp, strconv.Itoa(total)))
	}
	for _, s := range subs {
		rows = append(rows, append(g.values(s.Path, canvasColumns), strconv.Itoa(s.Score)))
	}
	return writeCSV(w, rows)
}

// renderMoodle writes what Moodle's "CSV file" grade import reads: the
// roster's identifying columns (ID number, Username, Email address: the
// import maps one of them to the learner), a points column headed
// --assignment (mapped to a grade item, or to a new one), and a feedback
// column (mapped to that item's feedback) that gives each exercise's
// points and why it lost any.
func renderMoodle(w io.Writer, rep *report, subs []*subReport) error {
	g := rep.gradebook
	if g == nil {
		return errNoRoster
	}
	lang := rep.lang
	ids := slices.DeleteFunc(slices.Clone(moodleColumns), func(c string) bool { return g.column(c) < 0 })
	rows := [][]string{append(slices.Clone(ids), g.assignment, g.assignment+" — "+lblMoodleFeedback.In(lang))}
	for _, s := range subs {
		row := g.values(s.Path, ids)
		var feedback []string
		for _, e := range s.Exercises {
			line := lblMoodleExercise.Sprintf(e.Dir, e.Score, e.MaxScore).In(lang)
			if e.Reason != "" {
				line = lblStatusReason.Sprintf(line, e.Reason).In(lang)
			}
			feedback = append(feedback, line)
		}
		rows = append(rows, append(row, strconv.Itoa(s.Score), csvSafe(strings.Join(feedback, "\n"))))
	}
	return writeCSV(w, rows)
}
