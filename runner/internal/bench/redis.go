package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	miniredis "github.com/gospawn/workbook/solutions/05_mini_redis"
)

// redisTests are redis-benchmark's tests this section runs: the commands
// exercise 5 implements that redis-benchmark has a test for.
const redisTests = "ping,set,get,incr"

// redis is section 6: redis-benchmark against exercise 5's reference
// solution and against a real redis-server, alternating, in the same run.
func (b *bench) redis(ctx context.Context, o options, w io.Writer) error {
	fmt.Fprintln(b.log, "section 6: redis-benchmark against exercise 5's solution and redis-server…")
	fmt.Fprintln(w, "## 6. Exercise 5's solution under `redis-benchmark`, beside a real `redis-server`")
	fmt.Fprintln(w)
	server, errServer := exec.LookPath("redis-server")
	client, errClient := exec.LookPath("redis-benchmark")
	if errServer != nil || errClient != nil {
		fmt.Fprintln(w, "Skipped: `redis-server` and `redis-benchmark` are needed "+
			"(on Debian or Ubuntu: `apt-get install redis-server redis-tools`).")
		fmt.Fprintln(w)
		return nil
	}
	redisAddr, stop, err := b.startRedisServer(ctx, server)
	if err != nil {
		return err
	}
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() { served <- miniredis.Serve(ln, miniredis.Config{}) }()
	defer func() {
		ln.Close()
		<-served
	}()

	runs := min(o.runs, 3)
	ours, theirs := map[string][]float64{}, map[string][]float64{}
	var names []string
	for range runs {
		for _, target := range []struct {
			addr string
			into map[string][]float64
		}{{ln.Addr().String(), ours}, {redisAddr, theirs}} {
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
		"medians in requests per second. The solution runs in the benchmark's own process; "+
		"`redis-server` is started with `--save '' --appendonly no`.\n\n", redisTests, runs)
	fmt.Fprintln(w, "| test | solution | redis-server | ratio |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	for _, name := range names {
		a, r := median(ours[name]), median(theirs[name])
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
	stop := func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
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

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
