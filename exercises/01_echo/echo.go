// Package echo is exercise 1: an echo server that serves one client at a time.
//
// echo 包是练习 1：一次只服务一个客户端的回显服务器。
package echo

import (
	"errors"
	"net"
)

// Serve accepts connections on ln one at a time. For each connection it writes back every byte
// it reads, as soon as it reads it, until the client closes its side; then it closes the
// connection and accepts the next one. A connection that fails (reset by the client, say)
// is closed and Serve goes on with the next. Serve returns nil once ln is closed
// (errors.Is(err, net.ErrClosed)), and any other Accept error as is.
//
// Serve 在 ln 上逐个接受连接。对每个连接，它把读到的每个字节一读到就写回去，
// 直到客户端关闭发送方向；然后关闭该连接，接受下一个。
// 出错的连接（比如被客户端重置）会被关闭，Serve 继续处理下一个。ln 关闭后 Serve
// 返回 nil（errors.Is(err, net.ErrClosed)），Accept 的其他错误原样返回。
func Serve(ln net.Listener) error {
	// TODO: accept connections in a loop and echo each one back.
	//       Read book/en/01-echo.md.
	// TODO：循环接受连接，把每个连接收到的数据原样写回。
	//       参见 book/zh-CN/01-echo.md。
	return errors.New("echo.Serve is not implemented yet (see book/en/01-echo.md · 参见 book/zh-CN/01-echo.md)")
}
