package grade

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gospawn/workbook/runner/internal/explain"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// A format is one way of writing the report, as each of gotestsum's
// formatters is one way of writing its event stream: grading knows none of
// them, and every format reads the same report.
type format struct {
	name string
	// write writes the submissions subs of rep to w.
	write func(w io.Writer, rep *report, subs []*subReport) error
	// ext ends the name of the file --out writes for one submission.
	ext string
	// class: --out writes the whole class in one file, grades plus ext.
	class bool
	// single: the format holds one submission, so several need --out.
	single bool
	// gradebook: an LMS's gradebook, which needs --roster.
	gradebook bool
}

// lblNamed is a name (an exercise's folder, a file) and what is said of it,
// with the colon of the language around it.
var lblNamed = i18n.Text{En: "%s: %s", Zh: "%s：%s"}

// named is name and said joined by lblNamed in lang. In both languages,
// said holds the two already: they are joined once, as in English.
func named(lang i18n.Lang, name, said string) string {
	if lang == i18n.Both {
		lang = i18n.En
	}
	return lblNamed.F(lang, name, said)
}

// formats are the report's formats, in the order --help lists them.
var formats = []format{
	{name: "text", ext: ".txt", write: func(w io.Writer, rep *report, subs []*subReport) error {
		renderText(w, rep, subs)
		return nil
	}},
	{name: "json", ext: ".json", write: jsonOf(func(rep *report, subs []*subReport) *report {
		return &report{Submissions: subs, Notes: rep.Notes, NotesText: rep.NotesText,
			CourseCommit: rep.CourseCommit, GraderVersion: rep.GraderVersion}
	})},
	{name: "junit", ext: ".xml", write: func(w io.Writer, rep *report, subs []*subReport) error {
		return renderJUnit(w, rep, subs, time.Now())
	}},
	{name: "exercism", ext: string(filepath.Separator) + "results.json", single: true, write: jsonOf(exercismResults)},
	{name: "csv", ext: ".csv", class: true, write: renderCSV},
	{name: "gradescope", ext: ".gradescope.json", single: true, write: jsonOf(gradescopeResults)},
	{name: "prairielearn", ext: ".prairielearn.json", single: true, write: jsonOf(prairielearnResults)},
	{name: "markdown", ext: ".md", write: renderMarkdown},
	{name: "classroom50", ext: ".classroom50.json", single: true, write: jsonOf(func(_ *report, subs []*subReport) *classroom50Doc {
		return classroom50Results(subs, time.Now(), os.Getenv)
	})},
	{name: "canvas", ext: ".canvas.csv", class: true, gradebook: true, write: renderCanvas},
	{name: "moodle", ext: ".moodle.csv", class: true, gradebook: true, write: renderMoodle},
}

// jsonOf is the writer of a format whose document doc makes, as JSON.
func jsonOf[D any](doc func(*report, []*subReport) D) func(io.Writer, *report, []*subReport) error {
	return func(w io.Writer, rep *report, subs []*subReport) error { return renderJSON(w, doc(rep, subs)) }
}

// formatList is the formats --format names: one, or several separated by
// commas (with --out, a grading written in each: a CI job's summary and
// its JUnit report from one grading). A name of none is text: the command
// line has checked the names against Formats.
func formatList(names string) []format {
	var out []format
	for _, n := range strings.Split(names, ",") {
		i := slices.IndexFunc(formats, func(f format) bool { return f.name == strings.TrimSpace(n) })
		out = append(out, formats[max(i, 0)])
	}
	return out
}

// writeReport writes the report in the formats names asks for (see
// formatList): to w, or with out (--out) one file per submission and format
// (one for the class in a class format) and the text summary to w. It
// writes the report's texts in rep.lang.
func writeReport(rep *report, names, out string, w io.Writer) error {
	rep.localize(rep.lang)
	rep = printableReport(rep)
	fs := formatList(names)
	if out == "" {
		return fs[0].write(w, rep, rep.Submissions)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return i18n.Errorf(msgCreating, out, err)
	}
	written := 0
	write := func(f format, name string, subs []*subReport) error {
		var b bytes.Buffer
		if err := f.write(&b, rep, subs); err != nil {
			return err
		}
		p := filepath.Join(out, name+f.ext)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return i18n.Errorf(msgCreating, filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return i18n.Errorf(msgWritingFile, p, err)
		}
		written++
		return nil
	}
	for _, f := range fs {
		if f.class {
			if err := write(f, "grades", rep.Submissions); err != nil {
				return err
			}
			continue
		}
		for _, s := range rep.Submissions {
			if err := write(f, s.name, []*subReport{s}); err != nil {
				return err
			}
		}
	}
	// What goes to w: the whole text report of a single submission (in a
	// learner's CI job, the log is where its failures and their reasons
	// show), the class summary of several; the grading's notes first.
	renderNotes(w, rep)
	if len(rep.Submissions) == 1 {
		renderSubmissionText(w, rep.Submissions[0], rep.lang)
	} else {
		renderClassSummary(w, rep)
	}
	fmt.Fprintln(w, msgWrote.Sprintf(written, out).In(rep.lang))
	return nil
}

