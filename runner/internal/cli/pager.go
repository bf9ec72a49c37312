package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/gospawn/workbook/runner/internal/render"
)

// page prints text, through the pager when it is taller or wider than the
// terminal. The default pager (less -S) does not wrap: a code line wider
// than the screen scrolls sideways instead of being cut or broken.
func (s *session) page(text string) {
	lines := strings.Split(text, "\n")
	wide := false
	for _, l := range lines {
		wide = wide || render.Width(l) > s.env.Width
	}
	if !s.env.Terminal || s.opts.noPager || s.env.Height <= 0 || len(lines) < s.env.Height && !wide {
		s.out(text)
		return
	}
	// Split on spaces, as git does for simple $PAGER values; a pager whose
	// path has spaces can be wrapped in a script.
	args := strings.Fields(s.env.Getenv("PAGER"))
	if len(args) == 0 {
		args = []string{"less", "-FRXS"}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin = strings.NewReader(text + "\n")
	cmd.Stdout, cmd.Stderr = s.env.Stdout, s.env.Stderr
	cmd.Env = os.Environ()
	if err := cmd.Run(); err != nil {
		if _, notFound := err.(*exec.Error); notFound {
			// No pager here: print it all rather than nothing.
			s.out(text)
			return
		}
		fmt.Fprintln(s.env.Stderr)
	}
}
