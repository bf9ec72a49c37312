package grade

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/confine"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// TestBadInputInEachLanguage gives the command what an instructor may
// really have on disk (a roster that is not CSV, a --changed file that is
// no report, a ZIP that is not one) and requires the whole answer in the
// language asked for: no English sentence inside the Chinese one.
func TestBadInputInEachLanguage(t *testing.T) {
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
