package autograder_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/autograder"
	"github.com/gospawn/workbook/runner/internal/cli"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/course/coursetest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// asWorkbook makes this test binary the workbook program when the scripts
// run it (WORKBOOK_BIN is the binary itself), as it is its own -exec
// program when grading: no go build of the command is needed.
const asWorkbook = "WORKBOOK_TEST_AS_WORKBOOK"

func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == confine.Command {
		os.Exit(confine.Main(os.Args[2:]))
	}
	if os.Getenv(asWorkbook) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Main(ctx, cli.OSEnv())
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// The submissions every platform's entry point grades: each as files by
// their path in the repository.

// solved is every exercise of c with its reference solution.
func solved(t *testing.T, c *course.Course) map[string]string {
	t.Helper()
	files := map[string]string{"README.md": "my workbook\n"}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		data, err := os.ReadFile(c.SolutionPath(e))
		require.NoError(t, err)
		files[c.ExercisesDir+"/"+e.Dir+"/"+e.File] = string(data)
	}
	return files
}

// halfSolved is the first exercise solved and the others as shipped.
func halfSolved(t *testing.T, c *course.Course) map[string]string {
	t.Helper()
	files := map[string]string{"README.md": "my workbook\n"}
	for i := range c.Exercises {
		e := &c.Exercises[i]
		p := c.StubPath(e)
		if i == 0 {
			p = c.SolutionPath(e)
		}
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		files[c.ExercisesDir+"/"+e.Dir+"/"+e.File] = string(data)
	}
	return files
}

// hostileSum is a sum.go that, as its package starts, writes a full score
// where each platform reads its results (as the environment names them:
// outside the sandbox the code can read it), then forges a complete successful run
// in go test's own framing and exits with status 0.
const hostileSum = `package sum

import (
	"fmt"
	"os"
	"syscall"
)

func init() {
	forged := []byte("{\"score\": 1000, \"tests\": []}")
	for _, dir := range []string{os.Getenv("WORKBOOK_RESULTS"), os.Getenv("WORKBOOK_GRADE")} {
		if dir == "" {
			continue
		}
		if dir == os.Getenv("WORKBOOK_GRADE") {
			dir += "/results"
		}
		_ = os.MkdirAll(dir, 0o755)
		_ = os.WriteFile(dir+"/results.json", forged, 0o644)
	}
	for _, name := range []string{"TestAdd", "TestTotal", "TestHalves"} {
		fmt.Printf("\x16=== RUN   %s\n\x16--- PASS: %s (0.00s)\n", name, name)
	}
	fmt.Println("\x16PASS")
	syscall.Exit(0)
}

func Add(a, b int) int     { return 0 }
func Total(xs []int) int   { return 0 }
func Halves(xs []int) int  { return 0 }
`

// hostile is the hostile first exercise, with a test file of its own that
// passes and a go.mod that points elsewhere.
func hostile(t *testing.T, c *course.Course) map[string]string {
	t.Helper()
	e := &c.Exercises[0]
	dir := c.ExercisesDir + "/" + e.Dir + "/"
	return map[string]string{
		dir + e.File:               hostileSum,
		dir + "sum_test.go":        "package sum\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {}\n",
		c.ExercisesDir + "/go.mod": "module example.com/course\n\ngo 1.25\n\nreplace example.com/course => /\n",
	}
}

