package grade

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// What a report records of how it was made, and regrading only what
// changed since a previous one (--changed).

var (
	msgBadPrevious = i18n.Text{En: "cannot use %s as the previous report: %v; give a report that workbook grade --format json wrote", Zh: "无法把 %s 用作上一次的报告：%v；请给出 workbook grade --format json 生成的报告"}
	msgCarried     = i18n.Text{En: "not graded again: unchanged since the previous report (%s)", Zh: "未重新评分：自上一次报告（%s）以来没有变化"}
)

// unknown is what the report says of a course commit or a grader version
// it cannot tell.
const unknown = "unknown"

// maxPrevious bounds the previous report read for --changed.
const maxPrevious = 256 << 20

// courseCommit is the commit the grader's checkout of the course is at
// (git rev-parse HEAD), or "unknown" when it is not a git repository, git
// is not installed or does not answer within seconds.
func courseCommit(ctx context.Context, root string) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "--verify", "--quiet", "HEAD")
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.Output()
	commit := strings.TrimSpace(string(out))
	if err != nil || len(commit) < 40 || strings.Trim(commit, "0123456789abcdef") != "" {
		return unknown
	}
	return commit
}

// graderVersion is the workbook program's version as its build recorded it:
// the module's version, the commit it was built from when the go command
// stamped it (else a digest of the executable), and the Go release.
func graderVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return unknown
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	switch rev := settings["vcs.revision"]; {
	case rev != "":
		v += " " + rev
		if settings["vcs.modified"] == "true" {
			v += "+modified"
		}
	default:
		// Built without version control information (go run with
		// -buildvcs=false, a copy without .git): the start of the
		// executable's own SHA-256 tells one build from another.
		exe, _ := os.Executable()
		if f, err := os.Open(exe); err == nil {
			h := sha256.New()
			if _, err := io.Copy(h, io.LimitReader(f, 1<<30)); err == nil {
				v += " exe-sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
			}
			f.Close()
		}
	}
	return v + " " + bi.GoVersion
}

// loadPrevious reads a JSON report that workbook grade wrote: one file, or
// the folder that --format json --out wrote, one file per submission.
func loadPrevious(p string) (*report, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, i18n.Errorf(msgBadPrevious, p, err)
	}
	files := []string{p}
	if fi.IsDir() {
		if files, err = filepath.Glob(filepath.Join(p, "*.json")); err != nil || len(files) == 0 {
			return nil, i18n.Errorf(msgBadPrevious, p, msgNoJSONInFolder)
		}
	}
	prev := &report{source: p}
	for _, f := range files {
		r, err := readReport(f)
		if err != nil {
			return nil, i18n.Errorf(msgBadPrevious, f, err)
		}
		prev.Submissions = append(prev.Submissions, r.Submissions...)
	}
	return prev, nil
}

// readReport reads one JSON report.
func readReport(p string) (*report, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPrevious+1))
	switch {
	case err != nil:
		return nil, err
	case len(data) > maxPrevious:
		return nil, i18n.Errorf(msgPreviousTooLarge, maxPrevious>>20)
	}
	var r report
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte(utf8BOM)), &r); err != nil {
		return nil, err
	}
	if r.Submissions == nil {
		return nil, i18n.NewError(msgPreviousEmpty)
	}
	return &r, nil
}

