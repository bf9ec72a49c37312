// Package spawn is exercise 2: an echo server with one goroutine per connection.
package spawn

import (
	"errors"
	"net"
)

// Serve is echo's Serve, but every connection is handled in its own goroutine, so that a slow
// or idle client never delays another.
func Serve(ln net.Listener) error {
	// TODO: start each connection's echo loop with a go statement.
	//       Read book/en/02-spawn.md.
	// TODO：用 go 语句为每个连接启动一个 goroutine 来回显。
	//       参见 book/zh-CN/02-spawn.md。
	return errors.New("spawn.Serve is not implemented yet (see book/en/02-spawn.md · 参见 book/zh-CN/02-spawn.md)")
}

// ServeBoth serves first and second at the same time, each with Serve. It returns only once
// both Serve calls have returned: nil when both returned nil (both listeners were just closed),
// otherwise the error of the one that failed, or of the one that failed first if both did.
func ServeBoth(first, second net.Listener) error {
	// TODO: run Serve on both listeners at once and wait for both.
	// TODO：同时在两个 listener 上运行 Serve，并等待两者都返回。
	return errors.New("spawn.ServeBoth is not implemented yet (see book/en/02-spawn.md · 参见 book/zh-CN/02-spawn.md)")
}
