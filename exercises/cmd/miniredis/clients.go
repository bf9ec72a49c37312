package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	miniredis "github.com/gospawn/workbook/exercises/05_mini_redis"
)

// verdict is one client's result: pass (both nil), fail or skip, each
// with one sentence.
type verdict struct {
	fail, skip *msg
}

// failed and skipped are verdicts saying t, with args.
func failed(t text, args ...any) verdict  { return verdict{fail: &msg{t, args}} }
func skipped(t text, args ...any) verdict { return verdict{skip: &msg{t, args}} }

// client is one Redis client to try against the server at addr.
type client struct {
	name string
	run  func(ctx context.Context, addr, prefix string) (version string, v verdict)
}

// runClients serves the exercise on a free port and runs every client
// against it, one after another; it returns the exit status.
func runClients(npmDir string, timeout time.Duration) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, say(msgListen, "127.0.0.1:0", err))
		return 1
	}
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	defer func() {
		ln.Close()
		<-served
	}()
	addr := ln.Addr().String()
	nodePath := nodePath(npmDir)

	clients := []client{
		{"go-redis", runGoRedis},
		{"redis-py", runRedisPy},
		{"node-redis", func(ctx context.Context, addr, prefix string) (string, verdict) {
			return runNode(ctx, nodePath, npmDir, "redis", nodeRedisScript, addr, prefix)
		}},
		{"ioredis", func(ctx context.Context, addr, prefix string) (string, verdict) {
			return runNode(ctx, nodePath, npmDir, "ioredis", ioredisScript, addr, prefix)
		}},
		{"redis-cli", runRedisCLI},
		{"redis-cli --pipe", runRedisCLIPipe},
		{"redis-cli help", runRedisCLIHelp},
	}
	fmt.Println(say(msgHeader, addr))
	start := time.Now()
	passed, failed, skipped := 0, 0, 0
	for i, c := range clients {
		ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), timeoutKey{}, timeout), timeout)
		type result struct {
			version string
			v       verdict
		}
		done := make(chan result, 1)
		go func() {
			version, v := c.run(ctx, addr, fmt.Sprintf("check:%d:", i))
			done <- result{version, v}
		}()
		var r result
		select {
		case r = <-done:
			cancel()
		case err := <-served:
			// Nothing can pass once Serve has returned: say so rather
			// than let each client wait for its time-out.
			cancel()
			<-done
			served <- err // for the deferred wait
			fmt.Println(say(msgServeEarly, serveErr(err)))
			return 1
		}
		name := c.name
		if r.version != "" {
			name += " " + r.version
		}
		switch {
		case r.v.skip != nil:
			skipped++
			fmt.Println(say(msgSkip, name, *r.v.skip))
		case r.v.fail != nil:
			failed++
			fmt.Println(say(msgFail, name, *r.v.fail))
		default:
			passed++
			fmt.Println(say(msgPass, name))
		}
	}
	fmt.Println(say(msgSummary, passed, failed, skipped, time.Since(start).Seconds()))
	if passed == 1 && failed == 0 {
		fmt.Println(say(msgAllSkipped))
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// wrong is the failure of a reply that is not Redis's.
func wrong(cmd string, got, want any) verdict {
	return failed(msgWrongReply, cmd, fmt.Sprintf("%q", got), fmt.Sprintf("%q", want))
}

// runGoRedis drives go-redis v9 in this process, on redis.Options' defaults.
func runGoRedis(ctx context.Context, addr, prefix string) (string, verdict) {
	c := redis.NewClient(&redis.Options{Addr: addr})
	defer c.Close()
	key, counter, missing := prefix+"key", prefix+"counter", prefix+"missing"
	num := func(c *redis.IntCmd) (string, error) {
		n, err := c.Result()
		return strconv.FormatInt(n, 10), err
	}
	steps := []struct {
		name string
		call func() (string, error)
		want string
	}{
		{"PING", func() (string, error) { return c.Ping(ctx).Result() }, "PONG"},
		{"ECHO", func() (string, error) { return c.Echo(ctx, "hello, 世界").Result() }, "hello, 世界"},
		{"SET", func() (string, error) { return c.Set(ctx, key, "value", 0).Result() }, "OK"},
		{"GET", func() (string, error) { return c.Get(ctx, key).Result() }, "value"},
		{"DEL", func() (string, error) { return num(c.Del(ctx, key)) }, "1"},
		{"EXISTS", func() (string, error) { return num(c.Exists(ctx, key)) }, "0"},
		{"INCR", func() (string, error) { return num(c.Incr(ctx, counter)) }, "1"},
		{"INCR", func() (string, error) { return num(c.Incr(ctx, counter)) }, "2"},
	}
	for _, s := range steps {
		got, err := s.call()
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			return redis.Version(), failed(msgNoReply, s.name)
		}
		if err != nil {
			return redis.Version(), failed(msgCallFailed, s.name, err)
		}
		if got != s.want {
			return redis.Version(), wrong(s.name, got, s.want)
		}
	}
	if err := c.Get(ctx, missing).Err(); !errors.Is(err, redis.Nil) {
		return redis.Version(), wrong("GET", fmt.Sprint(err), "redis: nil")
	}
	if err := c.Close(); err != nil {
		return redis.Version(), failed(msgCallFailed, "Close", err)
	}
	return redis.Version(), verdict{}
}

