//go:build !unix

package bench

import "os"

// maxRSS is 0 here: the peak resident memory is read on Unix only.
func maxRSS(ps *os.ProcessState) int64 { return 0 }
