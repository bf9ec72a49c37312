// Package miniredis is exercise 5, the capstone: a small Redis server that
// real Redis clients talk to. It speaks RESP2, serves every connection in its
// own goroutine, and keeps one store that all of them share.
//
// This file is yours: Store, its methods and Serve. resp.go (reading
// requests) and commands.go (running them and writing the replies) are
// provided.
package miniredis

import (
	"errors"
	"net"
)

const todo = " is not implemented yet (see book/en/05-mini-redis.md · 参见 book/zh-CN/05-mini-redis.md)"

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

// Get returns the value of key, and whether the key exists.
func (s *Store) Get(key string) (value string, ok bool) {
	panic("miniredis.Store.Get" + todo)
}

// Set sets key to value.
func (s *Store) Set(key, value string) {
	panic("miniredis.Store.Set" + todo)
}

// Del removes the keys that exist and returns how many it removed.
func (s *Store) Del(keys ...string) int {
	panic("miniredis.Store.Del" + todo)
}

// Exists returns how many of the keys exist, a key named twice counted
// twice.
func (s *Store) Exists(keys ...string) int {
	panic("miniredis.Store.Exists" + todo)
}

// IncrBy adds delta to the integer value of key, a missing key counting as
// 0, and returns the new value. A value that is not an integer as
// ParseInteger defines one gets ErrNotInteger; a result outside int64's
// range gets ErrOverflow. Either way the value is left as it was. IncrBy is
// atomic: concurrent calls for one key, from any goroutines, each add their
// delta.
func (s *Store) IncrBy(key string, delta int64) (int64, error) {
	// TODO: one critical section from reading the value to writing the new one.
	// TODO：从读取旧值到写入新值，整个过程在同一个临界区里完成。
	panic("miniredis.Store.IncrBy" + todo)
}

// Config is what Serve needs besides its listener.
type Config struct {
	// Store is shared by every connection; Serve makes a new one when it
	// is nil.
	Store *Store
	// BeforeCommand, when set, is called with each request's arguments in
	// the goroutine that serves its connection, just before the request
	// runs. The tests use it to count the requests run and to make one
	// panic.
	BeforeCommand func(args []string)
}

// Serve accepts connections on ln and serves each in a goroutine of its
// own for as long as it is open, however many are open at once, so that a
// client that is idle or reads slowly never delays another.
//
// A connection is served request by request: ReadRequest, then
// Config.BeforeCommand if set, then Store.Do, each reply written in the
// order of the requests. Replies are buffered and written in batches, and
// every reply is sent before the server waits for more input. While a
// reply cannot be written (its client does not read), no more requests are
// read: what one connection holds stays bounded, whatever its client
// sends. A request that is not well-formed gets "-ERR " and ReadRequest's
// error text, and its connection is closed; other connections are
// untouched. After the reply to a QUIT is sent, the connection is closed.
// A panic while serving one connection closes that connection only, behind
// exercise 4's panic boundary, and is logged with its value and stack
// through the log package. Each connection is closed, too, when its client
// closes its side or it fails.
//
// Serve returns like echo's: nil once ln is closed, any other Accept error
// as it is. Either way it first closes the connections still open and
// waits until the goroutine of every connection it served has ended, so
// that nothing it started outlives it.
func Serve(ln net.Listener, cfg Config) error {
	// TODO: exercise 2's accept loop, exercise 4's boundary around each connection.
	// TODO：练习 2 的 accept 循环，每个连接外面套上练习 4 的边界。
	// TODO: per connection, a bufio.Reader and a bufio.Writer, flushed before any read that could wait.
	// TODO：每个连接一个 bufio.Reader 和一个 bufio.Writer，在任何可能等待的读取之前先 Flush。
	return errors.New("miniredis.Serve" + todo)
}
