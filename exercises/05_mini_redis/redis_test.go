package miniredis_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/exercises/05_mini_redis"
	"github.com/gospawn/workbook/exercises/internal/harness"
)

// ---------------------------------------------------------------------------
// Helpers: requests as bytes, readers that split them, calls that turn a
// panic into a failure.

// array is a request as clients send it: an array of bulk strings.
func array(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

// bulk is s as a bulk-string reply.
func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

// readOne calls ReadRequest once on r, turning a panic into a failure.
func readOne(t *testing.T, r *bufio.Reader) (args []string, err error) {
	t.Helper()
	harness.Guard(t, "ReadRequest", func() { args, err = miniredis.ReadRequest(r) })
	return args, err
}

// oneByteReader hands out its data one byte per Read, the worst a network
// can do.
type oneByteReader struct{ data []byte }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.data[0]
	r.data = r.data[1:]
	return 1, nil
}

// chunkReader hands out its data size bytes per Read.
type chunkReader struct {
	data []byte
	size int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.data[:min(r.size, len(r.data))])
	r.data = r.data[n:]
	return n, nil
}

// failingReader hands out its data, then fails with err instead of io.EOF.
type failingReader struct {
	data []byte
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// newStore calls NewStore, turning a panic into a failure.
func newStore(t *testing.T) *miniredis.Store {
	t.Helper()
	var s *miniredis.Store
	harness.Guard(t, "NewStore", func() { s = miniredis.NewStore() })
	require.NotNil(t, s, "NewStore returned nil")
	return s
}

// do runs one request on s and returns the reply as a string.
func do(t *testing.T, s *miniredis.Store, args ...string) string {
	t.Helper()
	var reply []byte
	harness.Guard(t, fmt.Sprintf("Do(%q)", args), func() { reply = s.Do(args) })
	return string(reply)
}

// ---------------------------------------------------------------------------
// ReadRequest

func TestReadRequestArrays(t *testing.T) {
	long := strings.Repeat("0123456789", 1000) // more than a bufio.Reader holds
	many := make([]string, 1000)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	tests := []struct {
		name  string
		input string
		want  []string
		rest  string // what ReadRequest must leave in the reader
	}{
		{"ECHO hello", "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n", []string{"ECHO", "hello"}, ""},
		{"the name as sent, not upper-cased", array("pInG"), []string{"pInG"}, ""},
		{"an empty string", array("ECHO", ""), []string{"ECHO", ""}, ""},
		{"\\r\\n and binary bytes inside a string", array("SET", "k", "a\r\nb\x00\xff"), []string{"SET", "k", "a\r\nb\x00\xff"}, ""},
		{"a string longer than the reader's buffer", array("ECHO", long), []string{"ECHO", long}, ""},
		{"1000 elements", array(many...), many, ""},
		{"exactly one request of two", array("PING") + array("ECHO", "x"), []string{"PING"}, array("ECHO", "x")},
		{"a request, then half of another", array("PING") + "*1\r\n$4\r\nPI", []string{"PING"}, "*1\r\n$4\r\nPI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tt.input))
			args, err := readOne(t, r)
			require.NoError(t, err, "ReadRequest(%q)", tt.input)
			assert.Equal(t, tt.want, args, "ReadRequest(%q) must return the array's strings, in order, exactly as sent", tt.input)
			rest, _ := io.ReadAll(r)
			assert.Equal(t, tt.rest, string(rest), "ReadRequest(%q) must consume exactly one request and leave the rest in r", tt.input)
		})
	}
}

func TestReadRequestInline(t *testing.T) {
	long := "ECHO " + strings.Repeat("x", 6000)
	tests := []struct {
		name  string
		input string
		want  []string
		rest  string
	}{
		{"ending in \\r\\n", "PING\r\n", []string{"PING"}, ""},
		{"ending in \\n", "PING\n", []string{"PING"}, ""},
		{"words split by runs of spaces and tabs", "ECHO  hello\t \tworld \r\n", []string{"ECHO", "hello", "world"}, ""},
		{"quotes are plain characters", "ECHO \"a b\"\r\n", []string{"ECHO", "\"a", "b\""}, ""},
		{"empty lines are skipped", "\r\n\n\r\nPING\r\n", []string{"PING"}, ""},
		{"lines of spaces and tabs are skipped", "   \r\n\t\nPING\r\n", []string{"PING"}, ""},
		{"arrays of zero or fewer elements are skipped", "*0\r\n*-1\r\n*-5\r\nPING\r\n", []string{"PING"}, ""},
		{"exactly one line of two", "SET k v\r\nGET k\r\n", []string{"SET", "k", "v"}, "GET k\r\n"},
		{"an inline command, then an array", "PING\r\n" + array("GET", "k"), []string{"PING"}, array("GET", "k")},
		{"a line longer than the reader's buffer", long + "\r\n", []string{"ECHO", strings.Repeat("x", 6000)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tt.input))
			args, err := readOne(t, r)
			require.NoError(t, err, "ReadRequest(%q)", tt.input)
			assert.Equal(t, tt.want, args, "ReadRequest(%q): an inline command is the line's words, split at spaces and tabs", tt.input)
			rest, _ := io.ReadAll(r)
			assert.Equal(t, tt.rest, string(rest), "ReadRequest(%q) must consume exactly one request and leave the rest in r", tt.input)
		})
	}
}

