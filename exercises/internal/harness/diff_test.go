package harness

import (
	"bytes"
	"strings"
	"testing"
)

func TestDifference(t *testing.T) {
	unknown := "-ERR unknown command 'foo', with args beginning with: '" + strings.Repeat("a", 120) + "' "
	long := bytes.Repeat([]byte("0123456789"), 1<<17) // 1.3 MB
	longGot := bytes.Clone(long)
	longGot[1_000_003] = 'x'
	for _, tt := range []struct {
		name      string
		want, got string
		gotWhole  bool
		en, zh    string
	}{
		{
			name: "short values, shown whole",
			want: "+PONG\r\n", got: "+PONG\n",
			en: `the first difference is at byte offset 5: expected "+PONG\r\n", got "+PONG\n" (7 bytes expected in all)`,
			zh: `最早的不同在字节偏移 5 处：期望 "+PONG\r\n"，实际收到 "+PONG\n"（期望的值共 7 字节）`,
		},
		{
			name: "a long common prefix, cut the same way before",
			want: unknown + "'bbbbb' \r\n", got: unknown + "'bb' \r\n", gotWhole: true,
			en: `the first difference is at byte offset 180: expected …"aaaaaaaaaaaaaaa' 'bbbbb' \r\n", ` +
				`got …"aaaaaaaaaaaaaaa' 'bb' \r\n" (expected 187 bytes, got 184)`,
			zh: `最早的不同在字节偏移 180 处：期望 …"aaaaaaaaaaaaaaa' 'bbbbb' \r\n"，` +
				`实际收到 …"aaaaaaaaaaaaaaa' 'bb' \r\n"（期望 187 字节，实际 184 字节）`,
		},
		{
			name: "the first byte differs",
			want: "+" + strings.Repeat("x", 100), got: "-" + strings.Repeat("x", 100),
			en: `the first difference is at byte offset 0: expected "+xxxxxxxxxxxxxxxxxxx"…, got "-xxxxxxxxxxxxxxxxxxx"… (101 bytes expected in all)`,
			zh: `最早的不同在字节偏移 0 处：期望 "+xxxxxxxxxxxxxxxxxxx"…，实际收到 "-xxxxxxxxxxxxxxxxxxx"…（期望的值共 101 字节）`,
		},
		{
			name: "got stops short",
			want: strings.Repeat("y", 80) + "\r\n", got: strings.Repeat("y", 80), gotWhole: true,
			en: `got only the first 80 of the 82 bytes expected; the next were to be …"yyyyyyyyyyyyyyyyyyyy\r\n"`,
			zh: `只收到了期望的 82 字节中的前 80 字节；接下来本应是 …"yyyyyyyyyyyyyyyyyyyy\r\n"`,
		},
		{
			name: "got goes on",
			want: "ok", got: "ok and more", gotWhole: true,
			en: `got 9 bytes more than the 2 expected: "ok and more"`,
			zh: `比期望的 2 字节多收到了 9 字节："ok and more"`,
		},
		{
			name: "bytes that are not UTF-8 are escaped",
			want: strings.Repeat("\xff", 40) + "\x00", got: strings.Repeat("\xff", 40) + "\x01",
			en: `the first difference is at byte offset 40: expected …"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", ` +
				`got …"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01" (41 bytes expected in all)`,
			zh: `最早的不同在字节偏移 40 处：期望 …"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00"，` +
				`实际收到 …"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"（期望的值共 41 字节）`,
		},
		{
			name: "a character is never cut in two",
			want: strings.Repeat("中", 30) + "文", got: strings.Repeat("中", 30) + "字",
			en: `the first difference is at byte offset 90: expected …"中中中中中中中文", got …"中中中中中中中字" (93 bytes expected in all)`,
			zh: `最早的不同在字节偏移 90 处：期望 …"中中中中中中中文"，实际收到 …"中中中中中中中字"（期望的值共 93 字节）`,
		},
		{
			name: "very long values",
			want: string(long), got: string(longGot), gotWhole: true,
			en: `the first difference is at byte offset 1000003: expected …"3456789012345678901234567890123456789012"…, ` +
				`got …"34567890123456789012x4567890123456789012"… (expected 1310720 bytes, got 1310720)`,
			zh: `最早的不同在字节偏移 1000003 处：期望 …"3456789012345678901234567890123456789012"…，` +
				`实际收到 …"34567890123456789012x4567890123456789012"…（期望 1310720 字节，实际 1310720 字节）`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := difference([]byte(tt.want), []byte(tt.got), tt.gotWhole)
			if d.En != tt.en {
				t.Errorf("in English:\n got %s\nwant %s", d.En, tt.en)
			}
			if d.Zh != tt.zh {
				t.Errorf("in Chinese:\n got %s\nwant %s", d.Zh, tt.zh)
			}
			// No quoted excerpt is long enough for the runner to cut it.
			for _, q := range quotedParts(d.En) {
				if len(q) > maxExcerpt {
					t.Errorf("an excerpt of %d bytes, %s: the runner would cut it", len(q), q)
				}
			}
		})
	}
}

