package miniredis_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/exercises/05_mini_redis"
	"github.com/gospawn/workbook/exercises/internal/harness"
	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// How these tests see your code: the tests of Store and Serve run in a
// bubble of testing/synctest (harness.Bubble), and those of Serve talk to
// your server over an in-memory network whose connections behave like
// TCP's. The bubble knows when each of its goroutines, yours included, is
// blocked where only another goroutine of the bubble could wake it
// ("durably blocked"), and its clock moves only when all of them are. So a reply
// your server never sends is seen to be missing as soon as nothing can run
// any more, not after a time-out, and a busy machine cannot fail a correct
// solution: it just gets there later. A goroutine stuck on a sync.Mutex
// that nobody will unlock is reported at once too, at its line, and so is
// a goroutine left running when a test ends. Code that never stops (a loop
// that retries for ever) is reported after harness.Watchdog of real time.
//
// The tests of ReadRequest call it directly, outside any bubble: it only
// reads, and a bubble would add nothing but its watchdog, which cannot
// tell a long computation on a starved CPU (a 512 MiB allocation under the
// race detector, say) from a loop that never ends.
//
// TestServeAnswersGoRedis, TestServePipelinesGoRedis and
// TestServeRepliesInOrder run once more over real loopback TCP, once their
// bubble passed. The tests run one after another, so that a data race or a
// panic is reported against the test that caused it.

// ---------------------------------------------------------------------------
// Helpers: requests as bytes, readers that split them, calls that turn a
// panic into a failure.

// inBubble runs body as the subtest name, in a bubble of its own.
func inBubble(t *testing.T, name string, body func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) { harness.Bubble(t, body) })
}

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
	require.NotNil(t, s, harness.T("NewStore returned nil", "NewStore 返回了 nil"))
	return s
}

// do runs one request on s and returns the reply as a string.
func do(t *testing.T, s *miniredis.Store, args ...string) string {
	t.Helper()
	var reply []byte
	harness.Guard(t, fmt.Sprintf("Do(%q)", args), func() { reply, _ = s.Do(args) })
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
	checkReads(t, []readCase{
		{"ECHO hello", "*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n", []string{"ECHO", "hello"}, ""},
		{"the name as sent, not upper-cased", array("pInG"), []string{"pInG"}, ""},
		{"an empty string", array("ECHO", ""), []string{"ECHO", ""}, ""},
		{"\\r\\n and binary bytes inside a string", array("SET", "k", "a\r\nb\x00\xff"), []string{"SET", "k", "a\r\nb\x00\xff"}, ""},
		{"a string longer than the reader's buffer", array("ECHO", long), []string{"ECHO", long}, ""},
		{"1000 elements", array(many...), many, ""},
		{"exactly one request of two", array("PING") + array("ECHO", "x"), []string{"PING"}, array("ECHO", "x")},
		{"a request, then half of another", array("PING") + "*1\r\n$4\r\nPI", []string{"PING"}, "*1\r\n$4\r\nPI"},
	}, harness.T("ReadRequest(%q) must return the array's strings, in order, exactly as sent",
		"ReadRequest(%q) 必须按顺序原样返回数组中的各个字符串"))
}

// A readCase is a well-formed input and the one request ReadRequest must
// read from it.
type readCase struct {
	name  string
	input string
	want  []string
	rest  string // what ReadRequest must leave in the reader
}

// checkReads runs ReadRequest on each case's input; wrong says, with the
// input as its %q, what a request it read differently got wrong.
func checkReads(t *testing.T, tests []readCase, wrong harness.Text) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tt.input))
			args, err := readOne(t, r)
			require.NoError(t, err, harness.Textf("ReadRequest(%q) must accept this well-formed request",
				"ReadRequest(%q) 必须接受这个格式正确的请求", tt.input))
			assert.Equal(t, tt.want, args, harness.Textf(wrong.En, wrong.Zh, tt.input))
			rest, _ := io.ReadAll(r)
			assert.Equal(t, tt.rest, string(rest), harness.Textf("ReadRequest(%q) must consume exactly one request and leave the rest in r",
				"ReadRequest(%q) 必须恰好读取一个请求，把其余数据留在 r 中", tt.input))
		})
	}
}