// python finds a Python that has redis-py: python3 on PATH first, then the
// system's, which Debian's python3-redis installs into.
func python() string {
	candidates := []string{"python3", "/usr/bin/python3"}
	if runtime.GOOS == "windows" {
		candidates = []string{"python", "py"}
	}
	for _, p := range candidates {
		if path, err := exec.LookPath(p); err == nil && exec.Command(path, "-c", "import redis").Run() == nil {
			return path
		}
	}
	return ""
}

func runRedisPy(ctx context.Context, addr, prefix string) (string, verdict) {
	py := python()
	if py == "" {
		return "", skipped(msgNoPython)
	}
	_, port, _ := net.SplitHostPort(addr)
	return runScript(ctx, exec.CommandContext(ctx, py, "-c", pythonScript, port, prefix))
}

// nodePath is NODE_PATH with npmDir's node_modules added.
func nodePath(npmDir string) string {
	dirs := []string{filepath.Join(npmDir, "node_modules")}
	if p := os.Getenv("NODE_PATH"); p != "" {
		dirs = append(dirs, p)
	}
	return strings.Join(dirs, string(os.PathListSeparator))
}

func runNode(ctx context.Context, nodePath, npmDir, pkg, script, addr, prefix string) (string, verdict) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", skipped(msgNoNode, npmDir, pkg)
	}
	env := append(os.Environ(), "NODE_PATH="+nodePath)
	probe := exec.CommandContext(ctx, node, "-e", "require.resolve(process.argv[1])", pkg)
	probe.Env = env
	if probe.Run() != nil {
		return "", skipped(msgNoNodePackage, npmDir, pkg)
	}
	// A file rather than node -e, so that process.argv is as it is for
	// any program: node, the script, then the arguments.
	dir, err := os.MkdirTemp("", "miniredis-clients-")
	if err != nil {
		return "", failed(msgPlain, err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, pkg+".js")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		return "", failed(msgPlain, err)
	}
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, node, file, port, prefix)
	cmd.Env = env
	return runScript(ctx, cmd)
}

// runScript runs one of the client programs (see scripts.go) and reads its
// verdict from its output.
func runScript(ctx context.Context, cmd *exec.Cmd) (string, verdict) {
	var out, stderr bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	version, sent, closed := "", "", false
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		switch fields[0] {
		case "version":
			version = fields[len(fields)-1]
		case "sent":
			sent = fields[len(fields)-1]
		case "closed":
			closed = true
		case "wrong":
			if len(fields) == 4 {
				return version, failed(msgWrongReply, fields[1], fields[2], fields[3])
			}
		case "error":
			if len(fields) == 3 {
				if fields[1] == "connect" {
					return version, failed(msgConnectFailed, fields[2])
				}
				return version, failed(msgCallFailed, fields[1], fields[2])
			}
		}
	}
	switch {
	case ctx.Err() != nil && closed:
		return version, failed(msgNotEnded, seconds(timeoutOf(ctx)))
	case ctx.Err() != nil && sent == "":
		return version, failed(msgWatchdogConnect, seconds(timeoutOf(ctx)))
	case ctx.Err() != nil:
		return version, failed(msgWatchdog, seconds(timeoutOf(ctx)), sent)
	case err != nil || !closed:
		return version, failed(msgCrashed, ended(err), why(stderr.String()))
	}
	return version, verdict{}
}

