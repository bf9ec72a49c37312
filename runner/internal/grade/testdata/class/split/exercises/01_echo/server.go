// Package echo, in two files: the stub file was renamed.
package echo

import (
	"errors"
	"net"
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
		serveConn(conn)
	}
}
