package grade

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestBadInputInEachLanguage gives the command what an instructor may
// really have on disk (a roster that is not CSV, a --changed file that is
// no report, a ZIP that is not one) and requires the whole answer in the
// language asked for: no English sentence inside the Chinese one.
func TestBadInputInEachLanguage(t *testing.T) {
	t.Parallel()
	root := classCourse(t).Root
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
		return p
	}
	sub := filepath.Join("testdata", "class", "partly")
	roster := write("roster.csv", "folder,ID\n\"alice,1\n")
	empty := write("previous.json", `{"notes": []}`)
	corrupt := write("alice.zip", "PK\x03\x04 not really a ZIP file")
	for _, tc := range []struct {
		name   string
		o      Options
		code   int
		en, zh string
	}{
		{"a roster that is not CSV", Options{Format: "canvas", Roster: roster, Submissions: []string{sub}}, 2,
			"cannot read the roster", "无法读取名单"},
		{"a --changed file that lists nobody", Options{Changed: empty, Submissions: []string{sub}}, 2,
			"it lists no submissions", "其中没有列出任何提交"},
		{"a corrupt ZIP file", Options{Race: check.RaceOff, Sandbox: confine.Off, Submissions: []string{corrupt}}, 0,
			"the ZIP file cannot be read", "无法读取该 ZIP 文件"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for lang, want := range map[i18n.Lang]string{i18n.En: tc.en, i18n.Zh: tc.zh} {
				code, stdout, stderr := runCommand(context.Background(), t, root, lang, tc.o)
				assert.Equal(t, tc.code, code, "stderr: %s", stderr)
				said := stderr
				if code == 0 {
					said = stdout
				}
				assert.Contains(t, said, want, "in %s", lang)
				if lang == i18n.Zh {
					for _, english := range []string{"cannot", "lists no", "the ZIP file"} {
						assert.NotContains(t, said, english, "English inside the Chinese answer")
					}
				}
			}
		})
	}
}

// TestCarriedOverInTodaysLanguage grades a submission in English with
// --format json, then grades it again in Chinese with --changed that
// report: it is carried over, not graded again, and every word the grader
// says of it (why each exercise lost points, its messages, its tests'
// messages, its notes) is Chinese, as a new grading's would be.
func TestCarriedOverInTodaysLanguage(t *testing.T) {
	t.Parallel()
	c := classCourse(t)
	root := c.Root
	stubWords, _, _ := tinyFiles(t, root, exWords, "words")
	sub := filepath.Join(t.TempDir(), "alice")
	for rel, data := range map[string]string{
		"exercises/01_sum/sum.go":     coursetest.SumAs(coursetest.Crash), // TestHalves crashes
		"exercises/02_words/words.go": stubWords,                          // not attempted; 03 not submitted
	} {
		require.NoError(t, os.MkdirAll(filepath.Join(sub, filepath.Dir(rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(sub, rel), []byte(data), 0o644))
	}
	grade := func(lang i18n.Lang, changed string) *subReport {
		t.Helper()
		code, out, errOut := runCommand(context.Background(), t, root, lang, Options{
			Format: "json", Changed: changed, Submissions: []string{sub}, Race: check.RaceOff, Timeout: 30 * time.Second})
		require.Equal(t, 0, code, "stderr: %s", errOut)
		var rep report
		require.NoError(t, json.Unmarshal([]byte(out), &rep))
		require.Len(t, rep.Submissions, 1)
		previous := filepath.Join(t.TempDir(), "previous.json")
		require.NoError(t, os.WriteFile(previous, []byte(out), 0o644))
		rep.Submissions[0].Path = previous // where the next grading finds it
		return rep.Submissions[0]
	}
	han := regexp.MustCompile(`\p{Han}`)
	en := grade(i18n.En, "")
	require.Less(t, en.Score, en.MaxScore)
	assert.Contains(t, exerciseReport(t, en, exWords).Reason, "not attempted")

	zh := grade(i18n.Zh, en.Path)
	assert.Equal(t, en.Score, zh.Score)
	notes := strings.Join(zh.Notes, "\n")
	assert.Contains(t, notes, "未重新评分", "carried over, not graded again")
	assert.NotContains(t, notes, "not graded again")
	assert.Contains(t, exerciseReport(t, zh, exWords).Reason, "未作答")
	assert.Contains(t, exerciseReport(t, zh, exMinmax).Reason, "未提交")
	said := 0
	for _, e := range zh.Exercises {
		if e.Score == e.MaxScore {
			continue
		}
		assert.Regexp(t, han, e.Reason, e.Dir)
		for _, s := range append([]string{e.Message}, e.Notes...) {
			if s != "" {
				assert.Regexp(t, han, s, e.Dir)
			}
		}
		for _, tr := range e.Tests {
			if tr.Status != statusPass {
				said++
				assert.Regexp(t, han, firstLine(tr.Message), "%s/%s: %q", e.Dir, tr.Name, tr.Message)
			}
		}
	}
	assert.Greater(t, said, 3, "tests that lost points")
}