// digests gives each snapshot a digest of everything its grade depends
// on: what the grader took from it, the course, the grader's version and
// the grading's options. Two gradings with the same digest give the same
// grade (the clock and the machine's load aside).
func (g *grader) digests(snaps []*snapshot, version string) []string {
	h := sha256.New()
	field := func(h hash.Hash, parts ...string) {
		for _, p := range parts {
			fmt.Fprintf(h, "%d:%s;", len(p), p)
		}
	}
	// v1 included --lang: the report is written in any language now.
	field(h, "workbook grade digest v2", version, fmt.Sprint(g.cfg.race),
		g.cfg.timeout.String(), fmt.Sprint(g.cfg.sandbox), fmt.Sprint(g.cfg.limits))
	manifest, _ := readBounded(filepath.Join(g.cfg.root, course.ManifestName))
	field(h, string(manifest))
	for _, p := range slices.Sorted(maps.Keys(g.tc.files)) {
		rel, _ := filepath.Rel(g.tc.modDir, p)
		field(h, filepath.ToSlash(rel), string(g.tc.files[p]))
	}
	for _, te := range g.tc.exercises {
		field(h, te.e.Dir)
		for _, name := range slices.Sorted(maps.Keys(te.goFiles)) {
			field(h, name, string(te.goFiles[name]))
		}
	}
	course := h.Sum(nil)

	out := make([]string, len(snaps))
	for i, s := range snaps {
		h := sha256.New()
		field(h, string(course))
		ignored := func(l ignoredList) {
			for _, it := range l.items {
				field(h, it.path, it.reason.En)
			}
			field(h, fmt.Sprint(l.more))
		}
		for _, n := range append(s.notes, ptrOr(s.problem)...) {
			field(h, n.En)
		}
		ignored(s.ignored)
		for _, e := range s.exercises {
			field(h, "exercise", fmt.Sprint(e.untouched))
			for _, m := range ptrOr(e.missing) {
				field(h, m.En)
			}
			for _, f := range e.files {
				field(h, f.name, string(f.data))
			}
			ignored(e.ignored)
		}
		out[i] = "sha256:" + hex.EncodeToString(h.Sum(nil))
	}
	return out
}

// ptrOr is the value p points to, as a list of one, or none.
func ptrOr[T any](p *T) []T {
	if p == nil {
		return nil
	}
	return []T{*p}
}

// carryOver finds, for each submission, its grade in the previous report
// when it was graded there under the same path with the same digest, and
// gives it back ready to be reported again (nil for the others, which are
// graded).
func (g *grader) carryOver(prev *report, snaps []*snapshot, digests []string) []*subReport {
	out := make([]*subReport, len(snaps))
	if prev == nil {
		return out
	}
	byPath := map[string]*subReport{}
	for _, s := range prev.Submissions {
		if s != nil && s.Digest != "" {
			byPath[s.Path] = s
		}
	}
	for i, path := range g.cfg.submissions {
		// The previous report wrote its paths made printable.
		old := byPath[printable(path, false)]
		if old == nil || old.Digest != digests[i] || len(old.Exercises) != len(g.tc.exercises) {
			continue
		}
		old.Path = path
		if restored := g.restore(old, snaps[i], prev.source); restored != nil {
			out[i] = restored
		}
	}
	return out
}

// restore fills in what the JSON report does not hold (the exercises'
// numbers and titles, the tests' descriptions and source) from the course,
// and says that the grade was carried over; nil when the report does not
// match the course.
func (g *grader) restore(old *subReport, snap *snapshot, source string) *subReport {
	for j, e := range old.Exercises {
		te := g.tc.exercises[j]
		if e == nil || e.Dir != te.e.Dir || len(e.Tests) != len(te.e.Tests) {
			return nil
		}
		e.number, e.title, e.MessageText = te.e.Number, te.e.Title, e.MessageJSON.text(e.Message)
		e.missing = snap.exercises[j].missing != nil || snap.exercises[j].untouched
		rel := g.tc.c.ExercisesDir + "/" + te.e.Dir + "/"
		for k, t := range e.Tests {
			mt := te.e.Tests[k]
			if t == nil || t.Name != mt.Name {
				return nil
			}
			src := te.tests[t.Name]
			t.description, t.file, t.line, t.code = mt.Text, rel+src.file, src.line, src.code
			t.MessageText = t.MessageJSON.text(t.Message)
		}
	}
	// The note of an earlier carry-over gives way to this one's.
	notes := slices.DeleteFunc(old.NotesText, func(n i18n.Text) bool {
		en, _, _ := strings.Cut(msgCarried.En, "%s")
		return strings.HasPrefix(n.En, en)
	})
	old.NotesText = append(notes, msgCarried.Sprintf(source))
	return old
}
