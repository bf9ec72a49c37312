// This file is provided: you need not edit it. It turns a request into a
// call of your Store's methods and writes the reply as Redis 7 does.
// 本文件是现成提供的，无需修改。它把一个请求变成对你的 Store 方法的调用，
// 并按 Redis 7 的写法写出回复。

package miniredis

import (
	"errors"
	"strconv"
	"strings"
)

// The errors of Store.IncrBy, each answered with Redis's message.
var (
	// ErrNotInteger: the key's value is not an integer as ParseInteger
	// defines one.
	ErrNotInteger = errors.New("value is not an integer or out of range")
	// ErrOverflow: the result would not fit in an int64.
	ErrOverflow = errors.New("increment or decrement would overflow")
)

// The replies that never change, written once.
var (
	replyOK     = []byte("+OK\r\n")
	replyPong   = []byte("+PONG\r\n")
	replyNull   = []byte("$-1\r\n")
	replySyntax = []byte("-ERR syntax error\r\n")
)

// Do runs one request, whose arguments ReadRequest returned, against the
// store through its methods, and returns its reply in RESP2, byte for byte
// as Redis 7 writes it. quit reports that the client asked to end the
// connection (QUIT): send the reply, then close it. The command name is
// matched without regard to ASCII case. The commands:
//
//	PING [message]          +PONG, or message as a bulk string
//	ECHO message            message as a bulk string
//	SET key value           +OK (no options: SET with more arguments is -ERR syntax error)
//	GET key                 the value as a bulk string, or the null bulk string $-1
//	DEL key [key ...]       Store.Del's count
//	EXISTS key [key ...]    Store.Exists's count
//	INCR key                Store.IncrBy(key, 1)'s result
//	INCRBY key increment    Store.IncrBy(key, increment)'s result (redis-py's incr sends it)
//	QUIT [...]              +OK, and quit
//
// and what client libraries send when they connect, answered as
// redis-server 7.0.15 answers it when it has no password and one database:
//
//	HELLO [protover [AUTH username password] [SETNAME name]]
//	                        the server's description, as an array for
//	                        protover 2 or none, as a RESP3 map for 3
//	                        (see below); another protover is -NOPROTO, a
//	                        user other than "default" -WRONGPASS
//	INFO [section ...]      a bulk string with the sections server,
//	                        persistence and replication, with the fields
//	                        clients read (loading:0 for ioredis's ready check)
//	SELECT index            +OK for 0; any other index is out of range
//	CLIENT SETNAME name     +OK once the name is checked (it is not kept)
//	CLIENT anything else    Redis 7.0's "unknown subcommand" error, which
//	                        clients ignore for CLIENT SETINFO
//
// The server speaks RESP2 only, and Do cannot know a connection's
// protocol: HELLO 3 gets Redis's RESP3 map, so that node-redis, which
// insists on RESP3, connects, but every reply after it keeps its RESP2
// form (a missing key is $-1, not RESP3's _), which RESP3 clients read too.
// The id in HELLO's reply is always 1.
//
// A wrong number of arguments gets Redis's
// "-ERR wrong number of arguments for 'get' command", the command's name in
// lower case. Any other command gets Redis's
// "-ERR unknown command 'x', with args beginning with: 'a' 'b' ": the name
// cut to its first 128 bytes, then each argument quoted and followed by a
// space, for as long as the text after "with: " is shorter than 128 bytes,
// each argument cut so that this text does not pass 128 bytes. In an error
// reply, every \r or \n of the client's text is written as a space.
func (s *Store) Do(args []string) (reply []byte, quit bool) {
	if len(args) == 0 {
		return unknown(args), false
	}
	name := args[0]
	switch {
	case equalFold(name, "ping"):
		switch len(args) {
		case 1:
			return replyPong, false
		case 2:
			return bulk(args[1]), false
		}
	case equalFold(name, "echo"):
		if len(args) == 2 {
			return bulk(args[1]), false
		}
	case equalFold(name, "set"):
		switch {
		case len(args) == 3:
			s.Set(args[1], args[2])
			return replyOK, false
		case len(args) > 3:
			return replySyntax, false
		}
	case equalFold(name, "get"):
		if len(args) == 2 {
			v, ok := s.Get(args[1])
			if !ok {
				return replyNull, false
			}
			return bulk(v), false
		}
	case equalFold(name, "del"):
		if len(args) >= 2 {
			return integer(int64(s.Del(args[1:]...))), false
		}
	case equalFold(name, "exists"):
		if len(args) >= 2 {
			return integer(int64(s.Exists(args[1:]...))), false
		}
	case equalFold(name, "incr"):
		if len(args) == 2 {
			return incrReply(s.IncrBy(args[1], 1)), false
		}
	case equalFold(name, "incrby"):
		if len(args) == 3 {
			delta, ok := ParseInteger(args[2])
			if !ok {
				return errorReply(ErrNotInteger), false
			}
			return incrReply(s.IncrBy(args[1], delta)), false
		}
	case equalFold(name, "quit"):
		return replyOK, true
	case equalFold(name, "hello"):
		return hello(args), false
	case equalFold(name, "info"):
		return info(args[1:]), false
	case equalFold(name, "select"):
		if len(args) == 2 {
			return selectDB(args[1]), false
		}
	case equalFold(name, "client"):
		if len(args) >= 2 {
			return client(args), false
		}
	default:
		return unknown(args), false
	}
	return []byte("-ERR wrong number of arguments for '" + strings.ToLower(name) + "' command\r\n"), false
}

// incrReply is IncrBy's result as a reply.
func incrReply(n int64, err error) []byte {
	if err != nil {
		return errorReply(err)
	}
	return integer(n)
}