// script is several requests of every form, and what ReadRequest returns
// for them, one call each.
var (
	script = array("SET", "key", "a value\r\nwith a line break") +
		"\r\n" + // an empty line: no request
		"GET key\r\n" +
		array("ECHO", strings.Repeat("long ", 60)) +
		"*0\r\n" + // an empty array: no request
		"  INCR \t n\n" +
		array("EXISTS", "key", "key", "") +
		array("PING")
	scriptRequests = [][]string{
		{"SET", "key", "a value\r\nwith a line break"},
		{"GET", "key"},
		{"ECHO", strings.Repeat("long ", 60)},
		{"INCR", "n"},
		{"EXISTS", "key", "key", ""},
		{"PING"},
	}
)

// readScript reads every request of the script from src, then requires
// io.EOF.
func readScript(t *testing.T, r *bufio.Reader, how string) {
	t.Helper()
	for i, want := range scriptRequests {
		args, err := readOne(t, r)
		require.NoError(t, err, "reading request %d of %d, %s", i+1, len(scriptRequests), how)
		require.Equal(t, want, args, "request %d of %d, %s (keep reading until a request is complete; "+
			"a Read may return any part of it)", i+1, len(scriptRequests), how)
	}
	_, err := readOne(t, r)
	require.ErrorIs(t, err, io.EOF, "after the last request, %s, ReadRequest must return io.EOF", how)
}

func TestReadRequestSplitAcrossReads(t *testing.T) {
	data := []byte(script)
	// 16 bytes is the smallest buffer bufio allows: requests longer than
	// the buffer must still be read whole.
	for _, size := range []int{4096, 16} {
		t.Run(fmt.Sprintf("one byte per read, %d-byte buffer", size), func(t *testing.T) {
			readScript(t, bufio.NewReaderSize(&oneByteReader{data: data}, size), "given one byte per Read")
		})
		t.Run(fmt.Sprintf("chunks of every size, %d-byte buffer", size), func(t *testing.T) {
			for chunk := 1; chunk <= len(data); chunk++ {
				readScript(t, bufio.NewReaderSize(&chunkReader{data: data, size: chunk}, size),
					fmt.Sprintf("given %d bytes per Read", chunk))
			}
		})
	}
	t.Run("every request in one read", func(t *testing.T) {
		readScript(t, bufio.NewReader(&chunkReader{data: data, size: len(data)}), "all given by one Read")
	})
}

func TestReadRequestEOF(t *testing.T) {
	for _, input := range []string{"", "\r\n", "\n\n  \r\n", "*0\r\n"} {
		_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
		require.ErrorIs(t, err, io.EOF, "ReadRequest(%q): the input ends before any request starts, "+
			"so ReadRequest must return io.EOF", input)
		require.NotErrorIs(t, err, io.ErrUnexpectedEOF)
	}
	for _, request := range []string{array("ECHO", "hello"), "ECHO hello\r\n", array("SET", "k", "")} {
		for cut := 1; cut < len(request); cut++ {
			input := request[:cut]
			_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, "ReadRequest(%q): the input ends inside a request, "+
				"so ReadRequest must return io.ErrUnexpectedEOF (not io.EOF, which means no request had begun)", input)
		}
	}
	errBoom := errors.New("connection reset, on purpose")
	for _, input := range []string{"", "*1\r\n", "PI"} {
		_, err := readOne(t, bufio.NewReader(&failingReader{data: []byte(input), err: errBoom}))
		require.ErrorIs(t, err, errBoom, "ReadRequest(%q) on a reader that then fails must return the reader's error", input)
	}
}

func TestReadRequestMalformed(t *testing.T) {
	const (
		multibulk = "Protocol error: invalid multibulk length"
		bulkLen   = "Protocol error: invalid bulk length"
		crlf      = "Protocol error: expected CRLF after bulk string"
	)
	tests := []struct {
		input string
		want  string
	}{
		{"*x\r\n", multibulk},
		{"*\r\n", multibulk},
		{"*1x\r\n", multibulk},
		{"*+1\r\n", multibulk},
		{"*01\r\n", multibulk},
		{"*-0\r\n", multibulk},
		{"* 1\r\n", multibulk},
		{"*2147483648\r\n", multibulk},
		{"*99999999999999999999\r\n", multibulk},
		{"*1\n$4\r\nPING\r\n", multibulk},
		{"*2\r\n+foo\r\n", "Protocol error: expected '$', got '+'"},
		{"*1\r\n:4\r\n", "Protocol error: expected '$', got ':'"},
		{"*1\r\nx\r\n", "Protocol error: expected '$', got 'x'"},
		{"*1\r\n\r\n", "Protocol error: expected '$', got ' '"},
		{"*2\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", "Protocol error: expected '$', got '*'"},
		{"*1\r\n$x\r\n", bulkLen},
		{"*1\r\n$\r\n", bulkLen},
		{"*1\r\n$-1\r\n", bulkLen},
		{"*1\r\n$-0\r\n", bulkLen},
		{"*1\r\n$04\r\nPING\r\n", bulkLen},
		{"*1\r\n$+4\r\nPING\r\n", bulkLen},
		{"*1\r\n$ 4\r\nPING\r\n", bulkLen},
		{"*1\r\n$536870913\r\n", bulkLen},
		{"*1\r\n$4\nPING\r\n", bulkLen},
		{"*1\r\n$4\r\nPINGxx", crlf},
		{"*1\r\n$4\r\nPING\r\r\n", crlf},
		{"*2\r\n$3\r\nGET\r\n$1\r\nkey\r\n", crlf},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.input), func(t *testing.T) {
			_, err := readOne(t, bufio.NewReader(strings.NewReader(tt.input)))
			require.Error(t, err, "ReadRequest(%q) must reject the input", tt.input)
			require.ErrorIs(t, err, miniredis.ErrProtocol, "ReadRequest(%q)'s error must wrap ErrProtocol", tt.input)
			require.Equal(t, tt.want, err.Error(), "ReadRequest(%q)'s error text must be exactly Redis's message "+
				"(the server sends it after \"-ERR \"; wrapping with fmt.Errorf(\"%%w\") would add ErrProtocol's own text: "+
				"give your error type an Unwrap method instead)", tt.input)
		})
	}
	t.Run("the largest lengths Redis takes are not errors", func(t *testing.T) {
		for _, input := range []string{"*2147483647\r\n", "*1\r\n$536870912\r\n"} {
			_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, "ReadRequest(%q) is a request cut short, not a malformed one "+
				"(and never allocate what a count promises before the data arrives)", input)
		}
	})
}

