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
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// writeReport writes the report in the format asked for: to w, or with
// --out one file per submission (one CSV for the class) and the text
// summary to w.
func writeReport(rep *report, o *options, w io.Writer) error {
	if o.out == "" {
		return render(rep, o.format, rep.Submissions, w)
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", o.out, err)
	}
	written := 0
	write := func(name string, subs []*subReport) error {
		var b bytes.Buffer
		if err := render(rep, o.format, subs, &b); err != nil {
			return err
		}
		p := filepath.Join(o.out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
		written++
		return nil
	}
	if o.format == "csv" {
		if err := write("grades.csv", rep.Submissions); err != nil {
			return err
		}
	} else {
		for _, s := range rep.Submissions {
			name := s.name + map[string]string{
				"text": ".txt", "json": ".json", "junit": ".xml",
				"exercism": string(filepath.Separator) + "results.json", "classroom": ".classroom.json",
			}[o.format]
			if err := write(name, []*subReport{s}); err != nil {
				return err
			}
		}
	}
	renderClassSummary(w, rep)
	fmt.Fprintln(w, tr(msgWrote, written, o.out).In(rep.lang))
	return nil
}

// render writes the submissions subs of rep in one format.
func render(rep *report, format string, subs []*subReport, w io.Writer) error {
	switch format {
	case "json":
		return renderJSON(w, &report{Submissions: subs, Notes: rep.Notes})
	case "junit":
		return renderJUnit(w, subs, time.Now())
	case "exercism":
		return renderJSON(w, exercismResults(subs, rep.lang))
	case "classroom":
		return renderJSON(w, classroomResults(subs, rep.lang))
	case "csv":
		return renderCSV(w, subs)
	}
	renderText(w, rep, subs)
	return nil
}

func renderJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding JSON: %w", err)
	}
	return nil
}

// nameSubmissions gives each submission a distinct file name for --out,
// from its folder's name.
func nameSubmissions(rep *report) {
	used := map[string]int{}
	for _, s := range rep.Submissions {
		abs, err := filepath.Abs(s.Path)
		if err != nil {
			abs = s.Path
		}
		base := strings.Map(func(r rune) rune {
			if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_' || r == '.' {
				return r
			}
			return '_'
		}, filepath.Base(abs))
		base = strings.TrimLeft(base, ".")
		if base == "" {
			base = "submission"
		}
		name := base
		for used[name] > 0 {
			used[base]++
			name = base + "-" + strconv.Itoa(used[base])
		}
		used[name]++
		s.name = name
	}
}

// --- JUnit XML (the Ant/Jenkins format; see testdata/junit.xsd) ---

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	ID         int             `xml:"id,attr"`
	Package    string          `xml:"package,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
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

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitSkipped `xml:"skipped"`
	Error     *junitProblem `xml:"error"`
	Failure   *junitProblem `xml:"failure"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

// firstLine is the first non-empty line of s, bounded for an attribute.
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if len(l) > 200 {
				cut := 200
				for cut > 0 && !utf8Start(l[cut]) {
					cut--
				}
				l = l[:cut] + "…"
			}
			return l
		}
	}
	return ""
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

func renderJUnit(w io.Writer, subs []*subReport, now time.Time) error {
	host, _ := os.Hostname()
	doc := junitSuites{Name: "workbook grade"}
	var total float64
	id := 0
	for _, s := range subs {
		for _, e := range s.Exercises {
			suite := junitSuite{
				Name: s.name + "/" + e.Dir, ID: id, Package: s.name,
				Timestamp: now.UTC().Format("2006-01-02T15:04:05"), Hostname: host,
			}
			id++
			suite.Properties.List = []junitProperty{
				{"submission", xmlSafe(s.Path)}, {"exercise", e.Dir}, {"status", e.Status},
				{"score", strconv.Itoa(e.Score)}, {"max_score", strconv.Itoa(e.MaxScore)},
			}
			var elapsed float64
			for _, t := range e.Tests {
				suite.Properties.List = append(suite.Properties.List, junitProperty{"points." + t.Name, fmt.Sprintf("%d/%d", t.Points, t.MaxPoints)})
				c := junitCase{Name: t.Name, Classname: s.name + "." + e.Dir, Time: seconds(t.seconds)}
				msg := xmlSafe(t.Message)
				switch t.Status {
				case statusFail:
					c.Failure = &junitProblem{Message: firstLine(msg), Type: "fail", Text: msg}
					suite.Failures++
				case statusError:
					c.Error = &junitProblem{Message: firstLine(msg), Type: "error", Text: msg}
					suite.Errors++
				case statusNotRun:
					// A test that never ran is not a pass: dashboards must
					// not show it as one, as they would a skipped test.
					c.Error = &junitProblem{Message: firstLine(msg), Type: "not_run", Text: msg}
					suite.Errors++
				}
				elapsed += t.seconds
				suite.Cases = append(suite.Cases, c)
			}
			suite.Tests = len(suite.Cases)
			suite.Time = seconds(elapsed)
			total += elapsed
			out := append(append([]string{}, e.Notes...), e.Review...)
			for _, ig := range e.Ignored {
				out = append(out, ig.Path+": "+ig.Reason)
			}
			suite.SystemOut = xmlSafe(strings.Join(out, "\n"))
			suite.SystemErr = xmlSafe(e.Message)
			doc.Tests += suite.Tests
			doc.Failures += suite.Failures
			doc.Errors += suite.Errors
			doc.Skipped += suite.Skipped
			doc.Suites = append(doc.Suites, suite)
		}
	}
	doc.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding JUnit XML: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing JUnit XML: %w", err)
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
	TaskID   int    `json:"task_id,omitempty"`
}

