package miniredis_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// These tests are of the provided commands.go alone, which the learner
// never edits: its replies, byte for byte. The differential check in
// runner/internal/coursecheck compares the same replies with a real
// redis-server.

// bulk is s as a bulk-string reply.
func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

// do runs one request on s and returns the reply as a string.
func do(s *miniredis.Store, args ...string) string {
	reply, _ := s.Do(args)
	return string(reply)
}

type step struct {
	args  []string
	reply string
}

// runSteps runs each step's request on s, in order, and checks its reply.
func runSteps(t *testing.T, s *miniredis.Store, steps []step) {
	t.Helper()
	for _, st := range steps {
		assert.Equal(t, st.reply, do(s, st.args...), "the reply to %q", st.args)
	}
}

func TestDoReplies(t *testing.T) {
	runSteps(t, miniredis.NewStore(), []step{
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
		// SET's options are where the course differs from Redis on purpose.
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
		{[]string{"INCRBY", "n", "5"}, ":5\r\n"},
		{[]string{"INCRBY", "n", "-7"}, ":-2\r\n"},
		{[]string{"INCRBY", "fresh", "1"}, ":1\r\n"},
		{[]string{"INCRBY", "n", "x"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"INCRBY", "n", "01"}, "-ERR value is not an integer or out of range\r\n"},
		{[]string{"GET", "n"}, bulk("-2")},
	})
}

func TestDoQuit(t *testing.T) {
	s := miniredis.NewStore()
	for _, args := range [][]string{{"QUIT"}, {"quit"}, {"Quit", "now", "please"}} {
		reply, quit := s.Do(args)
		assert.Equal(t, "+OK\r\n", string(reply), "the reply to %q", args)
		assert.True(t, quit, "%q must end the connection", args)
	}
	for _, args := range [][]string{{"PING"}, {"HELLO"}, {"SELECT", "1"}, {"quitx"}} {
		_, quit := s.Do(args)
		assert.False(t, quit, "%q must not end the connection", args)
	}
}

func TestDoIgnoresCase(t *testing.T) {
	s := miniredis.NewStore()
	for _, name := range []string{"ping", "PING", "Ping", "pInG"} {
		assert.Equal(t, "+PONG\r\n", do(s, name), "%q is PING: command names are matched without regard to case", name)
	}
	runSteps(t, s, []step{
		{[]string{"set", "k", "1"}, "+OK\r\n"},
		{[]string{"Get", "k"}, bulk("1")},
		{[]string{"iNcR", "k"}, ":2\r\n"},
		{[]string{"incrBY", "k", "2"}, ":4\r\n"},
		{[]string{"exists", "k"}, ":1\r\n"},
		{[]string{"echo", "x"}, bulk("x")},
		{[]string{"Del", "k"}, ":1\r\n"},
		{[]string{"get", "k"}, "$-1\r\n"},
		{[]string{"select", "0"}, "+OK\r\n"},
		{[]string{"Client", "setNAME", "a"}, "+OK\r\n"},
		// Keys are not names: they keep their case.
		{[]string{"SET", "Key", "v"}, "+OK\r\n"},
		{[]string{"GET", "key"}, "$-1\r\n"},
		// ASCII case only, as Redis: "ſet" is not "set", though Unicode folds ſ to s.
		{[]string{"ſet", "k", "v"}, "-ERR unknown command 'ſet', with args beginning with: 'k' 'v' \r\n"},
	})
	assert.Equal(t, do(s, "HELLO", "2"), do(s, "hello", "2", "Auth", "default", "x", "setname", "n"),
		"HELLO's options are matched without regard to case")
	assert.Equal(t, do(s, "INFO", "server"), do(s, "info", "SeRvEr"), "INFO's sections are matched without regard to case")
}