func TestReadRequestInline(t *testing.T) {
	long := "ECHO " + strings.Repeat("x", 6000)
	checkReads(t, []readCase{
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
	}, harness.T("ReadRequest(%q): an inline command is the line's words, split at spaces and tabs",
		"ReadRequest(%q)：内联命令就是这一行中以空格和制表符分隔的各个单词"))
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
// io.EOF; how says how the reader hands out the script.
func readScript(t *testing.T, r *bufio.Reader, how harness.Text) {
	t.Helper()
	for i, want := range scriptRequests {
		args, err := readOne(t, r)
		if err == nil && slices.Equal(want, args) {
			// The messages are built only for a failure: this runs for
			// every chunk size, and formatting them each time was most of
			// the test's CPU under -race.
			continue
		}
		require.NoError(t, err, harness.Textf("reading request %d of %d, %s",
			"读取第 %d 个请求（共 %d 个，%s）", i+1, len(scriptRequests), how))
		require.Equal(t, want, args, harness.Textf("request %d of %d, %s (keep reading until a request is complete; "+
			"a Read may return any part of it)",
			"第 %d 个请求（共 %d 个，%s）：要一直读到请求完整为止，一次 Read 可能只返回它的任意一部分",
			i+1, len(scriptRequests), how))
	}
	if _, err := readOne(t, r); !errors.Is(err, io.EOF) {
		require.ErrorIs(t, err, io.EOF, harness.Textf("after the last request, %s, ReadRequest must return io.EOF",
			"读完最后一个请求之后（%s），ReadRequest 必须返回 io.EOF", how))
	}
}

func TestReadRequestSplitAcrossReads(t *testing.T) {
	data := []byte(script)
	// 16 bytes is the smallest buffer bufio allows: requests longer than
	// the buffer must still be read whole.
	for _, size := range []int{4096, 16} {
		t.Run(fmt.Sprintf("one byte per read, %d-byte buffer", size), func(t *testing.T) {
			readScript(t, bufio.NewReaderSize(&oneByteReader{data: data}, size), harness.T("given one byte per Read", "每次 Read 只给出一个字节"))
		})
		t.Run(fmt.Sprintf("chunks of every size, %d-byte buffer", size), func(t *testing.T) {
			for chunk := 1; chunk <= len(data); chunk++ {
				readScript(t, bufio.NewReaderSize(&chunkReader{data: data, size: chunk}, size),
					harness.Textf("given %d bytes per Read", "每次 Read 给出 %d 个字节", chunk))
			}
		})
	}
	t.Run("every request in one read", func(t *testing.T) {
		readScript(t, bufio.NewReader(&chunkReader{data: data, size: len(data)}), harness.T("all given by one Read", "全部数据由一次 Read 给出"))
	})
}

func TestReadRequestEOF(t *testing.T) {
	for _, input := range []string{"", "\r\n", "\n\n  \r\n", "*0\r\n"} {
		_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
		require.ErrorIs(t, err, io.EOF, harness.Textf("ReadRequest(%q): the input ends before any request starts, "+
			"so ReadRequest must return io.EOF",
			"ReadRequest(%q)：输入在任何请求开始之前就结束了，所以 ReadRequest 必须返回 io.EOF", input))
		require.NotErrorIs(t, err, io.ErrUnexpectedEOF, harness.Textf(
			"ReadRequest(%q): no request had begun, so the error must not be io.ErrUnexpectedEOF",
			"ReadRequest(%q)：还没有任何请求开始，所以错误不能是 io.ErrUnexpectedEOF", input))
	}
	for _, request := range []string{array("ECHO", "hello"), "ECHO hello\r\n", array("SET", "k", "")} {
		for cut := 1; cut < len(request); cut++ {
			input := request[:cut]
			_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, harness.Textf("ReadRequest(%q): the input ends inside a request, "+
				"so ReadRequest must return io.ErrUnexpectedEOF (not io.EOF, which means no request had begun)",
				"ReadRequest(%q)：输入在一个请求的中途结束了，所以 ReadRequest 必须返回 io.ErrUnexpectedEOF"+
					"（而不是 io.EOF，它表示还没有任何请求开始）", input))
		}
	}
	errBoom := errors.New("connection reset, on purpose")
	for _, input := range []string{"", "*1\r\n", "PI"} {
		_, err := readOne(t, bufio.NewReader(&failingReader{data: []byte(input), err: errBoom}))
		require.ErrorIs(t, err, errBoom, harness.Textf("ReadRequest(%q) on a reader that then fails must return the reader's error",
			"ReadRequest(%q)：读取器给出这些数据之后就出错了，ReadRequest 必须返回读取器的这个错误", input))
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
			require.Error(t, err, harness.Textf("ReadRequest(%q) must reject the input", "ReadRequest(%q) 必须拒绝这个输入", tt.input))
			require.ErrorIs(t, err, miniredis.ErrProtocol, harness.Textf("ReadRequest(%q)'s error must wrap ErrProtocol",
				"ReadRequest(%q) 返回的错误必须包装 ErrProtocol", tt.input))
			require.Equal(t, tt.want, err.Error(), harness.Textf("ReadRequest(%q)'s error text must be exactly Redis's message "+
				"(the server sends it after \"-ERR \"; wrapping with fmt.Errorf(\"%%w\") would add ErrProtocol's own text: "+
				"give your error type an Unwrap method instead)",
				"ReadRequest(%q) 返回的错误文本必须与 Redis 的消息一字不差（服务器把它放在 \"-ERR \" 之后发送；"+
					"用 fmt.Errorf(\"%%w\") 包装会把 ErrProtocol 自己的文本也加进去：请改为给你的错误类型定义一个 Unwrap 方法）",
				tt.input))
		})
	}
	t.Run("the largest lengths Redis takes are not errors", func(t *testing.T) {
		for _, input := range []string{"*2147483647\r\n", "*1\r\n$536870912\r\n"} {
			_, err := readOne(t, bufio.NewReader(strings.NewReader(input)))
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, harness.Textf("ReadRequest(%q) is a request cut short, not a malformed one "+
				"(and never allocate what a count promises before the data arrives)",
				"ReadRequest(%q)：这是一个被截断的请求，而不是格式错误的请求（而且在数据到达之前，绝不要按计数所承诺的大小分配内存）",
				input))
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
		assert.Equal(t, st.reply, do(t, s, st.args...), harness.Textf("step %d: the reply to %q, byte for byte as Redis writes it",
			"第 %d 步：对 %q 的回复，必须与 Redis 写出的逐字节一致", i+1, st.args))
	}
}

