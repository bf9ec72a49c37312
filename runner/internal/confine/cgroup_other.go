//go:build !linux

package confine

import (
	"syscall"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Cgroups are Linux's.
func Cgroups() (string, error) { return "", i18n.NewError(msgCgroupsLinux) }

type runCgroup struct{}

func newRunCgroup(parent string, memory int64, tasks int) (*runCgroup, error) {
	return nil, i18n.NewError(msgCgroupsLinux)
}
func (cg *runCgroup) exceeded() Exceeded                  { return "" }
func (cg *runCgroup) peak() int64                         { return 0 }
func (cg *runCgroup) remove()                             {}
func intoCgroup(attr *syscall.SysProcAttr, cg *runCgroup) {}
