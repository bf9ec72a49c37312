// The hoarder: bytes written into loopback connections that are never
// read, held in the kernel's socket buffers, which no process's resident
// memory shows (TestAttacksOnMemory/Sockets). It goes beside a correct solution.
package echo

import (
	"net"
	"strconv"
	"time"
)

// size is how many bytes to hold, put in by the test; 1.5 GiB, the
// issue's figure, when nothing was.
const size = "@@SIZE@@"

// held keeps both ends of every connection.
var held []net.Conn

func init() {
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil {
		n = 3 << 29
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return
	}
	chunk := make([]byte, 1<<20)
	for total := int64(0); total < n; {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return
		}
		s, err := ln.Accept()
		if err != nil {
			return
		}
		held = append(held, c, s)
		for total < n {
			c.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
			k, err := c.Write(chunk)
			total += int64(k)
			if err != nil {
				break
			}
		}
	}
}
