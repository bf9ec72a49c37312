package coursetest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// WarmBuildCache compiles into go's build cache (the environment's
// GOCACHE) the packages pkgs, resolved in the module folder dir, and every
// package they and their tests import, without and, when race is true,
// with the race detector: what a platform's setup does before its first
// grading (go test -run '^$' in the grader's image), and what an
// instructor's earlier go test leaves.
//
// A test that starts go commands at once on an empty cache needs it: go
// does not share a compilation in progress between its processes, so four
// go test runs starting together each compile the standard library, and a
// grading, which reads that cache and writes only a cache of its own (see
// confine's cache.go), compiles again everything it does not find there.
// Nothing is linked and no test runs, so no verdict depends on it.
func WarmBuildCache(dir string, race bool, pkgs ...string) error {
	modes := [][]string{nil}
	if race {
		modes = append(modes, []string{"-race"})
	}
	for _, flags := range modes {
		args := append([]string{"list", "-export", "-deps", "-test", "-f", "{{if .Error}}{{.ImportPath}}: {{.Error}}{{end}}"}, flags...)
		cmd := exec.Command("go", append(args, pkgs...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			return fmt.Errorf("warming the build cache (go %s in %s): %v\n%s", strings.Join(cmd.Args[1:], " "), dir, err, out)
		}
	}
	return nil
}
