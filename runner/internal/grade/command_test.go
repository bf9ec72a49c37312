package grade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// runCommand runs Command as the command line would, with the exit status
// the command line gives its error: 1 for a score below --min-score, 2 for
// any other.
func runCommand(ctx context.Context, t *testing.T, root string, lang i18n.Lang, o Options) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := Command(ctx, root, o, &out, &errOut, lang)
	var below *BelowError
	switch {
	case err == nil:
	case errors.As(err, &below):
		code = 1
	default:
		code = 2
	}
	if err != nil {
		fmt.Fprintln(&errOut, i18n.Message(err, lang))
	}
	return code, out.String(), errOut.String()
}

// TestCommandUsageErrors: what is wrong with the submissions or the
// workbook is one sentence in either language. (What is wrong with a flag
// is the command line's to say: cli's TestUsageErrors.)
func TestCommandUsageErrors(t *testing.T) {
	root := classCourse(t).Root
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	// Any folder will do: these never get to grading.
	sub := classSubmission(t, "partly")
	for _, tc := range []struct {
		o      Options
		en, zh string
		root   string
	}{
		{o: Options{Submissions: []string{"no/such/folder"}}, en: "the submission no/such/folder does not exist", zh: "提交 no/such/folder 不存在"},
		{o: Options{Submissions: []string{file}}, en: "none of the arguments is a submission (a folder or a .zip file)", zh: "参数中没有提交（文件夹或 .zip 文件）"},
		{o: Options{Format: "exercism", Submissions: []string{sub, sub}}, en: "give --out DIR to grade 2 submissions", zh: "请用 --out DIR"},
		{o: Options{Format: "classroom50", Submissions: []string{sub, sub}}, en: "--format classroom50 writes one document per submission", zh: "每份提交生成一个文件"},
		{o: Options{Format: "markdown,junit", Submissions: []string{sub}}, en: "names several formats: give --out DIR", zh: "请用 --out DIR"},
		{o: Options{Format: "canvas", Submissions: []string{sub}}, en: "give --roster FILE", zh: "--roster FILE"},
		{o: Options{Format: "json", Roster: file, Submissions: []string{sub}}, en: "--roster and --assignment are for the gradebook formats", zh: "只用于成绩册格式"},
		{o: Options{Submissions: []string{sub}}, root: t.TempDir(), en: "has no " + course.ManifestName, zh: "没有 " + course.ManifestName},
	} {
		r := root
		if tc.root != "" {
			r = tc.root
		}
		for lang, want := range map[i18n.Lang]string{i18n.En: tc.en, i18n.Zh: tc.zh} {
			code, out, errOut := runCommand(context.Background(), t, r, lang, tc.o)
			assert.Equal(t, 2, code, "%v", tc.o)
			assert.Empty(t, out, "%v", tc.o)
			assert.Contains(t, errOut, want, "%v in %s", tc.o, lang)
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one sentence: %q", errOut)
			for _, trace := range []string{"goroutine ", "panic:", ".go:"} {
				assert.NotContains(t, errOut, trace, "%v", tc.o)
			}
		}
	}
}

// TestCommandEndToEnd grades two small submissions through Command and
// checks the files --out writes and the
// exit status --min-score gives.
func TestCommandEndToEnd(t *testing.T) {
	t.Parallel()
	c := classCourse(t)
	root := c.Root
	out := t.TempDir()
	broken := classSubmission(t, "broken")
	outside := classSubmission(t, "outside")
	full := points{c}.full
	// broken scores exactly this much: not below the minimum.
	minimum := strconv.Itoa(full(exWords))
	score, err := ParseMinScore(minimum)
	require.NoError(t, err)
	code, stdout, stderr := runCommand(context.Background(), t, root, i18n.En, Options{
		Race: check.RaceOff, Submissions: []string{broken, outside}, Format: "json", Timeout: 40 * time.Second, Out: out, MinScore: score})
	assert.Equal(t, 1, code, "outside scores 0, below %s\nstderr: %s", minimum, stderr)
	assert.Contains(t, stderr, "1 submission(s) scored below "+minimum+": "+outside)
	assert.Contains(t, stdout, "Class summary: 2 submission(s)")
	assert.Contains(t, stdout, "Wrote 2 file(s) to "+out)
	for name, score := range map[string]int{"broken": full(exWords), "outside": 0} {
		data, err := os.ReadFile(filepath.Join(out, name+".json"))
		require.NoError(t, err)
		var doc report
		require.NoError(t, json.Unmarshal(data, &doc))
		require.Len(t, doc.Submissions, 1)
		assert.Equal(t, score, doc.Submissions[0].Score, name)
	}

	// A minimum as a percentage: outside scores 0, below any.
	score, err = ParseMinScore("25%")
	require.NoError(t, err)
	code, _, stderr = runCommand(context.Background(), t, root, i18n.Zh, Options{
		Race: check.RaceOff, Format: "exercism", Out: out, MinScore: score, Submissions: []string{outside}})
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "得分低于 25%")
	data, err := os.ReadFile(filepath.Join(out, "outside", "results.json"))
	require.NoError(t, err)
	assert.Contains(t, string(data), `"version": 3`)
}

