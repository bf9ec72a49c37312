// Package miniredis is exercise 5, the capstone: a small Redis server that
// real Redis clients talk to. It speaks RESP2, serves every connection in its
// own goroutine, and keeps one store that all of them share.
//
// This file is yours: Store, its methods and Serve. resp.go (reading
// requests) and commands.go (running them and writing the replies) are
// provided.
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
type Store struct {
	// mu guards data. A plain Mutex, not an RWMutex: every critical section
	// is a map access or a few, shorter than RWMutex's own bookkeeping.
	mu   sync.Mutex
	data map[string]string
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{data: make(map[string]string)}
}

// Get returns the value of key, and whether the key exists.
func (s *Store) Get(key string) (value string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	value, ok = s.data[key]
	return value, ok
}

// Set sets key to value.
func (s *Store) Set(key, value string) {
	s.mu.Lock()
	s.data[key] = value
	s.mu.Unlock()
}

// Del removes the keys that exist and returns how many it removed.
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
	if cfg.Store == nil {
		cfg.Store = NewStore()
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex // guards open
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
		conn.Close() // ends the connection's goroutine, blocked in Read or Write
	}
	mu.Unlock()
	wg.Wait()
	return errLn
}

// serveConn serves one connection until it ends, behind exercise 4's panic
// boundary: a panic is recovered and logged here, in the goroutine that
// panicked, and the caller closes the connection.
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
