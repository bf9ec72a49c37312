package explain

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Failure is one message a failing test printed (a t.Error, or one failed
// testify assertion), taken apart into the order a learner reads it in:
// what went wrong, the values that show it, and where.
type Failure struct {
	// Explanation is the sentence that says what went wrong: the
	// t.Error text, or testify's Messages (its Error line when the
	// assertion had no message).
	Explanation string
	// Details are the lines that follow it: a t.Error's continuation
	// lines, or testify's values (expected/actual, a diff), as printed.
	Details []string
	// Where are the locations go test and testify gave, as "file:line",
	// in the order they were printed (innermost first).
	Where []string
	// Raw is true when the output had a shape this package does not
	// know: Explanation and Details then hold its lines as printed, without
	// blank lines at either end.
	Raw bool
}

// reLocated is go test's prefix of a t.Log or t.Error line: the file (base
// name) and line of the call.
var reLocated = regexp.MustCompile(`^([\w.\-]+\.go):(\d+): ?(.*)$`)

// reTestifyField is one field of testify's block, as go test indents it:
// spaces, a tab, the label with its colon padded with spaces, a tab, the
// value. A continuation line has only spaces where the label was.
var reTestifyField = regexp.MustCompile(`^ *\t([A-Z][A-Za-z ]*:)? *\t(.*)$`)

// Failures takes a failing test's output (as gotest kept it: dedented,
// paths relative to the workbook) apart into its messages, with the words
// that are not the test's own (testify's, gotest's) in lang. Lines before
// the first located one are a Failure of their own, Raw.
func Failures(out string, lang i18n.Lang) []Failure {
	var fs []Failure
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			fs = append(fs, failure(cur, lang))
		}
		cur = nil
	}
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if reLocated.MatchString(l) {
			flush()
		}
		if strings.TrimSpace(l) == "" && len(cur) == 0 {
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return fs
}

// failure reads one message: its first line and what is indented under it.
func failure(lines []string, lang i18n.Lang) Failure {
	m := reLocated.FindStringSubmatch(lines[0])
	if m == nil {
		f := Failure{Explanation: outputLine(lines[0]).In(lang), Details: trimBlank(lines[1:]), Raw: true}
		for i, d := range f.Details {
			f.Details[i] = outputLine(d).In(lang)
		}
		return f
	}
	where := []string{m[1] + ":" + m[2]}
	rest := lines[1:]
	if strings.TrimSpace(m[3]) == "" && len(rest) > 0 {
		if f, ok := testify(rest, lang); ok {
			if len(f.Where) == 0 {
				f.Where = where
			}
			return f
		}
	}
	f := Failure{Explanation: outputLine(m[3]).In(lang), Where: where}
	for _, l := range rest {
		f.Details = append(f.Details, outputLine(strings.TrimPrefix(strings.TrimPrefix(l, "    "), "\t")).In(lang))
	}
	f.Details = trimBlank(f.Details)
	if f.Explanation == "" && len(f.Details) > 0 {
		f.Explanation, f.Details = f.Details[0], f.Details[1:]
	}
	return f
}

// testify reads the block testify's assertions print:
//
//	Error Trace:	exercises/x/x_test.go:40
//	            	exercises/internal/harness/harness.go:98
//	Error:      	Not equal:
//	            	expected: 1
//	            	actual  : 2
//	Test:       	TestX
//	Messages:   	what the test says went wrong
//
// Its Error field's lines are testify's own words, said in lang.
// ok is false when a line does not have this shape.
func testify(lines []string, lang i18n.Lang) (f Failure, ok bool) {
	fields := map[string][]string{}
	var order []string
	label := ""
	for _, l := range lines {
		m := reTestifyField.FindStringSubmatch(l)
		switch {
		case m == nil && label != "" && strings.TrimSpace(l) == "":
			fields[label] = append(fields[label], "")
			continue
		case m == nil:
			return Failure{}, false
		case m[1] != "":
			label = strings.TrimSpace(strings.TrimSuffix(m[1], ":"))
			if _, seen := fields[label]; !seen {
				order = append(order, label)
			}
		case label == "":
			return Failure{}, false // a continuation before any field
		}
		// Error Trace's continuation lines carry extra tabs.
		fields[label] = append(fields[label], strings.TrimLeft(m[2], "\t"))
	}
	errLines := trimBlank(fields["Error"])
	msgs := trimBlank(fields["Messages"])
	if len(errLines) == 0 && len(msgs) == 0 {
		return Failure{}, false
	}
	for _, w := range fields["Error Trace"] {
		if w = strings.TrimSpace(w); w != "" {
			f.Where = append(f.Where, w)
		}
	}
	// "Not equal:" says what expected/actual below say again.
	if len(errLines) > 1 && strings.TrimSpace(errLines[0]) == "Not equal:" {
		errLines = errLines[1:]
	}
	errLines = slices.Clone(errLines)
	for i, l := range errLines {
		errLines[i] = assertionLine(l).In(lang)
	}
	if len(msgs) > 0 {
		f.Explanation = strings.TrimSpace(msgs[0])
		f.Details = append(f.Details, msgs[1:]...)
		f.Details = append(f.Details, errLines...)
	} else {
		f.Explanation = strings.TrimSpace(errLines[0])
		f.Details = append(f.Details, errLines[1:]...)
	}
	// Fields testify adds for some assertions, and custom ones: kept, after.
	for _, l := range order {
		switch l {
		case "Error Trace", "Error", "Test", "Messages":
			continue
		}
		vs := trimBlank(fields[l])
		if len(vs) > 0 {
			f.Details = append(f.Details, l+": "+vs[0])
			f.Details = append(f.Details, vs[1:]...)
		}
	}
	f.Details = trimBlank(f.Details)
	return f, true
}

// trimBlank drops blank lines at both ends.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// Place says whose a source file is, from the exercise's point of view.
type Place int

// The places, in the order a learner wants to see them.
const (
	// InStub is the file the learner edits.
	InStub Place = iota
	// InTests is a test file of the exercise.
	InTests
	// Elsewhere is the harness, testify, the standard library.
	Elsewhere
)

// PlaceOf says whose file is, for the exercise whose folder (inside the
// exercises module) is dir and whose stub is stub. file is either a path
// relative to the workbook ("exercises/04_x/x.go") or the base name go
// test prints ("x.go").
func PlaceOf(file, dir, stub string) Place {
	file = strings.ReplaceAll(file, `\`, "/")
	if i := strings.LastIndexByte(file, ':'); i > 0 {
		if _, err := strconv.Atoi(file[i+1:]); err == nil {
			file = file[:i]
		}
	}
	base := path.Base(file)
	parent := path.Base(path.Dir(file))
	inDir := !strings.Contains(file, "/") || parent == dir
	switch {
	case inDir && base == stub:
		return InStub
	case inDir && strings.HasSuffix(base, "_test.go"):
		return InTests
	}
	return Elsewhere
}

// Sort orders locations for a learner: those in the stub first, then the
// exercise's tests, then the rest, each group in its original order. place
// says where a location is.
func Sort[T any](items []T, place func(T) Place) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(place(a), place(b)) })
	return out
}
