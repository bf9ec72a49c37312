// Package echo does not compile: a type error.
package echo

import (
	"io"
	"net"
)

// Serve has a type error.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return 42
		}
		io.Copy(conn, conn)
		conn.Close()
	}
}
