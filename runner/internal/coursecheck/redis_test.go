package coursecheck

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// The differential check of exercise 5: the same bytes go to a real
// redis-server and to the reference solution, and the replies must be the
// same bytes. It is the one check that knows an exercise by name, because
// what it compares with is a program outside the course.

// diffScript is one connection's worth of input.
type diffScript struct {
	name   string
	writes []string // sent one Write each
	closes bool     // the server closes the connection after replying (a protocol error)
}

// cmd is a request as clients send it: an array of bulk strings.
func cmd(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

// cmds is every request of reqs in one string: one write, a pipeline.
func cmds(reqs ...[]string) string {
	var b strings.Builder
	for _, r := range reqs {
		b.WriteString(cmd(r...))
	}
	return b.String()
}

// The last request of every script that does not end in a protocol error:
// its reply marks the end of the replies, so no read waits on a clock.
var (
	endRequest = cmd("ECHO", "--end of the script--")
	endReply   = "$21\r\n--end of the script--\r\n"
)

// maxLine is Redis's PROTO_INLINE_MAX_SIZE: the bytes a line may have
// before its end.
const maxLine = 64 << 10

// diffScripts are the requests both servers get. Each script has keys of
// its own, so that no script sees another's data. What the contracts make
// differ on purpose is left out: SET's options, zero bytes in a line,
// lines longer than 64 KiB that do end (whether Redis takes them depends
// on how its reads fall), and the memory of a declared length.
func diffScripts() []diffScript {
	x200 := strings.Repeat("x", 200)
	x64k := strings.Repeat("x", maxLine-5)
	longEcho := cmd("ECHO", strings.Repeat("y", 5000))
	var pipeline strings.Builder
	for i := range 300 {
		switch i % 4 {
		case 0:
			pipeline.WriteString(cmd("INCR", "p:n"))
		case 1:
			pipeline.WriteString(cmd("SET", "p:"+strconv.Itoa(i), strings.Repeat("v", i)))
		case 2:
			pipeline.WriteString(cmd("GET", "p:"+strconv.Itoa(i-1)))
		case 3:
			pipeline.WriteString(cmd("EXISTS", "p:n", "p:"+strconv.Itoa(i-2), "p:missing"))
		}
	}
	byByte := []string{}
	for _, b := range cmd("ECHO", "one byte per write") + "PING\r\n" {
		byByte = append(byByte, string(b))
	}
	scripts := []diffScript{
		{name: "every command", writes: []string{
			cmd("PING"), cmd("PING", "hello"), cmd("PING", ""), cmd("ECHO", "hello"), cmd("ECHO", ""),
			cmd("ECHO", "a\r\nb\x00\xff"), cmd("ECHO", "中文"),
			cmd("GET", "c:k"), cmd("SET", "c:k", "v"), cmd("GET", "c:k"), cmd("SET", "c:k", "w"), cmd("GET", "c:k"),
			cmd("SET", "c:k", ""), cmd("GET", "c:k"), cmd("SET", "c:k", "v", "extra"), cmd("GET", "c:k"),
			cmd("EXISTS", "c:k"), cmd("EXISTS", "c:k", "c:k", "c:missing"), cmd("EXISTS", "c:missing"),
			cmd("SET", "c:a", "1"), cmd("DEL", "c:k", "c:k", "c:a", "c:missing"), cmd("DEL", "c:k"), cmd("GET", "c:k"),
			cmd("INCR", "c:n"), cmd("INCR", "c:n"), cmd("GET", "c:n"), cmd("SET", "c:n", "41"), cmd("INCR", "c:n"),
			cmd("SET", "c:n", "-1"), cmd("INCR", "c:n"),
			cmd("SET", "Key", "case"), cmd("GET", "key"), cmd("GET", "Key"),
			cmd("ping"), cmd("Ping", "x"), cmd("eChO", "y"), cmd("set", "c:l", "1"), cmd("get", "c:l"),
			cmd("incr", "c:l"), cmd("exists", "c:l"), cmd("del", "c:l"),
		}},
		{name: "INCR of every kind of value", writes: func() []string {
			var w []string
			for _, v := range []string{"0", "-9223372036854775808", "9223372036854775806", "9223372036854775807",
				"9223372036854775808", "12345678901234567890", "abc", "", "1.5", " 1", "1 ", "+1", "01", "-0", "0x10", "1_000"} {
				w = append(w, cmd("SET", "i:n", v), cmd("INCR", "i:n"), cmd("GET", "i:n"))
			}
			return w
		}()},
		{name: "wrong numbers of arguments", writes: []string{
			cmd("GET"), cmd("get", "a", "b"), cmd("PiNg", "a", "b"), cmd("ECHO"), cmd("Echo", "a", "b"),
			cmd("SET"), cmd("set", "k"), cmd("DEL"), cmd("EXISTS"), cmd("INCR"), cmd("incr", "a", "b"), cmd("GET", "k"),
		}},
		{name: "unknown commands", writes: []string{
			cmd("foo"), cmd("foo", "a", "b"), cmd(""), cmd("'foo'", "it's"), cmd(x200), cmd("foo", x200),
			cmd("foo", strings.Repeat("a", 120), strings.Repeat("b", 20), "c"),
			cmd(append([]string{"foo"}, strings.Split(strings.Repeat("abcdefghij ", 30), " ")...)...),
			cmd("fo\r\no", "a\nb"), cmd("ſet", "k", "v"), cmd("SETX", "k", "v"),
		}},
		{name: "a pipeline of 300 requests in one write", writes: []string{pipeline.String()}},
		{name: "inline commands", writes: []string{
			"PING\r\n", "PING\n", "ECHO  hello\t \tworld \r\n", "ECHO hello\n", "SET n:k v\r\nGET n:k\r\n",
			"\r\n\n  \t\r\nPING\r\n", "*0\r\n*-1\r\n*-5\r\nPING\r\n", "INCR n:n\nINCR n:n\r\n", "get\r\n", "foo a b\r\n",
		}},
		{name: "requests split across writes", writes: append(byByte,
			"*2\r\n$4\r\nEC", "HO\r\n$5\r\nhel", "lo\r\n", cmd("PING")+"*1\r\n$4\r\nPI", "NG\r\n")},
		{name: "inline commands with quotes", writes: []string{
			"SET q:k \"hello world\"\r\nGET q:k\r\n", "ECHO 'it\\'s'\r\n", "ECHO \"\" ''\r\n", "\"PING\"\r\n",
			`ECHO "\n\r\t\b\a\\\"\q\'"` + "\r\n", `ECHO "\x41\x6a\xFF\x00\x4g\x4"` + "\r\n", `ECHO 'a\n \x41 "'` + "\r\n",
			"ECHO a\"b c\"\r\n", "ECHO \"a\"\tb\r\n", "ECHO \"a\"\v\r\n", "ECHO \va\vb\f\r\n", "ECHO a\rb\r\n", "ECHO \"a\rb\"\r\n",
			"SET 'q:a b' \"x y\"\nGET \"q:a b\"\n", "EXISTS q:k 'q:k' \"q:k\"\r\n",
		}},
		{name: "line ends skipped unchecked", writes: []string{
			"*1\rX$4\r\nPING\r\n", "*1\r\n$4\r\rPING\r\n", "*1\r\n$4\r\nPINGxx", "*2\r\n$3\r\nGET\r\n$1\r\nkey\r\n",
			"*1\r\n$4\r\nPING\r\r\n", longEcho[:len(longEcho)-2] + "..",
		}},
		{name: "negative counts", writes: []string{
			"*-1\r\n", "*-2147483649\r\n", "*-9223372036854775808\r\n", "PING\r\n",
		}},
		{name: "lines of 64 KiB", writes: []string{
			"ECHO " + x64k + "\n", "ECHO " + x64k[1:] + "\r\n", "ECHO " + x64k[:1000] + "\r\n",
		}},
		{name: "an element's first byte waits for its line", writes: []string{"*1\r\nx", "yz\r\n"}, closes: true},
	}
	for _, bad := range []string{
		"*x\r\n", "*\r\n", "*1x\r\n", "*+1\r\n", "*01\r\n", "*-0\r\n", "* 1\r\n", "*2147483648\r\n",
		"*99999999999999999999\r\n", "*1\n$4\r\nPING\r\n",
		"*2\r\n+foo\r\n", "*1\r\n:4\r\n", "*1\r\nx\r\n", "*1\r\n\r\n", "*2\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n",
		"*1\r\n$x\r\n", "*1\r\n$\r\n", "*1\r\n$-1\r\n", "*1\r\n$-0\r\n", "*1\r\n$04\r\nPING\r\n", "*1\r\n$+4\r\nPING\r\n",
		"*1\r\n$ 4\r\nPING\r\n", "*1\r\n$536870913\r\n", "*1\r\n$4\nPING\r\n",
		cmd("PING") + "*x\r\n", "PING\r\n*1\r\n$x\r\n",
		"*1 \r\n", "*9223372036854775807\r\n", "*-9223372036854775809\r\n", "*1\r\n\n\r\n",
		// Lines that reach 64 KiB: read whole up to that, refused past it.
		"*" + strings.Repeat("1", maxLine-1) + "\r\n", "*1\r\n$" + strings.Repeat("1", maxLine-1) + "\r\n",
		"*1\r\n" + strings.Repeat("x", maxLine) + "\r\n",
		"*" + strings.Repeat("1", maxLine), "*1\r\n$" + strings.Repeat("1", maxLine), "*1\r\n" + strings.Repeat("x", maxLine+1),
		strings.Repeat("x", maxLine+1), cmd("PING") + "ECHO " + strings.Repeat("x", maxLine-4),
		// Quotes Redis cannot split.
		"ECHO \"a\r\n", "ECHO 'a\n", "ECHO \"a\\\"\r\n", "ECHO \"a\\\r\n", "ECHO \"a\"b\r\n", "ECHO 'a'b\r\n",
		"ECHO a\"b c\"d\r\n", "PING\r\nECHO \"a\" \"b\"c\r\nPING\r\n",
	} {
		name := bad
		if len(name) > 40 {
			name = fmt.Sprintf("%s... (%d bytes)", name[:20], len(name))
		}
		scripts = append(scripts, diffScript{name: fmt.Sprintf("malformed %q", name), writes: []string{bad}, closes: true})
	}
	return scripts
}

// runScript sends s to the server at addr on a new connection and returns
// every byte of the replies.
func runScript(t *testing.T, addr string, s diffScript) string {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	// A deadline only turns a hang into a failure; the end of the replies
	// is the end reply, or the server closing the connection.
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	writes := s.writes
	if !s.closes {
		writes = append(writes[:len(writes):len(writes)], endRequest)
	}
	for _, w := range writes {
		_, err := conn.Write([]byte(w))
		require.NoError(t, err, "%s: writing %q", s.name, w)
	}
	var got bytes.Buffer
	buf := make([]byte, 64<<10)
	for {
		n, err := conn.Read(buf)
		got.Write(buf[:n])
		if !s.closes && strings.HasSuffix(got.String(), endReply) {
			return strings.TrimSuffix(got.String(), endReply)
		}
		if err != nil {
			if s.closes && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)) {
				return got.String()
			}
			t.Fatalf("%s: reading the replies from %s: %v (got %q)", s.name, addr, err, got.String())
		}
	}
}

