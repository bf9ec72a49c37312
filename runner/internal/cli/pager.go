package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// page prints text, through the pager when it is taller than the terminal.
func (s *session) page(text string) {
	lines := strings.Count(text, "\n") + 1
	if !s.env.Terminal || s.opts.noPager || s.env.Height <= 0 || lines < s.env.Height {
		s.out(text)
		return
	}
	pager := s.env.Getenv("PAGER")
	if strings.TrimSpace(pager) == "" {
		pager = "less -FRX"
	}
	// Split on spaces, as git does for simple $PAGER values; a pager whose
	// path has spaces can be wrapped in a script.
	args := strings.Fields(pager)
	if len(args) == 0 {
		s.out(text)
		return
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
