package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestFileURL(t *testing.T) {
	tests := []struct{ host, path, want string }{
		{"", "/home/ann/workbook/exercises/01_echo/echo.go", "file:///home/ann/workbook/exercises/01_echo/echo.go"},
		{"laptop", "/home/ann/workbook/a.go", "file://laptop/home/ann/workbook/a.go"},
		{"laptop", "/home/ann/my work/a.go", "file://laptop/home/ann/my%20work/a.go"},
		{"laptop", "/home/安/练习/a.go", "file://laptop/home/%E5%AE%89/%E7%BB%83%E4%B9%A0/a.go"},
		{"laptop", "/tmp/50%#1?/a.go", "file://laptop/tmp/50%25%231%3F/a.go"},
		{"laptop", "/tmp/\x1b]8;;x\a/a.go", "file://laptop/tmp/%1B%5D8;;x%07/a.go"}, // no escape code gets out
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FileURL(tt.host, tt.path), "%q on %q", tt.path, tt.host)
	}
}

// visible shows a link's escape codes as characters, so that a golden file
// says where each link starts and ends.
func visible(s string) string {
	return strings.NewReplacer("\x1b", "␛", "\a", "␇").Replace(s)
}

func TestHeaderLinks(t *testing.T) {
	links := Links{Root: "/home/ann/go workbook", Host: "laptop"}
	for _, tt := range []struct {
		name  string
		o     Options
		links bool // the path is a link
	}{
		{"off-80-en", Options{Width: 80, Lang: i18n.En}, false},
		{"on-80-en", Options{Width: 80, Lang: i18n.En, Links: links}, true},
		{"on-80-zh", Options{Width: 80, Lang: i18n.Zh, Links: links}, true},
		{"on-plain-80-en", Options{Width: 80, Lang: i18n.En, Plain: true, Links: links}, false},
		// The path wraps alone onto its line, and fits there.
		{"on-30-zh", Options{Width: 30, Lang: i18n.Zh, Links: links}, true},
		// Wider than its line: broken across lines, so left unlinked.
		{"on-16-en", Options{Width: 16, Lang: i18n.En, Links: links}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Header(exercise, 5, "exercises/02_spawn/spawn.go", tt.o)
			for i, line := range strings.Split(got, "\n") {
				assert.LessOrEqual(t, Width(line), tt.o.Width, "line %d is wider than the screen: %q", i+1, line)
			}
			url := "file://laptop/home/ann/go%20workbook/exercises/02_spawn/spawn.go"
			if tt.links {
				assert.Contains(t, got, "\x1b]8;;"+url+"\a", "the link's target is the file, on this host")
				assert.Equal(t, 2, strings.Count(got, "\x1b]8;"), "one link, opened and closed")
				assert.Contains(t, ansi.Strip(got), "exercises/02_spawn/spawn.go", "the label is the path as written")
			} else {
				assert.NotContains(t, got, "\x1b]8;", "no link")
			}
			path := filepath.Join("testdata", "links", tt.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(visible(got)), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden file: run go test ./runner/internal/render -run Link -update")
			assert.Equal(t, string(want), visible(got), "the header changed; if on purpose, run with -update and review the diff")
		})
	}
}
