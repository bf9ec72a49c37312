// This file is provided: you need not edit it. It reads requests as Redis
// does, byte for byte, so that your work is the server around it.
//
// 本文件是现成提供的，无需修改。它像 Redis 一样逐字节地读取请求，
// 你要写的是它外面的服务器。

package miniredis

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
)

// ErrProtocol is wrapped by every error ReadRequest returns for input that
// is not a well-formed request.
//
// ReadRequest 对格式不正确的输入返回的每个错误都包装了 ErrProtocol。
var ErrProtocol = errors.New("protocol error")

// protocolError is ReadRequest's error for malformed input: its text is
// exactly what Redis sends after "-ERR ", and errors.Is finds ErrProtocol
// behind it. fmt.Errorf("%w") would put ErrProtocol's own text in front.
//
// protocolError 是 ReadRequest 对格式不正确的输入返回的错误：它的文本正是 Redis
// 在 "-ERR " 之后发送的内容，而 errors.Is 能在它背后找到 ErrProtocol。
// fmt.Errorf("%w") 会把 ErrProtocol 自己的文本加在前面。
type protocolError string

func (e protocolError) Error() string { return string(e) }
func (e protocolError) Unwrap() error { return ErrProtocol }

// Redis's limits: a count above INT_MAX, or a bulk string longer than its
// proto-max-bulk-len (512 MiB), is refused before any of it is read; a
// line of more than maxInline bytes is refused before its end arrives,
// whatever the line: Redis's PROTO_INLINE_MAX_SIZE bounds its count and
// length lines too.
//
// Redis 的上限：数量大于 INT_MAX，或者批量字符串长于 proto-max-bulk-len（512
// MiB）时，一个字节都不读就拒绝；一行超过 maxInline 字节时，
// 不等行尾到达就拒绝，无论是哪种行：Redis 的 PROTO_INLINE_MAX_SIZE
// 同样限制数量行和长度行。
const (
	maxCount   = 1<<31 - 1
	maxBulkLen = 512 << 20
	maxInline  = 64 << 10
)