// exercismMaxMessage is the interface's limit on the top-level message.
const exercismMaxMessage = 65535

// exercismResults is the results.json of one submission (the first of
// subs): every exercise's tests, each linked to its exercise as a task.
func exercismResults(subs []*subReport, lang i18n.Lang) *exercismDoc {
	doc := &exercismDoc{Version: 3, Status: statusPass}
	if len(subs) == 0 {
		return doc
	}
	s := subs[0]
	ran := false
	var errs []string
	for _, e := range s.Exercises {
		if e.Status != statusError {
			ran = true
		} else {
			errs = append(errs, e.Dir+": "+e.Message)
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
		if len(doc.Message) > exercismMaxMessage {
			doc.Message = clip(doc.Message[:exercismMaxMessage-200], lang)
		}
		doc.Tests = nil
	}
	return doc
}

// testMessage is the message of test i of e for the formats that show only
// tests: the first test of an exercise in error also carries the
// exercise's message (the compiler's errors, say).
func testMessage(e *exReport, i int) string {
	t := e.Tests[i]
	if i == 0 && e.Status == statusError && t.Status == statusNotRun && !e.missing && e.Message != "" {
		return e.Message
	}
	return t.Message
}

// --- GitHub Classroom: the runner result the autograding reporter reads ---

type classroomDoc struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"`
	MaxScore int             `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	Message  string `json:"message,omitempty"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
}

// The classroom document travels base64-encoded in one environment
// variable of the reporter's step, and Linux refuses a variable longer than
// 128 KiB: messages are cut to keep the document under classroomMax.
const (
	classroomMax        = 90 << 10
	classroomMessageMax = 1000
)

// classroomResults is the runner result of one submission (the first of
// subs): one test per Go test, scored with its points, so that the
// reporter adds up partial credit.
func classroomResults(subs []*subReport, lang i18n.Lang) *classroomDoc {
	for limit := classroomMessageMax; ; limit /= 2 {
		doc := classroomDoc{Version: 1, Status: statusPass, Tests: []classroomTest{}}
		if len(subs) == 0 {
			return &doc
		}
		s := subs[0]
		doc.MaxScore = s.MaxScore
		ran := false
		size := 0
		for _, e := range s.Exercises {
			if e.Status != statusError {
				ran = true
			}
			for i, t := range e.Tests {
				ct := classroomTest{
					Name: e.Dir + "/" + t.Name, Status: t.Status, Score: t.Points,
					Message: shorten(testMessage(e, i), limit, lang), Filename: t.file, LineNo: t.line,
				}
				if t.Status == statusNotRun {
					ct.Status = statusError
				}
				if ct.Status != statusPass {
					doc.Status = statusFail
				}
				size += len(ct.Name) + len(ct.Message) + len(ct.Filename) + 100
				doc.Tests = append(doc.Tests, ct)
			}
		}
		if !ran {
			doc.Status = statusError
		}
		if size <= classroomMax || limit < 64 {
			return &doc
		}
	}
}

// shorten cuts s to about limit bytes, at a character boundary, saying so.
func shorten(s string, limit int, lang i18n.Lang) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "\n" + tr(msgClipped, len(s)-cut).In(lang)
}

// --- CSV: one row per submission ---

func renderCSV(w io.Writer, subs []*subReport) error {
	cw := csv.NewWriter(w)
	header := []string{"path", "score", "max_score"}
	if len(subs) > 0 {
		for _, e := range subs[0].Exercises {
			header = append(header, e.Dir)
		}
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	for _, s := range subs {
		row := []string{csvSafe(s.Path), strconv.Itoa(s.Score), strconv.Itoa(s.MaxScore)}
		for _, e := range s.Exercises {
			row = append(row, strconv.Itoa(e.Score))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
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
