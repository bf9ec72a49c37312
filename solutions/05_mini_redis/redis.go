// Package miniredis is exercise 5, the capstone: a small Redis server that
// real Redis clients talk to. It speaks RESP2, serves every connection in its
// own goroutine, and keeps one store that all of them share.
package miniredis

import (
	"bufio"
	"errors"
	"io"
	"log"
	"net"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
)

// ErrProtocol is wrapped by every error ReadRequest returns for input that
// is not a well-formed request.
var ErrProtocol = errors.New("protocol error")

// protocolError is ReadRequest's error for malformed input: its text is
// exactly what Redis sends after "-ERR ", and errors.Is finds ErrProtocol
// behind it. fmt.Errorf("%w") would put ErrProtocol's own text in front.
type protocolError string

func (e protocolError) Error() string { return string(e) }
func (e protocolError) Unwrap() error { return ErrProtocol }

// Redis's limits: a count above INT_MAX, or a bulk string longer than its
// proto-max-bulk-len (512 MiB), is refused before any of it is read.
const (
	maxCount   = 1<<31 - 1
	maxBulkLen = 512 << 20
)

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
	for {
		first, err := r.ReadByte()
		if err != nil {
			return nil, err // io.EOF here is the clean end: no request began
		}
		var args []string
		if first == '*' {
			args, err = readArray(r)
		} else {
			r.UnreadByte()
			args, err = readInline(r)
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // a request had begun
		}
		if err != nil || len(args) > 0 {
			return args, err
		}
		// An empty line or an empty array: read the next request.
	}
}

// readArray reads what follows a request's '*'.
func readArray(r *bufio.Reader) ([]string, error) {
	n, ok, err := readNumber(r)
	if err != nil {
		return nil, err
	}
	if !ok || n > maxCount || n < -maxCount-1 {
		return nil, protocolError("Protocol error: invalid multibulk length")
	}
	if n <= 0 {
		return nil, nil
	}
	// Never trust a count for an allocation: the elements prove it.
	args := make([]string, 0, min(n, 64))
	for range n {
		b, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		if b != '$' {
			return nil, protocolError("Protocol error: expected '$', got '" + printable(b) + "'")
		}
		size, ok, err := readNumber(r)
		if err != nil {
			return nil, err
		}
		if !ok || size < 0 || size > maxBulkLen {
			return nil, protocolError("Protocol error: invalid bulk length")
		}
		arg, err := readBulk(r, int(size))
		if err != nil {
			return nil, err
		}
		args = append(args, arg)
	}
	return args, nil
}

// readBulk reads size bytes and the \r\n after them. Strings up to the
// reader's buffer are read in place, without a copy but the string's own.
func readBulk(r *bufio.Reader, size int) (string, error) {
	if size+2 <= r.Size() {
		p, err := r.Peek(size + 2)
		if err != nil {
			return "", err
		}
		if p[size] != '\r' || p[size+1] != '\n' {
			return "", protocolError("Protocol error: expected CRLF after bulk string")
		}
		s := string(p[:size])
		r.Discard(size + 2)
		return s, nil
	}
	// A longer one grows as its bytes arrive, never allocated whole on the
	// client's word: a length of 512 MiB followed by nothing costs nothing.
	var b strings.Builder
	if _, err := io.CopyN(&b, r, int64(size)); err != nil {
		return "", err
	}
	end := make([]byte, 2)
	if _, err := io.ReadFull(r, end); err != nil {
		return "", err
	}
	if end[0] != '\r' || end[1] != '\n' {
		return "", protocolError("Protocol error: expected CRLF after bulk string")
	}
	return b.String(), nil
}

// readNumber reads a count's or a length's line. ok is false when the line
// is not an integer ending in \r\n; err is the reader's error.
func readNumber(r *bufio.Reader) (n int64, ok bool, err error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return 0, false, nil // thousands of bytes are no number
	}
	if err != nil {
		return 0, false, err
	}
	digits, found := strings.CutSuffix(string(line), "\r\n")
	if !found {
		return 0, false, nil
	}
	n, ok = parseInt(digits)
	return n, ok, nil
}

