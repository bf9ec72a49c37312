// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"errors"
	"io"
	"net"
)

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
		// io.Copy writes each chunk as soon as Read returns it, and stops
		// at EOF (the client closed its side) or at the first error. Either
		// way this connection is over; the next client is waiting.
		io.Copy(conn, conn)
		conn.Close()
	}
}
