//go:build !unix

package gofiles

import "errors"

func mkfifo(path string) error { return errors.ErrUnsupported }
