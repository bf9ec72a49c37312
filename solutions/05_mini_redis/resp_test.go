package miniredis_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// The tests of resp.go, the provided reader of exercise 5. They live here,
// beside the solution, rather than in the exercise: the learner's stub
// ships the same file, so it would pass them. Each rule is Redis 7.0's
// (src/networking.c, processInlineBuffer and processMultibulkBuffer;
// src/sds.c, sdssplitargs), and the differential check in
// runner/internal/coursecheck sends the same bytes to a real redis-server.

// array is a request as clients send it: an array of bulk strings.
func array(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

// A readCase is an input and the one request ReadRequest must read from it.
type readCase struct {
	name  string
	input string
	want  []string
	rest  string // what ReadRequest must leave in the reader
}

// checkReads runs ReadRequest on each case's input.
func checkReads(t *testing.T, tests []readCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tt.input))
			args, err := miniredis.ReadRequest(r)
			require.NoError(t, err, "ReadRequest(%q)", tt.input)
			assert.Equal(t, tt.want, args, "ReadRequest(%q)", tt.input)
			rest, _ := io.ReadAll(r)
			assert.Equal(t, tt.rest, string(rest), "ReadRequest(%q) must consume exactly one request", tt.input)
		})
	}
}

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
		{"\\r\\n, quotes and binary bytes inside a string", array("SET", "k", "a\r\nb\x00\xff\"'"), []string{"SET", "k", "a\r\nb\x00\xff\"'"}, ""},
		{"a string longer than the reader's buffer", array("ECHO", long), []string{"ECHO", long}, ""},
		{"1000 elements", array(many...), many, ""},
		{"exactly one request of two", array("PING") + array("ECHO", "x"), []string{"PING"}, array("ECHO", "x")},
		{"a request, then half of another", array("PING") + "*1\r\n$4\r\nPI", []string{"PING"}, "*1\r\n$4\r\nPI"},
		{"arrays of zero or fewer elements are skipped", "*0\r\n*-1\r\n*-5\r\n*-9223372036854775808\r\nPING\r\n", []string{"PING"}, ""},
	})
}

// Redis ends a count's or a length's line at its \r and skips the byte
// after it, and skips the two bytes after a bulk string's data, without
// looking at them.
func TestReadRequestSkipsLineEndsUnchecked(t *testing.T) {
	long := array("ECHO", strings.Repeat("x", 5000))
	checkReads(t, []readCase{
		{"the byte after a count's \\r", "*1\rX$4\r\nPING\r\n", []string{"PING"}, ""},
		{"the byte after a length's \\r", "*1\r\n$4\r\rPING\r\n", []string{"PING"}, ""},
		{"the two bytes after the data", "*1\r\n$4\r\nPINGxx", []string{"PING"}, ""},
		{"a length one short", "*2\r\n$3\r\nGET\r\n$1\r\nkey\r\n", []string{"GET", "k"}, "\r\n"},
		{"a stray \\r before the \\r\\n", "*1\r\n$4\r\nPING\r\r\n", []string{"PING"}, "\n"},
		{"after a string longer than the reader's buffer", long[:len(long)-2] + "..PING\r\n",
			[]string{"ECHO", strings.Repeat("x", 5000)}, "PING\r\n"},
	})
}

func TestReadRequestInline(t *testing.T) {
	long := "ECHO " + strings.Repeat("x", 6000)
	checkReads(t, []readCase{
		{"ending in \\r\\n", "PING\r\n", []string{"PING"}, ""},
		{"ending in \\n", "PING\n", []string{"PING"}, ""},
		{"words split by runs of spaces and tabs", "ECHO  hello\t \tworld \r\n", []string{"ECHO", "hello", "world"}, ""},
		{"a \\r inside the line splits words", "ECHO a\rb\r\n", []string{"ECHO", "a", "b"}, ""},
		{"\\v and \\f split words but do not end one", "\vECHO a\vb \f\r\n", []string{"ECHO", "a\vb"}, ""},
		{"empty lines are skipped", "\r\n\n\r\nPING\r\n", []string{"PING"}, ""},
		{"lines of spaces are skipped", "   \r\n\t\n\v\f\r\nPING\r\n", []string{"PING"}, ""},
		{"exactly one line of two", "SET k v\r\nGET k\r\n", []string{"SET", "k", "v"}, "GET k\r\n"},
		{"an inline command, then an array", "PING\r\n" + array("GET", "k"), []string{"PING"}, array("GET", "k")},
		{"a line longer than the reader's buffer", long + "\r\n", []string{"ECHO", strings.Repeat("x", 6000)}, ""},
		{"a '*' inside a line", "ECHO *1\r\n", []string{"ECHO", "*1"}, ""},
		{"a zero byte is an ordinary byte (Redis would wait)", "ECHO a\x00b\r\n", []string{"ECHO", "a\x00b"}, ""},
	})
}