// ---------------------------------------------------------------------------
// Store.Do

// step is one request to a store and its reply, byte for byte.
type step struct {
	args  []string
	reply string
}

func runSteps(t *testing.T, s *miniredis.Store, steps []step) {
	t.Helper()
	for i, st := range steps {
		assert.Equal(t, st.reply, do(t, s, st.args...), "step %d: the reply to %q, byte for byte as Redis writes it", i+1, st.args)
	}
}

func TestDoReplies(t *testing.T) {
	runSteps(t, newStore(t), []step{
		{[]string{"PING"}, "+PONG\r\n"},
		{[]string{"PING", "hello"}, bulk("hello")},
		{[]string{"PING", ""}, "$0\r\n\r\n"},
		{[]string{"ECHO", "hello"}, bulk("hello")},
		{[]string{"ECHO", ""}, "$0\r\n\r\n"},
		{[]string{"ECHO", "a\r\nb"}, "$4\r\na\r\nb\r\n"},
		{[]string{"ECHO", "中文"}, "$6\r\n中文\r\n"},
		{[]string{"GET", "k"}, "$-1\r\n"},
		{[]string{"SET", "k", "v"}, "+OK\r\n"},
		{[]string{"GET", "k"}, bulk("v")},
		{[]string{"SET", "k", "overwritten"}, "+OK\r\n"},
		{[]string{"GET", "k"}, bulk("overwritten")},
		{[]string{"SET", "k", ""}, "+OK\r\n"},
		{[]string{"GET", "k"}, "$0\r\n\r\n"},
		{[]string{"SET", "k", "v", "EX"}, "-ERR syntax error\r\n"},
		{[]string{"SET", "k", "v", "NX", "GET"}, "-ERR syntax error\r\n"},
		{[]string{"GET", "k"}, "$0\r\n\r\n"},
		{[]string{"SET", "bin", "\x00\xff\r\n"}, "+OK\r\n"},
		{[]string{"GET", "bin"}, "$4\r\n\x00\xff\r\n\r\n"},
		{[]string{"EXISTS", "k"}, ":1\r\n"},
		{[]string{"EXISTS", "nope"}, ":0\r\n"},
		{[]string{"EXISTS", "k", "k", "nope", "bin"}, ":3\r\n"},
		{[]string{"DEL", "k", "k", "nope"}, ":1\r\n"},
		{[]string{"DEL", "k"}, ":0\r\n"},
		{[]string{"GET", "k"}, "$-1\r\n"},
		{[]string{"EXISTS", "k"}, ":0\r\n"},
		{[]string{"SET", "a", "1"}, "+OK\r\n"},
		{[]string{"SET", "b", "2"}, "+OK\r\n"},
		{[]string{"DEL", "a", "b", "c", "bin"}, ":3\r\n"},
		{[]string{"INCR", "n"}, ":1\r\n"},
		{[]string{"INCR", "n"}, ":2\r\n"},
		{[]string{"GET", "n"}, bulk("2")},
		{[]string{"SET", "n", "41"}, "+OK\r\n"},
		{[]string{"INCR", "n"}, ":42\r\n"},
		{[]string{"GET", "n"}, bulk("42")},
		{[]string{"SET", "n", "-1"}, "+OK\r\n"},
		{[]string{"INCR", "n"}, ":0\r\n"},
		{[]string{"GET", "n"}, bulk("0")},
	})
}

func TestDoIgnoresCase(t *testing.T) {
	s := newStore(t)
	for _, name := range []string{"ping", "PING", "Ping", "pInG"} {
		assert.Equal(t, "+PONG\r\n", do(t, s, name), "%q is PING: command names are matched without regard to case", name)
	}
	runSteps(t, s, []step{
		{[]string{"set", "k", "1"}, "+OK\r\n"},
		{[]string{"Get", "k"}, bulk("1")},
		{[]string{"iNcR", "k"}, ":2\r\n"},
		{[]string{"exists", "k"}, ":1\r\n"},
		{[]string{"echo", "x"}, bulk("x")},
		{[]string{"Del", "k"}, ":1\r\n"},
		{[]string{"get", "k"}, "$-1\r\n"},
		// Keys are not names: they keep their case.
		{[]string{"SET", "Key", "v"}, "+OK\r\n"},
		{[]string{"GET", "key"}, "$-1\r\n"},
		// ASCII case only, as Redis: "ſet" is not "set", though Unicode folds ſ to s.
		{[]string{"ſet", "k", "v"}, "-ERR unknown command 'ſet', with args beginning with: 'k' 'v' \r\n"},
	})
}