// parseInt is Redis's string2ll: an optional '-' and decimal digits without
// a leading zero, in int64's range. strconv alone would take "+1" and "01".
func parseInt(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || (digits[0] == '0' && s != "0") || digits[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// readInline reads an inline command's line and splits it into words.
func readInline(r *bufio.Reader) ([]string, error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// A line longer than the buffer: gather the rest.
		long := append([]byte(nil), line...)
		rest, err := r.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		line = append(long, rest...)
	} else if err != nil {
		return nil, err
	}
	return strings.FieldsFunc(string(line), func(c rune) bool {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n'
	}), nil
}

// printable writes \r and \n as spaces, as Redis does in every error.
func printable(b byte) string {
	if b == '\r' || b == '\n' {
		return " "
	}
	return string([]byte{b})
}

// Store is the data every connection shares: string keys to string values.
// It is safe for concurrent use by any number of goroutines.
type Store struct {
	// mu guards data. A plain Mutex, not an RWMutex: every critical section
	// is a map access or two, shorter than RWMutex's own bookkeeping.
	mu   sync.Mutex
	data map[string]string
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{data: make(map[string]string)}
}

// The replies that never change, written once.
var (
	replyOK       = []byte("+OK\r\n")
	replyPong     = []byte("+PONG\r\n")
	replyNull     = []byte("$-1\r\n")
	replySyntax   = []byte("-ERR syntax error\r\n")
	replyNotInt   = []byte("-ERR value is not an integer or out of range\r\n")
	replyOverflow = []byte("-ERR increment or decrement would overflow\r\n")
)

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
	if len(args) == 0 {
		return unknown(args)
	}
	name := args[0]
	switch {
	case equalFold(name, "ping"):
		switch len(args) {
		case 1:
			return replyPong
		case 2:
			return bulk(args[1])
		}
	case equalFold(name, "echo"):
		if len(args) == 2 {
			return bulk(args[1])
		}
	case equalFold(name, "set"):
		switch {
		case len(args) == 3:
			s.mu.Lock()
			s.data[args[1]] = args[2]
			s.mu.Unlock()
			return replyOK
		case len(args) > 3:
			return replySyntax
		}
	case equalFold(name, "get"):
		if len(args) == 2 {
			s.mu.Lock()
			v, ok := s.data[args[1]]
			s.mu.Unlock()
			if !ok {
				return replyNull
			}
			return bulk(v)
		}
	case equalFold(name, "del"):
		if len(args) >= 2 {
			n := 0
			s.mu.Lock()
			for _, k := range args[1:] {
				if _, ok := s.data[k]; ok {
					delete(s.data, k)
					n++
				}
			}
			s.mu.Unlock()
			return integer(int64(n))
		}
	case equalFold(name, "exists"):
		if len(args) >= 2 {
			n := 0
			s.mu.Lock()
			for _, k := range args[1:] {
				if _, ok := s.data[k]; ok {
					n++
				}
			}
			s.mu.Unlock()
			return integer(int64(n))
		}
	case equalFold(name, "incr"):
		if len(args) == 2 {
			return s.incr(args[1])
		}
	default:
		return unknown(args)
	}
	return []byte("-ERR wrong number of arguments for '" + strings.ToLower(name) + "' command\r\n")
}

// incr holds the lock from reading the value to writing the new one: with
// the lock released in between, two INCRs could read the same value and
// both write value+1.
func (s *Store) incr(key string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	if v, ok := s.data[key]; ok {
		var isInt bool
		if n, isInt = parseInt(v); !isInt {
			return replyNotInt
		}
	}
	if n == 1<<63-1 {
		return replyOverflow
	}
	n++
	s.data[key] = strconv.FormatInt(n, 10)
	return integer(n)
}

// equalFold compares ASCII letters without regard to case, as Redis does;
// strings.EqualFold would also fold Unicode, taking "ſet" for "set".
func equalFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// bulk is s as a bulk string: $len\r\ns\r\n, in one allocation.
func bulk(s string) []byte {
	p := make([]byte, 0, len(s)+16)
	p = append(p, '$')
	p = strconv.AppendInt(p, int64(len(s)), 10)
	p = append(p, "\r\n"...)
	p = append(p, s...)
	return append(p, "\r\n"...)
}

// integer is n as an integer reply: :n\r\n.
func integer(n int64) []byte {
	p := make([]byte, 0, 24)
	p = append(p, ':')
	p = strconv.AppendInt(p, n, 10)
	return append(p, "\r\n"...)
}

// unknown is Redis's reply to a command it does not know.
func unknown(args []string) []byte {
	name := ""
	if len(args) > 0 {
		name = args[0]
	}
	var with strings.Builder
	for _, a := range args[min(1, len(args)):] {
		if with.Len() >= 128 {
			break
		}
		with.WriteString("'" + a[:min(len(a), 128-with.Len())] + "' ")
	}
	msg := "ERR unknown command '" + name[:min(len(name), 128)] + "', with args beginning with: " + with.String()
	return []byte("-" + strings.NewReplacer("\r", " ", "\n", " ").Replace(msg) + "\r\n")
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
		if _, err := w.Write(cfg.Store.Do(args)); err != nil {
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