// Inline words are split as Redis's sdssplitargs splits them.
func TestReadRequestInlineQuotes(t *testing.T) {
	checkReads(t, []readCase{
		{"double quotes keep spaces", "SET k \"a b\"\r\n", []string{"SET", "k", "a b"}, ""},
		{"single quotes keep spaces", "SET k 'a b'\r\n", []string{"SET", "k", "a b"}, ""},
		{"empty quotes are an empty word", "ECHO \"\" ''\r\n", []string{"ECHO", "", ""}, ""},
		{"a quoted command name", "\"PING\"\r\n", []string{"PING"}, ""},
		{"escapes in double quotes", `ECHO "\n\r\t\b\a\\\"\q\'"` + "\r\n", []string{"ECHO", "\n\r\t\b\a\\\"q'"}, ""},
		{"hex escapes", `ECHO "\x41\x6a\xFF\x00"` + "\r\n", []string{"ECHO", "Aj\xff\x00"}, ""},
		{"a hex escape needs two hex digits", `ECHO "\x4g\x4"` + "\r\n", []string{"ECHO", "x4gx4"}, ""},
		{"single quotes: only \\' is an escape", `ECHO 'it\'s \n \x41 "'` + "\r\n", []string{"ECHO", `it's \n \x41 "`}, ""},
		{"a quote may open mid-word", "ECHO a\"b c\" d\r\n", []string{"ECHO", "ab c", "d"}, ""},
		{"a quote inside a word of the other kind", "ECHO \"it's\" 'say \"hi\"'\r\n", []string{"ECHO", "it's", "say \"hi\""}, ""},
		{"a closing quote then a tab, \\v or the end", "ECHO \"a\"\tb \"c\"\v'd'\r\n", []string{"ECHO", "a", "b", "c", "d"}, ""},
		{"a raw \\r inside quotes is kept", "ECHO \"a\rb\"\r\n", []string{"ECHO", "a\rb"}, ""},
		{"the \\r of \\r\\n is dropped before splitting", "ECHO \"a\"\r\n", []string{"ECHO", "a"}, ""},
	})
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
		"SET 'a key' \"a \\\"value\\\"\\x21\"\r\n" +
		array("EXISTS", "key", "key", "") +
		"*1\rx$4\r\nPINGxx" // line ends skipped unchecked
	scriptRequests = [][]string{
		{"SET", "key", "a value\r\nwith a line break"},
		{"GET", "key"},
		{"ECHO", strings.Repeat("long ", 60)},
		{"INCR", "n"},
		{"SET", "a key", "a \"value\"!"},
		{"EXISTS", "key", "key", ""},
		{"PING"},
	}
)

// readScript reads every request of the script from r, then requires
// io.EOF; how says how the reader hands out the script.
func readScript(t *testing.T, r *bufio.Reader, how string) {
	t.Helper()
	for i, want := range scriptRequests {
		args, err := miniredis.ReadRequest(r)
		if err == nil && slices.Equal(want, args) {
			continue // no message built per chunk size: most of the CPU under -race
		}
		require.NoError(t, err, "request %d, %s", i+1, how)
		require.Equal(t, want, args, "request %d, %s", i+1, how)
	}
	_, err := miniredis.ReadRequest(r)
	require.ErrorIs(t, err, io.EOF, "after the last request, %s", how)
}

func TestReadRequestSplitAcrossReads(t *testing.T) {
	data := []byte(script)
	// 16 bytes is the smallest buffer bufio allows: lines and strings
	// longer than the buffer must still be read whole.
	for _, size := range []int{4096, 16} {
		t.Run(fmt.Sprintf("one byte per read, %d-byte buffer", size), func(t *testing.T) {
			readScript(t, bufio.NewReaderSize(&chunkReader{data: data, size: 1}, size), "one byte per Read")
		})
		t.Run(fmt.Sprintf("chunks of every size, %d-byte buffer", size), func(t *testing.T) {
			for chunk := 2; chunk <= len(data); chunk++ {
				readScript(t, bufio.NewReaderSize(&chunkReader{data: data, size: chunk}, size), fmt.Sprintf("%d bytes per Read", chunk))
			}
		})
	}
}