// ReadRequest reads one request from r and returns its arguments, the
// command name first, as the client sent them (not upper-cased). It reads
// as Redis 7 does: the same input gets the same arguments, or the same
// error, except where this comment says otherwise.
//
// A request is either an array of bulk strings, as every client library
// and redis-cli send it:
//
//	*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n
//
// or an inline command, any line that does not start with '*', as a person
// types it into telnet or nc:
//
//	SET greeting "hello world"\r\n
//
// An array's count and each element's length are integers (see
// ParseInteger), each on a line that ends at its first \r; the byte after
// that \r, meant to be \n, is skipped unchecked, as are the two bytes after
// each bulk string's data, meant to be \r\n, as Redis skips them. An array
// of count 0 or less (*-1 included) is no request: ReadRequest skips it and
// reads the next.
//
// An inline line ends at \n (a \r before it is dropped) and is split into
// words as Redis splits it (sdssplitargs): words are separated by spaces,
// tabs, \r, \n, \v and \f, and a word, or part of one, may be quoted.
// Within "...", the escapes \n \r \t \b \a and \xHH (two hex digits) stand
// for their bytes, and a backslash before any other character for that
// character; within '...', \' stands for a quote and nothing else is
// special. A closing quote must be followed by a space (or a tab, \r, \n,
// \v, \f) or by the end of the line. A line of no words (empty, or spaces
// only) is no request: ReadRequest skips it and reads the next.
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
//   - "Protocol error: invalid multibulk length" when the count is not an
//     integer of at most 2147483647 (any negative int64 is skipped);
//   - "Protocol error: expected '$', got 'x'" when an element's line does
//     not start with '$' (x is the byte it starts with);
//   - "Protocol error: invalid bulk length" when a length is not an integer
//     from 0 to 536870912 (512 MiB), $-1 included;
//   - "Protocol error: too big mbulk count string", "Protocol error: too big
//     bulk count string" when a count's line (from its '*') or a length's
//     line (from its '$') has no \r in its first 64 KiB (65,536 bytes);
//   - "Protocol error: too big inline request" when an inline line has no
//     \n in its first 64 KiB;
//   - "Protocol error: unbalanced quotes in request" when an inline line
//     ends inside quotes, or a closing quote is followed by anything but a
//     space or the end of the line.
//
// Where this differs from Redis, on purpose:
//
//   - Memory: a bulk string's memory grows as its bytes arrive; it is
//     never allocated on the client's word (Redis reserves space for a
//     declared length of 32 KiB or more before the data comes).
//   - A zero byte is an ordinary byte here. Redis looks for a line's end
//     as in a C string, so it never finds the end of a line with a zero
//     byte before it: it waits until 64 KiB have arrived, then refuses
//     the line as too big.
//   - A line longer than 64 KiB is always refused here. Redis checks the
//     limit after each read from the socket, so whether it sees the end of
//     such a line in time depends on how the bytes arrived.
//
// ReadRequest 从 r 读取一个请求，返回它的参数，命令名在最前，
// 保持客户端发来的样子（不转成大写）。它的读法与 Redis 7 相同：
// 同样的输入得到同样的参数或同样的错误，本注释另有说明之处除外。
//
// 请求要么是一个由批量字符串（bulk string）组成的数组，所有客户端库和 redis-cli
// 都这样发送：
//
//	*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n
//
// 要么是一条内联命令，即任何不以 '*' 开头的行，就像人在 telnet 或 nc
// 里敲进去的那样：
//
//	SET greeting "hello world"\r\n
//
// 数组的数量和每个元素的长度都是整数（见 ParseInteger），各占一行，
// 行在它的第一个 \r 处结束；这个 \r 之后的字节（本应是 \n）不加检查地跳过，
// 每个批量字符串数据之后的两个字节（本应是 \r\n）也一样，与 Redis
// 的跳过方式相同。数量为 0 或更小（包括 *-1）的数组不算请求：ReadRequest
// 跳过它，读取下一个。
//
// 内联行在 \n 处结束（它前面的 \r 被去掉），并按 Redis
// 的方式（sdssplitargs）拆分成单词：单词之间以空格、制表符、\r、\n、\v 和 \f
// 分隔，一个单词或它的一部分可以加引号。在 "..." 之内，转义 \n \r \t \b \a 和
// \xHH（两位十六进制数字）表示对应的字节，反斜杠加其他任何字符表示该字符本身；
// 在 '...' 之内，\' 表示一个单引号，此外没有任何特殊字符。
// 右引号之后必须是空格（或制表符、\r、\n、\v、\f）或行尾。没有单词的行（空行，
// 或只有空格）不算请求：ReadRequest 跳过它，读取下一个。
//
// 一个请求可能分成任意多次读取到达，几个请求也可能一次到达：ReadRequest
// 恰好消费一个请求，其余的留在 r 里。在请求开始之前输入就结束时，它返回
// io.EOF；输入在请求中途结束时，返回 io.ErrUnexpectedEOF。r
// 的其他错误原样返回。
//
// 输入不是格式正确的请求时，它返回一个包装了 ErrProtocol 的错误，错误文本就是
// Redis 针对它发送的消息（其中的 \r 和 \n 都写成空格，与 Redis 的写法相同）：
//
//   - "Protocol error: invalid multibulk length"：数量不是整数，或者大于
//     2147483647 时（任何负的 int64 都被跳过）；
//   - "Protocol error: expected '$', got 'x'"：元素的行不以 '$' 开头时（x
//     是该行的第一个字节）；
//   - "Protocol error: invalid bulk length"：长度不是 0 到 536870912（512
//     MiB）之间的整数时，包括 $-1；
//   - "Protocol error: too big mbulk count string"、
//     "Protocol error: too big bulk count string"：数量行（从它的 '*'
//     算起）或长度行（从它的 '$' 算起）的前 64 KiB（65,536 字节）里没有 \r 时；
//   - "Protocol error: too big inline request"：内联行的前 64 KiB 里没有 \n
//     时；
//   - "Protocol error: unbalanced quotes in request"：内联行在引号之内结束，
//     或者右引号之后跟着的既不是空格也不是行尾时。
//
// 以下几处有意与 Redis 不同：
//
//   - 内存：批量字符串的内存随着它的字节到达而增长，
//     绝不凭客户端的一句话就分配（对于声明长度为 32 KiB 或更多的数据，Redis
//     会在数据到达之前预留空间）。
//   - 零字节在这里是普通字节。Redis 像处理 C 字符串那样寻找行尾，
//     因此行尾之前有零字节时它永远找不到行尾：它一直等到 64 KiB 到达，
//     然后以行太长为由拒绝该行。
//   - 长于 64 KiB 的行在这里一律被拒绝。Redis 在每次从 socket
//     读取之后才检查这个上限，所以它能否及时看到这样一行的结尾，
//     取决于字节是怎样到达的。
func ReadRequest(r *bufio.Reader) ([]string, error) {
	for {
		first, err := r.ReadByte()
		if err != nil {
			// io.EOF here is the clean end: no request began.
			//
			// 这里的 io.EOF 是正常的结束：还没有请求开始。
			return nil, err
		}
		r.UnreadByte()
		var args []string
		if first == '*' {
			args, err = readArray(r)
		} else {
			args, err = readInline(r)
		}
		if errors.Is(err, io.EOF) {
			// A request had begun.
			//
			// 一个请求已经开始了。
			err = io.ErrUnexpectedEOF
		}
		if err != nil || len(args) > 0 {
			return args, err
		}
		// An empty line or an empty array: read the next request.
		//
		// 空行或空数组：读取下一个请求。
	}
}

