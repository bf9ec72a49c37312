//go:build !linux

package confine

import (
	"errors"
	"syscall"
)

// Cgroups are Linux's.
func Cgroups() (string, error) { return "", errors.New("cgroups are Linux's") }

type runCgroup struct{}

func newRunCgroup(parent string, memory int64, tasks int) (*runCgroup, error) {
	return nil, errors.New("cgroups are Linux's")
}
func (cg *runCgroup) exceeded() Exceeded                  { return "" }
func (cg *runCgroup) peak() int64                         { return 0 }
func (cg *runCgroup) remove()                             {}
func intoCgroup(attr *syscall.SysProcAttr, cg *runCgroup) {}