func TestReadRequestEOF(t *testing.T) {
	for _, input := range []string{"", "\r\n", "\n\n  \r\n", "*0\r\n", "*-1\r\n"} {
		_, err := miniredis.ReadRequest(bufio.NewReader(strings.NewReader(input)))
		require.ErrorIs(t, err, io.EOF, "ReadRequest(%q): no request began", input)
		require.NotErrorIs(t, err, io.ErrUnexpectedEOF, "ReadRequest(%q): no request began", input)
	}
	for _, request := range []string{array("ECHO", "hello"), "ECHO hello\r\n", array("SET", "k", ""), "ECHO 'a b'\n"} {
		for cut := 1; cut < len(request); cut++ {
			input := request[:cut]
			_, err := miniredis.ReadRequest(bufio.NewReader(strings.NewReader(input)))
			require.ErrorIs(t, err, io.ErrUnexpectedEOF, "ReadRequest(%q): the input ends inside a request", input)
		}
	}
	// Redis waits for a line's \r before it looks at the line: these are
	// requests cut short, not malformed ones.
	for _, input := range []string{"*1\r\nx", "*1\r\n+foo", "*1\r\n$x", "*x", "*1\r\n$4\r\nPING\r", "ECHO \"a"} {
		_, err := miniredis.ReadRequest(bufio.NewReader(strings.NewReader(input)))
		require.ErrorIs(t, err, io.ErrUnexpectedEOF, "ReadRequest(%q): the input ends inside a request", input)
	}
	errBoom := errors.New("connection reset, on purpose")
	for _, input := range []string{"", "*1\r\n", "PI", "*1\r\n$10\r\nabc"} {
		_, err := miniredis.ReadRequest(bufio.NewReader(&failingReader{data: []byte(input), err: errBoom}))
		require.ErrorIs(t, err, errBoom, "ReadRequest(%q) on a reader that then fails must return its error", input)
	}
}

// The messages, exactly Redis's, of what Redis refuses.
const (
	multibulk = "Protocol error: invalid multibulk length"
	bulkLen   = "Protocol error: invalid bulk length"
	quotes    = "Protocol error: unbalanced quotes in request"
	bigCount  = "Protocol error: too big mbulk count string"
	bigLength = "Protocol error: too big bulk count string"
	bigInline = "Protocol error: too big inline request"
)

// maxLine is Redis's PROTO_INLINE_MAX_SIZE: a line may have this many
// bytes before its end.
const maxLine = 64 << 10

// errWaited is what a reader returns when ReadRequest reads again after
// the input that decides its answer.
var errWaited = errors.New("ReadRequest waited for more input")

func TestReadRequestMalformed(t *testing.T) {
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
		{"*1 \r\n", multibulk},
		{"*2147483648\r\n", multibulk},
		{"*9223372036854775807\r\n", multibulk},
		{"*-9223372036854775809\r\n", multibulk},
		{"*99999999999999999999\r\n", multibulk},
		{"*1\n$4\r\nPING\r\n", multibulk}, // the line ends at the first \r
		{"*1\x00\r\n", multibulk},         // Redis would wait (a zero byte)
		{"*" + strings.Repeat("1", maxLine-1) + "\r\n", multibulk},
		{"*2\r\n+foo\r\n", "Protocol error: expected '$', got '+'"},
		{"*1\r\n:4\r\n", "Protocol error: expected '$', got ':'"},
		{"*1\r\nx\r\n", "Protocol error: expected '$', got 'x'"},
		{"*1\r\n\r\n", "Protocol error: expected '$', got ' '"},
		{"*1\r\n\n\r\n", "Protocol error: expected '$', got ' '"},
		{"*2\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", "Protocol error: expected '$', got '*'"},
		{"*1\r\n" + strings.Repeat("x", maxLine) + "\r\n", "Protocol error: expected '$', got 'x'"},
		{"*1\r\n$x\r\n", bulkLen},
		{"*1\r\n$\r\n", bulkLen},
		{"*1\r\n$-1\r\n", bulkLen},
		{"*1\r\n$-0\r\n", bulkLen},
		{"*1\r\n$04\r\nPING\r\n", bulkLen},
		{"*1\r\n$+4\r\nPING\r\n", bulkLen},
		{"*1\r\n$ 4\r\nPING\r\n", bulkLen},
		{"*1\r\n$536870913\r\n", bulkLen},
		{"*1\r\n$4\nPING\r\n", bulkLen},
		{"*1\r\n$" + strings.Repeat("1", maxLine-1) + "\r\n", bulkLen},
		{"*" + strings.Repeat("1", maxLine), bigCount},
		{"*" + strings.Repeat("1", maxLine) + "\r\n", bigCount},
		{"*1\r\n$" + strings.Repeat("1", maxLine), bigLength},
		{"*1\r\n" + strings.Repeat("x", maxLine+1), bigLength},
		{array("PING")[:4] + "$" + strings.Repeat("\n", maxLine), bigLength},
		{strings.Repeat("x", maxLine+1), bigInline},
		{"ECHO " + strings.Repeat("x", maxLine-5) + "\r\n", bigInline}, // the \r counts
		{"ECHO \"a\r\n", quotes},
		{"ECHO 'a\r\n", quotes},
		{"ECHO \"a\\\"\r\n", quotes},
		{"ECHO \"a\\\r\n", quotes},
		{"ECHO \"a\"b\r\n", quotes},
		{"ECHO 'a'b\r\n", quotes},
		{"ECHO a\"b c\"d\r\n", quotes},
		{"ECHO \"a\" \"b\"c\r\n", quotes},
	}
	for _, tt := range tests {
		name := tt.input
		if len(name) > 40 {
			name = fmt.Sprintf("%s... (%d bytes)", name[:20], len(name))
		}
		t.Run(fmt.Sprintf("%q", name), func(t *testing.T) {
			// After the input, the reader fails rather than ending: Redis
			// answers what it has read, so ReadRequest must not ask for
			// more (a line refused only once another read came would
			// leave the client waiting).
			input := &failingReader{data: []byte(tt.input), err: errWaited}
			_, err := miniredis.ReadRequest(bufio.NewReader(input))
			require.Zero(t, input.failed, "ReadRequest read again, after input that is malformed already")
			require.ErrorIs(t, err, miniredis.ErrProtocol)
			require.Equal(t, tt.want, err.Error(), "the text must be exactly Redis's message, which the server sends after \"-ERR \"")
		})
	}
}

