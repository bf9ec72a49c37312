package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// redisTests are redis-benchmark's tests this section runs: the commands
// a Redis exercise implements that redis-benchmark has a test for.
const redisTests = "ping,set,get,incr"

// redis is section 6: the solution of the exercise o.redis names (one
// whose solution exports Serve(net.Listener, Config) error, a Redis server)
// beside a real redis-server, in the same run: redis-benchmark's
// throughput without and with pipelining, the solution also at
// GOMAXPROCS=1, and each server's peak resident memory under three
// attacks, each on a fresh process.
func (b *bench) redis(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 6: redis-benchmark and memory attacks against a solution and redis-server…")
	if o.redis == "" {
		fmt.Fprint(w, "## 6. A solution under `redis-benchmark`, beside a real `redis-server`\n\n"+
			"Skipped: name the exercise whose solution is a Redis server with `-redis` (its id or folder).\n\n")
		return nil
	}
	e, err := b.course.Lookup(o.redis)
	if err != nil {
		return fmt.Errorf("-redis: %w", err)
	}
	fmt.Fprintf(w, "## 6. Exercise %d's solution under `redis-benchmark` and under attack, beside a real `redis-server`\n\n", e.Number)
	serverPath, errServer := exec.LookPath("redis-server")
	client, errClient := exec.LookPath("redis-benchmark")
	if errServer != nil || errClient != nil {
		fmt.Fprint(w, "Skipped: `redis-server` and `redis-benchmark` are needed "+
			"(on Debian or Ubuntu: `apt-get install redis-server redis-tools`).\n\n")
		return nil
	}
	bin, err := b.buildSolution(ctx, e.Dir)
	if err != nil {
		return err
	}
	commit, _ := b.command(ctx, b.root, "git", "rev-parse", "--short", "HEAD").Output()
	fmt.Fprintf(w, "Commit %s; load average before: %s. The solution runs in a program of its own, built from its package "+
		"as it is; `redis-server` is started with `--save '' --appendonly no`.\n\n",
		strings.TrimSpace(string(commit)), loadAverage())

	targets := []struct {
		name  string
		start func() (*server, error)
	}{
		{"solution", func() (*server, error) { return b.startProgram(ctx, bin) }},
		{"solution, `GOMAXPROCS=1`", func() (*server, error) { return b.startProgram(ctx, bin, "GOMAXPROCS=1") }},
		{"redis-server", func() (*server, error) { return b.startRedisServer(ctx, serverPath) }},
	}
	servers := make([]*server, len(targets))
	defer func() {
		for _, s := range servers {
			if s != nil {
				s.stop()
			}
		}
	}()
	for i, t := range targets {
		if servers[i], err = t.start(); err != nil {
			return fmt.Errorf("starting the %s: %w", t.name, err)
		}
	}
	runs := min(o.runs, 3)
	for _, load := range []struct{ pipeline, n int }{{1, 100_000}, {16, 1_000_000}} {
		pipeline, n := load.pipeline, load.n
		rps := make([]map[string][]float64, len(targets))
		var names []string
		for range runs {
			for i := range targets {
				got, order, err := b.redisBenchmark(ctx, client, servers[i].addr, n, pipeline)
				if err != nil {
					return err
				}
				if rps[i] == nil {
					rps[i] = map[string][]float64{}
				}
				for name, v := range got {
					rps[i][name] = append(rps[i][name], v)
				}
				if names == nil {
					names = order
				}
			}
		}
		fmt.Fprintf(w, "`redis-benchmark -t %s -c 50 -n %d -P %d -q`, %d runs against each, alternating; "+
			"medians in requests per second, and each solution's ratio to `redis-server`.\n\n", redisTests, n, pipeline, runs)
		fmt.Fprintf(w, "| test | %s | %s | %s |\n| --- | --- | --- | --- |\n", targets[0].name, targets[1].name, targets[2].name)
		for _, name := range names {
			r := quantile(rps[2][name], 0.5)
			fmt.Fprintf(w, "| %s | %s | %s | %.0f |\n", name, withRatio(quantile(rps[0][name], 0.5), r),
				withRatio(quantile(rps[1][name], 0.5), r), r)
		}
		fmt.Fprintln(w)
	}
	for i := range servers {
		servers[i].stop()
		servers[i] = nil
	}

	fmt.Fprintf(w, "Peak resident memory (the kernel's maximum RSS of the server's process, which is started afresh for each row "+
		"and stopped after it), under each attack, then whether the server still answers a PING on a new connection, and how fast. "+
		"Target: the solution under %d MiB.\n\n", memoryTarget>>20)
	fmt.Fprintln(w, "| attack | solution | redis-server |")
	fmt.Fprintln(w, "| --- | --- | --- |")
	for _, a := range attacks {
		var cells [2]string
		for i, t := range []int{0, 2} {
			fmt.Fprintf(b.log, "  %s against the %s…\n", a.name, targets[t].name)
			s, err := targets[t].start()
			if err != nil {
				return fmt.Errorf("starting the %s: %w", targets[t].name, err)
			}
			note := a.run(ctx, s.addr)
			ping := pingOnce(s.addr)
			kb := s.stop()
			cells[i] = fmt.Sprintf("**%.1f MiB**; %s; %s", float64(kb)/1024, note, ping)
			if t == 0 && kb<<10 >= memoryTarget {
				cells[i] += "; **over the target**"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", a.name, cells[0], cells[1])
	}
	fmt.Fprintf(w, "\nLoad average after: %s.\n\n", loadAverage())
	return nil
}

// memoryTarget is issue 23's bound on the solution's resident memory
// under the attacks.
const memoryTarget = 64 << 20

// withRatio is a rate and its ratio to the baseline r.
func withRatio(v, r float64) string {
	if r <= 0 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.0f (%.2f×)", v, v/r)
}

// A server is a Redis server the section started, in a process of its own.
type server struct {
	addr string
	cmd  *exec.Cmd
	done bool
}

// stop ends the server's process and returns its peak resident memory in
// KiB (0 where the system does not say).
func (s *server) stop() int64 {
	if !s.done {
		s.done = true
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
	return maxRSS(s.cmd.ProcessState)
}

// An attack is done to a server at addr; it returns what the server did,
// in a few words.
type attack struct {
	name string
	run  func(ctx context.Context, addr string) string
}

// attacks are issue 23's: the memory a client can make a server hold.
var attacks = []attack{
	{"none (started, one PING)", func(context.Context, string) string { return "idle" }},
	{"256 MB of one inline line, no newline", floodAttack},
	{"8 rounds of 4 connections at once, each declaring a 512 MiB bulk string, sending 64 KiB of it and hanging up", declareAttack},
	{"1,000,000 pipelined PINGs from a client that never reads", pipelineAttack},
}

// floodAttack writes 256 MB with no newline on one connection, for as
// long as the server takes them, then reads what it answered.
func floodAttack(_ context.Context, addr string) string {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return fmt.Sprintf("dial: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	written := 0
	for written < 256_000_000 {
		n, err := conn.Write(chunk[:min(len(chunk), 256_000_000-written)])
		written += n
		if err != nil {
			break
		}
	}
	reply, _ := io.ReadAll(io.LimitReader(conn, 200))
	if len(reply) == 0 {
		return fmt.Sprintf("%s MB taken, no reply read (a reset can lose it)", megabytes(written))
	}
	return fmt.Sprintf("%s MB taken, then `%s`", megabytes(written), strings.TrimSpace(string(reply)))
}

// declareAttack declares 512 MiB bulk strings, sends a little of each and
// hangs up, four connections at a time, eight times.
func declareAttack(_ context.Context, addr string) string {
	request := append([]byte("*1\r\n$536870912\r\n"), bytes.Repeat([]byte("a"), 64<<10)...)
	failed := 0
	for range 8 {
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() {
				conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					errs <- err
					return
				}
				conn.SetDeadline(time.Now().Add(time.Minute))
				_, err = conn.Write(request)
				conn.Close()
				if err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		failed += len(errs)
	}
	time.Sleep(time.Second) // let the server see the hang-ups
	if failed > 0 {
		return fmt.Sprintf("%d of 32 connections failed", failed)
	}
	return "32 connections hung up"
}

// pipelineAttack writes 1,000,000 PINGs on one connection and never reads:
// a server that stops reading while its replies cannot be written stops
// taking them; one that queues its replies takes them all.
func pipelineAttack(_ context.Context, addr string) string {
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return fmt.Sprintf("dial: %v", err)
	}
	defer conn.Close()
	const total, batch = 1_000_000, 1000
	chunk := bytes.Repeat([]byte("*1\r\n$4\r\nPING\r\n"), batch)
	var sent atomic.Int64
	go func() {
		for sent.Load() < total {
			// A write that has not finished after 5 s is the server's
			// back-pressure: the attack ends with it.
			conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := conn.Write(chunk); err != nil {
				return
			}
			sent.Add(batch)
		}
	}()
	last, still := int64(-1), 0
	for sent.Load() < total && still < 30 { // 3 s without progress
		time.Sleep(100 * time.Millisecond)
		if n := sent.Load(); n == last {
			still++
		} else {
			last, still = n, 0
		}
	}
	time.Sleep(time.Second) // let the server take what it will
	if n := sent.Load(); n < total {
		return fmt.Sprintf("took %d PINGs, then stopped reading", n)
	}
	return "took all 1,000,000 PINGs"
}

// pingOnce sends one PING on a new connection and says how the server
// answered and in how long.
func pingOnce(addr string) string {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return fmt.Sprintf("PING: %v", err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := conn.Write([]byte("*1\r\n$4\r\nPING\r\n")); err != nil {
		return fmt.Sprintf("PING: %v", err)
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || reply != "+PONG\r\n" {
		return fmt.Sprintf("PING: %q, %v", reply, err)
	}
	return fmt.Sprintf("PONG in %.2f ms", float64(time.Since(start).Microseconds())/1000)
}

// megabytes is n bytes in MB, one decimal.
func megabytes(n int) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) }

// redisBenchmark runs redis-benchmark against addr, n requests pipelined
// by pipeline, and returns requests per
// second by test name, and the names in redis-benchmark's order.
func (b *bench) redisBenchmark(ctx context.Context, path, addr string, n, pipeline int) (map[string]float64, []string, error) {
	host, port, _ := net.SplitHostPort(addr)
	cmd := b.command(ctx, b.tmp, path, "-h", host, "-p", port, "-t", redisTests, "-c", "50",
		"-n", strconv.Itoa(n), "-P", strconv.Itoa(pipeline), "-q")
	_, out, err := timeCmd(cmd, nil)
	if err != nil {
		return nil, nil, err
	}
	rps, order := parseRedisBenchmark(out)
	if len(rps) == 0 {
		return nil, nil, fmt.Errorf("redis-benchmark against %s printed no results:\n%s", addr, tail(out))
	}
	return rps, order, nil
}

// parseRedisBenchmark reads redis-benchmark -q's lines, such as
// "SET: 98135.42 requests per second, p50=0.263 msec"; progress updates
// before each are separated by \r.
func parseRedisBenchmark(out string) (map[string]float64, []string) {
	rps := map[string]float64{}
	var order []string
	for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ": ")
		if !ok || !strings.Contains(rest, "requests per second") {
			continue
		}
		v, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
		if err != nil {
			continue
		}
		if _, seen := rps[name]; !seen {
			order = append(order, name)
		}
		rps[name] = v
	}
	return rps, order
}

// serverMain is the program startSolution builds, given the solution's
// import path: it serves it on a free port of 127.0.0.1 and prints the
// address first.
const serverMain = `package main

import (
	"fmt"
	"net"
	"os"

	solution %q
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr())
	if err := solution.Serve(ln, solution.Config{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// buildSolution builds serverMain for the solution in solutions/dir (the
// workbook's root module holds the solutions: the program is added to it
// with go build -overlay, nothing is written there) and returns the
// program's path.
func (b *bench) buildSolution(ctx context.Context, dir string) (string, error) {
	out, err := b.command(ctx, b.root, "go", "list", "-m").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m in %s: %w", b.root, err)
	}
	pkg := strings.TrimSpace(string(out)) + "/" + filepath.ToSlash(b.course.SolutionsDir) + "/" + dir
	src := filepath.Join(b.tmp, "redis-main.go")
	if err := os.WriteFile(src, fmt.Appendf(nil, serverMain, pkg), 0o644); err != nil {
		return "", err
	}
	virtual := filepath.Join(b.root, "workbook-bench-solution", "main.go")
	overlay := filepath.Join(b.tmp, "redis-overlay.json")
	data, _ := json.Marshal(map[string]map[string]string{"Replace": {virtual: src}})
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(b.tmp, "redis-solution")
	build := b.command(ctx, b.root, "go", "build", "-overlay="+overlay, "-o", bin, "./workbook-bench-solution")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building a server of %s: %v: %s", pkg, err, out)
	}
	return bin, nil
}

// startProgram starts the program buildSolution built, with env added to
// the environment, and returns it once it has said its address.
func (b *bench) startProgram(ctx context.Context, bin string, env ...string) (*server, error) {
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = b.log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("%s ended before it said its address: %w", bin, err)
	}
	go io.Copy(io.Discard, stdout)
	s.addr = strings.TrimSpace(addr)
	return s, nil
}

// startRedisServer starts redis-server on a free port of 127.0.0.1, without
// persistence, and returns its address once it says it is ready.
func (b *bench) startRedisServer(ctx context.Context, path string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.CommandContext(ctx, path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", b.tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "Ready to accept connections") {
				ready <- true
				io.Copy(io.Discard, out)
				return
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			s.stop()
			return nil, errors.New("redis-server ended before it was ready")
		}
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, errors.New("redis-server was not ready after 30 s")
	}
	return s, nil
}