// startRedisServer starts redis-server on a free port of 127.0.0.1 and
// returns its address; it is stopped when the test ends.
func startRedisServer(t *testing.T, path string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	srv := exec.Command(path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", t.TempDir(), "--loglevel", "notice")
	out, err := srv.StdoutPipe()
	require.NoError(t, err)
	srv.Stderr = srv.Stdout
	require.NoError(t, srv.Start(), "starting %s", path)
	t.Cleanup(func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	})
	// It says when it listens: no polling of the port.
	ready := make(chan bool, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- true
				io.Copy(io.Discard, out) // keep its pipe drained
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		require.True(t, ok, "redis-server ended before it was ready:\n%s", log.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("redis-server was not ready after 30 s")
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

func TestMiniRedisMatchesRedisServer(t *testing.T) {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not on PATH, so exercise 5's solution cannot be compared with real Redis " +
			"(on Debian or Ubuntu: apt-get install redis-server; .ci/run installs it)")
	}
	redisAddr := startRedisServer(t, path)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	t.Cleanup(func() {
		ln.Close()
		<-served
	})

	for _, s := range diffScripts() {
		t.Run(s.name, func(t *testing.T) {
			want := runScript(t, redisAddr, s)
			got := runScript(t, ln.Addr().String(), s)
			assert.Equal(t, want, got, "the reference solution's replies must be redis-server's, byte for byte")
		})
	}
}
