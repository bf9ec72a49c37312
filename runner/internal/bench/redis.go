package bench

import (
	"bufio"
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
	"time"
)

// redisTests are redis-benchmark's tests this section runs: the commands
// a Redis exercise implements that redis-benchmark has a test for.
const redisTests = "ping,set,get,incr"

// redis is section 6: redis-benchmark against the reference solution of
// the exercise o.redis names (one whose solution exports
// Serve(net.Listener, Config) error, a Redis server) and against a real
// redis-server, alternating, in the same run.
func (b *bench) redis(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 6: redis-benchmark against a solution and redis-server…")
	if o.redis == "" {
		fmt.Fprint(w, "## 6. A solution under `redis-benchmark`, beside a real `redis-server`\n\n"+
			"Skipped: name the exercise whose solution is a Redis server with `-redis` (its id or folder).\n\n")
		return nil
	}
	e, err := b.course.Lookup(o.redis)
	if err != nil {
		return fmt.Errorf("-redis: %w", err)
	}
	fmt.Fprintf(w, "## 6. Exercise %d's solution under `redis-benchmark`, beside a real `redis-server`\n\n", e.Number)
	server, errServer := exec.LookPath("redis-server")
	client, errClient := exec.LookPath("redis-benchmark")
	if errServer != nil || errClient != nil {
		fmt.Fprint(w, "Skipped: `redis-server` and `redis-benchmark` are needed "+
			"(on Debian or Ubuntu: `apt-get install redis-server redis-tools`).\n\n")
		return nil
	}
	redisAddr, stop, err := b.startRedisServer(ctx, server)
	if err != nil {
		return err
	}
	defer stop()
	solutionAddr, stopSolution, err := b.startSolution(ctx, e.Dir)
	if err != nil {
		return err
	}
	defer stopSolution()

	runs := min(o.runs, 3)
	ours, theirs := map[string][]float64{}, map[string][]float64{}
	var names []string
	for range runs {
		for _, target := range []struct {
			addr string
			into map[string][]float64
		}{{solutionAddr, ours}, {redisAddr, theirs}} {
			got, order, err := b.redisBenchmark(ctx, client, target.addr)
			if err != nil {
				return err
			}
			for name, rps := range got {
				target.into[name] = append(target.into[name], rps)
			}
			if names == nil {
				names = order
			}
		}
	}
	fmt.Fprintf(w, "`redis-benchmark -t %s -c 50 -n 100000 -q`, %d runs against each, alternating; "+
		"medians in requests per second. The solution runs in a program of its own, built with its package as it is; "+
		"`redis-server` is started with `--save '' --appendonly no`.\n\n", redisTests, runs)
	fmt.Fprintln(w, "| test | solution | redis-server | ratio |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, name := range names {
		a, r := quantile(ours[name], 0.5), quantile(theirs[name], 0.5)
		q := "-"
		if r > 0 {
			q = fmt.Sprintf("%.2f×", a/r)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %s |\n", name, a, r, q)
	}
	fmt.Fprintln(w)
	return nil
}

// redisBenchmark runs redis-benchmark against addr and returns requests per
// second by test name, and the names in redis-benchmark's order.
func (b *bench) redisBenchmark(ctx context.Context, path, addr string) (map[string]float64, []string, error) {
	host, port, _ := net.SplitHostPort(addr)
	cmd := b.command(ctx, b.tmp, path, "-h", host, "-p", port, "-t", redisTests, "-c", "50", "-n", "100000", "-q")
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

// startSolution builds serverMain for the solution in solutions/dir (the
// workbook's root module holds the solutions: the program is added to it
// with go build -overlay, nothing is written there), starts it, and
// returns the address it serves.
func (b *bench) startSolution(ctx context.Context, dir string) (string, func(), error) {
	out, err := b.command(ctx, b.root, "go", "list", "-m").Output()
	if err != nil {
		return "", nil, fmt.Errorf("go list -m in %s: %w", b.root, err)
	}
	pkg := strings.TrimSpace(string(out)) + "/" + filepath.ToSlash(b.course.SolutionsDir) + "/" + dir
	src := filepath.Join(b.tmp, "redis-main.go")
	if err := os.WriteFile(src, fmt.Appendf(nil, serverMain, pkg), 0o644); err != nil {
		return "", nil, err
	}
	virtual := filepath.Join(b.root, "workbook-bench-solution", "main.go")
	overlay := filepath.Join(b.tmp, "redis-overlay.json")
	data, _ := json.Marshal(map[string]map[string]string{"Replace": {virtual: src}})
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return "", nil, err
	}
	bin := filepath.Join(b.tmp, "redis-solution")
	build := b.command(ctx, b.root, "go", "build", "-overlay="+overlay, "-o", bin, "./workbook-bench-solution")
	if out, err := build.CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("building a server of %s: %v: %s", pkg, err, out)
	}
	cmd := exec.CommandContext(ctx, bin)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = b.log
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := stopper(cmd)
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("the server of %s ended before it said its address: %w", pkg, err)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(addr), stop, nil
}

// startRedisServer starts redis-server on a free port of 127.0.0.1, without
// persistence, and returns its address once it says it is ready.
func (b *bench) startRedisServer(ctx context.Context, path string) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.CommandContext(ctx, path, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", b.tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := stopper(cmd)
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
			stop()
			return "", nil, errors.New("redis-server ended before it was ready")
		}
	case <-time.After(30 * time.Second):
		stop()
		return "", nil, errors.New("redis-server was not ready after 30 s")
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), stop, nil
}
