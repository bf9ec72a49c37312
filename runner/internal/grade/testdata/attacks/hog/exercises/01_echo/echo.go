// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"errors"
	"io"
	"net"
	"strconv"
)

// size is how many bytes to hold, put in by the test (TestAttackHog) or
// the benchmark; 3 GiB, the figure, when nothing was.
const size = "@@SIZE@@"

// held stays reachable while the tests run, so the collector frees none of
// it.
var held []byte

// The hog: every page of the memory is written, so that it is resident,
// not only reserved.
func init() {
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil {
		n = 3 << 30
	}
	held = make([]byte, n)
	for i := 0; i < len(held); i += 4096 {
		held[i] = 1
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
