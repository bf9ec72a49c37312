// Package miniredis is exercise 5, the capstone: a small Redis server that
// real Redis clients talk to. It speaks RESP2, serves every connection in its
// own goroutine, and keeps one store that all of them share.
package miniredis

import (
	"bufio"
	"errors"
	"net"
)

const todo = " is not implemented yet (see book/en/05-mini-redis.md · 参见 book/zh-CN/05-mini-redis.md)"

// ErrProtocol is wrapped by every error ReadRequest returns for input that
// is not a well-formed request.
var ErrProtocol = errors.New("protocol error")

// ReadRequest reads one request from r and returns its arguments, the
// command name first, as the client sent them (not upper-cased).
//
// A request is either an array of bulk strings, as every client library
// and redis-cli send it:
//
//	*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n
//
// or an inline command, one line of words separated by spaces or tabs, as
// a person types it into telnet or nc (ending in \r\n or \n; quotes have no
// special meaning here). An empty inline line, or one of spaces and tabs
// only, is no request: ReadRequest skips it and reads the next; so is an
// array whose count is 0 or negative, as in Redis.
//
// A request may arrive split across any number of reads, and several may
// arrive in one: ReadRequest consumes exactly one and leaves the rest in r.
// At the end of the input before a request starts it returns io.EOF; when
// the input ends inside a request, io.ErrUnexpectedEOF. Any other error of
// r is returned as it is.
//
// Input that is not a well-formed request returns an error wrapping
// ErrProtocol whose text is the message Redis sends for it (with any \r or
// \n in it written as a space, as Redis writes them):
//
//   - "Protocol error: invalid multibulk length" when the count after '*'
//     is not an integer from -2147483648 to 2147483647, or its line does
//     not end in \r\n;
//   - "Protocol error: expected '$', got 'x'" when an element does not
//     start with '$' (x is the byte it starts with);
//   - "Protocol error: invalid bulk length" when the length after '$' is
//     not an integer from 0 to 536870912 (512 MiB), or its line does not
//     end in \r\n;
//   - "Protocol error: expected CRLF after bulk string" when the length's
//     bytes are not followed by \r\n (Redis skips those two bytes unchecked;
//     this server does not).
//
// An integer is written as Redis writes one: an optional '-' and decimal
// digits, without a leading zero; "0" is one, "01", "+1", "-0" and " 1"
// are not.
func ReadRequest(r *bufio.Reader) ([]string, error) {
	// TODO: read the first byte: '*' starts an array, anything else a line.
	// TODO：先读第一个字节：'*' 开始一个数组，其他情况是一行内联命令。
	return nil, errors.New("miniredis.ReadRequest" + todo)
}

// Store is the data every connection shares: string keys to string values.
// It is safe for concurrent use by any number of goroutines.
type Store struct {
	// TODO: a map, and what keeps two goroutines from using it at once.
	// TODO：一个 map，以及防止两个 goroutine 同时使用它的东西。
}

// NewStore returns an empty store.
func NewStore() *Store {
	panic("miniredis.NewStore" + todo)
}

// Do runs one request, whose arguments ReadRequest returned, against the
// store, and returns its reply in RESP2, byte for byte as Redis 7 writes
// it. The command name is matched without regard to ASCII case. The
// commands:
//
//	PING [message]        +PONG, or message as a bulk string
//	ECHO message          message as a bulk string
//	SET key value         +OK (no options: SET with more arguments is -ERR syntax error)
//	GET key               the value as a bulk string, or the null bulk string $-1
//	DEL key [key ...]     the number of keys that existed and were removed
//	EXISTS key [key ...]  how many of the keys exist, a key named twice counted twice
//	INCR key              the value plus one as an integer, a missing key counting as 0
//
// INCR's value must be an integer as ReadRequest defines one, in int64's
// range, or the reply is -ERR value is not an integer or out of range; at
// the largest int64 it is -ERR increment or decrement would overflow, and
// the value is left as it was. INCR is atomic: concurrent INCRs of one key,
// from any connections, each add one.
//
// A wrong number of arguments gets Redis's
// "-ERR wrong number of arguments for 'get' command", the command's name in
// lower case. Any other command gets Redis's
// "-ERR unknown command 'x', with args beginning with: 'a' 'b' ": the name
// cut to its first 128 bytes, then each argument quoted and followed by a
// space, for as long as the text after "with: " is shorter than 128 bytes,
// each argument cut so that this text does not pass 128 bytes. In an error
// reply, every \r or \n of the client's text is written as a space.
func (s *Store) Do(args []string) []byte {
	panic("miniredis.Store.Do" + todo)
}

// Config is what Serve needs besides its listener.
type Config struct {
	// Store is shared by every connection; Serve makes a new one when it
	// is nil.
	Store *Store
	// BeforeCommand, when set, is called with each request's arguments in
	// the goroutine that serves its connection, just before the request
	// runs. The tests use it to make one request panic.
	BeforeCommand func(args []string)
}

// Serve accepts connections on ln and serves each in its own goroutine,
// so that a client that is idle or reads slowly never delays another.
// A connection is served request by request, each reply written in the
// order of the requests; replies may be buffered, but every reply is sent
// before the server waits for more input. A request that is not well-formed
// gets Redis's error reply ("-ERR Protocol error: ...") and its connection is
// closed; other connections are untouched. A panic while serving one
// connection closes that connection only, behind exercise 4's panic
// boundary, and is logged with its value and stack through the log package.
// Each connection is closed when its client closes its side or it fails.
//
// Serve returns like echo's: nil once ln is closed, any other Accept error
// as it is. Either way it first closes the connections still open and
// waits until the goroutine of every connection it served has ended, so
// that nothing it started outlives it.
func Serve(ln net.Listener, cfg Config) error {
	// TODO: exercise 2's accept loop, exercise 4's boundary around each connection.
	// TODO：练习 2 的 accept 循环，每个连接外面套上练习 4 的边界。
	return errors.New("miniredis.Serve" + todo)
}