func TestDoReplies(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
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
	})
}

func TestDoIgnoresCase(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		s := newStore(t)
		for _, name := range []string{"ping", "PING", "Ping", "pInG"} {
			assert.Equal(t, "+PONG\r\n", do(t, s, name), harness.Textf("%q is PING: command names are matched without regard to case",
				"%q 就是 PING：匹配命令名时不区分大小写", name))
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
	})
}

func TestDoArityErrors(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		s := newStore(t)
		for _, args := range [][]string{
			{"GET"}, {"get", "a", "b"}, {"PiNg", "a", "b"}, {"ECHO"}, {"Echo", "a", "b"},
			{"SET"}, {"set", "k"}, {"DEL"}, {"EXISTS"}, {"INCR"}, {"incr", "a", "b"},
		} {
			want := "-ERR wrong number of arguments for '" + strings.ToLower(args[0]) + "' command\r\n"
			assert.Equal(t, want, do(t, s, args...), harness.Textf("%q has the wrong number of arguments "+
				"(Redis names the command in lower case, however the client wrote it)",
				"%q 的参数个数不对（无论客户端怎样书写，Redis 都用小写写出命令名）", args))
		}
		assert.Equal(t, "$-1\r\n", do(t, s, "GET", "k"), harness.T("SET with too few arguments must not have stored anything",
			"参数太少的 SET 不能存入任何东西"))
	})
}

func TestDoUnknownCommand(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		const with = "', with args beginning with: "
		x200 := strings.Repeat("x", 200)
		tests := []struct {
			name  harness.Text
			args  []string
			reply string
		}{
			{harness.T("no arguments", "没有参数"), []string{"foo"}, "-ERR unknown command 'foo" + with + "\r\n"},
			{harness.T("two arguments", "两个参数"), []string{"foo", "a", "b"}, "-ERR unknown command 'foo" + with + "'a' 'b' \r\n"},
			{harness.T("HELLO, which go-redis sends first", "HELLO，go-redis 最先发送的命令"), []string{"hello", "2"}, "-ERR unknown command 'hello" + with + "'2' \r\n"},
			{harness.T("an empty name", "空的命令名"), []string{""}, "-ERR unknown command '" + with + "\r\n"},
			{harness.T("quotes in the text", "文本中有引号"), []string{"'foo'", "it's"}, "-ERR unknown command ''foo'" + with + "'it's' \r\n"},
			{harness.T("a name longer than 128 bytes", "命令名长于 128 字节"), []string{x200}, "-ERR unknown command '" + x200[:128] + with + "\r\n"},
			{harness.T("an argument longer than 128 bytes", "参数长于 128 字节"), []string{"foo", x200}, "-ERR unknown command 'foo" + with + "'" + x200[:128] + "' \r\n"},
			{harness.T("arguments past 128 bytes", "参数超出 128 字节"), []string{"foo", strings.Repeat("a", 120), strings.Repeat("b", 20), "c"},
				"-ERR unknown command 'foo" + with + "'" + strings.Repeat("a", 120) + "' 'bbbbb' \r\n"},
			{harness.T("many arguments", "参数很多"), append([]string{"foo"}, strings.Split(strings.Repeat("abcdefghij ", 30), " ")...),
				"-ERR unknown command 'foo" + with + strings.Repeat("'abcdefghij' ", 10) + "\r\n"},
			{harness.T("\\r and \\n become spaces", "\\r 和 \\n 变成空格"), []string{"fo\r\no", "a\nb"}, "-ERR unknown command 'fo  o" + with + "'a b' \r\n"},
		}
		s := newStore(t)
		for _, tt := range tests {
			assert.Equal(t, tt.reply, do(t, s, tt.args...), harness.Textf("%s: the reply to %q, byte for byte as Redis writes it "+
				"(the name is cut to 128 bytes; arguments are added while the text after \"with: \" is shorter than 128 bytes, "+
				"each cut so that the text stops at 128)",
				"%s：对 %q 的回复，必须与 Redis 写出的逐字节一致（命令名截断到 128 字节；只要 \"with: \" 之后的文本还短于 128 字节，"+
					"就继续添加参数，每个参数都截断到让文本恰好止于 128 字节）", tt.name, tt.args))
		}
	})
}

func TestDoIncrErrors(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
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
			assert.Equal(t, tt.reply, do(t, s, "INCR", "n"), harness.Textf("INCR of %q", "对 %q 执行 INCR", tt.value))
			if strings.HasPrefix(tt.reply, "-") {
				assert.Equal(t, bulk(tt.value), do(t, s, "GET", "n"), harness.Textf("a failed INCR of %q must leave the value as it was",
					"对 %q 执行 INCR 失败后，值必须保持原样", tt.value))
			}
		}
	})
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

// A bubble does not run its goroutines one at a time: those of the two
// tests below run at the same time on every core, as they would outside.

func TestStoreIsSafeForConcurrentUse(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
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
			t.Error(harness.Textf("Do panicked when called from several goroutines at once: %v",
				"多个 goroutine 同时调用 Do 时发生了 panic：%v", k))
			return true
		})
	})
}

