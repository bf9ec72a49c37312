package coursecheck

import (
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// The differential check of what client libraries send on connecting
// (HELLO, CLIENT, SELECT, INFO), which exercise 5's provided commands.go
// answers as redis-server 7.0.15 does. Where the two must differ, the
// check says how: HELLO's id is the connection's number in Redis and 1
// here; SELECT of another database is refused here (one database); INFO
// has only the fields clients read, each with Redis's value.

// helloID is the id field of HELLO's reply, whatever its number.
var helloID = regexp.MustCompile(`\$2\r\nid\r\n:[0-9]+\r\n`)

// handshakeScripts are compared byte for byte, once HELLO's id is masked.
func handshakeScripts() []diffScript {
	one := func(name string, reqs ...[]string) diffScript {
		return diffScript{name: name, writes: []string{cmds(reqs...)}}
	}
	x200 := strings.Repeat("x", 200)
	return []diffScript{
		one("HELLO, RESP2", []string{"HELLO"}, []string{"HELLO", "2"}, []string{"hello", "2", "auth", "default", "pw", "setname", "n-1"}),
		one("HELLO's errors",
			[]string{"HELLO", "1"}, []string{"HELLO", "4"}, []string{"HELLO", "-1"}, []string{"HELLO", "x"},
			[]string{"HELLO", "02"}, []string{"HELLO", "99999999999999999999"}, []string{"HELLO", "4", "FOO"},
			[]string{"HELLO", "2", "AUTH", "bob", "x"}, []string{"HELLO", "2", "AUTH", "Default", "x"},
			[]string{"HELLO", "2", "AUTH", "default"}, []string{"HELLO", "2", "SETNAME"},
			[]string{"HELLO", "2", "SETNAME", "a b"}, []string{"HELLO", "2", "SETNAME", "a", "b"},
			[]string{"HELLO", "2", "F\r\nOO"}, []string{"HELLO", "2", x200},
			[]string{"HELLO", "2", "FOO", "SETNAME", "a b"}, []string{"HELLO", "2", "SETNAME", "a b", "FOO"},
			[]string{"HELLO", "2", "AUTH", "bob", "x", "FOO"}, []string{"HELLO", "2", "AUTH", "bob", "x", "SETNAME", "a b"},
			[]string{"HELLO", "2", "SETNAME", "a b", "AUTH", "bob", "x"},
			[]string{"HELLO", "2", "AUTH", "default", "x", "AUTH", "bob", "y"}),
		// Last on its connection: after it, Redis speaks RESP3.
		one("HELLO 3, as go-redis, node-redis and ioredis send it", []string{"HELLO", "3"}),
		one("CLIENT, as clients send it on connecting",
			[]string{"CLIENT", "SETINFO", "LIB-NAME", "go-redis(,go1.25)"}, []string{"client", "setinfo", "LIB-VER", "9.22.0"},
			[]string{"CLIENT", "MAINT_NOTIFICATIONS", "ON", "moving-endpoint-type", "internal-ip"},
			[]string{"CLIENT", "SETNAME", "worker-1"}, []string{"CLIENT", "SETNAME", ""},
			[]string{"CLIENT", "SETNAME", "a b"}, []string{"CLIENT", "SETNAME", "\x7f"}, []string{"CLIENT", "SETNAME"},
			[]string{"CLIENT", "SETNAME", "a", "b"}, []string{"CLIENT"}, []string{"CLIENT", "F\r\nOO"}, []string{"CLIENT", x200}),
		one("SELECT", []string{"SELECT", "0"}, []string{"select", "16"}, []string{"SELECT", "-1"}, []string{"SELECT", "x"},
			[]string{"SELECT", "00"}, []string{"SELECT", "-0"}, []string{"SELECT"}, []string{"SELECT", "0", "0"}),
		one("INFO of no section", []string{"INFO", "nosuch"}, []string{"INFO", "a", "b"}),
		{name: "QUIT with arguments", writes: []string{cmd("QUIT", "now")}, closes: true},
	}
}

// infoFields parses an INFO reply: its sections in order, and each
// section's fields.
func infoFields(t *testing.T, reply string) (sections []string, fields map[string]map[string]string) {
	t.Helper()
	head, body, ok := strings.Cut(reply, "\r\n")
	require.True(t, ok && strings.HasPrefix(head, "$"), "INFO's reply is not a bulk string: %q", reply)
	n, err := strconv.Atoi(head[1:])
	require.NoError(t, err, "INFO's reply: %q", reply)
	require.Equal(t, n+2, len(body), "INFO's reply: its length and its text disagree: %q", reply)
	require.True(t, strings.HasSuffix(body, "\r\n\r\n"), "INFO's text must end in \\r\\n: %q", reply)
	fields = map[string]map[string]string{}
	for i, sec := range strings.Split(strings.TrimSuffix(body, "\r\n\r\n"), "\r\n\r\n") {
		lines := strings.Split(sec, "\r\n")
		name, ok := strings.CutPrefix(lines[0], "# ")
		require.True(t, ok, "section %d of INFO does not start with its name: %q", i, sec)
		sections = append(sections, name)
		fields[name] = map[string]string{}
		for _, l := range lines[1:] {
			k, v, ok := strings.Cut(l, ":")
			require.True(t, ok, "INFO's line %q has no ':'", l)
			fields[name][k] = v
		}
	}
	return sections, fields
}

func TestMiniRedisHandshakeMatchesRedisServer(t *testing.T) {
	path, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not on PATH, so exercise 5's answers to clients' handshakes cannot be compared with real Redis " +
			"(on Debian or Ubuntu: apt-get install redis-server; .ci/run installs it)")
	}
	redisAddr := startRedisServer(t, path)
	version := runScript(t, redisAddr, diffScript{name: "version", writes: []string{cmd("INFO", "server")}})
	if !strings.Contains(version, "\r\nredis_version:7.0.") {
		t.Skipf("the handshake replies copy redis-server 7.0 (CLIENT SETINFO came in 7.2); %s is another version", path)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	t.Cleanup(func() {
		ln.Close()
		<-served
	})
	mini := ln.Addr().String()

	for _, s := range handshakeScripts() {
		t.Run(s.name, func(t *testing.T) {
			want := helloID.ReplaceAllString(runScript(t, redisAddr, s), "$$2\r\nid\r\n:ID\r\n")
			got := helloID.ReplaceAllString(runScript(t, mini, s), "$$2\r\nid\r\n:ID\r\n")
			assert.Equal(t, want, got, "the reference solution's replies must be redis-server's, byte for byte (HELLO's id aside)")
		})
	}

	// INFO: every section and field the mini server writes, in Redis's
	// order and with Redis's value; Redis has many more.
	for _, args := range [][]string{{"INFO"}, {"INFO", "everything"}, {"info", "replication", "SERVER"}, {"INFO", "persistence"}} {
		s := diffScript{name: strings.Join(args, " "), writes: []string{cmd(args...)}}
		t.Run(s.name, func(t *testing.T) {
			redisSections, redisFields := infoFields(t, runScript(t, redisAddr, s))
			miniSections, miniFields := infoFields(t, runScript(t, mini, s))
			require.NotEmpty(t, miniSections, "%q: the mini server wrote no section", args)
			i := 0
			for _, name := range miniSections {
				for i < len(redisSections) && redisSections[i] != name {
					i++
				}
				require.Less(t, i, len(redisSections), "%q: section %q is not in Redis's reply %q, or not in its order", args, name, redisSections)
				for k, v := range miniFields[name] {
					assert.Equal(t, redisFields[name][k], v, "%q: field %s of section %s", args, k, name)
				}
			}
		})
	}
}
