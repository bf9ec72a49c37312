package echo

import (
	"io"
	"net"
)

// serveConn echoes one connection and closes it.
func serveConn(conn net.Conn) {
	defer conn.Close()
	io.Copy(conn, conn)
}