// printableReport is rep with every text a submission could have put in it
// (file and folder names, test output, panic values) made printable: the
// control characters that a terminal or a log viewer would obey (escape
// sequences that clear the screen, set the window's title or write the
// clipboard; a carriage return that rewrites a line; a newline in a name
// that starts a line of its own, a forged score) and the characters that
// reorder text shown (bidirectional controls) are written out as Go
// escapes instead (\x1b, \r, \u202e). Messages keep their newlines and
// tabs; names keep neither. Every format is written from it.
func printableReport(rep *report) *report {
	text := func(t i18n.Text, keepLines bool) i18n.Text {
		return i18n.Text{En: printable(t.En, keepLines), Zh: printable(t.Zh, keepLines)}
	}
	lines := func(ss []string) []string { return mapped(ss, func(s string) string { return printable(s, true) }) }
	texts := func(ts []i18n.Text) []i18n.Text {
		return mapped(ts, func(t i18n.Text) i18n.Text { return text(t, true) })
	}
	ignored := func(list []ignoredJSON) []ignoredJSON {
		return mapped(list, func(ig ignoredJSON) ignoredJSON {
			return ignoredJSON{Path: printable(ig.Path, false), Reason: printable(ig.Reason, true), ReasonText: text(ig.ReasonText, true)}
		})
	}
	r := *rep
	r.Notes, r.NotesText = lines(rep.Notes), texts(rep.NotesText)
	r.CourseCommit, r.GraderVersion = printable(rep.CourseCommit, false), printable(rep.GraderVersion, false)
	r.Submissions = make([]*subReport, len(rep.Submissions))
	for i, s := range rep.Submissions {
		sc := *s
		sc.Path, sc.Notes, sc.NotesText, sc.Ignored = printable(s.Path, false), lines(s.Notes), texts(s.NotesText), ignored(s.Ignored)
		sc.Exercises = make([]*exReport, len(s.Exercises))
		for j, e := range s.Exercises {
			ec := *e
			ec.Message, ec.Notes, ec.Review, ec.Ignored = printable(e.Message, true), lines(e.Notes), lines(e.Review), ignored(e.Ignored)
			ec.MessageText, ec.NotesText, ec.ReviewText = text(e.MessageText, true), texts(e.NotesText), texts(e.ReviewText)
			ec.MessageJSON = share(ec.MessageText, ec.Message)
			ec.Reason, ec.ReasonText = printable(e.Reason, false), text(e.ReasonText, false)
			ec.Tests = make([]*testReport, len(e.Tests))
			for k, t := range e.Tests {
				tc := *t
				tc.Message, tc.MessageText = printable(t.Message, true), text(t.MessageText, true)
				tc.MessageJSON = share(tc.MessageText, tc.Message)
				ec.Tests[k] = &tc
			}
			sc.Exercises[j] = &ec
		}
		r.Submissions[i] = &sc
	}
	return &r
}

// mapped is f of each of xs.
func mapped[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// printable writes out, as Go escapes, the characters of s that are not
// text: control characters (but newlines and tabs when multiLine; a
// carriage return before a newline is dropped), bidirectional controls,
// line and paragraph separators, and bytes that are not UTF-8.
func printable(s string, multiLine bool) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case multiLine && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case multiLine && r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
		case r < 0x80 && (r < 0x20 || r == 0x7f):
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		case r >= 0x80 && r <= 0x9f, r == 0x61c, r == 0x200e, r == 0x200f,
			r >= 0x2028 && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func renderJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return i18n.Errorf(msgWritingJSON, err)
	}
	return nil
}

