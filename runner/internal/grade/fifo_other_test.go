//go:build !unix

package grade

import "errors"

func mkfifo(path string) error { return errors.ErrUnsupported }