func TestDoArityErrors(t *testing.T) {
	s := miniredis.NewStore()
	for _, args := range [][]string{
		{"GET"}, {"get", "a", "b"}, {"PiNg", "a", "b"}, {"ECHO"}, {"Echo", "a", "b"},
		{"SET"}, {"set", "k"}, {"DEL"}, {"EXISTS"}, {"INCR"}, {"incr", "a", "b"},
		{"INCRBY", "k"}, {"incrby", "k", "1", "2"}, {"SELECT"}, {"select", "0", "0"}, {"CLIENT"},
	} {
		want := "-ERR wrong number of arguments for '" + strings.ToLower(args[0]) + "' command\r\n"
		assert.Equal(t, want, do(s, args...), "%q has the wrong number of arguments "+
			"(Redis names the command in lower case, however the client wrote it)", args)
	}
	for _, args := range [][]string{{"CLIENT", "SETNAME"}, {"client", "setname", "a", "b"}} {
		assert.Equal(t, "-ERR wrong number of arguments for 'client|setname' command\r\n", do(s, args...),
			"%q: Redis names a subcommand as command|subcommand", args)
	}
	assert.Equal(t, "$-1\r\n", do(s, "GET", "k"), "SET with too few arguments must not have stored anything")
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
		{"COMMAND DOCS, which redis-cli sends for its help", []string{"COMMAND", "DOCS"}, "-ERR unknown command 'COMMAND" + with + "'DOCS' \r\n"},
		{"an empty name", []string{""}, "-ERR unknown command '" + with + "\r\n"},
		{"quotes in the text", []string{"'foo'", "it's"}, "-ERR unknown command ''foo'" + with + "'it's' \r\n"},
		{"a name longer than 128 bytes", []string{x200}, "-ERR unknown command '" + x200[:128] + with + "\r\n"},
		{"an argument longer than 128 bytes", []string{"foo", x200}, "-ERR unknown command 'foo" + with + "'" + x200[:128] + "' \r\n"},
		{"arguments past 128 bytes: the last is cut to what the text lacks of 128, and its quotes and space make 131", []string{"foo", strings.Repeat("a", 120), strings.Repeat("b", 20), "c"},
			"-ERR unknown command 'foo" + with + "'" + strings.Repeat("a", 120) + "' 'bbbbb' \r\n"},
		{"many arguments", append([]string{"foo"}, strings.Split(strings.Repeat("abcdefghij ", 30), " ")...),
			"-ERR unknown command 'foo" + with + strings.Repeat("'abcdefghij' ", 10) + "\r\n"},
		{"\\r and \\n become spaces", []string{"fo\r\no", "a\nb"}, "-ERR unknown command 'fo  o" + with + "'a b' \r\n"},
		{"no arguments at all", nil, "-ERR unknown command '" + with + "\r\n"},
	}
	s := miniredis.NewStore()
	for _, tt := range tests {
		assert.Equal(t, tt.reply, do(s, tt.args...), "%s: the reply to %q, byte for byte as Redis writes it", tt.name, tt.args)
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
	s := miniredis.NewStore()
	for _, tt := range tests {
		do(s, "SET", "n", tt.value)
		assert.Equal(t, tt.reply, do(s, "INCR", "n"), "INCR of %q", tt.value)
		if strings.HasPrefix(tt.reply, "-") {
			assert.Equal(t, bulk(tt.value), do(s, "GET", "n"), "a failed INCR of %q must leave the value as it was", tt.value)
		}
	}
	do(s, "SET", "n", "-9223372036854775807")
	assert.Equal(t, "-ERR increment or decrement would overflow\r\n", do(s, "INCRBY", "n", "-2"), "INCRBY below int64's range")
}

// helloFields is HELLO's description of the server after its opening line.
func helloFields(proto string) string {
	return "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:" + proto + "\r\n" +
		"$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
}

func TestDoHello(t *testing.T) {
	resp2 := "*14\r\n" + helloFields("2")
	resp3 := "%7\r\n" + helloFields("3")
	const (
		notInt    = "-ERR Protocol version is not an integer or out of range\r\n"
		noProto   = "-NOPROTO unsupported protocol version\r\n"
		wrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
		badName   = "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
	)
	syntax := func(opt string) string { return "-ERR Syntax error in HELLO option '" + opt + "'\r\n" }
	runSteps(t, miniredis.NewStore(), []step{
		{[]string{"HELLO"}, resp2},
		{[]string{"HELLO", "2"}, resp2},
		// What go-redis, node-redis and ioredis send first.
		{[]string{"HELLO", "3"}, resp3},
		{[]string{"HELLO", "1"}, noProto},
		{[]string{"HELLO", "4"}, noProto},
		{[]string{"HELLO", "-1"}, noProto},
		{[]string{"HELLO", "x"}, notInt},
		{[]string{"HELLO", "02"}, notInt},
		{[]string{"HELLO", "99999999999999999999"}, notInt},
		// The version is checked before the options.
		{[]string{"HELLO", "x", "FOO"}, notInt},
		{[]string{"HELLO", "4", "FOO"}, noProto},
		{[]string{"HELLO", "2", "AUTH", "default", "any password"}, resp2},
		{[]string{"HELLO", "3", "AUTH", "default", ""}, resp3},
		{[]string{"HELLO", "2", "AUTH", "bob", "x"}, wrongPass},
		{[]string{"HELLO", "2", "AUTH", "Default", "x"}, wrongPass},
		{[]string{"HELLO", "2", "AUTH", "default"}, syntax("AUTH")},
		{[]string{"HELLO", "2", "SETNAME", "worker-1"}, resp2},
		{[]string{"HELLO", "2", "SETNAME", ""}, resp2},
		{[]string{"HELLO", "2", "SETNAME"}, syntax("SETNAME")},
		{[]string{"HELLO", "2", "SETNAME", "a b"}, badName},
		{[]string{"HELLO", "2", "SETNAME", "a", "b"}, syntax("b")},
		{[]string{"HELLO", "2", "FOO"}, syntax("FOO")},
		{[]string{"HELLO", "2", "F\r\nOO"}, syntax("F  OO")},
		{[]string{"HELLO", "2", strings.Repeat("x", 200)}, syntax(strings.Repeat("x", 200))},
		// Options are read in order: the first bad one answers.
		{[]string{"HELLO", "2", "FOO", "SETNAME", "a b"}, syntax("FOO")},
		{[]string{"HELLO", "2", "SETNAME", "a b", "FOO"}, badName},
		{[]string{"HELLO", "2", "AUTH", "bob", "x", "FOO"}, wrongPass},
		{[]string{"HELLO", "2", "AUTH", "bob", "x", "SETNAME", "a b"}, wrongPass},
		{[]string{"HELLO", "2", "SETNAME", "a b", "AUTH", "bob", "x"}, badName},
		{[]string{"HELLO", "2", "AUTH", "default", "x", "AUTH", "bob", "y"}, wrongPass},
		{[]string{"HELLO", "2", "SETNAME", "n", "AUTH", "default", "x"}, resp2},
	})
}