func TestIncrIsAtomic(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		s := newStore(t)
		do(t, s, "PING")
		// Many goroutines increment one key as fast as they can: an INCR that
		// reads, lets go of the lock, and writes loses some of their updates.
		const workers, rounds = 16, 2000
		hammer(workers, rounds, func(int, int) { s.Do([]string{"INCR", "n"}) })
		assert.Equal(t, bulk(strconv.Itoa(workers*rounds)), do(t, s, "GET", "n"),
			harness.Textf("%d goroutines made %d INCRs each: INCR must hold the store's lock from reading the value to writing the new one, "+
				"or two INCRs read the same value and one update is lost",
				"%d 个 goroutine 各执行了 %d 次 INCR：INCR 必须从读取旧值到写入新值一直持有 Store 的锁，"+
					"否则两个 INCR 会读到同一个值，其中一次更新就丢失了", workers, rounds))
	})
}

// ---------------------------------------------------------------------------
// Serve

// serve returns a harness.ServeFunc that runs miniredis.Serve with cfg.
func serve(cfg miniredis.Config) harness.ServeFunc {
	return func(ln net.Listener) error { return miniredis.Serve(ln, cfg) }
}

// start runs Serve with cfg on a new listener: in a bubble, on its
// in-memory network.
func start(t *testing.T, cfg miniredis.Config) *harness.Server {
	t.Helper()
	return harness.Start(t, "Serve", serve(cfg))
}

// ping makes c do a full request and reply: the server is serving it.
// doing says when, as for ExpectReply.
func ping(t *testing.T, c *harness.Client, doing harness.Text) {
	t.Helper()
	c.Send([]byte(array("PING")))
	c.ExpectReply([]byte("+PONG\r\n"), doing)
}

// pingFirst is what a client does first to show it is being served.
var pingFirst = harness.T("sending PING first", "先发送 PING")

// newGoRedis returns a go-redis client of srv that speaks RESP2 and sends
// nothing outside the contract but the HELLO it opens each connection with
// (answered as an unknown command, as Redis before 6 answers it). It dials
// through harness.DialContext: in a bubble, on the bubble's network.
//
// go-redis v9 works in a bubble as it is used here. With RESP2 it starts no
// goroutine of its own but the one that dials a connection, which ends;
// its health check looks only at real sockets; its deadlines and timers
// are made in the goroutine that calls it, so they are the bubble's. One
// thing would break a bubble: a caller that finds every connection of the
// pool in use waits on a timer taken from a sync.Pool that all clients
// share, which may have been made in another bubble or outside (the
// runtime then crashes the test binary). So each client here is used by one
// goroutine at a time, with a pool of two connections.
//
// Its own time-outs are longer than the harness's waits, so that a server
// that does not answer is reported by the harness (in a bubble, with where
// your goroutines were), not as go-redis's i/o timeout.
func newGoRedis(t *testing.T, srv *harness.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{
		Addr:                  srv.Addr(),
		Dialer:                harness.DialContext(t),
		Protocol:              2,
		DisableIdentity:       true, // no CLIENT SETINFO
		PoolSize:              2,
		MaxRetries:            -1, // a failure is reported, not retried
		DialTimeout:           harness.RealPatience,
		ReadTimeout:           harness.RealPatience,
		WriteTimeout:          harness.RealPatience,
		ConnMaxIdleTime:       -1, // no check of how long a connection was idle
		ContextTimeoutEnabled: true,
	})
	t.Cleanup(func() { c.Close() })
	return c
}

// viaGoRedis runs f, which uses go-redis, in a goroutine, failing the test
// if it does not return in time or the server returns meanwhile.
func viaGoRedis(t *testing.T, srv *harness.Server, what harness.Text, f func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), harness.RealPatience)
	defer cancel()
	r := harness.Await(srv, harness.Go(func() error { return f(ctx) }),
		harness.Textf("go-redis: %s did not finish", "go-redis：%s 一直没有完成", what))
	require.NoError(t, r.Panic, harness.Textf("go-redis: %s", "go-redis：%s", what))
	require.NoError(t, r.Value, harness.Textf("go-redis: %s", "go-redis：%s", what))
}

func TestServeAnswersGoRedis(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		store := newStore(t)
		srv := start(t, miniredis.Config{Store: store})
		ping(t, srv.Dial(harness.T("a raw client", "一个直接收发 RESP 字节的客户端")),
			harness.T("sending PING before go-redis connects", "在 go-redis 连接之前发送 PING"))
		c := newGoRedis(t, srv)
		check := func(what string, got, want any, err error) error {
			if err != nil {
				return harness.Textf("%s failed: %v", "%s 失败了：%v", what, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return harness.Textf("%s returned %v, want %v", "%s 返回了 %v，期望 %v", what, got, want)
			}
			return nil
		}
		viaGoRedis(t, srv, harness.T("every command", "每个命令"), func(ctx context.Context) error {
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
				return harness.Textf("GET of a missing key must give redis.Nil (the reply $-1), got %v",
					"对不存在的键执行 GET 必须得到 redis.Nil（即回复 $-1），实际得到 %v", err)
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
				return harness.Textf("INCR of a string must fail with Redis's error, got %v",
					"对字符串执行 INCR 必须以 Redis 的错误失败，实际得到 %v", err)
			}
			n, err = c.Del(ctx, "greeting", "missing").Result()
			return check("DEL greeting missing", n, 1, err)
		})
		assert.Equal(t, bulk("3"), do(t, store, "GET", "counter"), harness.T("Serve must use the Store of its Config",
			"Serve 必须使用它的 Config 中的 Store"))
	})
}