// writeFiles writes files under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// zipFiles is a zip of files, each under prefix.
func zipFiles(t *testing.T, prefix string, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, content := range files {
		w, err := zw.Create(prefix + name)
		require.NoError(t, err)
		_, err = io.WriteString(w, content)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// unzip unpacks the zip file into dir, keeping each file's mode.
func unzip(t *testing.T, file, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		require.False(t, strings.Contains(f.Name, ".."), f.Name)
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		require.NoError(t, err)
		r.Close()
		require.NoError(t, os.WriteFile(p, data, f.Mode().Perm()))
	}
}

// run runs a platform's script with bash, as the platform would, with this
// test binary as the workbook program; it returns what the script printed.
func run(t *testing.T, script string, env ...string) string {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", script)
	cmd.Env = append(os.Environ(), append(env, "WORKBOOK_BIN="+self, asWorkbook+"=1")...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s:\n%s", script, out)
	return string(out)
}

// platformCourse is coursetest.Tiny, its second exercise's tests shown on
// Gradescope only after the due date.
func platformCourse(t *testing.T) *course.Course {
	t.Helper()
	ex := coursetest.Tiny()
	ex[1].Visibility = "after_due_date"
	c := coursetest.Write(t, ex...)
	warmed.Do(func() {
		if err := coursetest.WarmBuildCache(c.ModuleDir(), true, "./..."); err != nil {
			t.Log(err)
		}
	})
	return c
}

// warmed guards the one warming of the build cache, as a platform's setup
// does it (go test -race -run '^$' ./... in the image): each grading reads
// the cache and writes only its own, so on an empty cache each of the six
// compiled the standard library with the race detector again.
var warmed sync.Once

// schema checks doc against the grader's schema for its platform, when
// Python's jsonschema is installed (one process: the import check is the
// program's own).
func schema(t *testing.T, name string, doc []byte) {
	t.Helper()
	const check = `import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
jsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))
`
	cmd := exec.Command("python3", "-c", check, filepath.Join("..", "grade", "testdata", name+".schema.json"))
	cmd.Stdin = bytes.NewReader(doc)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.Is(err, exec.ErrNotFound) || errors.As(err, &exit) && exit.ExitCode() == 3 {
		t.Log("python3 with jsonschema is not installed (apt-get install python3-jsonschema): results.json was not checked against its schema")
		return
	}
	assert.NoError(t, err, "%s", out)
}

// TestGradescopeAutograder builds the autograder zip of the test course,
// unpacks it as Gradescope does into a folder laid out as /autograder, and
// runs its run_autograder on a solved submission (the repository's files
// themselves), a half-solved one (a repository's folder inside the
// submission, as an unpacked ZIP has it) and a hostile one (a .zip).
func TestGradescopeAutograder(t *testing.T) {
	c := platformCourse(t)
	zipFile := filepath.Join(t.TempDir(), "autograder.zip")
	n, err := autograder.WriteZip(zipFile, c, i18n.En)
	require.NoError(t, err)
	zr, err := zip.OpenReader(zipFile)
	require.NoError(t, err)
	names := map[string]os.FileMode{}
	for _, f := range zr.File {
		names[f.Name] = f.Mode()
	}
	zr.Close()
	assert.Len(t, names, n)
	for _, script := range []string{"setup.sh", "run_autograder", "grade-submission.sh"} {
		assert.Equal(t, os.FileMode(0o755), names[script].Perm(), "%s is at the zip's root, executable", script)
	}
	assert.Contains(t, names, course.ManifestName)
	assert.Contains(t, names, "exercises/01_sum/sum_test.go", "the course's tests are the trusted copy")
	for name := range names {
		assert.False(t, strings.HasPrefix(name, c.SolutionsDir+"/"), "no solution in the zip: %s", name)
	}

	total := 0
	for _, e := range c.Exercises {
		total += e.MaxPoints()
	}
	for _, tc := range []struct {
		name   string
		fill   func(t *testing.T, dir string)
		score  int
		passed int
		log    string // a part of the instructor's log
	}{
		{"solved", func(t *testing.T, dir string) { writeFiles(t, dir, solved(t, c)) }, total, 7, ""},
		{"half-solved", func(t *testing.T, dir string) {
			writeFiles(t, filepath.Join(dir, "alice-workbook-main"), halfSolved(t, c))
		}, c.Exercises[0].MaxPoints(), 3, "02_words"},
		// Its exercise was read from the zip, and its test file refused.
		{"hostile", func(t *testing.T, dir string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "mallory.zip"), zipFiles(t, "", hostile(t, c)), 0o644))
		}, 0, 0, "sum_test.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ag := t.TempDir() // /autograder
			unzip(t, zipFile, filepath.Join(ag, "source"))
			require.NoError(t, os.MkdirAll(filepath.Join(ag, "submission"), 0o755))
			tc.fill(t, filepath.Join(ag, "submission"))
			log := run(t, filepath.Join(ag, "source", "run_autograder"),
				"WORKBOOK_SOURCE="+filepath.Join(ag, "source"), "WORKBOOK_SUBMISSION="+filepath.Join(ag, "submission"),
				"WORKBOOK_RESULTS="+filepath.Join(ag, "results"))
			data, err := os.ReadFile(filepath.Join(ag, "results", "results.json"))
			require.NoError(t, err, "run_autograder wrote no results.json; its log:\n%s", log)
			var doc struct {
				Score            float64 `json:"score"`
				ExecutionTime    int     `json:"execution_time"`
				StdoutVisibility string  `json:"stdout_visibility"`
				Tests            []struct {
					Name       string  `json:"name"`
					Score      float64 `json:"score"`
					Status     string  `json:"status"`
					Output     string  `json:"output"`
					Visibility string  `json:"visibility"`
				} `json:"tests"`
			}
			require.NoError(t, json.Unmarshal(data, &doc), "%s", data)
			assert.Equal(t, float64(tc.score), doc.Score, "log:\n%s", log)
			passed := 0
			for _, gt := range doc.Tests {
				if gt.Status == "passed" {
					passed++
				} else {
					assert.Contains(t, gt.Output, "point(s) lost", "%s says why", gt.Name)
				}
				want := "visible"
				if strings.HasPrefix(gt.Name, "02_words/") {
					want = "after_due_date"
				}
				assert.Equal(t, want, gt.Visibility, gt.Name)
			}
			assert.Equal(t, tc.passed, passed)
			assert.Equal(t, "hidden", doc.StdoutVisibility)
			assert.Positive(t, doc.ExecutionTime, "the grading's seconds, rounded up")
			assert.Contains(t, log, "== ", "the instructor's log is the text report")
			assert.Contains(t, log, tc.log)
			schema(t, "gradescope", data)
		})
	}
}

