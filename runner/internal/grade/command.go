package grade

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Formats are the report formats, the values of --format.
var Formats = mapped(formats, func(f format) string { return f.name })

// MinMemory is the least --memory: a test binary with the race detector
// needs some tens of MiB before any test runs.
const MinMemory = 64 << 20

// Options are what `workbook grade` is asked to do: its flags and
// submissions, as the command line (package cli) read and checked them.
type Options struct {
	Submissions []string // folders; none grades the workbook at root
	Format      string   // one of Formats, or several separated by commas (with Out)
	Out         string   // a folder for one file per submission, or "" for stdout
	MinScore    MinScore
	Jobs        int           // go test runs at once; 0 for the number of CPUs
	Timeout     time.Duration // of one run of an exercise's tests; 0 for 1m
	Race        check.RaceMode
	Sandbox     confine.Mode
	Memory      int64 // the most memory of one run, at least MinMemory; 0 for the default
	// Roster is the CSV file that maps submissions to learners, for the
	// gradebook formats; Assignment their points column's header.
	Roster, Assignment string
	// Changed is a JSON report of an earlier grading: the submissions
	// unchanged since are not graded again, their grades carried over.
	Changed string
}

// MinScore is --min-score: points, or a percentage of the maximum. Its
// zero value sets no minimum.
type MinScore struct {
	raw   string  // as given; "" for none
	value float64 // points, or a percentage when isPct
	isPct bool
}

// ParseMinScore reads points ("40") or a percentage ("80%").
func ParseMinScore(s string) (MinScore, error) {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f < 0 || f > 100 {
			return MinScore{}, errors.New("bad percentage")
		}
		return MinScore{raw: s, value: f, isPct: true}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return MinScore{}, errors.New("bad points")
	}
	return MinScore{raw: s, value: float64(n)}, nil
}

// below reports whether score out of maxScore is below the minimum.
func (m MinScore) below(score, maxScore int) bool {
	if m.isPct {
		return maxScore > 0 && float64(score)*100 < m.value*float64(maxScore)
	}
	return m.raw != "" && float64(score) < m.value
}

// BelowError is Command's error when a submission scored below
// --min-score: one sentence in both languages, as a setupError is.
type BelowError struct{ setupError }

// Command grades the submissions o names against the trusted workbook at
// root and writes the report to stdout (or to files with o.Out), in lang
// (Both puts every message in both languages). It returns nil when grading
// completed, whatever the scores; a *BelowError when o.MinScore was given
// and a submission scored below it; any other error (an i18n.Texter) when a
// submission or the grader's setup is wrong, or ctx was cancelled.
// Cancelling ctx stops grading and kills the go test processes that are
// running. Warnings that cannot wait for the report go to stderr.
func Command(ctx context.Context, root string, o Options, stdout, stderr io.Writer, lang i18n.Lang) error {
	if len(o.Submissions) == 0 {
		o.Submissions = []string{root}
	}
	// A stray file among class/* (a README, .DS_Store) is a note: it
	// must not keep the others from being graded.
	subs, strays, err := sortSubmissions(o.Submissions)
	if err != nil {
		return err
	}
	o.Submissions = subs
	var previous *report
	if o.Changed != "" {
		if previous, err = loadPrevious(o.Changed); err != nil {
			return err
		}
	}
	if o.Out == "" && strings.Contains(o.Format, ",") {
		return i18n.Errorf(msgFormatsNeedOut, o.Format)
	}
	for _, f := range formatList(o.Format) {
		if f.single && o.Out == "" && len(o.Submissions) > 1 {
			return i18n.Errorf(msgOnePerFile, f.name, len(o.Submissions))
		}
	}
	if _, err := os.Stat(filepath.Join(root, course.ManifestName)); err != nil {
		return i18n.Errorf(msgNotInWorkbook, root, course.ManifestName)
	}
	// The roster is read, and checked against the submissions, before
	// minutes of grading, not after.
	var book *gradebook
	for _, f := range formatList(o.Format) {
		switch {
		case f.gradebook && o.Roster == "":
			return i18n.Errorf(msgRosterNeeded, f.name)
		case f.gradebook:
			var err error
			if book, err = readRoster(o.Roster, f.name, o.Assignment, o.Submissions); err != nil {
				return err
			}
		}
	}
	if book == nil && (o.Roster != "" || o.Assignment != "") {
		return i18n.Errorf(msgRosterNotNeeded, o.Format)
	}

	if o.Jobs < 1 {
		o.Jobs = runtime.NumCPU()
	}
	if o.Timeout <= 0 {
		o.Timeout = time.Minute
	}
	start := time.Now()
	rep, err := grade(ctx, config{
		root: root, submissions: o.Submissions, jobs: o.Jobs,
		timeout: o.Timeout, race: o.Race, lang: lang,
		sandbox: o.Sandbox, limits: confine.Limits{Memory: o.Memory}, warn: stderr,
		previous: previous,
	})
	var se *setupError
	switch {
	case ctx.Err() != nil:
		return i18n.Errorf(msgInterrupted)
	case errors.As(err, &se):
		return se
	case err != nil:
		return i18n.Errorf(msgGradingFailed, err)
	}
	rep.elapsed = time.Since(start)
	rep.NotesText = append(rep.NotesText, strays...)
	nameSubmissions(rep)
	rep.gradebook = book

	if err := writeReport(rep, o.Format, o.Out, stdout); err != nil {
		return i18n.Errorf(msgCannotWrite, err)
	}
	var below []string
	for _, s := range rep.Submissions {
		if o.MinScore.below(s.Score, s.MaxScore) {
			below = append(below, s.Path)
		}
	}
	if len(below) > 0 {
		return &BelowError{setupError{msgBelowMin.Sprintf(len(below), o.MinScore.raw, strings.Join(below, ", "))}}
	}
	return nil
}
