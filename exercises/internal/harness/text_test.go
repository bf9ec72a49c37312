package harness

import (
	"testing"
	"time"
)

// TestSubject: a name and the Chinese verb after it are set apart by a
// space only when the name ends in Latin script.
func TestSubject(t *testing.T) {
	for _, tt := range []struct {
		name any
		want Text
	}{
		{"Serve", Text{"Serve", "Serve 无法连接到服务器"}},
		{T("the client", "客户端"), Text{"the client", "客户端无法连接到服务器"}},
		{T("the first client, which never reads", "第一个客户端（它从不读取）"), Text{"the first client, which never reads", "第一个客户端（它从不读取）无法连接到服务器"}},
		{Textf("%s (over real TCP)", "%s（经由真实的 TCP 连接）", T("a client", "一个客户端")),
			Text{"a client (over real TCP)", "一个客户端（经由真实的 TCP 连接）无法连接到服务器"}},
		{"Get(\"a\")", Text{`Get("a")`, `Get("a") 无法连接到服务器`}},
	} {
		got := Textf("%s", "%s无法连接到服务器", Subject(tt.name))
		if got.Zh != tt.want.Zh || got.En != tt.want.En {
			t.Errorf("Subject(%v) in a sentence = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestDuration: Go's form in English, the unit in words in Chinese.
func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		d      time.Duration
		en, zh string
	}{
		{5 * time.Second, "5s", "5 秒"},
		{30 * time.Second, "30s", "30 秒"},
		{1500 * time.Millisecond, "1.5s", "1.5 秒"},
		{2340 * time.Millisecond, "2.34s", "2.34 秒"},
		{90 * time.Second, "1m30s", "90 秒"},
		{2 * time.Minute, "2m0s", "2 分钟"},
		{300 * time.Millisecond, "300ms", "300 毫秒"},
		{250 * time.Microsecond, "250µs", "250 微秒"},
		{7, "7ns", "7 纳秒"},
	} {
		if got := duration(tt.d); got != (Text{tt.en, tt.zh}) {
			t.Errorf("duration(%d) = %q, want %q / %q", tt.d, got, tt.en, tt.zh)
		}
	}
}