func TestDoArityErrors(t *testing.T) {
	s := newStore(t)
	for _, args := range [][]string{
		{"GET"}, {"get", "a", "b"}, {"PiNg", "a", "b"}, {"ECHO"}, {"Echo", "a", "b"},
		{"SET"}, {"set", "k"}, {"DEL"}, {"EXISTS"}, {"INCR"}, {"incr", "a", "b"},
	} {
		want := "-ERR wrong number of arguments for '" + strings.ToLower(args[0]) + "' command\r\n"
		assert.Equal(t, want, do(t, s, args...), "%q has the wrong number of arguments "+
			"(Redis names the command in lower case, however the client wrote it)", args)
	}
	assert.Equal(t, "$-1\r\n", do(t, s, "GET", "k"), "SET with too few arguments must not have stored anything")
}

func TestDoUnknownCommand(t *testing.T) {
	const with = "', with args beginning with: "
	x200 := strings.Repeat("x", 200)
	tests := []struct {
		name  string
		args  []string
		reply string
	}{
		{"no arguments", []string{"foo"}, "-ERR unknown command 'foo" + with + "\r\n"},
		{"two arguments", []string{"foo", "a", "b"}, "-ERR unknown command 'foo" + with + "'a' 'b' \r\n"},
		{"HELLO, which go-redis sends first", []string{"hello", "2"}, "-ERR unknown command 'hello" + with + "'2' \r\n"},
		{"an empty name", []string{""}, "-ERR unknown command '" + with + "\r\n"},
		{"quotes in the text", []string{"'foo'", "it's"}, "-ERR unknown command ''foo'" + with + "'it's' \r\n"},
		{"a name longer than 128 bytes", []string{x200}, "-ERR unknown command '" + x200[:128] + with + "\r\n"},
		{"an argument longer than 128 bytes", []string{"foo", x200}, "-ERR unknown command 'foo" + with + "'" + x200[:128] + "' \r\n"},
		{"arguments past 128 bytes", []string{"foo", strings.Repeat("a", 120), strings.Repeat("b", 20), "c"},
			"-ERR unknown command 'foo" + with + "'" + strings.Repeat("a", 120) + "' 'bbbbb' \r\n"},
		{"many arguments", append([]string{"foo"}, strings.Split(strings.Repeat("abcdefghij ", 30), " ")...),
			"-ERR unknown command 'foo" + with + strings.Repeat("'abcdefghij' ", 10) + "\r\n"},
		{"\\r and \\n become spaces", []string{"fo\r\no", "a\nb"}, "-ERR unknown command 'fo  o" + with + "'a b' \r\n"},
	}
	s := newStore(t)
	for _, tt := range tests {
		assert.Equal(t, tt.reply, do(t, s, tt.args...), "%s: the reply to %q, byte for byte as Redis writes it "+
			"(the name is cut to 128 bytes; arguments are added while the text after \"with: \" is shorter than 128 bytes, "+
			"each cut so that the text stops at 128)", tt.name, tt.args)
	}
}

func TestDoIncrErrors(t *testing.T) {
	const notInt = "-ERR value is not an integer or out of range\r\n"
	tests := []struct {
		value string
		reply string
	}{
		{"0", ":1\r\n"},
		{"-9223372036854775808", ":-9223372036854775807\r\n"},
		{"9223372036854775806", ":9223372036854775807\r\n"},
		{"9223372036854775807", "-ERR increment or decrement would overflow\r\n"},
		{"9223372036854775808", notInt},
		{"12345678901234567890", notInt},
		{"abc", notInt},
		{"", notInt},
		{"1.5", notInt},
		{" 1", notInt},
		{"1 ", notInt},
		{"+1", notInt},
		{"01", notInt},
		{"-0", notInt},
		{"0x10", notInt},
		{"1_000", notInt},
	}
	s := newStore(t)
	for _, tt := range tests {
		do(t, s, "SET", "n", tt.value)
		assert.Equal(t, tt.reply, do(t, s, "INCR", "n"), "INCR of %q", tt.value)
		if strings.HasPrefix(tt.reply, "-") {
			assert.Equal(t, bulk(tt.value), do(t, s, "GET", "n"), "a failed INCR of %q must leave the value as it was", tt.value)
		}
	}
}