// TestCommandInterrupt cancels the context while a submission hangs in
// init, having started a child process: Command returns at once with
// status 2, and neither the test binary nor the child survives.
func TestCommandInterrupt(t *testing.T) {
	t.Parallel()
	root := classCourse(t).Root
	marker := "wbginterrupt" + strings.ReplaceAll(t.Name(), "/", "")
	sub := filepath.Join(t.TempDir(), "sub")
	dir := filepath.Join(sub, "exercises", exSum)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sum.go"), []byte(`package sum

import (
	"os/exec"
	"time"
)

func init() {
	_ = exec.Command("sh", "-c", "sleep 300; true", "`+marker+`").Start()
	time.Sleep(time.Hour)
}

// Add, Total and Halves never run.
func Add(a, b int) int { return 0 }

func Total(xs []int) int { return 0 }

func Halves(xs []int) int { return 0 }
`), 0o644))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	go func() {
		deadline := time.Now().Add(30 * time.Second)
		for len(leftovers(marker)) == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		cancelled <- time.Now()
		cancel()
	}()
	code, stdout, stderr := runCommand(ctx, t, root, i18n.En, Options{Race: check.RaceOff, Timeout: 2 * time.Minute, Submissions: []string{sub}})
	returned := time.Now()
	assert.Equal(t, 2, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "grading was interrupted")
	// Timed from the cancellation, not from the start, so that a slow
	// build beside the parallel tests counts for nothing: a Command that
	// ignored ctx would return at its 2-minute time limit, at least 90 s
	// after the cancellation (which comes within 30 s).
	assert.Less(t, returned.Sub(<-cancelled), time.Minute, "Command must return soon after ctx is cancelled")
	deadline := time.Now().Add(5 * time.Second)
	for len(leftovers(marker)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond) // SIGKILL is delivered asynchronously
	}
	assert.Empty(t, leftovers(marker), "a process of the interrupted run survived")
}

// TestRaceDetector grades a Halves with a data race: with the race detector
// its tests fail and the report shows the race; without it, they pass.
func TestRaceDetector(t *testing.T) {
	if testing.Short() {
		t.Skip("building with -race can be slow on a cold cache")
	}
	t.Parallel()
	ok, reason, err := gotest.RaceAvailable(context.Background(), nil)
	require.NoError(t, err)
	if !ok {
		t.Skip(reason.En)
	}
	root := classCourse(t).Root
	// Halves counts its goroutines without a lock: right sums, a data race.
	racy := filepath.Join(t.TempDir(), "racy")
	require.NoError(t, os.MkdirAll(filepath.Join(racy, "exercises", exSum), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(racy, "exercises", exSum, "sum.go"), []byte(coursetest.SumAs(coursetest.Race)), 0o644))
	rep, err := grade(context.Background(), config{root: root, submissions: []string{racy}, jobs: 2, timeout: time.Minute, race: check.RaceAuto, lang: i18n.En})
	require.NoError(t, err)
	ex := exerciseReport(t, rep.Submissions[0], exSum)
	assert.True(t, ex.Race, "01_sum asks for the race detector")
	assert.Less(t, ex.Score, ex.MaxScore)
	found := false
	for _, tr := range ex.Tests {
		found = found || strings.Contains(tr.Message, "DATA RACE") || strings.Contains(tr.Message, "race detected")
	}
	assert.True(t, found, "a message shows the race")

	rep, err = grade(context.Background(), config{root: root, submissions: []string{racy}, jobs: 2, timeout: time.Minute, race: check.RaceOff, lang: i18n.En})
	require.NoError(t, err)
	ex = exerciseReport(t, rep.Submissions[0], exSum)
	assert.False(t, ex.Race)
	assert.Equal(t, ex.MaxScore, ex.Score, "without the race detector the racy Halves passes")
}