func TestServePipelinesGoRedis(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		ping(t, srv.Dial(harness.T("a raw client", "一个直接收发 RESP 字节的客户端")),
			harness.T("sending PING before go-redis connects", "在 go-redis 连接之前发送 PING"))
		c := newGoRedis(t, srv)
		viaGoRedis(t, srv, harness.T("a pipeline of 300 commands", "一条由 300 个命令组成的流水线（pipelining）"), func(ctx context.Context) error {
			pipe := c.Pipeline()
			var incrs []*redis.IntCmd
			var echoes []*redis.StringCmd
			for i := range 100 {
				incrs = append(incrs, pipe.Incr(ctx, "n"))
				pipe.Set(ctx, "k"+strconv.Itoa(i), i, 0)
				echoes = append(echoes, pipe.Echo(ctx, strings.Repeat("e", i)))
			}
			if _, err := pipe.Exec(ctx); err != nil {
				return harness.Textf("the pipeline failed: %v", "流水线执行失败：%v", err)
			}
			for i := range 100 {
				if n := incrs[i].Val(); n != int64(i+1) {
					return harness.Textf("INCR number %d of the pipeline got %d: replies must come in the order of the requests",
						"流水线中的第 %d 个 INCR 得到了 %d：回复必须按请求的顺序返回", i+1, n)
				}
				if e := echoes[i].Val(); e != strings.Repeat("e", i) {
					return harness.Textf("ECHO number %d of the pipeline got %q: replies must come in the order of the requests",
						"流水线中的第 %d 个 ECHO 得到了 %q：回复必须按请求的顺序返回", i+1, e)
				}
			}
			return nil
		})
	})
}

func TestServeRepliesInOrder(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that pipelines", "一个使用流水线的客户端"))
		requests := array("PING") + array("ECHO", "a") + "SET k v\r\n" + array("GET", "k") +
			array("INCR", "n") + array("INCR", "n") + "\r\n" + "INCR n\n" + array("EXISTS", "k", "k") +
			array("FOO", "bar") + array("GET") + array("DEL", "k") + array("GET", "k")
		replies := "+PONG\r\n" + bulk("a") + "+OK\r\n" + bulk("v") + ":1\r\n:2\r\n:3\r\n:2\r\n" +
			"-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n" +
			"-ERR wrong number of arguments for 'get' command\r\n" + ":1\r\n$-1\r\n"
		c.Send([]byte(requests))
		c.ExpectReply([]byte(replies), harness.T("after sending 13 requests in one write (answer every request in the data, "+
			"in order: a read may hold many requests)",
			"一次写入发送 13 个请求之后（要按顺序回答数据中的每一个请求：一次读取可能包含多个请求）"))
		// Far more than one read or one buffer holds.
		var many, want strings.Builder
		for i := range 2000 {
			msg := fmt.Sprintf("message %d", i)
			many.WriteString(array("ECHO", msg))
			want.WriteString(bulk(msg))
		}
		go c.Conn.Write([]byte(many.String())) // the replies come back while it writes
		c.ExpectReply([]byte(want.String()), harness.T("after sending 2000 ECHOs in one write",
			"一次写入发送 2000 个 ECHO 之后"))
	})
}

func TestServeRepliesBeforeWaiting(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client", "一个客户端"))
		c.Send([]byte(array("ECHO", "first") + "*1\r\n$4\r\nPI"))
		c.ExpectReply([]byte(bulk("first")), harness.T("after sending ECHO first and half of a PING "+
			"(every reply must be sent before the server waits for more input: flush your bufio.Writer "+
			"whenever the next read would have to wait, not only when nothing at all is buffered)",
			"发送 ECHO first 和半个 PING 之后（服务器在等待更多输入之前，必须把每个回复都发出去："+
				"只要下一次读取将要等待，就 Flush 你的 bufio.Writer，而不只是在缓冲区里一点数据都没有时才这样做）"))
		c.Send([]byte("NG\r\n"))
		c.ExpectReply([]byte("+PONG\r\n"), harness.T("after sending the rest of the PING", "发送 PING 的其余部分之后"))
		for _, b := range []byte(array("ECHO", "one byte at a time")) {
			c.Send([]byte{b})
		}
		c.ExpectReply([]byte(bulk("one byte at a time")), harness.T("after sending a request one byte per write",
			"每次写入一个字节、发送完一个请求之后"))
		c.Send([]byte("INCR n\r\n"))
		c.ExpectReply([]byte(":1\r\n"), harness.T("after sending an inline INCR", "发送一条内联的 INCR 之后"))
	})
}

