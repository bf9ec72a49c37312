// This file is provided: you need not edit it. It reads requests as Redis
// does, byte for byte, so that your work is the server around it.
// 本文件是现成提供的，无需修改。它按 Redis 的字节规则读取请求，
// 你的工作是围绕它的服务器。

package miniredis

import (
	"bufio"
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
// proto-max-bulk-len (512 MiB), is refused before any of it is read.
// An inline line longer than maxInline (Redis's PROTO_INLINE_MAX_SIZE) is
// refused before its newline arrives.
const (
	maxCount   = 1<<31 - 1
	maxBulkLen = 512 << 20
	maxInline  = 64 << 10
)

// ReadRequest reads one request from r and returns its arguments, the
// command name first, as the client sent them (not upper-cased).
//
// A request is either an array of bulk strings, as every client library
// and redis-cli send it:
//
//	*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n
//
// or an inline command, one line of words separated by spaces or tabs, as
// a person types it into telnet or nc (ending in \r\n or \n; quotes have no
// special meaning here). An empty inline line, or one of spaces and tabs
// only, is no request: ReadRequest skips it and reads the next; so is an
// array whose count is 0 or negative, as in Redis.
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
//   - "Protocol error: invalid multibulk length" when the count after '*'
//     is not an integer from -2147483648 to 2147483647, or its line does
//     not end in \r\n;
//   - "Protocol error: expected '$', got 'x'" when an element does not
//     start with '$' (x is the byte it starts with);
//   - "Protocol error: invalid bulk length" when the length after '$' is
//     not an integer from 0 to 536870912 (512 MiB), or its line does not
//     end in \r\n;
//   - "Protocol error: too big inline request" when an inline line passes
//     64 KiB before its newline;
//   - "Protocol error: expected CRLF after bulk string" when the length's
//     bytes are not followed by \r\n (Redis skips those two bytes unchecked;
//     this server does not).
//
// An integer is written as Redis writes one: an optional '-' and decimal
// digits, without a leading zero; "0" is one, "01", "+1", "-0" and " 1"
// are not.
func ReadRequest(r *bufio.Reader) ([]string, error) {
	for {
		first, err := r.ReadByte()
		if err != nil {
			return nil, err // io.EOF here is the clean end: no request began
		}
		var args []string
		if first == '*' {
			args, err = readArray(r)
		} else {
			r.UnreadByte()
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

// readArray reads what follows a request's '*'.
func readArray(r *bufio.Reader) ([]string, error) {
	n, ok, err := readNumber(r)
	if err != nil {
		return nil, err
	}
	if !ok || n > maxCount || n < -maxCount-1 {
		return nil, protocolError("Protocol error: invalid multibulk length")
	}
	if n <= 0 {
		return nil, nil
	}
	// Never trust a count for an allocation: the elements prove it.
	args := make([]string, 0, min(n, 64))
	for range n {
		b, err := r.ReadByte()
		if err != nil {
			return nil, err
		}
		if b != '$' {
			return nil, protocolError("Protocol error: expected '$', got '" + printable(b) + "'")
		}
		size, ok, err := readNumber(r)
		if err != nil {
			return nil, err
		}
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

// readBulk reads size bytes and the \r\n after them. Strings up to the
// reader's buffer are read in place, without a copy but the string's own.
func readBulk(r *bufio.Reader, size int) (string, error) {
	if size+2 <= r.Size() {
		p, err := r.Peek(size + 2)
		if err != nil {
			return "", err
		}
		if p[size] != '\r' || p[size+1] != '\n' {
			return "", protocolError("Protocol error: expected CRLF after bulk string")
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
	end := make([]byte, 2)
	if _, err := io.ReadFull(r, end); err != nil {
		return "", err
	}
	if end[0] != '\r' || end[1] != '\n' {
		return "", protocolError("Protocol error: expected CRLF after bulk string")
	}
	return b.String(), nil
}

// readNumber reads a count's or a length's line. ok is false when the line
// is not an integer ending in \r\n; err is the reader's error.
func readNumber(r *bufio.Reader) (n int64, ok bool, err error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return 0, false, nil // thousands of bytes are no number
	}
	if err != nil {
		return 0, false, err
	}
	digits, found := strings.CutSuffix(string(line), "\r\n")
	if !found {
		return 0, false, nil
	}
	n, ok = ParseInteger(digits)
	return n, ok, nil
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

// readInline reads an inline command's line and splits it into words. A
// line is gathered up to maxInline bytes: past that without a newline, it
// is refused, as Redis refuses it, before it can fill the memory.
func readInline(r *bufio.Reader) ([]string, error) {
	var line []byte
	for {
		part, err := r.ReadSlice('\n')
		if len(line)+len(part) > maxInline {
			return nil, protocolError("Protocol error: too big inline request")
		}
		line = append(line, part...)
		if err == nil {
			break
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
	}
	return strings.FieldsFunc(string(line), func(c rune) bool {
		return c == ' ' || c == '\t' || c == '\r' || c == '\n'
	}), nil
}

// printable writes \r and \n as spaces, as Redis does in every error.
func printable(b byte) string {
	if b == '\r' || b == '\n' {
		return " "
	}
	return string([]byte{b})
}
