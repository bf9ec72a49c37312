// This file is provided: you need not edit it. It reads requests as Redis
// does, byte for byte, so that your work is the server around it.
// 本文件是现成提供的，无需修改。它按 Redis 的字节规则读取请求，
// 你的工作是围绕它的服务器。

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
var ErrProtocol = errors.New("protocol error")

// protocolError is ReadRequest's error for malformed input: its text is
// exactly what Redis sends after "-ERR ", and errors.Is finds ErrProtocol
// behind it. fmt.Errorf("%w") would put ErrProtocol's own text in front.
type protocolError string

func (e protocolError) Error() string { return string(e) }
func (e protocolError) Unwrap() error { return ErrProtocol }

// Redis's limits: a count above INT_MAX, or a bulk string longer than its
// proto-max-bulk-len (512 MiB), is refused before any of it is read; a
// line of more than maxInline bytes is refused before its end arrives,
// whatever the line: Redis's PROTO_INLINE_MAX_SIZE bounds its count and
// length lines too.
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
func ReadRequest(r *bufio.Reader) ([]string, error) {
	for {
		first, err := r.ReadByte()
		if err != nil {
			return nil, err // io.EOF here is the clean end: no request began
		}
		r.UnreadByte()
		var args []string
		if first == '*' {
			args, err = readArray(r)
		} else {
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

// readArray reads a request that starts with '*'.
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
	args := make([]string, 0, min(n, 64))
	for range n {
		line, err := readLine(r, '\r', "Protocol error: too big bulk count string")
		if err != nil {
			return nil, err
		}
		if len(line) == 0 || line[0] != '$' {
			got := byte('\r') // the line is empty: it starts with its \r
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
func readLine(r *bufio.Reader, end byte, tooBig string) ([]byte, error) {
	var line []byte
	for {
		if _, err := r.Peek(1); err != nil {
			return nil, err // r's buffer was empty: a read brought nothing
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
func ParseInteger(s string) (int64, bool) {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || (digits[0] == '0' && s != "0") || digits[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// readInline reads an inline command's line and splits it into words.
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
		var quote byte // the quote the word is inside, or 0
	scan:
		for {
			if quote != 0 && i == len(line) {
				return nil, false // the line ends inside quotes
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
func printable(b byte) string {
	if b == '\r' || b == '\n' {
		return " "
	}
	return string([]byte{b})
}
