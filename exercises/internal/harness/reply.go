package harness

// Servers that answer requests, rather than echo them, are checked with
// ExpectReply: the same bounded wait as Expect, with a message about a reply.

// ExpectReply reads exactly len(want) bytes and requires them to equal want,
// the reply to what the client did (doing). It fails the test, saying what
// came back instead, like Expect.
func (c *Client) ExpectReply(want []byte, doing string) {
	c.t.Helper()
	got, err := c.read(len(want))
	if err != nil {
		c.t.Fatalf("%s: %s: expected the reply %s, but %v", c.name, doing, quote(want), err)
	}
	if string(got) != string(want) {
		c.t.Fatalf("%s: %s: expected the reply %s, got %s", c.name, doing, quote(want), quote(got))
	}
}
