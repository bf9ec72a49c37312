// Package miniredis is exercise 5, the capstone: a small Redis server that
// real Redis clients talk to. It speaks RESP2, serves every connection in its
// own goroutine, and keeps one store that all of them share.
//
// This file is yours: Store, its methods and Serve. resp.go (reading
// requests) and commands.go (running them and writing the replies) are
// provided.
//
// miniredis 包是练习 5，也是收官之作：一个真正的 Redis 客户端能与之对话的小型
// Redis 服务器。它使用 RESP2 协议，每个连接由各自的 goroutine 服务，
// 所有连接共享同一个存储。
//
// 这个文件由你来完成：Store、它的方法和 Serve。resp.go（读取请求）和
// commands.go（执行请求并写出回复）是现成提供的。
package miniredis

import (
	"errors"
	"net"
)

const todo = " is not implemented yet (see book/en/05-mini-redis.md · 参见 book/zh-CN/05-mini-redis.md)"

// Store is the data every connection shares: string keys to string values.
// It is safe for concurrent use by any number of goroutines.
//
// Store 是所有连接共享的数据：从字符串键到字符串值。任意多个 goroutine
// 可以并发使用它。
type Store struct {
	// TODO: a map, and what keeps two goroutines from using it at once.
	// TODO：一个 map，以及防止两个 goroutine 同时使用它的东西。
}

// NewStore returns an empty store.
//
// NewStore 返回一个空的 Store。
func NewStore() *Store {
	panic("miniredis.NewStore" + todo)
}

// Get returns the value of key, and whether the key exists.
//
// Get 返回 key 的值，以及这个键是否存在。
func (s *Store) Get(key string) (value string, ok bool) {
	panic("miniredis.Store.Get" + todo)
}

// Set sets key to value.
//
// Set 把 key 的值设为 value。
func (s *Store) Set(key, value string) {
	panic("miniredis.Store.Set" + todo)
}

// Del removes the keys that exist and returns how many it removed.
//
// Del 删除 keys 中存在的键，返回删除了几个。
func (s *Store) Del(keys ...string) int {
	panic("miniredis.Store.Del" + todo)
}

// Exists returns how many of the keys exist, a key named twice counted
// twice.
//
// Exists 返回 keys 中有几个键存在；同一个键出现两次就算两次。
func (s *Store) Exists(keys ...string) int {
	panic("miniredis.Store.Exists" + todo)
}

// IncrBy adds delta to the integer value of key, a missing key counting as
// 0, and returns the new value. A value that is not an integer as
// ParseInteger defines one gets ErrNotInteger; a result outside int64's
// range gets ErrOverflow. Either way the value is left as it was. IncrBy is
// atomic: concurrent calls for one key, from any goroutines, each add their
// delta.
//
// IncrBy 把 delta 加到 key 的整数值上（不存在的键按 0 算），返回新值。值不是
// ParseInteger 所定义的整数时返回 ErrNotInteger；结果超出 int64 的范围时返回
// ErrOverflow。这两种情况下值都保持原样。IncrBy 是原子的：来自任意 goroutine、
// 针对同一个键的并发调用，每一次的 delta 都会加上去。
func (s *Store) IncrBy(key string, delta int64) (int64, error) {
	// TODO: one critical section from reading the value to writing the new one.
	// TODO：从读取旧值到写入新值，整个过程在同一个临界区里完成。
	panic("miniredis.Store.IncrBy" + todo)
}

// Config is what Serve needs besides its listener.
//
// Config 是 Serve 在 listener 之外需要的东西。
type Config struct {
	// Store is shared by every connection; Serve makes a new one when it
	// is nil.
	//
	// Store 由所有连接共享；它为 nil 时，Serve 新建一个。
	Store *Store
	// BeforeCommand, when set, is called with each request's arguments in
	// the goroutine that serves its connection, just before the request
	// runs. The tests use it to count the requests run and to make one
	// panic.
	//
	// BeforeCommand 若已设置，则在每个请求执行之前，在服务该请求所在连接的
	// goroutine 里，以该请求的参数调用它。测试用它统计执行过的请求数，
	// 以及让某一个请求触发 panic。
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
//
// Serve 在 ln 上接受连接，每个连接由它自己的 goroutine 服务，直到连接关闭；
// 无论同时打开多少个连接都是如此，
// 这样空闲的或读得慢的客户端永远不会拖慢其他客户端。
//
// 每个连接逐个请求地服务：ReadRequest，然后是
// Config.BeforeCommand（若已设置），然后是 Store.Do，回复按请求的顺序写出。
// 回复先缓冲、再成批写出，并且服务器在等待更多输入之前，
// 会把每个回复都发送出去。当某个回复写不出去（它的客户端不读）时，
// 不再读取新的请求：无论客户端发来什么，一个连接占用的资源都有上限。
// 格式不正确的请求得到 "-ERR " 加上 ReadRequest 的错误文本，
// 随后它的连接被关闭；其他连接不受影响。QUIT 的回复发送之后，连接被关闭。
// 服务某个连接时发生的 panic 只关闭这一个连接（练习 4 的 panic
// 边界把它保护起来），并通过 log 包记录 panic 的值和栈跟踪。
// 客户端关闭发送方向，或者连接出错时，该连接同样被关闭。
//
// Serve 的返回方式与 echo 的相同：ln 关闭后返回 nil，Accept
// 的其他错误原样返回。无论哪种情况，它都先关闭仍然打开的连接，
// 并等待它服务过的每个连接的 goroutine 都已结束，
// 这样它启动的任何东西都不会比它活得更久。
func Serve(ln net.Listener, cfg Config) error {
	// TODO: exercise 2's accept loop, exercise 4's boundary around each connection.
	// TODO：练习 2 的 accept 循环，每个连接外面套上练习 4 的边界。
	// TODO: per connection, a bufio.Reader and a bufio.Writer, flushed before any read that could wait.
	// TODO：每个连接一个 bufio.Reader 和一个 bufio.Writer，在任何可能等待的读取之前先 Flush。
	return errors.New("miniredis.Serve" + todo)
}
