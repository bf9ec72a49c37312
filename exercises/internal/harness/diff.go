package harness

import (
	"strconv"
	"testing"
	"unicode/utf8"
)

// Byte-exact values (an echo, a Redis reply) are compared byte for byte,
// and a learner must see the bytes that differ: two values cut to the same
// head look equal. A failure says where they first differ, with a little of
// each value on both sides, quoted as Go quotes it (so \r\n is seen), and
// how long each is; the values in full follow in a log of their own.

const (
	// maxExcerpt is the most one quoted excerpt takes, quotes included.
	// The runner shows a quoted value of up to 64 bytes whole (its
	// render.cutLine cuts longer ones to their head), and an excerpt is
	// there to show the difference, so it must never be cut.
	maxExcerpt = 60
	// around is how many bytes of context an excerpt starts with on each
	// side of the difference, before it is shrunk to fit maxExcerpt.
	around = 20
	// maxLogged is the most of a value the log of values in full shows;
	// past it (a megabyte of echo), the window around the difference. A
	// Redis reply of the tests fits; 1 KiB of random bytes quotes to 4 KiB.
	maxLogged = 1 << 10
)

// differ is the index of the first byte where got and want differ, or
// the shorter one's length.
func differ(got, want []byte) int {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	return i
}

// quote is p quoted as Go quotes it, whole when that fits maxExcerpt, else
// its head and its length.
func quote(p []byte) any {
	if fits(p) {
		return strconv.Quote(string(p))
	}
	return Textf("%s (%d bytes)", "%s（共 %d 字节）", excerpt(p, 0), len(p))
}

// partial is p, the first bytes of n that were expected: whole when it
// fits, else how many came and how they ended, where the reply stopped.
func partial(p []byte, n int) any {
	if fits(p) {
		return strconv.Quote(string(p))
	}
	return Textf("the first %d of the %d bytes expected (ending %s)", "期望的 %[2]d 字节中的前 %[1]d 字节（结尾是 %[3]s）",
		len(p), n, excerpt(p, len(p)))
}

// excerpt is the part of p around byte i, quoted, at most maxExcerpt bytes
// long with quotes, and with "…" where p goes on. When i is p's length,
// it is p's end. It never cuts a UTF-8 sequence in two, which would show
// as escapes that are not in p.
func excerpt(p []byte, i int) string {
	if q := strconv.Quote(string(p)); len(q) <= maxExcerpt {
		return q
	}
	before, after := around, around
	if i == 0 {
		before = 0
	}
	if i >= len(p) {
		after = 0
	}
	for {
		start, end := max(0, i-before), min(len(p), i+after)
		for n := 0; n < utf8.UTFMax-1 && start > 0 && !utf8.RuneStart(p[start]); n++ {
			start--
		}
		for n := 0; n < utf8.UTFMax-1 && end < len(p) && !utf8.RuneStart(p[end]); n++ {
			end++
		}
		q := strconv.Quote(string(p[start:end]))
		if len(q) <= maxExcerpt || before+after <= 1 {
			if start > 0 {
				q = "…" + q
			}
			if end < len(p) {
				q += "…"
			}
			return q
		}
		// Shrink the longer side: the bytes at i matter most, and
		// what comes after them as much as what came before.
		if before > after {
			before--
		} else {
			after--
		}
	}
}

// difference says how got differs from want, where the difference is
// seen: the offset of the first byte that differs, an excerpt of each
// value there, and their lengths. gotWhole says whether got is all that
// came, or only what was read up to the difference (its length then says
// nothing). want and got differ.
func difference(want, got []byte, gotWhole bool) Text {
	i := differ(got, want)
	switch {
	case gotWhole && i == len(got):
		return Textf("got only the first %d of the %d bytes expected; the next were to be %s",
			"只收到了期望的 %[2]d 字节中的前 %[1]d 字节；接下来本应是 %[3]s", len(got), len(want), excerpt(want, i))
	case gotWhole && i == len(want):
		return Textf("got %d bytes more than the %d expected: %s", "比期望的 %[2]d 字节多收到了 %[1]d 字节：%[3]s",
			len(got)-len(want), len(want), excerpt(got, i))
	}
	lengths := Textf("%d bytes expected in all", "期望的值共 %d 字节", len(want))
	if gotWhole {
		lengths = Textf("expected %d bytes, got %d", "期望 %d 字节，实际 %d 字节", len(want), len(got))
	}
	return Textf("the first difference is at byte offset %d: expected %s, got %s (%s)",
		"最早的不同在字节偏移 %d 处：期望 %s，实际收到 %s（%s）", i, excerpt(want, i), excerpt(got, i), lengths)
}

// notExpected fails the test: what the client read (what: the echo, the
// reply), got up to the first difference, is not want. It says where they
// differ, then logs both in full.
func (c *Client) notExpected(doing any, what Text, want, got []byte) {
	c.t.Helper()
	c.t.Error(Textf("%s: %s: %s: %s", "%s：%s：%s：%s", c.name, text(doing), what, difference(want, got, false)))
	logWhole(c.t, want, got, false)
	c.t.FailNow()
}

// logWhole logs want and got in full, quoted, for the failure that
// difference explained, unless it showed both whole already: under go
// test it follows that failure, and the workbook shows it whole in its
// view of the whole verdict (v in watch mode). A value past maxLogged is
// shown around the difference.
func logWhole(t *testing.T, want, got []byte, gotWhole bool) {
	t.Helper()
	if fits(want) && fits(got) {
		return
	}
	i := differ(got, want)
	gotIs := T("got", "实际收到")
	if !gotWhole {
		gotIs = T("got, up to the difference", "实际收到（读到不同之处为止）")
	}
	t.Log(Textf("the values in full, byte for byte:\n  expected: %s\n  %s: %s",
		"完整的值，逐字节：\n  期望：%s\n  %s：%s", logged(want, i), gotIs, logged(got, i)))
}

// logged is p quoted for logWhole: whole, with its length, or the
// maxLogged bytes around byte i.
func logged(p []byte, i int) Text {
	if len(p) <= maxLogged {
		return Textf("%d bytes, %q", "%d 字节，%q", len(p), p)
	}
	start := max(0, min(i-maxLogged/2, len(p)-maxLogged))
	end := min(len(p), start+maxLogged)
	return Textf("bytes %d to %d of %d, %q", "共 %[3]d 字节，其中第 %[1]d 到第 %[2]d 字节：%[4]q",
		start, end-1, len(p), p[start:end])
}

// fits reports whether p quoted fits maxExcerpt: shown whole wherever it
// is shown.
func fits(p []byte) bool { return len(strconv.Quote(string(p))) <= maxExcerpt }
