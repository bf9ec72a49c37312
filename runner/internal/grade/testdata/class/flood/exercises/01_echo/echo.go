// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
)

// A flood of output: 4 MiB in init, in 1 KiB lines.
func init() {
	line := append(bytes.Repeat([]byte("flood "), 170), '\n')
	for range 4 << 10 {
		os.Stdout.Write(line)
	}
}

// shout writes one line of 256 KiB, without a newline until its end.
func shout() {
	os.Stdout.Write(append(bytes.Repeat([]byte("x"), 256<<10), '\n'))
}

// Serve accepts connections on ln one at a time. For each connection it writes back every byte
// it reads, as soon as it reads it, until the client closes its side; then it closes the
// connection and accepts the next one. A connection that fails (reset by the client, say)
// is closed and Serve goes on with the next. Serve returns nil once ln is closed
// (errors.Is(err, net.ErrClosed)), and any other Accept error as is.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		shout()
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
