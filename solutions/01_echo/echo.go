// Package echo is exercise 1: an echo server that serves one client at a time.
//
// echo 包是练习 1：一次只服务一个客户端的回显服务器。
package echo

import (
	"errors"
	"io"
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
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		// io.Copy writes each chunk as soon as Read returns it, and stops
		// at EOF (the client closed its side) or at the first error. Either
		// way this connection is over; the next client is waiting.
		//
		// io.Copy 在 Read 每返回一块数据时就立即把它写出去，并在
		// EOF（客户端关闭了发送方向）或第一个错误处停止。无论哪种情况，
		// 这个连接都结束了；下一个客户端正在等待。
		io.Copy(conn, conn)
		conn.Close()
	}
}
