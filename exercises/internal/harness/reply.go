package harness

import (
	"errors"
	"io"
)

// Servers that answer requests, rather than echo them, are checked with
// ExpectReply: the same bounded wait as Expect, with a message about a reply.

// ExpectReply reads exactly len(want) bytes and requires them to equal want,
// the reply to what the client did (doing: a Text or a string, as for
// Within). It fails the test, saying what came back instead, like Expect.
func (c *Client) ExpectReply(want []byte, doing any) {
	c.t.Helper()
	got, err := c.read(len(want), want, doing)
	if errors.Is(err, io.EOF) {
		err = T("the server closed the connection without sending anything",
			"服务器什么也没发就关闭了连接")
	}
	if err != nil {
		c.t.Fatal(Textf("%s: %s: expected the reply %s, but %v", "%s：%s：期望收到回复 %s，实际情况是：%v",
			c.name, text(doing), quote(want), err))
	}
	if string(got) != string(want) {
		c.notExpected(doing, T("the reply is not the expected one", "回复与期望的不一样"), want, got)
	}
}
