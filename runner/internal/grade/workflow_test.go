package grade

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// workflowStep is one step of classroom-workflow.yml.
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
	data, err := os.ReadFile("classroom-workflow.yml")
	require.NoError(t, err)
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []workflowStep `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(data, &wf), "the workflow is valid YAML")
	assert.NotContains(t, wf.Permissions, "checks", "the v1 reporter writes annotations through workflow commands: no checks permission")
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

// TestWorkflowReadsTheGradersFile: the Grade step reads the file --out
// writes for a submission folder named submission.
func TestWorkflowReadsTheGradersFile(t *testing.T) {
	var grade workflowStep
	for _, s := range workflowSteps(t) {
		if s.ID == "workbook" {
			grade = s
		}
	}
	require.NotEmpty(t, grade.Run)
	rep := &report{Submissions: []*subReport{{Path: "/home/runner/work/a/a/submission"}}}
	nameSubmissions(rep)
	assert.Contains(t, grade.Run, `--out "$RUNNER_TEMP/grade" "$GITHUB_WORKSPACE/submission"`)
	assert.Contains(t, grade.Run, `"$RUNNER_TEMP/grade/`+rep.Submissions[0].name+`.classroom.json"`)
	assert.Contains(t, grade.Run, "base64 -w0")
}