func TestDoClient(t *testing.T) {
	const badName = "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
	unknown := func(sub string) string { return "-ERR unknown subcommand '" + sub + "'. Try CLIENT HELP.\r\n" }
	runSteps(t, miniredis.NewStore(), []step{
		{[]string{"CLIENT", "SETNAME", "worker-1"}, "+OK\r\n"},
		{[]string{"CLIENT", "SETNAME", "~!"}, "+OK\r\n"},
		{[]string{"CLIENT", "SETNAME", ""}, "+OK\r\n"},
		{[]string{"CLIENT", "SETNAME", "a b"}, badName},
		{[]string{"CLIENT", "SETNAME", "a\nb"}, badName},
		{[]string{"CLIENT", "SETNAME", "\x7f"}, badName},
		{[]string{"CLIENT", "SETNAME", "名"}, badName},
		// What go-redis, node-redis and ioredis send after HELLO, and ignore
		// the errors of: Redis 7.0 has neither subcommand.
		{[]string{"CLIENT", "SETINFO", "LIB-NAME", "go-redis"}, unknown("SETINFO")},
		{[]string{"client", "setinfo", "LIB-VER", "9.22.0"}, unknown("setinfo")},
		{[]string{"CLIENT", "MAINT_NOTIFICATIONS", "ON", "moving-endpoint-type", "internal-ip"}, unknown("MAINT_NOTIFICATIONS")},
		{[]string{"CLIENT", "F\r\nOO"}, unknown("F  OO")},
		{[]string{"CLIENT", strings.Repeat("x", 200)}, unknown(strings.Repeat("x", 128))},
	})
}

func TestDoSelect(t *testing.T) {
	const (
		notInt     = "-ERR value is not an integer or out of range\r\n"
		outOfRange = "-ERR DB index is out of range\r\n"
	)
	runSteps(t, miniredis.NewStore(), []step{
		{[]string{"SELECT", "0"}, "+OK\r\n"},
		{[]string{"SELECT", "1"}, outOfRange},
		{[]string{"SELECT", "16"}, outOfRange},
		{[]string{"SELECT", "-1"}, outOfRange},
		{[]string{"SELECT", "x"}, notInt},
		{[]string{"SELECT", "00"}, notInt},
		{[]string{"SELECT", "-0"}, notInt},
		{[]string{"SELECT", ""}, notInt},
	})
}

func TestDoInfo(t *testing.T) {
	const (
		server      = "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"
		persistence = "# Persistence\r\nloading:0\r\n"
		replication = "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"
	)
	all := bulk(server + "\r\n" + persistence + "\r\n" + replication)
	runSteps(t, miniredis.NewStore(), []step{
		{[]string{"INFO"}, all},
		{[]string{"INFO", "default"}, all},
		{[]string{"INFO", "ALL"}, all},
		{[]string{"INFO", "everything"}, all},
		{[]string{"INFO", "server"}, bulk(server)},
		{[]string{"INFO", "Persistence"}, bulk(persistence)},
		// In Redis's order, each once, whatever the order asked.
		{[]string{"INFO", "replication", "server", "SERVER"}, bulk(server + "\r\n" + replication)},
		{[]string{"INFO", "server", "nosuch"}, bulk(server)},
		{[]string{"INFO", "nosuch"}, "$0\r\n\r\n"},
		{[]string{"INFO", "a", "b", "c"}, "$0\r\n\r\n"},
	})
}
