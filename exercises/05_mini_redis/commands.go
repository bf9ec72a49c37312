// This file is provided: you need not edit it. It turns a request into a
// call of your Store's methods and writes the reply as Redis 7 does.
//
// 本文件是现成提供的，无需修改。它把一个请求变成对你的 Store 方法的调用，并按
// Redis 7 的写法写出回复。

package miniredis

import (
	"errors"
	"strconv"
	"strings"
)

// The errors of Store.IncrBy, each answered with Redis's message.
//
// Store.IncrBy 返回的错误，回复时各用 Redis 的错误消息。
var (
	// ErrNotInteger: the key's value is not an integer as ParseInteger
	// defines one.
	//
	// ErrNotInteger：键的值不是 ParseInteger 所定义的整数。
	ErrNotInteger = errors.New("value is not an integer or out of range")
	// ErrOverflow: the result would not fit in an int64.
	//
	// ErrOverflow：结果超出 int64 的范围。
	ErrOverflow = errors.New("increment or decrement would overflow")
)

// The replies that never change, written once.
//
// 内容固定不变的回复，只生成一次。
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
//   - PING [message]: +PONG, or message as a bulk string.
//   - ECHO message: message as a bulk string.
//   - SET key value: +OK (no options: SET with more arguments is -ERR syntax
//     error).
//   - GET key: the value as a bulk string, or the null bulk string $-1.
//   - DEL key [key ...]: Store.Del's count.
//   - EXISTS key [key ...]: Store.Exists's count.
//   - INCR key: Store.IncrBy(key, 1)'s result.
//   - INCRBY key increment: Store.IncrBy(key, increment)'s result (redis-py's
//     incr sends it).
//   - QUIT [...]: +OK, and quit.
//
// and what client libraries send when they connect, answered as
// redis-server 7.0.15 answers it when it has no password and one database:
//
//   - HELLO [protover [AUTH username password] [SETNAME name]]: the server's
//     description, as an array for protover 2 or none, as a RESP3 map for 3
//     (see below); another protover is -NOPROTO, a user other than "default"
//     -WRONGPASS.
//   - INFO [section ...]: a bulk string with the sections server,
//     persistence and replication, with the fields clients read (loading:0
//     for ioredis's ready check).
//   - SELECT index: +OK for 0; any other index is out of range.
//   - CLIENT SETNAME name: +OK once the name is checked (it is not kept).
//   - CLIENT anything else: Redis 7.0's "unknown subcommand" error, which
//     clients ignore for CLIENT SETINFO.
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
// cut to its first 128 bytes, then the arguments, each quoted and followed
// by a space, for as long as the text after "with: " is shorter than 128
// bytes. Each argument is cut to the bytes that text lacks of 128, and the
// quotes and the space come after the cut, so the text can reach 131 bytes.
// In an error reply, every \r or \n of the client's text is written as a
// space.
//
// Do 通过 Store 的方法对存储执行一个请求（其参数由 ReadRequest 返回），并以
// RESP2 返回它的回复，与 Redis 7 的写法逐字节相同。quit
// 报告客户端要求结束连接（QUIT）：先发送回复，再关闭连接。命令名的匹配不区分
// ASCII 大小写。支持的命令：
//
//   - PING [message]：+PONG，或者以批量字符串（bulk string）返回 message。
//   - ECHO message：以批量字符串返回 message。
//   - SET key value：+OK（不支持选项：带更多参数的 SET 得到 -ERR syntax
//     error）。
//   - GET key：以批量字符串返回值，键不存在时返回空批量字符串 $-1。
//   - DEL key [key ...]：Store.Del 返回的数量。
//   - EXISTS key [key ...]：Store.Exists 返回的数量。
//   - INCR key：Store.IncrBy(key, 1) 的结果。
//   - INCRBY key increment：Store.IncrBy(key, increment) 的结果（redis-py 的
//     incr 发送的是它）。
//   - QUIT [...]：+OK，并报告 quit。
//
// 以及客户端库在连接时发送的命令，按没有设置密码、只有一个数据库的 redis-server
// 7.0.15 的方式回答：
//
//   - HELLO [protover [AUTH username password] [SETNAME name]]：服务器的描述，
//     protover 为 2 或省略时是数组，为 3 时是 RESP3 的 map（见下文）；其他
//     protover 得到 -NOPROTO，"default" 以外的用户得到 -WRONGPASS。
//   - INFO [section ...]：一个批量字符串，包含 server、persistence 和
//     replication 这几节，带有客户端会读取的字段（loading:0 供 ioredis
//     的就绪检查使用）。
//   - SELECT index：index 为 0 时返回 +OK；其他 index 都超出范围。
//   - CLIENT SETNAME name：检查名字之后返回 +OK（名字并不保存）。
//   - CLIENT 的其他子命令：Redis 7.0 的 "unknown subcommand" 错误，客户端发送
//     CLIENT SETINFO 时会忽略这个错误。
//
// 服务器只使用 RESP2，而 Do 无法知道某个连接的协议：HELLO 3 得到 Redis 的 RESP3
// map，这样坚持使用 RESP3 的 node-redis 也能连接上，但此后的每个回复都保持
// RESP2 的形式（不存在的键是 $-1，而不是 RESP3 的 _），RESP3 客户端同样能读。
// HELLO 回复中的 id 总是 1。
//
// 参数个数不对的命令得到 Redis 的
// "-ERR wrong number of arguments for 'get' command"，其中命令名为小写。
// 其他任何命令得到 Redis 的
// "-ERR unknown command 'x', with args beginning with: 'a' 'b' "：命令名截取前
// 128 字节，然后是各个参数，每个参数加上引号、后跟一个空格，只要 "with: "
// 之后的文本还短于 128 字节就继续添加。每个参数截取到该文本距 128
// 字节还差的字节数，引号和空格加在截取之后，所以该文本最长可达 131 字节。
// 在错误回复中，客户端文本里的每个 \r 或 \n 都写成空格。
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
//
// incrReply 把 IncrBy 的结果写成回复。
func incrReply(n int64, err error) []byte {
	if err != nil {
		return errorReply(err)
	}
	return integer(n)
}

