// Package spawn is exercise 2: an echo server with one goroutine per connection.
package spawn

import (
	"errors"
	"io"
	"net"
)

// Serve is echo's Serve, but every connection is handled in its own goroutine, so that a slow
// or idle client never delays another.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// conn is declared inside the loop body, so each goroutine captures
		// its own connection, not whichever one the loop holds later.
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
}

// ServeBoth serves first and second at the same time, each with Serve. It returns only once
// both Serve calls have returned: nil when both returned nil (both listeners were just closed),
// otherwise the error of the one that failed, or of the one that failed first if both did.
func ServeBoth(first, second net.Listener) error {
	// Buffered for both results, so neither goroutine blocks on its send even
	// if ServeBoth were to stop receiving early.
	results := make(chan error, 2)
	for _, ln := range []net.Listener{first, second} {
		go func() { results <- Serve(ln) }()
	}
	var firstErr error
	for range 2 {
		if err := <-results; err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}