// hammer runs f from workers goroutines at once, each rounds times.
func hammer(workers, rounds int, f func(worker, round int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range workers {
		wg.Go(func() {
			<-start
			for r := range rounds {
				f(w, r)
			}
		})
	}
	close(start)
	wg.Wait()
}

func TestStoreIsSafeForConcurrentUse(t *testing.T) {
	s := newStore(t)
	do(t, s, "PING") // a stub fails here, in the test's goroutine
	// Every command at once on a few keys: a map without a lock is a data
	// race the race detector reports (and the runtime may crash on it).
	var panics sync.Map
	hammer(8, 300, func(w, r int) {
		defer func() {
			if v := recover(); v != nil {
				panics.Store(fmt.Sprint(v), true)
			}
		}()
		key := strconv.Itoa(r % 3)
		switch (w + r) % 5 {
		case 0:
			s.Do([]string{"SET", key, "v"})
		case 1:
			s.Do([]string{"GET", key})
		case 2:
			s.Do([]string{"DEL", key})
		case 3:
			s.Do([]string{"EXISTS", key, "n"})
		case 4:
			s.Do([]string{"INCR", "n"})
		}
	})
	panics.Range(func(k, _ any) bool {
		t.Errorf("Do panicked when called from several goroutines at once: %v", k)
		return true
	})
}

func TestIncrIsAtomic(t *testing.T) {
	s := newStore(t)
	do(t, s, "PING")
	// Many goroutines increment one key as fast as they can: an INCR that
	// reads, lets go of the lock, and writes loses some of their updates.
	const workers, rounds = 16, 2000
	hammer(workers, rounds, func(int, int) { s.Do([]string{"INCR", "n"}) })
	assert.Equal(t, bulk(strconv.Itoa(workers*rounds)), do(t, s, "GET", "n"),
		"%d goroutines made %d INCRs each: INCR must hold the store's lock from reading the value to writing the new one, "+
			"or two INCRs read the same value and one update is lost", workers, rounds)
}

// ---------------------------------------------------------------------------
// Serve

// serve returns a harness.ServeFunc that runs miniredis.Serve with cfg.
func serve(cfg miniredis.Config) harness.ServeFunc {
	return func(ln net.Listener) error { return miniredis.Serve(ln, cfg) }
}

// start runs Serve with cfg on a new listener on 127.0.0.1.
func start(t *testing.T, cfg miniredis.Config) *harness.Server {
	t.Helper()
	return harness.Start(t, "Serve", serve(cfg))
}

// ping makes c do a full request and reply: the server is serving it.
func ping(c *harness.Client, when string) {
	c.Send([]byte(array("PING")))
	c.ExpectReply([]byte("+PONG\r\n"), "sending PING "+when)
}

// newGoRedis returns a go-redis client of srv that speaks RESP2 and sends
// nothing outside the contract but the HELLO it opens each connection with
// (answered as an unknown command, as Redis before 6 answers it).
func newGoRedis(t *testing.T, srv *harness.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{
		Addr:                  srv.Addr(),
		Protocol:              2,
		DisableIdentity:       true, // no CLIENT SETINFO
		PoolSize:              2,
		PipelinePoolSize:      1,
		MinIdleConns:          0,
		MaxRetries:            -1, // a failure is reported, not retried
		DialTimeout:           harness.Patience,
		ReadTimeout:           harness.Patience,
		WriteTimeout:          harness.Patience,
		ContextTimeoutEnabled: true,
	})
	t.Cleanup(func() { c.Close() })
	return c
}

// viaGoRedis runs f, which uses go-redis, in a goroutine, failing the test
// if it does not return in time or the server returns meanwhile.
func viaGoRedis(t *testing.T, srv *harness.Server, what string, f func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), harness.Patience)
	defer cancel()
	r := harness.Await(srv, harness.Go(func() error { return f(ctx) }), "go-redis: %s did not finish", what)
	require.NoError(t, r.Panic, "go-redis: %s", what)
	require.NoError(t, r.Value, "go-redis: %s", what)
}