// errorReply is err as Redis's error reply: -ERR and its text.
//
// errorReply 把 err 写成 Redis 的错误回复：-ERR 加上它的文本。
func errorReply(err error) []byte {
	return []byte("-ERR " + err.Error() + "\r\n")
}

// equalFold compares ASCII letters without regard to case, as Redis does;
// strings.EqualFold would also fold Unicode, taking "ſet" for "set".
//
// equalFold 像 Redis 一样比较 ASCII 字母而不区分大小写；strings.EqualFold
// 还会折叠 Unicode，把 "ſet" 当成 "set"。
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
//
// bulk 把 s 写成批量字符串：$len\r\ns\r\n，只分配一次内存。
func bulk(s string) []byte {
	p := make([]byte, 0, len(s)+16)
	p = append(p, '$')
	p = strconv.AppendInt(p, int64(len(s)), 10)
	p = append(p, "\r\n"...)
	p = append(p, s...)
	return append(p, "\r\n"...)
}

// integer is n as an integer reply: :n\r\n.
//
// integer 把 n 写成整数回复：:n\r\n。
func integer(n int64) []byte {
	p := make([]byte, 0, 24)
	p = append(p, ':')
	p = strconv.AppendInt(p, n, 10)
	return append(p, "\r\n"...)
}

// unknown is Redis's reply to a command it does not know.
//
// unknown 是 Redis 对它不认识的命令的回复。
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
//
// HELLO 和 INFO 所描述的服务器：Redis 7.0.15，即本服务器照搬其回复的版本，
// 单机运行，没有正在加载的数据。
const (
	serverVersion = "7.0.15"
	// helloID stands for the connection's id, which Redis counts per
	// connection; Do has no connection to count, and no client reads it.
	//
	// helloID 代表连接的 id，Redis 按连接计数；Do 没有连接可数，
	// 也没有客户端读取它。
	helloID = 1
)

// helloFields is HELLO's map of the server, without its opening line:
// RESP2 writes it as an array of fields and values (*14), RESP3 as a map
// (%7).
//
// helloFields 是 HELLO 对服务器的描述 map，不含开头那一行：RESP2
// 把它写成字段与值交替的数组（*14），RESP3 写成 map（%7）。
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
//
// hello 像没有设置密码的 Redis 7.0 那样回答 HELLO [protover [AUTH username
// password] [SETNAME name]]：先检查版本，再逐个检查选项，
// 由第一个有问题的选项给出回答；AUTH 的用户必须是
// "default"（对它来说任何密码都正确）。HELLO 3 得到 Redis 的 RESP3 map，
// 这样坚持使用 RESP3 的客户端（node-redis）也能连接上；此后的回复保持 RESP2
// 的形式，RESP3 客户端同样能读。
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
//
// replyBadName 是 Redis 对它拒绝的客户端名字的回复。
var replyBadName = []byte("-ERR Client names cannot contain spaces, newlines or special characters.\r\n")

// validName reports whether name is a client name Redis accepts: printable
// ASCII without spaces, or empty.
//
// validName 报告 name 是否是 Redis 接受的客户端名字：不含空格的可打印 ASCII
// 字符，或者为空。
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
//
// infoSections 是 INFO 的各节，按 Redis 的顺序排列，带有客户端会读取的字段：
// ioredis 的就绪检查在 loading 不为 0 时等待，它对 Sentinel 的支持会读取 role。
var infoSections = []struct{ name, text string }{
	{"server", "# Server\r\nredis_version:" + serverVersion + "\r\nredis_mode:standalone\r\n"},
	{"persistence", "# Persistence\r\nloading:0\r\n"},
	{"replication", "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n"},
}

// info answers INFO [section ...]: every section when none is named (or
// one of "default", "all", "everything" is), else the named ones that
// exist, in Redis's order, each once; an empty bulk string when none does.
//
// info 回答 INFO [section ...]：没有指定任何节（或者指定了 "default"、"all"、
// "everything" 之一）时返回所有节，否则返回指定的、存在的那些节，按 Redis
// 的顺序，每节一次；一节都不存在时返回空的批量字符串。
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
//
// selectDB 像只配置了一个数据库的 Redis 那样回答 SELECT。
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
//
// client 回答 CLIENT SETNAME name（像 Redis 那样检查名字，然后丢掉：
// 这里没有任何代码再读取它），对其他任何子命令都回答 Redis 7.0 的
// "unknown subcommand" 错误，客户端连接时发送的 CLIENT SETINFO 和 CLIENT
// MAINT_NOTIFICATIONS 会忽略这个错误。
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
//
// errorText 把 msg 写成错误回复，其中客户端文本里的每个 \r 或 \n 都像 Redis
// 那样写成空格。
func errorText(msg string) []byte {
	return []byte("-" + strings.NewReplacer("\r", " ", "\n", " ").Replace(msg) + "\r\n")
}