func TestServeConcurrentIncrs(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		const clients, incrs = 20, 50
		conns := make([]*harness.Client, clients)
		for i := range conns {
			conns[i] = srv.Dial(harness.Textf("client %d of %d", "第 %d 个客户端（共 %d 个）", i+1, clients))
		}
		ping(t, conns[0], harness.T("sending PING before the others start", "在其他客户端开始之前发送 PING"))
		// Each client does its INCRs one round trip at a time, all clients at
		// once, each on a key of its own: whether INCR is atomic is
		// TestIncrIsAtomic's question, and two clients on one key would
		// answer it only when the scheduler happened to interleave them, so
		// that a wrong INCR would pass this test in some runs and not in
		// others. A failure is reported from the test's goroutine afterwards.
		errs := make(chan error, clients)
		done := harness.Go(func() struct{} {
			hammer(clients, 1, func(w, _ int) { errs <- incrLoop(conns[w].Conn, incrKey(w), incrs) })
			return struct{}{}
		})
		harness.Await(srv, done, harness.T("%d clients doing %d INCRs each, one round trip at a time, all at once, did not finish "+
			"(serve each connection in its own goroutine)",
			"%d 个客户端同时各执行 %d 次 INCR（每次往返一个），一直没有完成（要在每个连接各自的 goroutine 中服务它）"),
			clients, incrs)
		close(errs)
		for err := range errs {
			require.NoError(t, err, harness.T("a client doing INCRs one round trip at a time",
				"一个每次往返执行一次 INCR 的客户端"))
		}
		// One connection sees what every other one wrote: one Store.
		c := conns[0]
		for w := range clients {
			c.Send([]byte(array("GET", incrKey(w))))
			c.ExpectReply([]byte(bulk(strconv.Itoa(incrs))), harness.Textf("getting %s on client 1 after client %d made %d INCRs of it "+
				"(one Store shared by every connection)",
				"第 %[2]d 个客户端对 %[1]s 执行 %[3]d 次 INCR 之后，在第 1 个客户端上读取它（所有连接共享同一个 Store）", incrKey(w), w+1, incrs))
		}
	})
}

// incrKey is the key that client w of TestServeConcurrentIncrs increments.
func incrKey(w int) string { return "n" + strconv.Itoa(w+1) }

// incrLoop sends n INCRs of key over conn, one at a time, and checks that
// each reply is one more than the one before.
func incrLoop(conn net.Conn, key string, n int) error {
	r := bufio.NewReader(conn)
	last := int64(0)
	for i := range n {
		if _, err := conn.Write([]byte(array("INCR", key))); err != nil {
			return harness.Textf("sending INCR %d: %v", "发送第 %d 个 INCR：%v", i+1, err)
		}
		line, err := r.ReadString('\n')
		if err != nil {
			return harness.Textf("waiting for the reply to INCR %d: %v (got %q)", "等待第 %d 个 INCR 的回复：%v（已收到 %q）",
				i+1, err, line)
		}
		v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(line, ":"), "\r\n"), 10, 64)
		if err != nil || !strings.HasPrefix(line, ":") || v != last+1 {
			return harness.Textf("INCR %d got %q after %d: each INCR of a key must add one to what the last one gave",
				"第 %[1]d 个 INCR 在 %[3]d 之后得到了 %[2]q：对同一个键的每次 INCR，都必须在上一次的结果上加一", i+1, line, last)
		}
		last = v
	}
	return nil
}

func TestServeIdleClientDoesNotBlockOthers(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		idle := srv.Dial(harness.T("the first client", "第一个客户端"))
		// The round trip proves the server is busy with this client before
		// the second one arrives; then it waits for the client's next request
		// for as long as the client is silent.
		ping(t, idle, pingFirst)
		other := srv.Dial(harness.T("a second client, while the first one was connected and silent",
			"第二个客户端（此时第一个客户端仍然连着，却一声不响）"))
		other.Send([]byte(array("SET", "k", "v") + array("GET", "k")))
		other.ExpectReply([]byte("+OK\r\n"+bulk("v")), harness.T("waiting for its replies (serve each connection in its own goroutine, "+
			"so that Serve goes back to Accept at once)",
			"等待它的回复时（要在每个连接各自的 goroutine 中服务它，好让 Serve 立即回到 Accept）"))
		ping(t, idle, harness.T("sending PING after its silence", "沉默一阵之后发送 PING"))
	})
}

func TestServeSlowReaderDoesNotBlockOthers(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		// It holds at most one unread byte, as a client whose socket
		// buffers are full does: the server's write to it waits.
		slow := srv.DialWindow(harness.T("a client that sends many requests and reads nothing",
			"一个发送大量请求却什么都不读的客户端"), 1)
		var requests, replies strings.Builder
		for i := range 500 {
			requests.WriteString(array("INCR", "slow"))
			replies.WriteString(":" + strconv.Itoa(i+1) + "\r\n")
		}
		slow.Send([]byte(requests.String()))
		harness.AwaitWriting(t, slow)
		other := srv.Dial(harness.T("a second client, while the server's write to the first one was stuck",
			"第二个客户端（此时服务器向第一个客户端的写入卡住了）"))
		other.Send([]byte(array("SET", "k", "v") + array("GET", "k") + array("INCR", "other")))
		other.ExpectReply([]byte("+OK\r\n"+bulk("v")+":1\r\n"), harness.T("waiting for its replies while another connection's write "+
			"was stuck (a write to one client must block only that client's goroutine; never hold the store's lock while writing)",
			"在另一个连接的写入卡住时等待它的回复（向一个客户端写入只能阻塞这个客户端的 goroutine；写入时绝不要持有 Store 的锁）"))
		slow.ExpectReply([]byte(replies.String()), harness.T("reading, at last, the replies to its 500 INCRs",
			"终于读取它那 500 个 INCR 的回复时"))
	})
}