func TestServeAnswersGoRedis(t *testing.T) {
	harness.CheckLeaks(t)
	store := newStore(t)
	srv := start(t, miniredis.Config{Store: store})
	ping(srv.Dial("a raw client"), "before go-redis connects")
	c := newGoRedis(t, srv)
	check := func(what string, got, want any, err error) error {
		if err != nil {
			return fmt.Errorf("%s failed: %w", what, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("%s returned %v, want %v", what, got, want)
		}
		return nil
	}
	viaGoRedis(t, srv, "every command", func(ctx context.Context) error {
		pong, err := c.Ping(ctx).Result()
		if err := check("PING", pong, "PONG", err); err != nil {
			return err
		}
		echo, err := c.Echo(ctx, "hello, 世界").Result()
		if err := check("ECHO", echo, "hello, 世界", err); err != nil {
			return err
		}
		ok, err := c.Set(ctx, "greeting", "hi", 0).Result()
		if err := check("SET", ok, "OK", err); err != nil {
			return err
		}
		v, err := c.Get(ctx, "greeting").Result()
		if err := check("GET", v, "hi", err); err != nil {
			return err
		}
		if _, err := c.Get(ctx, "missing").Result(); !errors.Is(err, redis.Nil) {
			return fmt.Errorf("GET of a missing key must give redis.Nil (the reply $-1), got %v", err)
		}
		n, err := c.Exists(ctx, "greeting", "greeting", "missing").Result()
		if err := check("EXISTS greeting greeting missing", n, 2, err); err != nil {
			return err
		}
		for i := 1; i <= 3; i++ {
			n, err := c.Incr(ctx, "counter").Result()
			if err := check("INCR", n, i, err); err != nil {
				return err
			}
		}
		if err := c.Incr(ctx, "greeting").Err(); err == nil || err.Error() != "ERR value is not an integer or out of range" {
			return fmt.Errorf("INCR of a string must fail with Redis's error, got %v", err)
		}
		n, err = c.Del(ctx, "greeting", "missing").Result()
		return check("DEL greeting missing", n, 1, err)
	})
	assert.Equal(t, bulk("3"), do(t, store, "GET", "counter"), "Serve must use the Store of its Config")
}

func TestServePipelinesGoRedis(t *testing.T) {
	harness.CheckLeaks(t)
	srv := start(t, miniredis.Config{})
	ping(srv.Dial("a raw client"), "before go-redis connects")
	c := newGoRedis(t, srv)
	viaGoRedis(t, srv, "a pipeline of 300 commands", func(ctx context.Context) error {
		pipe := c.Pipeline()
		var incrs []*redis.IntCmd
		var echoes []*redis.StringCmd
		for i := range 100 {
			incrs = append(incrs, pipe.Incr(ctx, "n"))
			pipe.Set(ctx, "k"+strconv.Itoa(i), i, 0)
			echoes = append(echoes, pipe.Echo(ctx, strings.Repeat("e", i)))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("the pipeline failed: %w", err)
		}
		for i := range 100 {
			if n := incrs[i].Val(); n != int64(i+1) {
				return fmt.Errorf("INCR number %d of the pipeline got %d: replies must come in the order of the requests", i+1, n)
			}
			if e := echoes[i].Val(); e != strings.Repeat("e", i) {
				return fmt.Errorf("ECHO number %d of the pipeline got %q: replies must come in the order of the requests", i+1, e)
			}
		}
		return nil
	})
}

func TestServeRepliesInOrder(t *testing.T) {
	harness.CheckLeaks(t)
	srv := start(t, miniredis.Config{})
	c := srv.Dial("a client that pipelines")
	requests := array("PING") + array("ECHO", "a") + "SET k v\r\n" + array("GET", "k") +
		array("INCR", "n") + array("INCR", "n") + "\r\n" + "INCR n\n" + array("EXISTS", "k", "k") +
		array("FOO", "bar") + array("GET") + array("DEL", "k") + array("GET", "k")
	replies := "+PONG\r\n" + bulk("a") + "+OK\r\n" + bulk("v") + ":1\r\n:2\r\n:3\r\n:2\r\n" +
		"-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n" +
		"-ERR wrong number of arguments for 'get' command\r\n" + ":1\r\n$-1\r\n"
	c.Send([]byte(requests))
	c.ExpectReply([]byte(replies), "after sending 13 requests in one write (answer every request in the data, "+
		"in order: a read may hold many requests)")
	// Far more than one read or one buffer holds.
	var many, want strings.Builder
	for i := range 2000 {
		msg := fmt.Sprintf("message %d", i)
		many.WriteString(array("ECHO", msg))
		want.WriteString(bulk(msg))
	}
	go c.Conn.Write([]byte(many.String())) // the replies come back while it writes
	c.ExpectReply([]byte(want.String()), "after sending 2000 ECHOs in one write")
}

func TestServeRepliesBeforeWaiting(t *testing.T) {
	harness.CheckLeaks(t)
	srv := start(t, miniredis.Config{})
	c := srv.Dial("a client")
	c.Send([]byte(array("ECHO", "first") + "*1\r\n$4\r\nPI"))
	c.ExpectReply([]byte(bulk("first")), "after sending ECHO first and half of a PING "+
		"(every reply must be sent before the server waits for more input: flush your bufio.Writer "+
		"whenever the next read would have to wait, not only when nothing at all is buffered)")
	c.Send([]byte("NG\r\n"))
	c.ExpectReply([]byte("+PONG\r\n"), "after sending the rest of the PING")
	for _, b := range []byte(array("ECHO", "one byte at a time")) {
		c.Send([]byte{b})
	}
	c.ExpectReply([]byte(bulk("one byte at a time")), "after sending a request one byte per write")
	c.Send([]byte("INCR n\r\n"))
	c.ExpectReply([]byte(":1\r\n"), "after sending an inline INCR")
}

func TestServeConcurrentIncrs(t *testing.T) {
	harness.CheckLeaks(t)
	srv := start(t, miniredis.Config{})
	const clients, incrs = 100, 100
	conns := make([]*harness.Client, clients)
	for i := range conns {
		conns[i] = srv.Dial(fmt.Sprintf("client %d of %d", i+1, clients))
	}
	ping(conns[0], "before the others start")
	// Each client does its INCRs one round trip at a time, all clients at
	// once; a failure is reported from the test's goroutine afterwards.
	errs := make(chan error, clients)
	done := harness.Go(func() struct{} {
		hammer(clients, 1, func(w, _ int) { errs <- incrLoop(conns[w].Conn, incrs) })
		return struct{}{}
	})
	harness.Await(srv, done, "%d clients doing %d INCRs each did not finish", clients, incrs)
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	c := conns[0]
	c.Send([]byte(array("GET", "n")))
	c.ExpectReply([]byte(bulk(strconv.Itoa(clients*incrs))), fmt.Sprintf("getting n after %d clients made %d INCRs each "+
		"(one store shared by every connection, INCR atomic)", clients, incrs))
}

// incrLoop sends n INCRs over conn, one at a time, and checks that each
// reply is an integer larger than the one before.
func incrLoop(conn net.Conn, n int) error {
	r := bufio.NewReader(conn)
	last := int64(0)
	for i := range n {
		if _, err := conn.Write([]byte(array("INCR", "n"))); err != nil {
			return fmt.Errorf("sending INCR %d: %w", i+1, err)
		}
		line, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("waiting for the reply to INCR %d: %w (got %q)", i+1, err, line)
		}
		v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(line, ":"), "\r\n"), 10, 64)
		if err != nil || !strings.HasPrefix(line, ":") || v <= last {
			return fmt.Errorf("INCR %d got %q after %d: each INCR of a key must add one to what the last one gave", i+1, line, last)
		}
		last = v
	}
	return nil
}

// tapListener hands out connections that report their reads, and can stall
// their writes the way a client that never reads stalls them once its
// socket buffers are full.
type tapListener struct {
	net.Listener
	mu    sync.Mutex
	conns []*tapConn
	added chan struct{} // receives once per accepted connection
}

func newTapListener(t *testing.T) *tapListener {
	return &tapListener{Listener: harness.Listen(t), added: make(chan struct{}, 100)}
}

func (l *tapListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &tapConn{Conn: c, changed: make(chan struct{}), release: make(chan struct{})}
	l.mu.Lock()
	l.conns = append(l.conns, tc)
	l.mu.Unlock()
	l.added <- struct{}{}
	return tc, nil
}

// conn waits for the i-th connection (from 0) to be accepted.
func (l *tapListener) conn(srv *harness.Server, i int) *tapConn {
	for {
		l.mu.Lock()
		if len(l.conns) > i {
			c := l.conns[i]
			l.mu.Unlock()
			return c
		}
		l.mu.Unlock()
		harness.Await(srv, l.added, "connection %d was never accepted", i+1)
	}
}