// quotedParts are the Go-quoted strings in s, quotes included.
func quotedParts(s string) []string {
	var qs []string
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		j := i + 1
		for ; j < len(s) && s[j] != '"'; j++ {
			if s[j] == '\\' {
				j++
			}
		}
		qs = append(qs, s[i:min(j+1, len(s))])
		i = j
	}
	return qs
}

func TestExcerptAlwaysFits(t *testing.T) {
	values := [][]byte{
		bytes.Repeat([]byte{0}, 200), bytes.Repeat([]byte("中"), 100), []byte(strings.Repeat("\r\n", 100)),
		bytes.Repeat([]byte("\U0001F600"), 50), append(bytes.Repeat([]byte("a"), 100), 0xe4, 0xb8), // a cut rune at the end
	}
	for _, p := range values {
		for _, i := range []int{0, 1, 2, 3, len(p) / 2, len(p) - 1, len(p)} {
			e := excerpt(p, i)
			q := strings.TrimSuffix(strings.TrimPrefix(e, "…"), "…")
			if len(q) > maxExcerpt {
				t.Errorf("excerpt(%q…, %d) = %s: %d bytes", p[:8], i, e, len(q))
			}
			if i < len(p) && !strings.Contains(e, `"`) {
				t.Errorf("excerpt(%q…, %d) = %s", p[:8], i, e)
			}
		}
	}
}

func TestPartialAndQuote(t *testing.T) {
	if got := partial([]byte("+PON"), 7); got != `"+PON"` {
		t.Errorf("partial of a short value = %v", got)
	}
	p := partial(bytes.Repeat([]byte("z"), 120), 231).(Text)
	if want := `the first 120 of the 231 bytes expected (ending …"zzzzzzzzzzzzzzzzzzzz")`; p.En != want {
		t.Errorf("partial = %s, want %s", p.En, want)
	}
	q := quote(bytes.Repeat([]byte("z"), 120)).(Text)
	if want := `"zzzzzzzzzzzzzzzzzzzz"… (120 bytes)`; q.En != want {
		t.Errorf("quote = %s, want %s", q.En, want)
	}
}

func TestLogged(t *testing.T) {
	if got := logged([]byte("a\r\n"), 0); got.En != `3 bytes, "a\r\n"` || got.Zh != `3 字节，"a\r\n"` {
		t.Errorf("logged = %+v", got)
	}
	long := bytes.Repeat([]byte("x"), 10*maxLogged)
	got := logged(long, 5*maxLogged)
	if want := "bytes 4608 to 5631 of 10240, "; !strings.HasPrefix(got.En, want) {
		t.Errorf("logged of a long value = %.60s…, want it to start %q", got.En, want)
	}
	if got := logged(long, 10*maxLogged); !strings.HasPrefix(got.En, "bytes 9216 to 10239 of 10240") {
		t.Errorf("logged at the end = %.60s…", got.En)
	}
}
