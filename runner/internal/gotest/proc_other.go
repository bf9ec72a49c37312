//go:build !unix

package gotest

import (
	"errors"
	"os"
	"os/exec"

	"github.com/gospawn/workbook/runner/internal/i18n"
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
		return i18n.Errorf(msgKill, err)
	}
	return nil
}

// lowerPriority does nothing on these systems.
func lowerPriority(p *os.Process, nice int) {}
