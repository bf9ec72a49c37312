//go:build unix

package gotest

import (
	"errors"
	"os"
	"os/exec"
	"syscall"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// setProcessGroup makes the command the leader of a new process group, which
// the compiler, the test binary and anything the tests start inherit.
func setProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}

// killProcessGroup kills every process of the group p leads. A group that is
// already gone is not an error.
//
// Run also calls it after go has exited and been reaped, to kill what the
// tests left running. While any member lives the kernel does not reuse the
// group's ID; when none does, the signal finds no group (the ID would have
// to be handed out again within microseconds to reach anything else).
func killProcessGroup(p *os.Process) error {
	if p == nil || p.Pid <= 0 {
		return nil
	}
	err := syscall.Kill(-p.Pid, syscall.SIGKILL)
	if err != nil && !errors.Is(err, syscall.ESRCH) {
		return i18n.Errorf(msgKillGroup, p.Pid, err)
	}
	return nil
}

// lowerPriority raises the niceness of p's process group by nice, so that
// the compiler, linker and test binary it starts yield the CPU to a run
// that matters more. It is best effort: a failure leaves the priority as
// it was.
func lowerPriority(p *os.Process, nice int) {
	if p == nil || p.Pid <= 0 || nice <= 0 {
		return
	}
	syscall.Setpriority(syscall.PRIO_PGRP, p.Pid, nice)
}