func TestServeClosesConnectionOnProtocolError(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		bystander := srv.Dial(harness.T("a client connected before another sent garbage",
			"在另一个客户端发送垃圾数据之前就已连接的客户端"))
		ping(t, bystander, pingFirst)
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
			victim := srv.Dial(harness.Textf("a client that sent %q", "发送了 %q 的客户端", tt.send))
			ping(t, victim, pingFirst)
			victim.Send([]byte(tt.send))
			victim.ExpectReply([]byte(tt.reply), harness.Textf("after sending %q (send \"-ERR \" and ReadRequest's error text)",
				"发送 %q 之后（要发送 \"-ERR \" 加上 ReadRequest 的错误文本）", tt.send))
			victim.ExpectEOF(harness.Textf("after its error reply to %q (a malformed request closes its connection)",
				"收到对 %q 的错误回复之后（格式错误的请求会关闭它所在的连接）", tt.send))
		}
		ping(t, bystander, harness.T("sending PING after other clients sent garbage (their errors must close only their own connections)",
			"在其他客户端发送垃圾数据之后发送 PING（它们的错误只能关闭它们自己的连接）"))
	})
}

func TestServeClosesFinishedConnections(t *testing.T) {
	inBubble(t, "the client closes its side", func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client", "一个客户端"))
		c.Send([]byte(array("PING") + "ECHO last\r\n"))
		require.NoError(t, c.Conn.CloseWrite(), harness.T("closing the client's side", "关闭客户端这一端"))
		c.ExpectReply([]byte("+PONG\r\n"+bulk("last")), harness.T("after sending PING and ECHO, then closing its side "+
			"(answer what was read before the end)",
			"发送 PING 和 ECHO、再关闭它那一端之后（要回答在输入结束之前读到的请求）"))
		c.ExpectEOF(harness.T("after the client closed its side and got its replies (the server must close the connection then)",
			"客户端关闭它那一端并收到回复之后（这时服务器必须关闭连接）"))
	})
	tests := []struct {
		name string
		what harness.Text // the failure, for messages
		// fail makes c's connection fail, c having been dialed with a
		// window of 1 byte.
		fail func(t *testing.T, c *harness.Client)
	}{
		{"reset while reading", harness.T("reset while reading", "读取时连接被重置"), func(t *testing.T, c *harness.Client) {
			ping(t, c, pingFirst)
			c.Reset()
		}},
		{"reset inside a request", harness.T("reset inside a request", "请求中途连接被重置"), func(t *testing.T, c *harness.Client) {
			c.Send([]byte("*1\r\n$4\r\nPI"))
			c.Reset()
		}},
		{"write fails", harness.T("its write failed", "写入失败"), func(t *testing.T, c *harness.Client) {
			c.Send([]byte(array("ECHO", "never read")))
			harness.AwaitWriting(t, c)
			c.Reset() // the Write that waits for the client fails
		}},
	}
	for _, tt := range tests {
		inBubble(t, tt.name, func(t *testing.T) {
			srv := start(t, miniredis.Config{})
			c := srv.DialWindow(harness.T("a client whose connection fails", "一个连接出错的客户端"), 1)
			tt.fail(t, c)
			harness.Await(srv, c.Peer().Done(), harness.T("a connection that failed (%s) was never closed "+
				"(close a connection whatever ended it: the client closing its side, or an error)",
				"一个失败的连接（%s）始终没有被关闭（无论连接因何结束——客户端关闭它那一端，还是出错——都要关闭它）"), tt.what)
			ping(t, srv.Dial(harness.T("a client that came after a failed connection", "在一个连接失败之后到来的客户端")),
				harness.T("sending PING after another connection failed", "在另一个连接失败之后发送 PING"))
		})
	}
}

var errCommand = errors.New("a command exploded on purpose")

func commandExplodes() { panic(errCommand) }

func TestServeSurvivesPanic(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		logs := harness.CaptureLog(t)
		srv := start(t, miniredis.Config{BeforeCommand: func(args []string) {
			if len(args) == 2 && strings.EqualFold(args[0], "ECHO") && args[1] == "boom" {
				commandExplodes()
			}
		}})
		bystander := srv.Dial(harness.T("a client connected before another's request panicked",
			"在另一个客户端的请求发生 panic 之前就已连接的客户端"))
		ping(t, bystander, pingFirst)
		victim := srv.Dial(harness.T("the client whose request panics", "请求会发生 panic 的客户端"))
		ping(t, victim, pingFirst)
		victim.Send([]byte(array("ECHO", "boom")))
		victim.ExpectEOF(harness.T("after its request panicked (recover in the connection's goroutine, then close that connection)",
			"它的请求发生 panic 之后（要在这个连接的 goroutine 中 recover，然后关闭这个连接）"))
		logs.Await(srv, harness.T("the panic was not logged with its value and its stack "+
			"(log.Printf with debug.Stack(), in the deferred function)",
			"panic 没有连同它的值和栈跟踪一起写入日志（在延迟调用的函数中用 log.Printf 输出 debug.Stack()）"),
			errCommand.Error(), "commandExplodes")
		ping(t, bystander, harness.T("sending PING after another client's request panicked",
			"在另一个客户端的请求发生 panic 之后发送 PING"))
		ping(t, srv.Dial(harness.T("a client that connected after a request panicked", "在某个请求发生 panic 之后才连接的客户端")),
			pingFirst)
	})
}