// nameSubmissions gives each submission a distinct file name for --out,
// from its folder's name (a ZIP's without .zip): the learner's name as it
// is, in any script, with only what a file name cannot hold on Linux,
// macOS or Windows replaced by "_". Names that differ only in case are
// told apart too, for the file systems that do not.
func nameSubmissions(rep *report) {
	used := map[string]int{}
	for _, s := range rep.Submissions {
		abs, err := filepath.Abs(s.Path)
		if err != nil {
			abs = s.Path
		}
		base := filepath.Base(abs)
		if isZip(base) {
			base = strings.TrimSuffix(base, filepath.Ext(base))
		}
		base = safeFileName(base)
		if base == "" {
			base = "submission"
		}
		name := base
		for used[strings.ToLower(name)] > 0 {
			used[strings.ToLower(base)]++
			name = base + "-" + strconv.Itoa(used[strings.ToLower(base)])
		}
		used[strings.ToLower(name)]++
		s.name = name
	}
}

// maxFileName bounds a file name stem, in bytes (file systems allow 255).
const maxFileName = 120

// safeFileName is name with the characters no file name should hold
// replaced by "_": path separators, what Windows refuses (: * ? " < > |),
// and what is not printable (control characters, escapes, bidirectional
// controls, bytes that are not UTF-8). Leading dots (a hidden file) and
// trailing dots and spaces (Windows drops them) go; it is cut to
// maxFileName bytes.
func safeFileName(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(name[i:], "\uFFFD"),
			!unicode.IsPrint(r) && r != ' ',
			strings.ContainsRune(`/\:*?"<>|`, r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	return runeCut(strings.TrimRight(strings.TrimLeft(b.String(), ". "), ". "), maxFileName)
}

// --- JUnit XML (what both Ant's and the Jenkins xunit plugin's JUnit
// schemas allow; see testdata/junit.xsd) ---

// junitSuites is the root. Ant's schema gives it no attributes at all, so
// the totals are only the suites' own.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

// junitSuite is one exercise of one submission. Ant's schema requires every
// attribute here, and properties, system-out and system-err, in this order.
type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties junitProperties `xml:"properties"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
}

type junitProperties struct {
	List []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// junitCase is one test: name, classname and time are required, and at
// most one of error and failure (never skipped: a test that did not run
// is an error).
type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Error     *junitProblem `xml:"error"`
	Failure   *junitProblem `xml:"failure"`
}

// junitProblem is a failure or an error: type is required by Ant's schema.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// seconds is a duration as both schemas' time: digits, a point, digits.
func seconds(s float64) string { return strconv.FormatFloat(max(s, 0), 'f', 3, 64) }

// maxExplanation bounds a one-line explanation (an XML attribute).
const maxExplanation = 300

// firstLine is the first non-empty line of s, bounded for an attribute.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return bounded(l, 200)
		}
	}
	return ""
}

// bounded cuts s to about limit bytes at a character boundary, marking
// the cut with an ellipsis.
func bounded(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	return runeCut(s, limit) + "…"
}

// runeCut is s cut to at most n bytes, at a character boundary.
func runeCut(s string, n int) string {
	for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:min(n, len(s))]
}

// testLocation is the "file.go:12: " the testing package puts before what
// a test logs.
var testLocation = regexp.MustCompile(`^[\w.\-]+\.go:\d+: ?`)

// explanation is the one sentence that says why a test earned nothing,
// for the places that show one line (JUnit's message attribute): the first
// line that says something, without the testing package's file:line
// prefix; for a testify assertion, its Messages (the course's sentence for
// the learner) then its Error; for a failed subtest, the subtest's name
// first.
func explanation(msg string) string {
	lines := strings.Split(strings.ReplaceAll(msg, "\r", ""), "\n")
	sub := ""
	for i := 0; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "--- ") && strings.HasSuffix(l, ":") {
			sub = strings.TrimSuffix(strings.TrimPrefix(l, "--- "), ":")
			if _, after, ok := strings.Cut(sub, "/"); ok {
				sub = after
			}
			continue
		}
		rest := strings.TrimSpace(testLocation.ReplaceAllString(l, ""))
		if rest == "" && l != "" {
			rest = assertionText(lines[i+1:])
		}
		if rest == "" {
			continue
		}
		if sub != "" {
			rest = sub + ": " + rest
		}
		return bounded(strings.Join(strings.Fields(rest), " "), maxExplanation)
	}
	return bounded(firstLine(msg), maxExplanation)
}

// assertionText reads the block testify prints under a failed assertion
// (lines of "\tLabel:  \tvalue", a blank label continuing the value above)
// and gives its Messages and its Error, in that order.
func assertionText(lines []string) string {
	fields := map[string]string{}
	label := ""
	for _, l := range lines {
		l = strings.TrimLeft(l, " ")
		if !strings.HasPrefix(l, "\t") {
			break
		}
		name, value, ok := strings.Cut(l[1:], "\t")
		if !ok {
			break
		}
		if n := strings.TrimSpace(name); n != "" {
			label = explain.TestifyField(n)
		}
		fields[label] = strings.TrimSpace(fields[label] + " " + strings.TrimSpace(value))
	}
	switch m, e := fields["Messages"], fields["Error"]; {
	case m != "" && e != "":
		return m + ": " + e
	case m != "":
		return m
	}
	return fields["Error"]
}

// xmlSafe drops what XML 1.0 cannot hold at all (encoding/xml would write
// U+FFFD for it; dropping keeps messages readable).
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			return -1
		}
		return r
	}, s)
}

// renderJUnit writes one testsuite per exercise per submission. The
// grading's notes, which the root cannot carry, open every suite: as its
// first properties and the first lines of its system-out.
func renderJUnit(w io.Writer, rep *report, subs []*subReport, now time.Time) error {
	host, _ := os.Hostname()
	if strings.TrimSpace(host) == "" {
		host = "localhost"
	}
	var doc junitSuites
	id := 0
	for _, s := range subs {
		for _, e := range s.Exercises {
			suite := junitSuite{
				Name: s.name + "/" + e.Dir, ID: id, Package: s.name,
				Timestamp: now.UTC().Format("2006-01-02T15:04:05"), Hostname: host,
			}
			id++
			prop := func(name, value string) {
				if value != "" {
					suite.Properties.List = append(suite.Properties.List, junitProperty{name, xmlSafe(value)})
				}
			}
			for _, n := range rep.Notes {
				prop("note", n)
			}
			// What JSON records at its top: Ant's schema gives
			// <testsuites> no properties, so every suite carries them.
			prop("course_commit", rep.CourseCommit)
			prop("grader_version", rep.GraderVersion)
			prop("submission", s.Path)
			prop("exercise", e.Dir)
			prop("status", e.Status)
			prop("score", strconv.Itoa(e.Score))
			prop("max_score", strconv.Itoa(e.MaxScore))
			prop("reason", e.Reason)
			var elapsed float64
			for _, t := range e.Tests {
				prop("points."+t.Name, fmt.Sprintf("%d/%d", t.Points, t.MaxPoints))
				c := junitCase{Name: t.Name, Classname: s.name + "." + e.Dir, Time: seconds(t.seconds)}
				msg := xmlSafe(t.Message)
				switch p := (&junitProblem{Message: explanation(msg), Type: t.Status, Text: msg}); t.Status {
				case statusFail:
					c.Failure = p
					suite.Failures++
				case statusError, statusNotRun:
					// A test that never ran is not a pass: dashboards must
					// not show it as one, as they would a skipped test.
					c.Error = p
					suite.Errors++
				}
				elapsed += t.seconds
				suite.Cases = append(suite.Cases, c)
			}
			suite.Tests = len(suite.Cases)
			suite.Time = seconds(elapsed)
			out := slices.Concat(rep.Notes, s.Notes, e.Notes, e.Review)
			for _, ig := range e.Ignored {
				out = append(out, named(rep.lang, ig.Path, ig.Reason))
			}
			suite.SystemOut = xmlSafe(strings.Join(out, "\n"))
			suite.SystemErr = xmlSafe(joinLines(e.Reason, e.Message))
			doc.Suites = append(doc.Suites, suite)
		}
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return i18n.Errorf(msgWritingJUnit, err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return i18n.Errorf(msgWritingJUnit, err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return i18n.Errorf(msgWritingJUnit, err)
	}
	return nil
}

// --- Exercism results.json, version 3 ---

type exercismDoc struct {
	Version int            `json:"version"`
	Status  string         `json:"status"`
	Message string         `json:"message,omitempty"`
	Tests   []exercismTest `json:"tests,omitempty"`
}

type exercismTest struct {
	Name     string `json:"name"`
	TestCode string `json:"test_code"`
	Status   string `json:"status"`
	Message  string `json:"message,omitempty"`
	Output   string `json:"output,omitempty"`
	TaskID   int    `json:"task_id,omitempty"`
}

// The interface's limits: the top-level message, and a test's output.
const (
	exercismMaxMessage = 65535
	exercismMaxOutput  = 500
)

// exercismResults is the results.json of one submission (the first of
// subs): every exercise's tests, in the order of their test file (the
// manifest's order, which the author check holds to the files'), each
// linked to its exercise as a task. The interface allows a top-level
// message only when status is error: the grading's notes open it then,
// and otherwise are the output of the first test, the first thing shown.
// The course's commit and the grader's version are not written: the
// interface (https://exercism.org/docs/building/tooling/test-runners/interface)
// has no field for them (version, status, message and tests at the top;
// message only for an error), and a test's output is what the learner sees.
func exercismResults(rep *report, subs []*subReport) *exercismDoc {
	lang := rep.lang
	doc := &exercismDoc{Version: 3, Status: statusPass}
	if len(subs) == 0 {
		return doc
	}
	s := subs[0]
	notes := strings.Join(slices.Concat(rep.Notes, s.Notes), "\n")
	ran := false
	var errs []string
	for _, e := range s.Exercises {
		if e.Status != statusError {
			ran = true
		} else {
			errs = append(errs, named(rep.lang, e.Dir, e.Message))
		}
		for i, t := range e.Tests {
			et := exercismTest{Name: e.Dir + "/" + t.Name, TestCode: t.code, Status: t.Status, Message: testMessage(e, i), TaskID: e.number}
			switch t.Status {
			case statusPass:
				et.Message = ""
			case statusNotRun:
				et.Status = statusError
			}
			if et.Status != statusPass {
				doc.Status = statusFail
			}
			doc.Tests = append(doc.Tests, et)
		}
	}
	if !ran {
		doc.Status = statusError
		doc.Message = strings.Join(errs, "\n\n")
		if notes != "" {
			doc.Message = notes + "\n\n" + doc.Message
		}
		if len(doc.Message) > exercismMaxMessage {
			doc.Message = clip(doc.Message[:exercismMaxMessage-200], lang)
		}
		doc.Tests = nil
	}
	if notes != "" && len(doc.Tests) > 0 {
		doc.Tests[0].Output = bounded(notes, exercismMaxOutput-len("…"))
	}
	return doc
}

// testMessage is the message of test i of e for the formats that show only
// tests: the first test of an exercise in error also carries the
// exercise's message (the compiler's errors, say), and the first test that
// earned nothing opens with why the exercise lost its points.
func testMessage(e *exReport, i int) string {
	t := e.Tests[i]
	msg := t.Message
	if i == 0 && e.Status == statusError && t.Status == statusNotRun && !e.missing && e.Message != "" {
		msg = e.Message
	}
	first := slices.IndexFunc(e.Tests, func(t *testReport) bool { return t.Status != statusPass })
	if i == first && e.Reason != "" && !strings.Contains(msg, e.Reason) {
		msg = joinLines(e.Reason, msg)
	}
	return msg
}

// shorten cuts s to about limit bytes, at a character boundary, saying so.
func shorten(s string, limit int, lang i18n.Lang) string {
	if len(s) <= limit {
		return s
	}
	cut := runeCut(s, limit)
	return cut + "\n" + msgClipped.Sprintf(len(s)-len(cut)).In(lang)
}

// --- CSV: one row per submission ---

// utf8BOM opens every CSV file (see writeCSV).
const utf8BOM = "\ufeff"

// renderCSV writes a header and one row per submission. The last column,
// notes, holds the grading's notes and the submission's, one per line, in
// every row: a line of its own before the header would not be CSV.
func renderCSV(w io.Writer, rep *report, subs []*subReport) error {
	header := []string{"path", "score", "max_score"}
	if len(subs) > 0 {
		for _, e := range subs[0].Exercises {
			header = append(header, e.Dir)
		}
	}
	rows := [][]string{append(header, "notes")}
	for _, s := range subs {
		row := []string{csvSafe(s.Path), strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore)}
		notes := append(slices.Clone(rep.Notes), s.Notes...)
		for _, e := range s.Exercises {
			row = append(row, strconv.Itoa(e.Score))
			if e.Reason != "" {
				notes = append(notes, named(rep.lang, e.Dir, e.Reason))
			}
			for _, n := range e.Notes {
				notes = append(notes, named(rep.lang, e.Dir, n))
			}
		}
		rows = append(rows, append(row, csvSafe(strings.Join(notes, "\n"))))
	}
	return writeCSV(w, rows)
}

// writeCSV writes rows as UTF-8 CSV with a byte-order mark, without which
// Excel, opening the file by a double click, reads it in the system's
// legacy code page (LMS imports accept it).
func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return i18n.Errorf(msgWritingCSV, err)
	}
	if err := csv.NewWriter(w).WriteAll(rows); err != nil {
		return i18n.Errorf(msgWritingCSV, err)
	}
	return nil
}

// csvSafe keeps a spreadsheet from reading a folder name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
