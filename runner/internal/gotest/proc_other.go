//go:build !unix

package gotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// setProcessGroup does nothing on systems without Unix process groups.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills go itself; on these systems the processes it
// started (the test binary) may outlive it.
func killProcessGroup(p *os.Process) error {
	if p == nil {
		return nil
	}
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("gotest: killing go test: %w", err)
	}
	return nil
}

// lowerPriority does nothing on these systems.
func lowerPriority(p *os.Process, nice int) {}