type tapConn struct {
	net.Conn
	mu       sync.Mutex
	reads    int           // Reads begun
	stalled  bool          // a Write is waiting for release
	stall    bool          // Writes wait for release
	changed  chan struct{} // closed and replaced whenever reads or stalled change
	release  chan struct{}
	released sync.Once
	readErrs int // plain on purpose: written by the goroutine that reads, read by the test after Serve returned
}

func (c *tapConn) update(f func()) {
	c.mu.Lock()
	f()
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

func (c *tapConn) Read(p []byte) (int, error) {
	c.update(func() { c.reads++ })
	n, err := c.Conn.Read(p)
	if err != nil {
		c.readErrs++
	}
	return n, err
}

func (c *tapConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	stall := c.stall
	c.mu.Unlock()
	if stall {
		c.update(func() { c.stalled = true })
		<-c.release
	}
	return c.Conn.Write(p)
}

func (c *tapConn) Close() error {
	c.unstall()
	return c.Conn.Close()
}

func (c *tapConn) unstall() { c.released.Do(func() { close(c.release) }) }

// await waits until cond holds for c.
func (c *tapConn) await(srv *harness.Server, cond func(c *tapConn) bool, message string) {
	for {
		c.mu.Lock()
		ok, changed := cond(c), c.changed
		c.mu.Unlock()
		if ok {
			return
		}
		harness.Await(srv, changed, "%s", message)
	}
}

func TestServeIdleClientDoesNotBlockOthers(t *testing.T) {
	harness.CheckLeaks(t)
	ln := newTapListener(t)
	srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
	idle := srv.Dial("the first client")
	ping(idle, "first")
	tc := ln.conn(srv, 0)
	// A second Read means the server asked the first connection for more
	// input: its goroutine waits there for as long as the client is silent.
	tc.await(srv, func(c *tapConn) bool { return c.reads >= 2 }, "the server never read again from a client it had answered")
	other := srv.Dial("a second client, while the first one was connected and silent")
	other.Send([]byte(array("SET", "k", "v") + array("GET", "k")))
	other.ExpectReply([]byte("+OK\r\n"+bulk("v")), "waiting for its replies (serve each connection in its own goroutine, "+
		"so that Serve goes back to Accept at once)")
	ping(idle, "after its silence")
}

func TestServeSlowReaderDoesNotBlockOthers(t *testing.T) {
	harness.CheckLeaks(t)
	ln := newTapListener(t)
	srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
	slow := srv.Dial("a client that sends many requests and reads nothing")
	tc := ln.conn(srv, 0)
	tc.update(func() { tc.stall = true })
	var requests, replies strings.Builder
	for i := range 500 {
		requests.WriteString(array("INCR", "slow"))
		replies.WriteString(":" + strconv.Itoa(i+1) + "\r\n")
	}
	slow.Send([]byte(requests.String()))
	// The server's write to this client now waits, as it would once the
	// client's socket buffers are full.
	tc.await(srv, func(c *tapConn) bool { return c.stalled }, "the server never wrote a reply to the client's INCRs")
	other := srv.Dial("a second client, while the server's write to the first one was stuck")
	other.Send([]byte(array("SET", "k", "v") + array("GET", "k") + array("INCR", "other")))
	other.ExpectReply([]byte("+OK\r\n"+bulk("v")+":1\r\n"), "waiting for its replies while another connection's write "+
		"was stuck (a write to one client must block only that client's goroutine; never hold the store's lock while writing)")
	tc.unstall()
	slow.ExpectReply([]byte(replies.String()), "reading, at last, the replies to its 500 INCRs")
}

func TestServeClosesConnectionOnProtocolError(t *testing.T) {
	harness.CheckLeaks(t)
	srv := start(t, miniredis.Config{})
	bystander := srv.Dial("a client connected before another sent garbage")
	ping(bystander, "first")
	tests := []struct {
		send, reply string
	}{
		{"*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
		{"*2\r\n+foo\r\n", "-ERR Protocol error: expected '$', got '+'\r\n"},
		{"*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
		{"*1\r\n$4\r\nPINGxx", "-ERR Protocol error: expected CRLF after bulk string\r\n"},
		{array("PING") + "*x\r\n", "+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"},
	}
	for _, tt := range tests {
		victim := srv.Dial(fmt.Sprintf("a client that sent %q", tt.send))
		ping(victim, "first")
		victim.Send([]byte(tt.send))
		victim.ExpectReply([]byte(tt.reply), fmt.Sprintf("after sending %q (send \"-ERR \" and ReadRequest's error text)", tt.send))
		victim.ExpectEOF(fmt.Sprintf("after its error reply to %q (a malformed request closes its connection)", tt.send))
	}
	ping(bystander, "after other clients sent garbage (their errors must close only their own connections)")
}

func TestServeClosesFinishedConnections(t *testing.T) {
	harness.CheckLeaks(t)
	t.Run("the client closes its side", func(t *testing.T) {
		harness.CheckLeaks(t)
		srv := start(t, miniredis.Config{})
		c := srv.Dial("a client")
		c.Send([]byte(array("PING") + "ECHO last\r\n"))
		require.NoError(t, c.Conn.CloseWrite(), "closing the client's side")
		c.ExpectReply([]byte("+PONG\r\n"+bulk("last")), "after sending PING and ECHO, then closing its side "+
			"(answer what was read before the end)")
		c.ExpectEOF("after the client closed its side and got its replies (the server must close the connection then)")
	})
	tests := []struct {
		name string
		conn *harness.BadConn
	}{
		{"reset while reading", harness.NewBadConn(nil, harness.Reset(), nil)},
		{"reset inside a request", harness.NewBadConn([]byte("*1\r\n$4\r\nPI"), harness.Reset(), nil)},
		{"write fails", harness.NewBadConn([]byte(array("PING")), harness.Reset(),
			&net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			harness.CheckLeaks(t)
			ln := harness.NewScripted(t, harness.Accepted{Conn: tt.conn})
			srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
			harness.Await(srv, tt.conn.Closed(), "a connection that failed (%s) was never closed", tt.name)
			ping(srv.Dial("a client that came after a failed connection"), "after another connection failed")
		})
	}
}

// logCapture collects what the standard logger writes during a test and
// signals each write.
type logCapture struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	wrote chan struct{}
}

func captureLog(t *testing.T) *logCapture {
	lc := &logCapture{wrote: make(chan struct{}, 1)}
	old, flags := log.Writer(), log.Flags()
	log.SetOutput(lc)
	t.Cleanup(func() {
		log.SetOutput(old)
		log.SetFlags(flags)
	})
	return lc
}

func (lc *logCapture) Write(p []byte) (int, error) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.buf.Write(p)
	select {
	case lc.wrote <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (lc *logCapture) String() string {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.buf.String()
}

var errCommand = errors.New("a command exploded on purpose")

func commandExplodes() { panic(errCommand) }

func TestServeSurvivesPanic(t *testing.T) {
	harness.CheckLeaks(t)
	logs := captureLog(t)
	srv := start(t, miniredis.Config{BeforeCommand: func(args []string) {
		if len(args) == 2 && strings.EqualFold(args[0], "ECHO") && args[1] == "boom" {
			commandExplodes()
		}
	}})
	bystander := srv.Dial("a client connected before another's request panicked")
	ping(bystander, "first")
	victim := srv.Dial("the client whose request panics")
	ping(victim, "first")
	victim.Send([]byte(array("ECHO", "boom")))
	victim.ExpectEOF("after its request panicked (recover in the connection's goroutine, then close that connection)")
	for {
		out := logs.String()
		if strings.Contains(out, errCommand.Error()) && strings.Contains(out, "commandExplodes") {
			break
		}
		harness.Await(srv, logs.wrote, "the panic was not logged with its value and its stack "+
			"(log.Printf with debug.Stack(), in the deferred function); the log so far:\n%s", out)
	}
	ping(bystander, "after another client's request panicked")
	ping(srv.Dial("a client that connected after a request panicked"), "first")
}

func TestServeReturnsNilWhenListenerClosed(t *testing.T) {
	harness.CheckLeaks(t)
	ln := newTapListener(t)
	srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
	open := srv.Dial("a client still connected when the listener closes")
	ping(open, "first")
	tc := ln.conn(srv, 0)
	require.NoError(t, srv.Stop("Serve"))
	expectClosed(t, open, "after the listener closed (Serve must close the connections still open before it returns)")
	assert.Positive(t, tc.readErrs, "Serve returned before the goroutine serving a connection had seen it closed: "+
		"wait for every connection's goroutine (a sync.WaitGroup) before returning")
}

// expectClosed is Client.ExpectEOF once the server has returned, which
// ExpectEOF would report as a failure.
func expectClosed(t *testing.T, c *harness.Client, doing string) {
	t.Helper()
	c.Conn.SetReadDeadline(time.Now().Add(harness.Patience))
	n, err := c.Conn.Read(make([]byte, 1))
	var ne net.Error
	switch {
	case n > 0:
		t.Fatalf("%s: expected the server to have closed the connection, but it sent more data", doing)
	case errors.As(err, &ne) && ne.Timeout():
		t.Fatalf("%s: the connection was still open %v after Serve returned", doing, harness.Patience)
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
	default:
		t.Fatalf("%s: expected the server to have closed the connection, but reading failed with %v", doing, err)
	}
}

// failingListener accepts real connections until fail is closed; then its
// Accept fails with err.
type failingListener struct {
	net.Listener
	fail chan struct{}
	err  error
}

func (l *failingListener) Accept() (net.Conn, error) {
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := l.Listener.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	select {
	case c, ok := <-accepted:
		if !ok {
			return nil, net.ErrClosed
		}
		return c, nil
	case <-l.fail:
		l.Listener.Close() // ends the goroutine above
		if c, ok := <-accepted; ok {
			c.Close()
		}
		return nil, l.err
	}
}

func TestServeReturnsOtherAcceptErrors(t *testing.T) {
	t.Run("at once", func(t *testing.T) { harness.CheckReturnsOtherAcceptErrors(t, serve(miniredis.Config{})) })
	t.Run("with a connection open", func(t *testing.T) {
		harness.CheckLeaks(t)
		errAccept := errors.New("accept: too many open files")
		tap := newTapListener(t)
		ln := &failingListener{Listener: tap, fail: make(chan struct{}), err: errAccept}
		srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
		open := srv.Dial("a client connected when Accept failed")
		ping(open, "first")
		tc := tap.conn(srv, 0)
		close(ln.fail)
		r := srv.Wait("Serve did not return after Accept failed with %q", errAccept)
		require.NoError(t, r.Panic, "Serve panicked")
		require.ErrorIs(t, r.Value, errAccept, "Serve must return the Accept error it got")
		expectClosed(t, open, "after Accept failed (Serve must close the connections still open before it returns)")
		assert.Positive(t, tc.readErrs, "Serve returned before the goroutine serving a connection had seen it closed: "+
			"wait for every connection's goroutine (a sync.WaitGroup) before returning")
	})
}