// The longest lines Redis always takes: 64 KiB before the line's end.
func TestReadRequestLongestLines(t *testing.T) {
	x := strings.Repeat("x", maxLine-5)
	checkReads(t, []readCase{
		{"an inline line of 64 KiB", "ECHO " + x + "\n", []string{"ECHO", x}, ""},
		{"an inline line of 64 KiB with its \\r", "ECHO " + x[1:] + "\r\n", []string{"ECHO", x[1:]}, ""},
	})
	_, err := miniredis.ReadRequest(bufio.NewReader(strings.NewReader("*1\r\n$" + strings.Repeat(" ", maxLine-1) + "\r\n")))
	assert.EqualError(t, err, bulkLen, "a length's line of 64 KiB is read to its end, then refused as a length")
}

// endless hands out the same byte for ever, counting them.
type endless struct {
	b    byte
	read int
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.read += len(p)
	return len(p), nil
}

// A line without its end is refused once 64 KiB of it have come, however
// much more the client would send.
func TestReadRequestRefusesEndlessLines(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		b      byte
		want   string
	}{
		{"an inline line", "", 'x', bigInline},
		{"a count", "*", '1', bigCount},
		{"a length", "*1\r\n$", '1', bigLength},
		{"an element's line", "*1\r\n", '\n', bigLength},
	}
	for _, tt := range tests {
		for _, size := range []int{16, 4096, 1 << 20} {
			t.Run(fmt.Sprintf("%s, %d-byte buffer", tt.name, size), func(t *testing.T) {
				e := &endless{b: tt.b}
				r := bufio.NewReaderSize(io.MultiReader(strings.NewReader(tt.prefix), e), size)
				_, err := miniredis.ReadRequest(r)
				require.EqualError(t, err, tt.want)
				assert.LessOrEqual(t, e.read, maxLine+size, "the line is refused as soon as it passes 64 KiB")
			})
		}
	}
}

// A declared count or length costs nothing until its bytes arrive.
func TestReadRequestAllocatesAsBytesArrive(t *testing.T) {
	for _, input := range []string{
		"*1\r\n$536870912\r\nabc",
		"*2147483647\r\n$3\r\nabc\r\n",
		"*4\r\n$536870912\r\n",
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := miniredis.ReadRequest(bufio.NewReader(strings.NewReader(input)))
		runtime.ReadMemStats(&after)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF, "%q is a request cut short", input)
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20),
			"ReadRequest(%q) allocated what the request declared before its bytes came", input)
	}
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

// failingReader hands out its data, then fails with err instead of io.EOF,
// counting the reads that failed.
type failingReader struct {
	data   []byte
	err    error
	failed int
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		r.failed++
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
