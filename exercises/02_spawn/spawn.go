// Package spawn is exercise 2: an echo server with one goroutine per connection.
//
// spawn 包是练习 2：每个连接一个 goroutine 的回显服务器。
package spawn

import (
	"errors"
	"net"
)

// Serve is echo's Serve, but every connection is handled in its own goroutine, so that a slow
// or idle client never delays another.
//
// Serve 就是 echo 的 Serve，只是每个连接都在它自己的 goroutine 里处理，
// 这样慢的或空闲的客户端永远不会拖慢其他客户端。
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
//
// ServeBoth 同时服务 first 和 second，各用一个 Serve。只有两个 Serve
// 调用都返回之后它才返回：两者都返回 nil 时（两个 listener 都只是被关闭了）返回
// nil，否则返回失败的那个 Serve 的错误；两个都失败时，返回先失败的 Serve
// 的错误。
func ServeBoth(first, second net.Listener) error {
	// TODO: run Serve on both listeners at once and wait for both.
	// TODO：同时在两个 listener 上运行 Serve，并等待两者都返回。
	return errors.New("spawn.ServeBoth is not implemented yet (see book/en/02-spawn.md · 参见 book/zh-CN/02-spawn.md)")
}