// readArray reads a request that starts with '*'.
//
// readArray 读取一个以 '*' 开头的请求。
func readArray(r *bufio.Reader) ([]string, error) {
	line, err := readLine(r, '\r', "Protocol error: too big mbulk count string")
	if err != nil {
		return nil, err
	}
	n, ok := ParseInteger(string(line[1:]))
	if !ok || n > maxCount {
		return nil, protocolError("Protocol error: invalid multibulk length")
	}
	if n <= 0 {
		return nil, nil
	}
	// Never trust a count for an allocation: the elements prove it.
	//
	// 分配内存时绝不轻信数量：要由元素本身来证明。
	args := make([]string, 0, min(n, 64))
	for range n {
		line, err := readLine(r, '\r', "Protocol error: too big bulk count string")
		if err != nil {
			return nil, err
		}
		if len(line) == 0 || line[0] != '$' {
			// The line is empty: it starts with its \r.
			//
			// 这一行是空的：它以自己的 \r 开头。
			got := byte('\r')
			if len(line) > 0 {
				got = line[0]
			}
			return nil, protocolError("Protocol error: expected '$', got '" + printable(got) + "'")
		}
		size, ok := ParseInteger(string(line[1:]))
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

// readLine reads the bytes up to end and returns them without it. When end
// is '\r', the byte after it is read too and dropped unchecked, as Redis
// drops it. A line that has no end in its first maxInline bytes is refused
// with tooBig, checked after every read as Redis checks it: as soon as a
// read brings the line past maxInline, before more can fill the memory, and
// without waiting for a read that may never come.
//
// readLine 读取直到 end 为止的字节，返回时不含 end。end 为 '\r' 时，
// 它之后的那个字节也被读出并不加检查地丢弃，与 Redis 的做法相同。前 maxInline
// 个字节里没有 end 的行以 tooBig 拒绝，并且像 Redis 一样在每次读取之后检查：
// 一旦某次读取使这一行超过 maxInline，就立即拒绝，不等更多数据占满内存，
// 也不等一次可能永远不会到来的读取。
func readLine(r *bufio.Reader, end byte, tooBig string) ([]byte, error) {
	var line []byte
	for {
		if _, err := r.Peek(1); err != nil {
			// r's buffer was empty: a read brought nothing.
			//
			// r 的缓冲区原本是空的：一次读取什么也没带来。
			return nil, err
		}
		buffered, _ := r.Peek(r.Buffered())
		part, _, found := bytes.Cut(buffered, []byte{end})
		if len(line)+len(part) > maxInline {
			return nil, protocolError(tooBig)
		}
		line = append(line, part...)
		if found {
			r.Discard(len(part) + 1)
			break
		}
		r.Discard(len(part))
	}
	if end == '\r' {
		if _, err := r.ReadByte(); err != nil {
			return nil, err
		}
	}
	return line, nil
}

// readBulk reads size bytes and drops the two after them unchecked.
// Strings up to the reader's buffer are read in place, without a copy but
// the string's own.
//
// readBulk 读取 size 个字节，并不加检查地丢弃其后的两个字节。
// 不超过读取缓冲区大小的字符串就地读取，除了字符串本身之外不再复制。
func readBulk(r *bufio.Reader, size int) (string, error) {
	if size+2 <= r.Size() {
		p, err := r.Peek(size + 2)
		if err != nil {
			return "", err
		}
		s := string(p[:size])
		r.Discard(size + 2)
		return s, nil
	}
	// A longer one grows as its bytes arrive, never allocated whole on the
	// client's word: a length of 512 MiB followed by nothing costs nothing.
	//
	// 更长的字符串随着字节到达而增长，绝不凭客户端的一句话就整块分配：声明了
	// 512 MiB 的长度却什么都不发送，不会耗费任何东西。
	var b strings.Builder
	if _, err := io.CopyN(&b, r, int64(size)); err != nil {
		return "", err
	}
	if _, err := r.Discard(2); err != nil {
		return "", err
	}
	return b.String(), nil
}

// ParseInteger reports whether s is an integer as Redis writes one, and its
// value: an optional '-' and decimal digits without a leading zero, in
// int64's range ("0" is one; "01", "+1", "-0" and " 1" are not). It is
// Redis's string2ll; strconv.ParseInt alone would take "+1" and "01".
//
// ParseInteger 报告 s 是否是 Redis 写法的整数，并返回它的值：可选的 '-'
// 加上没有前导零的十进制数字，在 int64 的范围之内（"0" 是；"01"、"+1"、"-0" 和
// " 1" 都不是）。它就是 Redis 的 string2ll；单用 strconv.ParseInt 会接受 "+1"
// 和 "01"。
func ParseInteger(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || (digits[0] == '0' && s != "0") || digits[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// readInline reads an inline command's line and splits it into words.
//
// readInline 读取一条内联命令的行，并把它拆分成单词。
func readInline(r *bufio.Reader) ([]string, error) {
	line, err := readLine(r, '\n', "Protocol error: too big inline request")
	if err != nil {
		return nil, err
	}
	args, ok := splitWords(bytes.TrimSuffix(line, []byte("\r")))
	if !ok {
		return nil, protocolError("Protocol error: unbalanced quotes in request")
	}
	return args, nil
}

// splitWords splits an inline line into words as Redis's sdssplitargs
// does; ok is false when quotes are unbalanced or a closing quote is
// followed by something other than a space. Note that \v and \f separate
// words but do not end one: "a\vb" is a single word, as in Redis.
//
// splitWords 按 Redis 的 sdssplitargs 的方式把内联行拆分成单词；引号不配对，
// 或者右引号之后跟着空格以外的东西时，ok 为 false。注意 \v 和 \f 能分隔单词，
// 却不能结束单词："a\vb" 是一个单词，与 Redis 相同。
func splitWords(line []byte) (words []string, ok bool) {
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return words, true
		}
		var word []byte
		// quote is the quote the word is inside, or 0.
		//
		// quote 是单词所在的引号，不在引号里时为 0。
		var quote byte
	scan:
		for {
			if quote != 0 && i == len(line) {
				// The line ends inside quotes.
				//
				// 这一行在引号之内结束。
				return nil, false
			}
			if i == len(line) {
				break
			}
			c := line[i]
			switch {
			case quote == '"' && c == '\\' && i+3 < len(line) && line[i+1] == 'x' && isHex(line[i+2]) && isHex(line[i+3]):
				word = append(word, unhex(line[i+2])<<4|unhex(line[i+3]))
				i += 3
			case quote == '"' && c == '\\' && i+1 < len(line):
				i++
				word = append(word, unescape(line[i]))
			case quote == '\'' && c == '\\' && i+1 < len(line) && line[i+1] == '\'':
				i++
				word = append(word, '\'')
			case quote != 0 && c == quote:
				if i+1 < len(line) && !isSpace(line[i+1]) {
					return nil, false
				}
				i++
				break scan
			case quote != 0:
				word = append(word, c)
			case c == ' ' || c == '\t' || c == '\r' || c == '\n':
				break scan
			case c == '"' || c == '\'':
				quote = c
			default:
				word = append(word, c)
			}
			i++
		}
		words = append(words, string(word))
	}
}

// isSpace is C's isspace in the C locale, which sdssplitargs uses.
//
// isSpace 是 C locale 下 C 的 isspace，sdssplitargs 用的就是它。
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// unescape is the byte a backslash and c stand for within double quotes.
//
// unescape 是双引号之内反斜杠加 c 所表示的字节。
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case 'a':
		return '\a'
	}
	return c
}

// printable writes \r and \n as spaces, as Redis does in every error.
//
// printable 把 \r 和 \n 写成空格，与 Redis 在每个错误里的写法相同。
func printable(b byte) string {
	if b == '\r' || b == '\n' {
		return " "
	}
	return string([]byte{b})
}
