// Package spawn is exercise 2: an echo server with one goroutine per connection.
//
// spawn 包是练习 2：每个连接一个 goroutine 的回显服务器。
package spawn

import (
	"errors"
	"io"
	"net"
)

// Serve is echo's Serve, but every connection is handled in its own goroutine, so that a slow
// or idle client never delays another.
//
// Serve 就是 echo 的 Serve，只是每个连接都在它自己的 goroutine 里处理，
// 这样慢的或空闲的客户端永远不会拖慢其他客户端。
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
		//
		// conn 在循环体内声明，所以每个 goroutine 捕获的是它自己的连接，
		// 而不是循环后来持有的某个连接。
		go func() {
			defer conn.Close()
			io.Copy(conn, conn)
		}()
	}
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
	// Buffered for both results, so neither goroutine blocks on its send even
	// if ServeBoth were to stop receiving early.
	//
	// 缓冲区容得下两个结果，这样即使 ServeBoth 提前停止接收，两个 goroutine
	// 也都不会阻塞在发送上。
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