// timeoutOf is the time ctx was given, for messages.
func timeoutOf(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(timeoutKey{}).(time.Duration); ok {
		return d
	}
	return 0
}

type timeoutKey struct{}

// lastLine is the last non-empty line of s, where programs say why they
// ended.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// why is the line of a program's error output that says why it ended:
// the first that names an error (Python and Node.js print the trace
// before or after it), else the last.
func why(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "Error") {
			return strings.TrimSpace(l)
		}
	}
	return lastLine(stderr)
}

// redisCLI finds redis-cli and its version.
func redisCLI(ctx context.Context) (path, version string, ok bool) {
	path, err := exec.LookPath("redis-cli")
	if err != nil {
		return "", "", false
	}
	out, _ := exec.CommandContext(ctx, path, "-v").Output()
	return path, strings.TrimPrefix(strings.TrimSpace(string(out)), "redis-cli "), true
}

// cli runs redis-cli against addr with args and stdin, and returns what it
// printed, or the failure of the watchdog.
func cli(ctx context.Context, path, addr, stdin string, args ...string) (string, *verdict) {
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.CommandContext(ctx, path, append([]string{"-h", host, "-p", port}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.WaitDelay = time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		v := failed(msgWatchdogCLI, seconds(timeoutOf(ctx)))
		return string(out), &v
	}
	if err != nil {
		v := failed(msgCrashed, ended(err), lastLine(string(out)))
		return string(out), &v
	}
	return string(out), nil
}

// runRedisCLI types the commands into redis-cli, one per line, as a person
// would at its prompt; redis-cli sends each as an array of bulk strings.
func runRedisCLI(ctx context.Context, addr, prefix string) (string, verdict) {
	path, version, ok := redisCLI(ctx)
	if !ok {
		return "", skipped(msgNoRedisCLI)
	}
	key, counter, missing := prefix+"key", prefix+"counter", prefix+"missing"
	in := strings.Join([]string{"PING", `ECHO "hello, 世界"`, "SET " + key + " value", "GET " + key,
		"DEL " + key, "EXISTS " + key, "INCR " + counter, "INCR " + counter, "GET " + missing}, "\n") + "\n"
	want := "PONG\nhello, 世界\nOK\nvalue\n1\n0\n1\n2\n\n"
	out, bad := cli(ctx, path, addr, in)
	if bad != nil {
		return version, *bad
	}
	if out != want {
		return version, failed(msgCLIOutput, "redis-cli", out, want)
	}
	return version, verdict{}
}

// runRedisCLIPipe sends a mass insertion as redis-cli --pipe does: the
// data, then an ECHO of 20 random bytes whose reply marks the end.
func runRedisCLIPipe(ctx context.Context, addr, prefix string) (string, verdict) {
	path, version, ok := redisCLI(ctx)
	if !ok {
		return "", skipped(msgNoRedisCLI)
	}
	var in strings.Builder
	n := 1000
	for i := range n {
		k := prefix + strconv.Itoa(i)
		// Arrays, as the Redis documentation's mass insertion writes them,
		// and inline commands, as a file typed by hand would be.
		if i%2 == 0 {
			fmt.Fprintf(&in, "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$1\r\n%d\r\n", len(k), k, i%10)
		} else {
			fmt.Fprintf(&in, "INCR %s\r\n", prefix+"counter")
		}
	}
	out, bad := cli(ctx, path, addr, in.String(), "--pipe")
	want := fmt.Sprintf("errors: 0, replies: %d", n)
	if bad != nil {
		return version, *bad
	}
	if !strings.Contains(out, want) {
		return version, failed(msgCLIOutput, "redis-cli --pipe", lastLine(out), want)
	}
	return version, verdict{}
}

// runRedisCLIHelp asks redis-cli for a command's help: it first asks the
// server (COMMAND DOCS), and falls back to its own help when refused.
func runRedisCLIHelp(ctx context.Context, addr, prefix string) (string, verdict) {
	path, version, ok := redisCLI(ctx)
	if !ok {
		return "", skipped(msgNoRedisCLI)
	}
	out, bad := cli(ctx, path, addr, "", "help", "incr")
	const want = "Increment the integer value of a key by one"
	if bad != nil {
		return version, *bad
	}
	if !strings.Contains(out, want) {
		return version, failed(msgCLIOutput, "redis-cli help incr", lastLine(out), "... "+want+" ...")
	}
	return version, verdict{}
}
