// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
)

// size is how many bytes the line has, put in by the test
// (TestAttackFlood) or the benchmark; 400 MB, the figure, when
// nothing was.
const size = "@@SIZE@@"

// The flood: one line of that many bytes, without a newline, in 1 MiB
// writes, so that the binary itself never holds it.
func init() {
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil {
		n = 400_000_000
	}
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for n > 0 {
		k := min(n, int64(len(chunk)))
		if _, err := os.Stdout.Write(chunk[:k]); err != nil {
			return
		}
		n -= k
	}
}

// Serve accepts connections on ln one at a time. For each connection it writes back every byte
// it reads, as soon as it reads it, until the client closes its side; then it closes the
// connection and accepts the next one. A connection that fails (reset by the client, say)
// is closed and Serve goes on with the next. Serve returns nil once ln is closed
// (errors.Is(err, net.ErrClosed)), and any other Accept error as is.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// Copy back until the client is done, then take the next one.
		io.Copy(conn, conn)
		conn.Close()
	}
}
