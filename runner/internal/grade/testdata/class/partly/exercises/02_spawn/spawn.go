// Package spawn: this learner still serves one connection at a time on
// each listener.
package spawn

import (
	"errors"
	"io"
	"net"
)

// Serve echoes, one connection after the other.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		io.Copy(conn, conn)
		conn.Close()
	}
}

// ServeBoth serves both listeners at the same time, each one connection at
// a time.
func ServeBoth(first, second net.Listener) error {
	results := make(chan error, 2)
	go func() { results <- Serve(first) }()
	go func() { results <- Serve(second) }()
	err1, err2 := <-results, <-results
	if err1 != nil {
		return err1
	}
	return err2
}
