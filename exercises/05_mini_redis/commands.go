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
//	INCRBY key increment    Store.IncrBy(key, increment)'s result
//	QUIT                    +OK, and quit
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
	msg := "ERR unknown command '" + name[:min(len(name), 128)] + "', with args beginning with: " + with.String()
	return []byte("-" + strings.NewReplacer("\r", " ", "\n", " ").Replace(msg) + "\r\n")
}
