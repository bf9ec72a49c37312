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
	"bufio"
	"errors"
	"log"
	"math"
	"net"
	"runtime/debug"
	"strconv"
	"sync"
)

// Store is the data every connection shares: string keys to string values.
// It is safe for concurrent use by any number of goroutines.
//
// Store 是所有连接共享的数据：从字符串键到字符串值。任意多个 goroutine
// 可以并发使用它。
type Store struct {
	// mu guards data. A plain Mutex, not an RWMutex: every critical section
	// is a map access or a few, shorter than RWMutex's own bookkeeping.
	//
	// mu 保护 data。用普通的 Mutex 而不是 RWMutex：每个临界区只是一两次 map
	// 访问，比 RWMutex 自己的管理工作还短。
	mu   sync.Mutex
	data map[string]string
}

// NewStore returns an empty store.
//
// NewStore 返回一个空的 Store。
func NewStore() *Store {
	return &Store{data: make(map[string]string)}
}

// Get returns the value of key, and whether the key exists.
//
// Get 返回 key 的值，以及这个键是否存在。
func (s *Store) Get(key string) (value string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	value, ok = s.data[key]
	return value, ok
}

// Set sets key to value.
//
// Set 把 key 的值设为 value。
func (s *Store) Set(key, value string) {
	s.mu.Lock()
	s.data[key] = value
	s.mu.Unlock()
}

// Del removes the keys that exist and returns how many it removed.
//
// Del 删除 keys 中存在的键，返回删除了几个。
func (s *Store) Del(keys ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range keys {
		if _, ok := s.data[k]; ok {
			delete(s.data, k)
			n++
		}
	}
	return n
}

// Exists returns how many of the keys exist, a key named twice counted
// twice.
//
// Exists 返回 keys 中有几个键存在；同一个键出现两次就算两次。
func (s *Store) Exists(keys ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range keys {
		if _, ok := s.data[k]; ok {
			n++
		}
	}
	return n
}

// IncrBy adds delta to the integer value of key, a missing key counting as
// 0, and returns the new value. A value that is not an integer as
// ParseInteger defines one gets ErrNotInteger; a result outside int64's
// range gets ErrOverflow. Either way the value is left as it was. IncrBy is
// atomic: concurrent calls for one key, from any goroutines, each add their
// delta.
//
// It holds the lock from reading the value to writing the new one: with
// the lock released in between, two calls could read the same value and
// both write value+delta.
//
// IncrBy 把 delta 加到 key 的整数值上（不存在的键按 0 算），返回新值。值不是
// ParseInteger 所定义的整数时返回 ErrNotInteger；结果超出 int64 的范围时返回
// ErrOverflow。这两种情况下值都保持原样。IncrBy 是原子的：来自任意 goroutine、
// 针对同一个键的并发调用，每一次的 delta 都会加上去。
//
// 从读取旧值到写入新值，它一直持有锁：如果中间释放了锁，
// 两次调用可能读到同一个值，然后都写入 value+delta。
func (s *Store) IncrBy(key string, delta int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	if v, ok := s.data[key]; ok {
		var isInt bool
		if n, isInt = ParseInteger(v); !isInt {
			return 0, ErrNotInteger
		}
	}
	if (delta > 0 && n > math.MaxInt64-delta) || (delta < 0 && n < math.MinInt64-delta) {
		return 0, ErrOverflow
	}
	n += delta
	s.data[key] = strconv.FormatInt(n, 10)
	return n, nil
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
	if cfg.Store == nil {
		cfg.Store = NewStore()
	}
	var (
		wg sync.WaitGroup
		// mu guards open.
		//
		// mu 保护 open。
		mu    sync.Mutex
		open  = make(map[net.Conn]struct{})
		errLn error
	)
	for {
		conn, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				errLn = err
			}
			break
		}
		// Registered here, in the goroutine that closes them all below,
		// so that no connection can slip in after the closing began.
		//
		// 在这里登记，也就是在下面关闭所有连接的那个 goroutine 里登记，
		// 这样关闭开始之后，不会有连接溜进来。
		mu.Lock()
		open[conn] = struct{}{}
		mu.Unlock()
		wg.Go(func() {
			defer func() {
				mu.Lock()
				delete(open, conn)
				mu.Unlock()
				conn.Close()
			}()
			serveConn(conn, cfg)
		})
	}
	mu.Lock()
	for conn := range open {
		// Closing ends the connection's goroutine, blocked in Read or Write.
		//
		// 关闭连接会让该连接的 goroutine 结束，它正阻塞在 Read 或 Write 里。
		conn.Close()
	}
	mu.Unlock()
	wg.Wait()
	return errLn
}

// serveConn serves one connection until it ends, behind exercise 4's panic
// boundary: a panic is recovered and logged here, in the goroutine that
// panicked, and the caller closes the connection.
//
// serveConn 服务一个连接直到它结束，外面套着练习 4 的 panic 边界：panic
// 就在这里、在发生 panic 的 goroutine 里被恢复并记录，由调用者关闭连接。
func serveConn(conn net.Conn, cfg Config) {
	defer func() {
		if v := recover(); v != nil {
			log.Printf("miniredis: panic serving %v: %v\n%s", conn.RemoteAddr(), v, debug.Stack())
		}
	}()
	w := bufio.NewWriter(conn)
	// The reader flushes the replies so far before each read from the
	// connection, the only place where the server can wait for input: a
	// pipeline already buffered gets its replies in one write, and no
	// reply waits behind a read that blocks.
	//
	// 每次从连接读取之前，读取方先把目前为止的回复刷新（Flush）出去；
	// 读取是服务器唯一可能等待输入的地方：
	// 已经缓冲好的一条流水线的回复一次写出，
	// 也没有哪个回复会排在一次阻塞的读取后面。
	r := bufio.NewReader(flushBeforeRead{conn, w})
	for {
		args, err := ReadRequest(r)
		if errors.Is(err, ErrProtocol) {
			w.WriteString("-ERR " + err.Error() + "\r\n")
			w.Flush()
			return
		}
		if err != nil {
			// The client closed its side, or the connection failed: the
			// replies of every earlier request were flushed before the
			// read that saw it.
			//
			// 客户端关闭了发送方向，或者连接出错了：之前每个请求的回复，
			// 都已在发现这一点的那次读取之前刷新出去了。
			return
		}
		if cfg.BeforeCommand != nil {
			cfg.BeforeCommand(args)
		}
		reply, quit := cfg.Store.Do(args)
		if _, err := w.Write(reply); err != nil {
			return
		}
		if quit {
			w.Flush()
			return
		}
	}
}

// flushBeforeRead is a connection's read side that first sends what its
// writer holds.
//
// flushBeforeRead 是连接的读取方，读取之前先把写入方缓冲的内容发送出去。
type flushBeforeRead struct {
	conn net.Conn
	w    *bufio.Writer
}

func (f flushBeforeRead) Read(p []byte) (int, error) {
	if f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return 0, err
		}
	}
	return f.conn.Read(p)
}