// errorReply is err as Redis's error reply: -ERR and its text.
func errorReply(err error) []byte {
	return []byte("-ERR " + err.Error() + "\r\n")
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
	return errorText("ERR unknown command '" + name[:min(len(name), 128)] + "', with args beginning with: " + with.String())
}

// The server as HELLO and INFO describe it: Redis 7.0.15, the version whose
// replies this one copies, on its own, with nothing loading.
const (
	serverVersion = "7.0.15"
	// helloID stands for the connection's id, which Redis counts per
	// connection; Do has no connection to count, and no client reads it.
	helloID = 1
)

// helloFields is HELLO's map of the server, without its opening line:
// RESP2 writes it as an array of fields and values (*14), RESP3 as a map
// (%7).
func helloFields(proto int64) string {
	return "$6\r\nserver\r\n$5\r\nredis\r\n" +
		"$7\r\nversion\r\n" + string(bulk(serverVersion)) +
		"$5\r\nproto\r\n" + string(integer(proto)) +
		"$2\r\nid\r\n" + string(integer(helloID)) +
		"$4\r\nmode\r\n$10\r\nstandalone\r\n" +
		"$4\r\nrole\r\n$6\r\nmaster\r\n" +
		"$7\r\nmodules\r\n*0\r\n"
}

var (
	helloRESP2 = []byte("*14\r\n" + helloFields(2))
	helloRESP3 = []byte("%7\r\n" + helloFields(3))
)

// hello answers HELLO [protover [AUTH username password] [SETNAME name]]
// as Redis 7.0 does for a server without a password: the version is
// checked first, then the options one by one, the first bad one answering;
// AUTH's user must be "default" (any password is right for it). HELLO 3
// gets Redis's RESP3 map, so that clients that insist on RESP3
// (node-redis) connect; the replies after it keep their RESP2 form, which
// RESP3 clients read too.
func hello(args []string) []byte {
	proto := int64(2)
	if len(args) >= 2 {
		v, ok := ParseInteger(args[1])
		if !ok {
			return []byte("-ERR Protocol version is not an integer or out of range\r\n")
		}
		if v != 2 && v != 3 {
			return []byte("-NOPROTO unsupported protocol version\r\n")
		}
		proto = v
	}
	for i := 2; i < len(args); i++ {
		more := len(args) - 1 - i
		switch {
		case equalFold(args[i], "auth") && more >= 2:
			if args[i+1] != "default" {
				return []byte("-WRONGPASS invalid username-password pair or user is disabled.\r\n")
			}
			i += 2
		case equalFold(args[i], "setname") && more >= 1:
			if !validName(args[i+1]) {
				return replyBadName
			}
			i++
		default:
			return errorText("ERR Syntax error in HELLO option '" + args[i] + "'")
		}
	}
	if proto == 3 {
		return helloRESP3
	}
	return helloRESP2
}

// replyBadName is Redis's reply to a client name it refuses.
var replyBadName = []byte("-ERR Client names cannot contain spaces, newlines or special characters.\r\n")

// validName reports whether name is a client name Redis accepts: printable
// ASCII without spaces, or empty.
func validName(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] < '!' || name[i] > '~' {
			return false
		}
	}
	return true
}

// infoSections are INFO's sections, in Redis's order, with the fields that
// clients read: ioredis's ready check waits while loading is not 0, and
// its Sentinel support reads role.
var infoSections = []struct{ name, text string }{
	{"server", "# Server\r\nredis_version:" + serverVersion + "\r\nredis_mode:standalone\r\n"},
	{"persistence", "# Persistence\r\nloading:0\r\n"},
	{"replication", "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"},
}

// info answers INFO [section ...]: every section when none is named (or
// one of "default", "all", "everything" is), else the named ones that
// exist, in Redis's order, each once; an empty bulk string when none does.
func info(names []string) []byte {
	var b strings.Builder
	for _, sec := range infoSections {
		wanted := len(names) == 0
		for _, n := range names {
			if equalFold(n, sec.name) || equalFold(n, "default") || equalFold(n, "all") || equalFold(n, "everything") {
				wanted = true
			}
		}
		if wanted {
			if b.Len() > 0 {
				b.WriteString("\r\n")
			}
			b.WriteString(sec.text)
		}
	}
	return bulk(b.String())
}

// selectDB answers SELECT as Redis configured with one database does.
func selectDB(index string) []byte {
	n, ok := ParseInteger(index)
	switch {
	case !ok:
		return errorReply(ErrNotInteger)
	case n != 0:
		return []byte("-ERR DB index is out of range\r\n")
	}
	return replyOK
}

// client answers CLIENT SETNAME name (checked as Redis checks it, then
// forgotten: nothing here reads it back) and, to every other subcommand,
// Redis 7.0's "unknown subcommand" error, which clients ignore for the
// CLIENT SETINFO and CLIENT MAINT_NOTIFICATIONS they send on connecting.
func client(args []string) []byte {
	sub := args[1]
	if !equalFold(sub, "setname") {
		return errorText("ERR unknown subcommand '" + sub[:min(len(sub), 128)] + "'. Try CLIENT HELP.")
	}
	if len(args) != 3 {
		return []byte("-ERR wrong number of arguments for 'client|setname' command\r\n")
	}
	if !validName(args[2]) {
		return replyBadName
	}
	return replyOK
}

// errorText is msg as an error reply, with every \r or \n of the client's
// text in it written as a space, as Redis writes them.
func errorText(msg string) []byte {
	return []byte("-" + strings.NewReplacer("\r", " ", "\n", " ").Replace(msg) + "\r\n")
}
