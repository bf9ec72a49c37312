package grade

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// workflowFile is the workflow for the learners' repositories.
const workflowFile = "grade-workflow.yml"

// workflowStep is one step of the workflow.
type workflowStep struct {
	Name string            `yaml:"name"`
	ID   string            `yaml:"id"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

// workflowSteps reads the steps of the workflow's one job.
func workflowSteps(t *testing.T) []workflowStep {
	t.Helper()
	data, err := os.ReadFile(workflowFile)
	require.NoError(t, err)
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []workflowStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(data, &wf), "the workflow is valid YAML")
	assert.Equal(t, map[string]string{"contents": "read"}, wf.Permissions, "the annotations are workflow commands (annotate_only): the job only reads")
	require.Len(t, wf.Jobs, 1)
	for _, j := range wf.Jobs {
		return j.Steps
	}
	return nil
}

// TestWorkflowChecksTheCourseFirst: the course check runs before anything
// is checked out, and the course checkout takes its answer.
func TestWorkflowChecksTheCourseFirst(t *testing.T) {
	steps := workflowSteps(t)
	require.NotEmpty(t, steps)
	assert.Equal(t, "course", steps[0].ID, "the first step checks the course repository")
	assert.Equal(t, "${{ vars.WORKBOOK_COURSE_REPO }}", steps[0].Env["WORKBOOK_COURSE_REPO"])
	assert.Equal(t, "${{ github.repository }}", steps[0].Env["LEARNER_REPO"])
	found := false
	for _, s := range steps {
		if strings.HasPrefix(s.Uses, "actions/checkout@") && s.With["path"] == "course" {
			found = true
			assert.Equal(t, "${{ steps.course.outputs.repo }}", s.With["repository"], "the course checkout uses the checked value, never an empty one")
		}
	}
	assert.True(t, found, "a step checks out the course")
}

// TestWorkflowRefusesABadCourse runs the course check's script with bash,
// as the runner does, on the values a course's settings may hold.
func TestWorkflowRefusesABadCourse(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed: the workflow's course check was not run")
	}
	script := workflowSteps(t)[0].Run
	require.NotEmpty(t, script)
	for _, c := range []struct {
		name, course string
		want         string // "" when it accepts; then the repo it outputs
		repo         string
	}{
		{"empty", "", "::error title=No course repository::", ""},
		{"blank", "  \n", "::error title=No course repository::", ""},
		{"the learner's repository", "learner/workbook-alice", "::error title=The course is the learner's repository::", ""},
		{"the learner's, in other case", "Learner/Workbook-Alice", "::error title=The course is the learner's repository::", ""},
		{"a URL", "https://github.com/my-org/workbook", "::error title=Bad course repository::", ""},
		{"no owner", "workbook", "::error title=Bad course repository::", ""},
		{"a path", "my-org/workbook/tree", "::error title=Bad course repository::", ""},
		{"the course", "my-org/workbook", "", "my-org/workbook"},
		{"the course, with spaces", " my-org/workbook\n", "", "my-org/workbook"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "output")
			require.NoError(t, os.WriteFile(out, nil, 0o644))
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Env = append(os.Environ(), "WORKBOOK_COURSE_REPO="+c.course, "LEARNER_REPO=learner/workbook-alice", "GITHUB_OUTPUT="+out, "LC_ALL=C")
			var stdout bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stdout
			err := cmd.Run()
			written, rerr := os.ReadFile(out)
			require.NoError(t, rerr)
			if c.want == "" {
				require.NoError(t, err, "%s", stdout.String())
				assert.Equal(t, "repo="+c.repo+"\n", string(written))
				return
			}
			var ee *exec.ExitError
			require.True(t, errors.As(err, &ee), "the check must fail the job: %v\n%s", err, stdout.String())
			assert.True(t, strings.HasPrefix(stdout.String(), c.want), "%q", stdout.String())
			assert.Contains(t, stdout.String(), "nothing was graded")
			assert.Contains(t, stdout.String(), "没有评分", "in both languages")
			assert.Empty(t, written, "no course for the checkout")
		})
	}
}

// TestWorkflowPinsActions: every action is pinned by a full commit.
func TestWorkflowPinsActions(t *testing.T) {
	pinned := regexp.MustCompile(`^[\w.-]+/[\w.-]+@[0-9a-f]{40}$`)
	n := 0
	for _, s := range workflowSteps(t) {
		if s.Uses != "" {
			n++
			assert.Regexp(t, pinned, s.Uses, s.Name)
		}
	}
	assert.Equal(t, 4, n, "two checkouts, Go, the JUnit annotations")
}

// workflowStep finds the step of the workflow whose id is id.
func stepWithID(t *testing.T, id string) workflowStep {
	t.Helper()
	for _, s := range workflowSteps(t) {
		if s.ID == id {
			return s
		}
	}
	require.FailNow(t, "the workflow has no step "+id)
	return workflowStep{}
}

// TestWorkflowReadsTheGradersFiles: the Grade step and the annotations
// read the files --out writes for a submission folder named submission.
func TestWorkflowReadsTheGradersFiles(t *testing.T) {
	grade := stepWithID(t, "grade")
	rep := &report{Submissions: []*subReport{{Path: "/home/runner/work/a/a/submission"}}}
	nameSubmissions(rep)
	name := rep.Submissions[0].name
	assert.Contains(t, grade.Run, `--out "$RUNNER_TEMP/grade" "$GITHUB_WORKSPACE/submission"`)
	assert.Contains(t, grade.Run, `cat "$RUNNER_TEMP/grade/`+name+`.md" >> "$GITHUB_STEP_SUMMARY"`)
	var annotate workflowStep
	for _, s := range workflowSteps(t) {
		if strings.HasPrefix(s.Uses, "mikepenz/action-junit-report@") {
			annotate = s
		}
	}
	assert.Equal(t, "${{ runner.temp }}/grade/"+name+".xml", annotate.With["report_paths"])
	assert.Equal(t, "true", annotate.With["annotate_only"], "no check run: the job needs no write permission")
}

// TestWorkflowGrades runs the workflow's Grade step as the runner would
// (bash, from the course's checkout, with the runner's variables), with
// the grader built from this module, on a solved, a half-solved and a
// hostile submission of the fake course, and reads the job summary and
// the JUnit report it leaves.
func TestWorkflowGrades(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed: the workflow's Grade step was not run")
	}
	if testing.Short() {
		t.Skip("builds the workbook command and grades three submissions")
	}
	t.Parallel()
	c := classCourse(t)
	p := points{c}
	bin, err := workbookBinary()
	require.NoError(t, err)
	grade := stepWithID(t, "grade")

	for _, sub := range []struct {
		name, path string
		score      int
	}{
		{"solved", makeSolved(t, c), p.total()},
		{"half-solved", classSubmission(t, "partly"), p.full(exSum) + p.without(exWords, "TestLongest")},
		{"hostile", classSubmission(t, "forged_plain"), 0},
	} {
		t.Run(sub.name, func(t *testing.T) {
			runnerTemp, workspace := t.TempDir(), t.TempDir()
			require.NoError(t, os.Symlink(bin, filepath.Join(runnerTemp, "workbook")))
			require.NoError(t, os.CopyFS(filepath.Join(workspace, "submission"), os.DirFS(sub.path)))
			summary := filepath.Join(t.TempDir(), "step_summary")
			require.NoError(t, os.WriteFile(summary, []byte("an earlier step's summary\n"), 0o644))
			cmd := exec.Command(bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", grade.Run)
			cmd.Dir = c.Root
			cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runnerTemp, "GITHUB_WORKSPACE="+workspace,
				"GITHUB_STEP_SUMMARY="+summary, "WORKBOOK_LANG=en", "LC_ALL=C.UTF-8")
			log, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", log)
			header := " — " + strconv.Itoa(sub.score) + "/" + strconv.Itoa(p.total()) + " points"
			assert.Contains(t, string(log), header, "the log holds the text report")

			md, err := os.ReadFile(summary)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(string(md), "an earlier step's summary\n"), "appended: %q", md)
			assert.Contains(t, string(md), "## "+mdCode(filepath.Join(workspace, "submission"))+header)
			assert.LessOrEqual(t, len(md), markdownMax+len("an earlier step's summary\n"))
			if sub.score < p.total() {
				assert.Contains(t, string(md), "### Not passed")
			}

			x, err := os.ReadFile(filepath.Join(runnerTemp, "grade", "submission.xml"))
			require.NoError(t, err)
			var doc junitRead
			require.NoError(t, xml.Unmarshal(x, &doc))
			passed, total := 0, 0
			for _, s := range doc.Suites {
				for _, tc := range s.Cases {
					total++
					if tc.Failure == nil && tc.Error == nil {
						passed++
					}
				}
			}
			assert.Equal(t, p.tests(), total, "every test, for the annotations")
			if sub.score == p.total() {
				assert.Equal(t, total, passed)
			} else {
				assert.Less(t, passed, total)
			}
		})
	}
}
