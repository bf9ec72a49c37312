//go:build unix

package grade

import "syscall"

// openNoFollow are the flags that make opening a learner's file fail on a
// symbolic link and never block on a FIFO.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