// holdEcho is a Config whose BeforeCommand holds every ECHO of "hold"
// in the goroutine that serves its connection: entered is closed when the
// first one arrives, and they all go on once release is called (at the
// latest when the test ends).
func holdEcho(t *testing.T) (cfg miniredis.Config, entered <-chan struct{}, release func()) {
	in, out := make(chan struct{}), make(chan struct{})
	var first, last sync.Once
	release = func() { last.Do(func() { close(out) }) }
	t.Cleanup(release)
	cfg.BeforeCommand = func(args []string) {
		if len(args) == 2 && strings.EqualFold(args[0], "ECHO") && args[1] == "hold" {
			first.Do(func() { close(in) })
			<-out
		}
	}
	return cfg, in, release
}

func TestServeReturnsNilWhenListenerClosed(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		cfg, entered, release := holdEcho(t)
		ln := harness.Listen(t)
		srv := harness.StartOn(t, "Serve", ln, serve(cfg))
		idle := srv.Dial(harness.T("a client still connected when the listener closes", "listener 关闭时仍然连着的客户端"))
		ping(t, idle, pingFirst)
		busy := srv.Dial(harness.T("a client whose request is still running when the listener closes",
			"listener 关闭时请求仍在执行的客户端"))
		busy.Send([]byte(array("ECHO", "hold")))
		harness.Within(t, entered, harness.T("the ECHO of a client never reached Config.BeforeCommand "+
			"(call it with each request's arguments, just before the request runs)",
			"一个客户端的 ECHO 始终没有到达 Config.BeforeCommand（要在每个请求执行之前，用它的参数调用 BeforeCommand）"))
		ln.Close()
		// Serve now closes the connections still open, and must wait for
		// the goroutine that runs the held ECHO.
		harness.Idle(t)
		if r, returned := srv.Returned(); returned {
			how := harness.T("with nil", "返回值为 nil")
			switch {
			case r.Panic != nil:
				how = harness.Textf("it panicked: %v", "它发生了 panic：%v", r.Panic)
			case r.Value != nil:
				how = harness.Textf("with the error %q", "返回了错误 %q", r.Value)
			}
			t.Fatal(harness.Textf("Serve returned (%s) while the goroutine serving a connection was still running a request: "+
				"before returning, wait until every connection's goroutine has ended (a sync.WaitGroup)",
				"服务某个连接的 goroutine 还在执行请求，Serve 就返回了（%s）：返回之前要等待每个连接的 goroutine 结束（用 sync.WaitGroup）", how))
		}
		if !idle.Peer().Closed() {
			t.Fatal(harness.T("the listener was closed, but Serve left a silent client's connection open: "+
				"once Accept fails, close the connections still open (that is what ends their goroutines, blocked in Read), "+
				"then wait for their goroutines",
				"listener 已经关闭，Serve 却让一个不说话的客户端的连接继续开着：Accept 失败之后，要关闭仍然打开的连接"+
					"（正是这一步让阻塞在 Read 中的 goroutine 结束），然后等待这些 goroutine"))
		}
		release()
		r := srv.Wait(harness.T("Serve did not return once the request it was waiting for had ended",
			"Serve 等待的那个请求已经结束，它却一直没有返回"))
		require.NoError(t, r.Panic, harness.T("Serve panicked", "Serve 发生了 panic"))
		require.NoError(t, r.Value, harness.T("Serve must return nil once its listener is closed",
			"listener 关闭之后，Serve 必须返回 nil"))
	})
}

func TestServeReturnsOtherAcceptErrors(t *testing.T) {
	t.Run("at once", func(t *testing.T) {
		harness.CheckReturnsOtherAcceptErrors(t, serve(miniredis.Config{}))
	})
	inBubble(t, "with a connection open", func(t *testing.T) {
		errAccept := errors.New("accept: too many open files")
		ln := harness.Listen(t).(*memnet.Listener)
		srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
		open := srv.Dial(harness.T("a client connected when Accept failed", "Accept 失败时仍然连着的客户端"))
		ping(t, open, pingFirst)
		ln.FailAccept(errAccept)
		r := srv.Wait(harness.T("Serve did not return after Accept failed with %q", "Accept 以 %q 失败之后，Serve 没有返回"), errAccept)
		require.NoError(t, r.Panic, harness.T("Serve panicked", "Serve 发生了 panic"))
		require.ErrorIs(t, r.Value, errAccept, harness.T("Serve must return the Accept error it got", "Serve 必须返回它从 Accept 得到的错误"))
		if !open.Peer().Closed() {
			t.Fatal(harness.T("Serve returned after Accept failed, but left a client's connection open: "+
				"close the connections still open before returning",
				"Accept 失败后 Serve 返回了，却让一个客户端的连接继续开着：返回之前要关闭仍然打开的连接"))
		}
	})
}
