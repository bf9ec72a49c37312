package grade

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestMarkdownKeepsLearnersTextInert: what a submission chose (its folder's
// name, its tests' output) cannot become a link, an image, HTML or the end
// of a code block in the job summary.
func TestMarkdownKeepsLearnersTextInert(t *testing.T) {
	rep := handReport(t, i18n.En, "see <b>this</b> [x](https://evil.example)")
	s := rep.Submissions[0]
	s.Path = "class/a`b ![img](https://evil.example/p.png) <script>|x"
	var failed *testReport
	for _, e := range s.Exercises {
		for _, tr := range e.Tests {
			if tr.Status != statusPass {
				failed = tr
			}
		}
	}
	failed.Message = "```\n</details><img src=x>\n````\n[click](https://evil.example)"
	out := renderString(t, rep, "markdown")

	assert.Contains(t, out, "``class/a`b ![img](https://evil.example/p.png) <script>\\|x``", "the path is one code span")
	assert.Contains(t, out, "`````text\n"+failed.Message+"\n`````\n", "the fence is longer than any run of backticks inside")
	assert.Contains(t, out, `see \<b\>this\</b\> \[x\](https://evil.example)`, "a note is text")
}

// TestMarkdownFitsGitHubsLimit: a summary past 1 MiB is dropped by GitHub;
// the messages are shortened until the document fits, and it says so.
func TestMarkdownFitsGitHubsLimit(t *testing.T) {
	rep := handReport(t, i18n.Zh)
	s := rep.Submissions[0]
	for n := len(s.Exercises); len(s.Exercises) < 60*n; {
		s.Exercises = append(s.Exercises, s.Exercises[:n]...)
	}
	for _, e := range s.Exercises {
		for _, tr := range e.Tests {
			tr.Status, tr.Points, tr.Message = statusFail, 0, strings.Repeat("失败 ", 5000)
		}
	}
	out := renderString(t, rep, "markdown")
	assert.LessOrEqual(t, len(out), markdownMax)
	assert.Greater(t, len(out), markdownMax/4, "cut no more than needed")
	assert.Contains(t, out, lblMdCut.Zh)
}