// TestGradescopeSetup checks what cannot run here (setup.sh installs
// packages and downloads Go as root): it is valid bash and installs the Go
// release the course's go.mod files need.
func TestGradescopeSetup(t *testing.T) {
	c := platformCourse(t)
	require.NoError(t, os.WriteFile(filepath.Join(c.Root, "go.mod"), []byte("module example.com/w\n\ngo 1.25.8\n"), 0o644))
	v, err := autograder.GoVersion(c)
	require.NoError(t, err)
	assert.Equal(t, "1.25.8", v, "the higher of go 1.25 and go 1.25.8")
	setup := autograder.Scripts(v, i18n.En)["setup.sh"]
	assert.Contains(t, setup, "go_version=1.25.8\n")
	assert.Contains(t, setup, "apt-get install -y -qq bubblewrap")
	file := filepath.Join(t.TempDir(), "setup.sh")
	require.NoError(t, os.WriteFile(file, []byte(setup), 0o755))
	out, err := exec.Command("bash", "-n", file).CombinedOutput()
	assert.NoError(t, err, "%s", out)
}

// TestPrairieLearnGrader runs the example question's entrypoint as
// PrairieLearn runs it in the grading image (grade.sh and
// grade-submission.sh side by side, as the Dockerfile copies them) in a
// folder laid out as /grade, on uploads of workbook.zip: solved, half
// solved inside a repository's folder (GitHub's Download ZIP), hostile.
func TestPrairieLearnGrader(t *testing.T) {
	c := platformCourse(t)
	bin := t.TempDir() // the image's /usr/local/bin
	for src, dst := range map[string]string{"grade-submission.sh": "grade-submission.sh", "prairielearn/grade.sh": "grade.sh"} {
		data, err := os.ReadFile(src)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(bin, dst), data, 0o755))
	}
	total := 0
	for _, e := range c.Exercises {
		total += e.MaxPoints()
	}
	for _, tc := range []struct {
		name   string
		upload []byte
		score  float64
		log    string // a part of the instructor's log
	}{
		{"solved", zipFiles(t, "", solved(t, c)), 1, ""},
		{"half-solved", zipFiles(t, "workbook-main/", halfSolved(t, c)), float64(c.Exercises[0].MaxPoints()) / float64(total), "02_words"},
		{"hostile", zipFiles(t, "", hostile(t, c)), 0, "sum_test.go"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := t.TempDir() // /grade
			writeFiles(t, filepath.Join(g, "student"), map[string]string{"workbook.zip": string(tc.upload)})
			log := run(t, filepath.Join(bin, "grade.sh"), "WORKBOOK_GRADE="+g, "WORKBOOK_COURSE="+c.Root, "WORKBOOK_LANG=en")
			data, err := os.ReadFile(filepath.Join(g, "results", "results.json"))
			require.NoError(t, err, "grade.sh wrote no results.json; its log:\n%s", log)
			var doc struct {
				Gradable bool    `json:"gradable"`
				Score    float64 `json:"score"`
				Message  string  `json:"message"`
				Tests    []struct {
					Name      string `json:"name"`
					Points    int    `json:"points"`
					MaxPoints int    `json:"max_points"`
					Message   string `json:"message"`
				} `json:"tests"`
			}
			require.NoError(t, json.Unmarshal(data, &doc), "%s", data)
			assert.True(t, doc.Gradable)
			assert.InDelta(t, tc.score, doc.Score, 1e-9, "log:\n%s", log)
			assert.Contains(t, log, tc.log)
			for _, pt := range doc.Tests {
				if pt.Points < pt.MaxPoints {
					assert.Contains(t, pt.Message, "point(s) lost", "%s says why", pt.Name)
				}
			}
			schema(t, "prairielearn", data)
		})
	}
}

// TestDockerfilePinsTheCoursesGo: the grading image's Go is the one the
// real course's go.mod files need (the image is built from the course's
// root, so the pin must follow them).
func TestDockerfilePinsTheCoursesGo(t *testing.T) {
	root, err := course.Find(".")
	require.NoError(t, err)
	c, err := course.Load(root)
	require.NoError(t, err)
	v, err := autograder.GoVersion(c)
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join("prairielearn", "Dockerfile"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "\nARG GO_VERSION="+v+"\n")
}
