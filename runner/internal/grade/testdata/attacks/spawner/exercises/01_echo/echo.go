// Package echo is exercise 1: an echo server that serves one client at a time.
package echo

import (
	"errors"
	"io"
	"net"
	"os/exec"
	"syscall"
)

// marker names the processes in the process table, unique to one run of
// the test (TestAttackSpawner).
const marker = "@@MARKER@@"

// The spawning: ten shells that sleep for five minutes, with their output
// not connected to the test binary (go test does not wait for them): four
// in the test binary's process group, three in a group of their own, three
// in a session of their own. The shell runs sleep as a child (the "; true"),
// so that its own command line, with the marker as $0, stays in the
// process table.
func init() {
	for i := range 10 {
		cmd := exec.Command("sh", "-c", "sleep 300; true", marker)
		switch {
		case i >= 7:
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		case i >= 4:
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		}
		_ = cmd.Start()
	}
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
		// Copy back until the client is done, then take the next one.
		io.Copy(conn, conn)
		conn.Close()
	}
}
