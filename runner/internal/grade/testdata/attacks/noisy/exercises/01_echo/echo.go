// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sync"
)

// An honest learner's debugging left in: a progress line without its
// newline when the package starts, and, on the first connection, 20 000
// log lines (standard error), 2 MiB on standard output without a newline,
// and a line on standard error. Nothing here claims a result.
func init() {
	fmt.Print("echo: starting… ")
	fmt.Fprintln(os.Stderr, "echo: debug build")
}

var once sync.Once

func chatter() {
	for i := range 20_000 {
		log.Printf("echo: debug line %d of 20000", i+1)
	}
	os.Stdout.Write(bytes.Repeat([]byte("."), 2<<20))
	fmt.Fprintln(os.Stderr, "echo: done chattering")
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
		once.Do(chatter)
		// Copy back until the client is done, then take the next one.
		io.Copy(conn, conn)
		conn.Close()
	}
}
