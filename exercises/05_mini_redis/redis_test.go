package miniredis_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	miniredis "github.com/gospawn/workbook/exercises/05_mini_redis"
	"github.com/gospawn/workbook/exercises/internal/harness"
	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// How these tests see your code: every test runs in a bubble of
// testing/synctest (harness.Bubble), and those of Serve talk to your
// server over an in-memory network whose connections behave like TCP's.
// The bubble knows when each of its goroutines, yours included, is blocked
// where only another goroutine of the bubble could wake it ("durably
// blocked"), and its clock moves only when all of them are. So a reply
// your server never sends is seen to be missing as soon as nothing can run
// any more, not after a time-out, and a busy machine cannot fail a correct
// solution: it just gets there later. A goroutine stuck on a sync.Mutex
// that nobody will unlock is reported at once too, at its line, and so is
// a goroutine left running when a test ends. Code that never stops (a loop
// that retries for ever) is reported after harness.Watchdog of real time.
//
// The tests check your Store and your Serve, with the provided ReadRequest
// and Store.Do inside it, as a whole: the byte rules of the provided code
// are tested where it is written, not here.
//
// TestServeAnswersGoRedis, TestServePipelinesGoRedis and
// TestServeRepliesInOrder run once more over real loopback TCP, once their
// bubble passed. The tests run one after another, so that a data race or a
// panic is reported against the test that caused it.

// ---------------------------------------------------------------------------
// Helpers

// inBubble runs body as the subtest name, in a bubble of its own.
func inBubble(t *testing.T, name string, body func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) { harness.Bubble(t, body) })
}

// array is a request as clients send it: an array of bulk strings.
func array(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

// bulk is s as a bulk-string reply.
func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

// newStore calls NewStore, turning a panic into a failure.
func newStore(t *testing.T) *miniredis.Store {
	t.Helper()
	var s *miniredis.Store
	harness.Guard(t, "NewStore", func() { s = miniredis.NewStore() })
	require.NotNil(harness.TB(t), s, harness.T("NewStore returned nil", "NewStore 返回了 nil"))
	return s
}

// ---------------------------------------------------------------------------
// Store

// A storeStep is one call of a Store method, written as Go code, and what
// it must return on the store the steps before it left.
type storeStep struct {
	call string
	do   func(s *miniredis.Store) []any
	want []any        // nil for a call that returns nothing
	why  harness.Text // the rule the step checks
}

// runStoreSteps runs steps on s in order, each call guarded so that a
// stub's panic, or a lock never released, fails the test at that step.
func runStoreSteps(t *testing.T, s *miniredis.Store, steps []storeStep) {
	t.Helper()
	for i, st := range steps {
		var got []any
		harness.Guard(t, st.call, func() { got = st.do(s) })
		if st.want != nil {
			assert.Equal(harness.TB(t), st.want, got, harness.Textf("step %d, %s (each step runs on the store the steps before it left): %s",
				"第 %d 步，%s（每一步都在前面各步留下的 Store 上执行）：%s", i+1, st.call, st.why))
		}
	}
}

func get(key, value string, ok bool, why harness.Text) storeStep {
	return storeStep{fmt.Sprintf("Get(%q)", key), func(s *miniredis.Store) []any {
		v, ok := s.Get(key)
		return []any{v, ok}
	}, []any{value, ok}, why}
}

func set(key, value string) storeStep {
	return storeStep{fmt.Sprintf("Set(%q, %q)", key, value), func(s *miniredis.Store) []any {
		s.Set(key, value)
		return nil
	}, nil, harness.Text{}}
}

func del(n int, why harness.Text, keys ...string) storeStep {
	return storeStep{fmt.Sprintf("Del(%s)", quoted(keys)), func(s *miniredis.Store) []any { return []any{s.Del(keys...)} }, []any{n}, why}
}

func exists(n int, why harness.Text, keys ...string) storeStep {
	return storeStep{fmt.Sprintf("Exists(%s)", quoted(keys)), func(s *miniredis.Store) []any { return []any{s.Exists(keys...)} }, []any{n}, why}
}

// incrBy is a call of IncrBy that must return n, or fail with err: when
// err is not nil, n is not looked at.
func incrBy(key string, delta, n int64, err error, why harness.Text) storeStep {
	return storeStep{fmt.Sprintf("IncrBy(%q, %d)", key, delta), func(s *miniredis.Store) []any {
		got, gotErr := s.IncrBy(key, delta)
		if err != nil {
			return []any{int64(0), gotErr}
		}
		return []any{got, gotErr}
	}, []any{n, err}, why}
}

// quoted is keys as Go writes them in a call: "a", "b".
func quoted(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	return strings.Join(q, ", ")
}

func TestStoreGetSetDelExists(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		var (
			missing  = harness.T("a key never set, or deleted, does not exist: Get returns \"\" and false", "从未设置或已被删除的键不存在：Get 返回 \"\" 和 false")
			stored   = harness.T("Get returns the value last set, and true", "Get 返回最后一次设置的值和 true")
			empty    = harness.T("an empty value is a value: its key exists", "空值也是值：它的键存在")
			asIs     = harness.T("a value is kept byte for byte, binary bytes included", "值逐字节原样保存，包括二进制字节")
			caseKept = harness.T("keys keep their case: \"K\" is not \"k\"", "键区分大小写：\"K\" 不是 \"k\"")
			exCount  = harness.T("Exists counts the keys that exist, a key named twice counted twice", "Exists 统计存在的键，出现两次的键算两次")
			delCount = harness.T("Del removes the keys that exist and counts them, a key named twice removed and counted once",
				"Del 删除存在的键并计数，出现两次的键只删除一次、只算一次")
		)
		runStoreSteps(t, newStore(t), []storeStep{
			get("k", "", false, missing),
			exists(0, exCount, "k"),
			set("k", "v"),
			get("k", "v", true, stored),
			set("k", "overwritten"),
			get("k", "overwritten", true, stored),
			get("K", "", false, caseKept),
			set("empty", ""),
			get("empty", "", true, empty),
			set("bin", "\x00\xff\r\n中"),
			get("bin", "\x00\xff\r\n中", true, asIs),
			exists(1, exCount, "k"),
			exists(3, exCount, "k", "k", "nope", "empty"),
			del(1, delCount, "k", "k", "nope"),
			get("k", "", false, missing),
			exists(0, exCount, "k"),
			del(0, delCount, "k"),
			del(2, delCount, "empty", "c", "bin"),
			exists(0, exCount, "empty", "bin"),
			set("k", "back"),
			get("k", "back", true, stored),
		})
	})
}

func TestStoreIncrBy(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		var (
			zero     = harness.T("a missing key counts as 0", "不存在的键按 0 计算")
			adds     = harness.T("IncrBy adds delta, negative or not, and returns the new value", "IncrBy 加上 delta（无论正负），返回新值")
			decimal  = harness.T("the new value is stored as its decimal text", "新值以十进制文本存入")
			overflow = harness.T("a result outside int64's range is ErrOverflow itself", "超出 int64 范围的结果就是 ErrOverflow 本身")
			kept     = harness.T("a failed IncrBy leaves the value as it was", "失败的 IncrBy 保持原值不变")
			edge     = harness.T("int64's own limits are values like any other", "int64 自身的边界值和其他值一样")
		)
		steps := []storeStep{
			incrBy("n", 1, 1, nil, zero),
			get("n", "1", true, decimal),
			incrBy("n", 41, 42, nil, adds),
			get("n", "42", true, decimal),
			incrBy("n", -50, -8, nil, adds),
			get("n", "-8", true, decimal),
			incrBy("n", 0, -8, nil, adds),
			incrBy("down", -3, -3, nil, zero),
			set("max", "9223372036854775806"),
			incrBy("max", 1, math.MaxInt64, nil, edge),
			incrBy("max", 1, 0, miniredis.ErrOverflow, overflow),
			get("max", "9223372036854775807", true, kept),
			incrBy("max", math.MinInt64, -1, nil, edge),
			incrBy("max", math.MinInt64, 0, miniredis.ErrOverflow, overflow),
			get("max", "-1", true, kept),
			set("min", "-9223372036854775807"),
			incrBy("min", -1, math.MinInt64, nil, edge),
			incrBy("min", -1, 0, miniredis.ErrOverflow, overflow),
			incrBy("min", math.MaxInt64, -1, nil, edge),
			get("min", "-1", true, decimal),
			set("big", "0"),
			incrBy("big", math.MaxInt64, math.MaxInt64, nil, edge),
			incrBy("big", math.MaxInt64, 0, miniredis.ErrOverflow, overflow),
			get("big", "9223372036854775807", true, kept),
		}
		// What ParseInteger refuses is not an integer, whatever strconv
		// would say: a value written otherwise than Redis writes a number.
		for _, v := range []string{"abc", "", "1.5", " 1", "1 ", "+1", "01", "-0", "0x10", "1_000",
			"9223372036854775808", "-9223372036854775809"} {
			steps = append(steps,
				set("s", v),
				incrBy("s", 1, 0, miniredis.ErrNotInteger, harness.Textf("%q is not an integer as ParseInteger defines one: "+
					"the error is ErrNotInteger itself (Do writes its text as Redis's error)",
					"%q 不是 ParseInteger 所定义的整数：错误就是 ErrNotInteger 本身（Do 把它的文本当作 Redis 的错误写出）", v)),
				incrBy("s", 0, 0, miniredis.ErrNotInteger, harness.Textf("%q is not an integer, even to add 0", "%q 不是整数，加 0 也一样", v)),
				get("s", v, true, kept))
		}
		runStoreSteps(t, newStore(t), steps)
	})
}

// hammer runs f from workers goroutines at once, each rounds times.
func hammer(workers, rounds int, f func(worker, round int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range workers {
		wg.Go(func() {
			<-start
			for r := range rounds {
				f(w, r)
			}
		})
	}
	close(start)
	wg.Wait()
}

// A bubble does not run its goroutines one at a time: those of the two
// tests below run at the same time on every core, as they would outside.

func TestStoreIsSafeForConcurrentUse(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		s := newStore(t)
		runStoreSteps(t, s, []storeStep{set("k", "v")}) // a stub fails here, in the test's goroutine
		// Every method at once on a few keys: a map without a lock is a
		// data race the race detector reports (and the runtime may crash
		// on it).
		var panics sync.Map
		hammer(8, 300, func(w, r int) {
			defer func() {
				if v := recover(); v != nil {
					panics.Store(fmt.Sprint(v), true)
				}
			}()
			key := strconv.Itoa(r % 3)
			switch (w + r) % 5 {
			case 0:
				s.Set(key, "v")
			case 1:
				s.Get(key)
			case 2:
				s.Del(key, "n")
			case 3:
				s.Exists(key, "n")
			case 4:
				s.IncrBy("n", 1)
			}
		})
		panics.Range(func(k, _ any) bool {
			t.Error(harness.Textf("a Store method panicked when called from several goroutines at once: %v",
				"多个 goroutine 同时调用 Store 的方法时发生了 panic：%v", k))
			return true
		})
	})
}

func TestIncrByIsAtomic(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		s := newStore(t)
		runStoreSteps(t, s, []storeStep{incrBy("n", 0, 0, nil, harness.T("a missing key counts as 0", "不存在的键按 0 计算"))})
		// Many goroutines add to one key as fast as they can, each its own
		// delta: an IncrBy that reads, lets go of the lock, and writes
		// loses some of their updates.
		const workers, rounds = 16, 2000
		hammer(workers, rounds, func(w, _ int) { s.IncrBy("n", int64(w+1)) })
		want := strconv.Itoa(rounds * workers * (workers + 1) / 2)
		v, _ := s.Get("n")
		assert.Equal(harness.TB(t), want, v, harness.Textf("%d goroutines made %d IncrBy calls each, goroutine i adding i each time: "+
			"IncrBy must hold the store's lock from reading the value to writing the new one, "+
			"or two calls read the same value and one update is lost",
			"%d 个 goroutine 各调用了 %d 次 IncrBy，第 i 个每次加 i：IncrBy 必须从读取旧值到写入新值一直持有 Store 的锁，"+
				"否则两次调用会读到同一个值，其中一次更新就丢失了", workers, rounds))
	})
}

// ---------------------------------------------------------------------------
// Serve

// serve returns a harness.ServeFunc that runs miniredis.Serve with cfg.
func serve(cfg miniredis.Config) harness.ServeFunc {
	return func(ln net.Listener) error { return miniredis.Serve(ln, cfg) }
}

// start runs Serve with cfg on a new listener: in a bubble, on its
// in-memory network.
func start(t *testing.T, cfg miniredis.Config) *harness.Server {
	t.Helper()
	return harness.Start(t, "Serve", serve(cfg))
}

// ping makes c do a full request and reply: the server is serving it.
// doing says when, as for ExpectReply.
func ping(t *testing.T, c *harness.Client, doing harness.Text) {
	t.Helper()
	c.Send([]byte(array("PING")))
	c.ExpectReply([]byte("+PONG\r\n"), doing)
}

// pingFirst is what a client does first to show it is being served.
var pingFirst = harness.T("sending PING first", "先发送 PING")

// newGoRedis returns a go-redis client of srv that speaks RESP2. Besides
// the commands the test runs, it sends only the HELLO it opens each
// connection with, and takes an unknown-command error for an answer as
// well as Redis's own. It dials through harness.DialContext: in a bubble,
// on the bubble's network.
//
// go-redis v9 works in a bubble as it is used here. With RESP2 it starts no
// goroutine of its own but the one that dials a connection, which ends;
// its health check looks only at real sockets; its deadlines and timers
// are made in the goroutine that calls it, so they are the bubble's. One
// thing would break a bubble: a caller that finds every connection of the
// pool in use waits on a timer taken from a sync.Pool that all clients
// share, which may have been made in another bubble or outside (the
// runtime then crashes the test binary). So each client here is used by one
// goroutine at a time, with a pool of two connections.
//
// Its own time-outs are longer than the harness's waits, so that a server
// that does not answer is reported by the harness (in a bubble, with where
// your goroutines were), not as go-redis's i/o timeout.
func newGoRedis(t *testing.T, srv *harness.Server) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{
		Addr:                  srv.Addr(),
		Dialer:                harness.DialContext(t),
		Protocol:              2,
		DisableIdentity:       true, // no CLIENT SETINFO
		PoolSize:              2,
		MaxRetries:            -1, // a failure is reported, not retried
		DialTimeout:           harness.RealPatience,
		ReadTimeout:           harness.RealPatience,
		WriteTimeout:          harness.RealPatience,
		ConnMaxIdleTime:       -1, // no check of how long a connection was idle
		ContextTimeoutEnabled: true,
	})
	t.Cleanup(func() { c.Close() })
	return c
}

// viaGoRedis runs f, which uses go-redis, in a goroutine, failing the test
// if it does not return in time or the server returns meanwhile.
func viaGoRedis(t *testing.T, srv *harness.Server, what harness.Text, f func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), harness.RealPatience)
	defer cancel()
	r := harness.Await(srv, harness.Go(func() error { return f(ctx) }),
		harness.Textf("go-redis: %s did not finish", "go-redis：%s一直没有完成", harness.Subject(what)))
	require.NoError(harness.TB(t), r.Panic, harness.Textf("go-redis: %s", "go-redis：%s", what))
	require.NoError(harness.TB(t), r.Value, harness.Textf("go-redis: %s", "go-redis：%s", what))
}

func TestServeAnswersGoRedis(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		store := newStore(t)
		srv := start(t, miniredis.Config{Store: store})
		ping(t, srv.Dial(harness.T("a raw client", "一个直接收发 RESP 字节的客户端")),
			harness.T("sending PING before go-redis connects", "在 go-redis 连接之前发送 PING"))
		c := newGoRedis(t, srv)
		check := func(what string, got, want any, err error) error {
			if err != nil {
				return harness.Textf("%s failed: %v", "%s失败了：%v", harness.Subject(what), err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return harness.Textf("%s returned %v, want %v", "%s返回了 %v，期望 %v", harness.Subject(what), got, want)
			}
			return nil
		}
		viaGoRedis(t, srv, harness.T("every command", "每个命令"), func(ctx context.Context) error {
			pong, err := c.Ping(ctx).Result()
			if err := check("PING", pong, "PONG", err); err != nil {
				return err
			}
			echo, err := c.Echo(ctx, "hello, 世界").Result()
			if err := check("ECHO", echo, "hello, 世界", err); err != nil {
				return err
			}
			ok, err := c.Set(ctx, "greeting", "hi", 0).Result()
			if err := check("SET", ok, "OK", err); err != nil {
				return err
			}
			v, err := c.Get(ctx, "greeting").Result()
			if err := check("GET", v, "hi", err); err != nil {
				return err
			}
			if _, err := c.Get(ctx, "missing").Result(); !errors.Is(err, redis.Nil) {
				return harness.Textf("GET of a missing key must give redis.Nil (the reply $-1), got %v",
					"对不存在的键执行 GET 必须得到 redis.Nil（即回复 $-1），实际得到 %v", err)
			}
			n, err := c.Exists(ctx, "greeting", "greeting", "missing").Result()
			if err := check("EXISTS greeting greeting missing", n, 2, err); err != nil {
				return err
			}
			for i := 1; i <= 3; i++ {
				n, err := c.Incr(ctx, "counter").Result()
				if err := check("INCR", n, i, err); err != nil {
					return err
				}
			}
			if err := c.Incr(ctx, "greeting").Err(); err == nil || err.Error() != "ERR value is not an integer or out of range" {
				return harness.Textf("INCR of a string must fail with Redis's error, got %v",
					"对字符串执行 INCR 必须失败并得到 Redis 的错误，实际得到 %v", err)
			}
			n, err = c.Del(ctx, "greeting", "missing").Result()
			return check("DEL greeting missing", n, 1, err)
		})
		counter, _ := store.Get("counter")
		assert.Equal(harness.TB(t), "3", counter, harness.T("Serve must use the Store of its Config",
			"Serve 必须使用它的 Config 中的 Store"))
	})
}

func TestServePipelinesGoRedis(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		ping(t, srv.Dial(harness.T("a raw client", "一个直接收发 RESP 字节的客户端")),
			harness.T("sending PING before go-redis connects", "在 go-redis 连接之前发送 PING"))
		c := newGoRedis(t, srv)
		viaGoRedis(t, srv, harness.T("a pipeline of 300 commands", "一条由 300 个命令组成的流水线（pipelining）"), func(ctx context.Context) error {
			pipe := c.Pipeline()
			var incrs []*redis.IntCmd
			var echoes []*redis.StringCmd
			for i := range 100 {
				incrs = append(incrs, pipe.Incr(ctx, "n"))
				pipe.Set(ctx, "k"+strconv.Itoa(i), i, 0)
				echoes = append(echoes, pipe.Echo(ctx, strings.Repeat("e", i)))
			}
			if _, err := pipe.Exec(ctx); err != nil {
				return harness.Textf("the pipeline failed: %v", "流水线执行失败：%v", err)
			}
			for i := range 100 {
				if n := incrs[i].Val(); n != int64(i+1) {
					return harness.Textf("INCR number %d of the pipeline got %d: replies must come in the order of the requests",
						"流水线中的第 %d 个 INCR 得到了 %d：回复必须按请求的顺序返回", i+1, n)
				}
				if e := echoes[i].Val(); e != strings.Repeat("e", i) {
					return harness.Textf("ECHO number %d of the pipeline got %q: replies must come in the order of the requests",
						"流水线中的第 %d 个 ECHO 得到了 %q：回复必须按请求的顺序返回", i+1, e)
				}
			}
			return nil
		})
	})
}

func TestServeRepliesInOrder(t *testing.T) {
	harness.BubbleThenTCP(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that pipelines", "一个使用流水线的客户端"))
		requests := array("PING") + array("ECHO", "a") + "SET k v\r\n" + array("GET", "k") +
			array("INCR", "n") + array("INCR", "n") + "\r\n" + "INCR n\n" + array("EXISTS", "k", "k") +
			array("FOO", "bar") + array("GET") + array("DEL", "k") + array("GET", "k")
		replies := "+PONG\r\n" + bulk("a") + "+OK\r\n" + bulk("v") + ":1\r\n:2\r\n:3\r\n:2\r\n" +
			"-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n" +
			"-ERR wrong number of arguments for 'get' command\r\n" + ":1\r\n$-1\r\n"
		c.Send([]byte(requests))
		c.ExpectReply([]byte(replies), harness.T("after sending 13 requests in one write (answer every request in the data, "+
			"in order: a read may hold many requests)",
			"一次写入发送 13 个请求之后（要按顺序回答数据中的每一个请求：一次读取可能包含多个请求）"))
		// Far more than one read or one buffer holds.
		var many, want strings.Builder
		for i := range 2000 {
			msg := fmt.Sprintf("message %d", i)
			many.WriteString(array("ECHO", msg))
			want.WriteString(bulk(msg))
		}
		go c.Conn.Write([]byte(many.String())) // the replies come back while it writes
		c.ExpectReply([]byte(want.String()), harness.T("after sending 2000 ECHOs in one write",
			"一次写入发送 2000 个 ECHO 之后"))
	})
}

func TestServeRepliesBeforeWaiting(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client", "一个客户端"))
		c.Send([]byte(array("ECHO", "first") + "*1\r\n$4\r\nPI"))
		c.ExpectReply([]byte(bulk("first")), harness.T("after sending ECHO first and half of a PING "+
			"(every reply must be sent before the server waits for more input: flush your bufio.Writer "+
			"whenever the next read would have to wait, not only when nothing at all is buffered)",
			"发送 ECHO first 和半个 PING 之后（服务器在等待更多输入之前，必须把每个回复都发出去："+
				"只要下一次读取将要等待，就调用 Flush 刷新你的 bufio.Writer，而不只是在缓冲区里一点数据都没有时才这样做）"))
		c.Send([]byte("NG\r\n"))
		c.ExpectReply([]byte("+PONG\r\n"), harness.T("after sending the rest of the PING", "发送 PING 的其余部分之后"))
		for _, b := range []byte(array("ECHO", "one byte at a time")) {
			c.Send([]byte{b})
		}
		c.ExpectReply([]byte(bulk("one byte at a time")), harness.T("after sending a request one byte per write",
			"每次写入一个字节、发送完一个请求之后"))
		c.Send([]byte("INCR n\r\n"))
		c.ExpectReply([]byte(":1\r\n"), harness.T("after sending an inline INCR", "发送一条内联命令（inline command）形式的 INCR 之后"))
	})
}

func TestServeBatchesPipelinedReplies(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that pipelines", "一个使用流水线的客户端"))
		ping(t, c, pingFirst)
		// The 100 requests arrive in one read: their replies need not wait
		// for anything, and one write can carry them all.
		const n = 100
		before := c.Peer().Writes()
		c.Send([]byte(strings.Repeat(array("PING"), n)))
		c.ExpectReply([]byte(strings.Repeat("+PONG\r\n", n)), harness.Textf("after sending %d PINGs in one write", "一次写入发送 %d 个 PING 之后", n))
		if writes := c.Peer().Writes() - before; writes > n/10 {
			t.Fatal(harness.Textf("the replies to %d PINGs that arrived in one read took %d writes to the connection: "+
				"write them into a bufio.Writer and flush it only when the next read would have to wait, "+
				"not after every reply (each write is a system call, and a pipeline is there to save them)",
				"一次读取中到达的 %d 个 PING，它们的回复用了 %d 次对连接的写入：要把回复写进 bufio.Writer，"+
					"只在下一次读取将要等待时才刷新它（Flush），而不是每个回复之后都刷新（每次写入都是一次系统调用，流水线正是为了省下它们）", n, writes))
		}
	})
}

func TestServeConcurrentIncrs(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		const clients, incrs = 20, 50
		conns := make([]*harness.Client, clients)
		for i := range conns {
			conns[i] = srv.Dial(harness.Textf("client %d of %d", "第 %d 个客户端（共 %d 个）", i+1, clients))
		}
		ping(t, conns[0], harness.T("sending PING before the others start", "在其他客户端开始之前发送 PING"))
		// Each client does its INCRs one round trip at a time, all clients at
		// once, each on a key of its own: whether INCR is atomic is
		// TestIncrIsAtomic's question, and two clients on one key would
		// answer it only when the scheduler happened to interleave them, so
		// that a wrong INCR would pass this test in some runs and not in
		// others. A failure is reported from the test's goroutine afterwards.
		errs := make(chan error, clients)
		done := harness.Go(func() struct{} {
			hammer(clients, 1, func(w, _ int) { errs <- incrLoop(conns[w].Conn, incrKey(w), incrs) })
			return struct{}{}
		})
		harness.Await(srv, done, harness.T("%d clients doing %d INCRs each, one round trip at a time, all at once, did not finish "+
			"(serve each connection in its own goroutine)",
			"%d 个客户端同时连接，各自逐个执行 %d 次 INCR（每次都等到回复再发下一个），一直没有完成（要在每个连接各自的 goroutine 中服务它）"),
			clients, incrs)
		close(errs)
		for err := range errs {
			require.NoError(harness.TB(t), err, harness.T("a client doing INCRs one round trip at a time",
				"一个逐个执行 INCR、每次都等到回复再发下一个的客户端"))
		}
		// One connection sees what every other one wrote: one Store.
		c := conns[0]
		for w := range clients {
			c.Send([]byte(array("GET", incrKey(w))))
			c.ExpectReply([]byte(bulk(strconv.Itoa(incrs))), harness.Textf("getting %s on client 1 after client %d made %d INCRs of it "+
				"(one Store shared by every connection)",
				"第 %[2]d 个客户端对 %[1]s 执行 %[3]d 次 INCR 之后，在第 1 个客户端上读取它（所有连接共享同一个 Store）", incrKey(w), w+1, incrs))
		}
	})
}

// incrKey is the key that client w of TestServeConcurrentIncrs increments.
func incrKey(w int) string { return "n" + strconv.Itoa(w+1) }

// incrLoop sends n INCRs of key over conn, one at a time, and checks that
// each reply is one more than the one before.
func incrLoop(conn net.Conn, key string, n int) error {
	r := bufio.NewReader(conn)
	last := int64(0)
	for i := range n {
		if _, err := conn.Write([]byte(array("INCR", key))); err != nil {
			return harness.Textf("sending INCR %d: %v", "发送第 %d 个 INCR：%v", i+1, err)
		}
		line, err := r.ReadString('\n')
		if err != nil {
			return harness.Textf("waiting for the reply to INCR %d: %v (got %q)", "等待第 %d 个 INCR 的回复：%v（已收到 %q）",
				i+1, err, line)
		}
		v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(line, ":"), "\r\n"), 10, 64)
		if err != nil || !strings.HasPrefix(line, ":") || v != last+1 {
			return harness.Textf("INCR %d got %q after %d: each INCR of a key must add one to what the last one gave",
				"第 %[1]d 个 INCR 在 %[3]d 之后得到了 %[2]q：对同一个键的每次 INCR，都必须在上一次的结果上加一", i+1, line, last)
		}
		last = v
	}
	return nil
}

func TestServeIdleClientDoesNotBlockOthers(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		idle := srv.Dial(harness.T("the first client", "第一个客户端"))
		// The round trip proves the server is busy with this client before
		// the second one arrives; then it waits for the client's next request
		// for as long as the client is silent.
		ping(t, idle, pingFirst)
		other := srv.Dial(harness.T("a second client, while the first one was connected and silent",
			"第二个客户端（此时第一个客户端仍然连着，却什么也不发送）"))
		other.Send([]byte(array("SET", "k", "v") + array("GET", "k")))
		other.ExpectReply([]byte("+OK\r\n"+bulk("v")), harness.T("waiting for its replies (serve each connection in its own goroutine, "+
			"so that Serve goes back to Accept at once)",
			"等待它的回复时（要在每个连接各自的 goroutine 中服务它，好让 Serve 立即回到 Accept）"))
		ping(t, idle, harness.T("sending PING after its silence", "一段时间什么也不发送之后，再发送 PING"))
	})
}

func TestServeSlowReaderDoesNotBlockOthers(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		// It holds at most one unread byte, as a client whose socket
		// buffers are full does: the server's write to it waits.
		slow := srv.DialWindow(harness.T("a client that sends many requests and reads nothing",
			"一个发送大量请求却什么都不读的客户端"), 1)
		var requests, replies strings.Builder
		for i := range 500 {
			requests.WriteString(array("INCR", "slow"))
			replies.WriteString(":" + strconv.Itoa(i+1) + "\r\n")
		}
		ping(t, slow, pingFirst)
		slow.Send([]byte(requests.String()))
		harness.AwaitWriting(t, slow)
		other := srv.Dial(harness.T("a second client, while the server's write to the first one was stuck",
			"第二个客户端（此时服务器向第一个客户端的写入卡住了）"))
		other.Send([]byte(array("SET", "k", "v") + array("GET", "k") + array("INCR", "other")))
		other.ExpectReply([]byte("+OK\r\n"+bulk("v")+":1\r\n"), harness.T("waiting for its replies while another connection's write "+
			"was stuck (a write to one client must block only that client's goroutine; never hold the store's lock while writing)",
			"在另一个连接的写入卡住时等待它的回复（向一个客户端写入只能阻塞这个客户端的 goroutine；写入时绝不要持有 Store 的锁）"))
		slow.ExpectReply([]byte(replies.String()), harness.T("reading, at last, the replies to its 500 INCRs",
			"终于开始读取那 500 个 INCR 的回复时"))
	})
}

func TestServeStopsReadingWhileRepliesWait(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		var ran atomic.Int64
		srv := start(t, miniredis.Config{BeforeCommand: func([]string) { ran.Add(1) }})
		// It holds at most one unread byte, as a client whose socket
		// buffers are full does, and it sends far more requests than any
		// buffer of the server should hold replies for.
		c := srv.DialWindow(harness.T("a client that pipelines PINGs and reads no reply",
			"一个用流水线发送 PING、却一个回复也不读的客户端"), 1)
		ping(t, c, pingFirst)
		const sent, limit = 100_000, 10_000
		go c.Conn.Write([]byte(strings.Repeat("PING\r\n", sent))) // ends when the connection closes, at the latest
		harness.Idle(t)
		if n := ran.Load() - 1; n > limit {
			t.Fatal(harness.Textf("a client sent %d PINGs and read none of the replies, and the server ran %d of them "+
				"while their replies could not be sent (at most %d may run, as many as the buffers hold): "+
				"do not read the next request while a reply waits to be written; a queue of replies "+
				"without a bound lets one client that never reads fill the server's memory",
				"一个客户端发送了 %d 个 PING、一个回复也不读，服务器却在回复发不出去的情况下执行了其中 %d 个"+
					"（最多只能执行 %d 个，即缓冲区装得下的那么多）：有回复等着写出时，不要读取下一个请求；"+
					"没有上限的回复队列会让一个从不读取的客户端占满服务器的内存", sent, n, limit))
		}
		c.ExpectReply([]byte(strings.Repeat("+PONG\r\n", 100)), harness.T("reading its first replies at last (once the client reads, "+
			"the server goes on)", "终于开始读取最初的回复时（客户端一开始读取，服务器就必须接着执行）"))
	})
}

func TestServeAnswers2000ClientsAtOnce(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		const n = 2000
		clients := make([]*harness.Client, n)
		for i := range clients {
			clients[i] = srv.Dial(harness.Textf("client %d of %d, all connected at once", "第 %d 个客户端（共 %d 个，同时连接）", i+1, n))
			clients[i].Send([]byte(array("ECHO", strconv.Itoa(i+1))))
		}
		for i, c := range clients {
			c.ExpectReply([]byte(bulk(strconv.Itoa(i+1))), harness.Textf("waiting for the reply to its ECHO while %d clients were connected "+
				"(serve each connection in a goroutine of its own for as long as it is open: a fixed pool of goroutines "+
				"leaves the clients beyond its size unanswered as long as the first ones stay connected)",
				"在 %d 个客户端同时连接时等待它的 ECHO 的回复（每个连接只要还开着，就要在它自己的 goroutine 中服务它："+
					"如果用固定大小的 goroutine 池，只要前面的客户端一直连着，超出池大小的那些客户端就一直得不到回复）", n))
		}
	})
}

func TestServeClosesConnectionOnProtocolError(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		bystander := srv.Dial(harness.T("a client connected before another sent garbage",
			"在另一个客户端发送垃圾数据之前就已连接的客户端"))
		ping(t, bystander, pingFirst)
		tests := []struct {
			send, reply string
		}{
			{"*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
			{"*2\r\n+foo\r\n", "-ERR Protocol error: expected '$', got '+'\r\n"},
			{"*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
			{array("PING") + "*x\r\n", "+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n"},
		}
		for _, tt := range tests {
			victim := srv.Dial(harness.Textf("a client that sent %q", "发送了 %q 的客户端", tt.send))
			ping(t, victim, pingFirst)
			victim.Send([]byte(tt.send))
			victim.ExpectReply([]byte(tt.reply), harness.Textf("after sending %q (send \"-ERR \" and ReadRequest's error text)",
				"发送 %q 之后（要发送 \"-ERR \" 加上 ReadRequest 的错误文本）", tt.send))
			victim.ExpectEOF(harness.Textf("after its error reply to %q (a malformed request closes its connection)",
				"收到对 %q 的错误回复之后（收到格式错误的请求，就要关闭它所在的连接）", tt.send))
		}
		ping(t, bystander, harness.T("sending PING after other clients sent garbage (their errors must close only their own connections)",
			"在其他客户端发送垃圾数据之后发送 PING（它们的错误只能关闭它们自己的连接）"))
	})
}

func TestServeRefusesTooBigInline(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		bystander := srv.Dial(harness.T("a client connected before another sent a flood", "在另一个客户端大量发送数据之前就已连接的客户端"))
		ping(t, bystander, pingFirst)
		c := srv.Dial(harness.T("a client that sends 128 KiB without a newline", "一个发送 128 KiB 却没有换行符的客户端"))
		ping(t, c, pingFirst)
		go c.Conn.Write(bytes.Repeat([]byte("x"), 128<<10)) // fails once the server closes the connection
		c.ExpectReply([]byte("-ERR Protocol error: too big inline request\r\n"), harness.T("after sending 128 KiB without a newline "+
			"(an inline request longer than 64 KiB is refused as Redis refuses it, before its end arrives: "+
			"read requests with the provided ReadRequest, and send its error text after \"-ERR \")",
			"发送 128 KiB 而没有换行符之后（超过 64 KiB 的内联请求，要像 Redis 那样不等它结束就拒绝："+
				"用现成的 ReadRequest 读取请求，并在 \"-ERR \" 之后发送它返回的错误文本）"))
		c.ExpectEOF(harness.T("after its error reply (a malformed request closes its connection)",
			"收到错误回复之后（收到格式错误的请求，就要关闭它所在的连接）"))
		ping(t, bystander, harness.T("sending PING after another client's flood", "在另一个客户端大量发送数据之后发送 PING"))
	})
}

func TestServeDoesNotAllocateDeclaredLength(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that declares a 256 MiB value and sends 3 bytes of it",
			"一个声明了 256 MiB 的值、却只发送其中 3 个字节的客户端"))
		ping(t, c, pingFirst)
		const declared, limit = 256 << 20, 32 << 20
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c.Send([]byte(fmt.Sprintf("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$%d\r\nabc", declared)))
		harness.Idle(t) // the server now waits for the rest of the value
		runtime.ReadMemStats(&after)
		if allocated := after.TotalAlloc - before.TotalAlloc; allocated > limit {
			t.Fatal(harness.Textf("a client declared a %d MiB value and sent 3 bytes of it, and %d MiB were allocated meanwhile "+
				"(at most %d MiB may be): a declared length is the client's word, not bytes that arrived; "+
				"let the value grow as its bytes come (the provided ReadRequest does)",
				"一个客户端声明了 %d MiB 的值、只发送了其中 3 个字节，这期间却分配了 %d MiB 内存（最多只能分配 %d MiB）："+
					"声明的长度只是客户端自称的，并不是已经到达的字节；要让值随着字节的到来而增长（现成的 ReadRequest 就是这样做的）",
				declared>>20, allocated>>20, limit>>20))
		}
		c.Reset()
		ping(t, srv.Dial(harness.T("a client that came after it hung up", "在它挂断之后到来的客户端")), pingFirst)
	})
}

func TestServeClosesFinishedConnections(t *testing.T) {
	inBubble(t, "the client closes its side", func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client", "一个客户端"))
		c.Send([]byte(array("PING") + "ECHO last\r\n"))
		require.NoError(harness.TB(t), c.Conn.CloseWrite(), harness.T("closing the client's side", "关闭客户端这一端"))
		c.ExpectReply([]byte("+PONG\r\n"+bulk("last")), harness.T("after sending PING and ECHO, then closing its side "+
			"(answer what was read before the end)",
			"发送 PING 和 ECHO、再关闭自己这一端之后（要回答输入结束之前读到的请求）"))
		c.ExpectEOF(harness.T("after the client closed its side and got its replies (the server must close the connection then)",
			"客户端关闭自己这一端并收到回复之后（这时服务器必须关闭连接）"))
	})
	tests := []struct {
		name string
		what harness.Text // the failure, for messages
		// fail makes c's connection fail, c having been dialed with a
		// window of 1 byte.
		fail func(t *testing.T, c *harness.Client)
	}{
		{"reset while reading", harness.T("reset while reading", "读取时连接被重置"), func(t *testing.T, c *harness.Client) {
			ping(t, c, pingFirst)
			c.Reset()
		}},
		{"reset inside a request", harness.T("reset inside a request", "请求中途连接被重置"), func(t *testing.T, c *harness.Client) {
			c.Send([]byte("*1\r\n$4\r\nPI"))
			c.Reset()
		}},
		{"write fails", harness.T("its write failed", "写入失败"), func(t *testing.T, c *harness.Client) {
			ping(t, c, pingFirst)
			c.Send([]byte(array("ECHO", "never read")))
			harness.AwaitWriting(t, c)
			c.Reset() // the Write that waits for the client fails
		}},
	}
	for _, tt := range tests {
		inBubble(t, tt.name, func(t *testing.T) {
			srv := start(t, miniredis.Config{})
			c := srv.DialWindow(harness.T("a client whose connection fails", "一个连接出错的客户端"), 1)
			tt.fail(t, c)
			harness.Await(srv, c.Peer().Done(), harness.T("a connection that failed (%s) was never closed "+
				"(close a connection whatever ended it: the client closing its side, or an error)",
				"一个失败的连接（%s）始终没有被关闭（无论连接是因为客户端关闭了自己这一端而结束，还是因为出错而结束，都要关闭它）"), tt.what)
			ping(t, srv.Dial(harness.T("a client that came after a failed connection", "在一个连接失败之后到来的客户端")),
				harness.T("sending PING after another connection failed", "在另一个连接失败之后发送 PING"))
		})
	}
}

func TestServeQuit(t *testing.T) {
	inBubble(t, "QUIT in a pipeline", func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that pipelines PING, QUIT and PING", "一个用流水线发送 PING、QUIT 和 PING 的客户端"))
		c.Send([]byte(array("PING") + array("QUIT") + array("PING")))
		c.ExpectReply([]byte("+PONG\r\n+OK\r\n"), harness.T("after sending PING, QUIT and PING in one write "+
			"(send QUIT's +OK with the replies before it: flush, then close)",
			"一次写入发送 PING、QUIT 和 PING 之后（QUIT 的 +OK 要和它前面的回复一起发出：先调用 Flush 刷新，再关闭连接）"))
		c.ExpectEOF(harness.T("after the reply to QUIT (close the connection then: the PING after QUIT gets no reply)",
			"收到 QUIT 的回复之后（这时要关闭连接：QUIT 之后的 PING 得不到回复）"))
	})
	inBubble(t, "QUIT alone", func(t *testing.T) {
		srv := start(t, miniredis.Config{})
		c := srv.Dial(harness.T("a client that sends QUIT", "一个发送 QUIT 的客户端"))
		ping(t, c, pingFirst)
		c.Send([]byte("QUIT\r\n"))
		c.ExpectReply([]byte("+OK\r\n"), harness.T("after sending QUIT (Do's reply is sent before the connection closes)",
			"发送 QUIT 之后（Do 的回复要在连接关闭之前发出）"))
		c.ExpectEOF(harness.T("after the reply to QUIT (Do's quit result says to close the connection, without waiting for the client)",
			"收到 QUIT 的回复之后（Do 返回的 quit 为 true，就表示要关闭连接，不必等客户端关闭）"))
		ping(t, srv.Dial(harness.T("a client that came after another quit", "在另一个客户端用 QUIT 退出之后到来的客户端")), pingFirst)
	})
}

var errCommand = errors.New("a command exploded on purpose")

func commandExplodes() { panic(errCommand) }

func TestServeSurvivesPanic(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		logs := harness.CaptureLog(t)
		srv := start(t, miniredis.Config{BeforeCommand: func(args []string) {
			if len(args) == 2 && strings.EqualFold(args[0], "ECHO") && args[1] == "boom" {
				commandExplodes()
			}
		}})
		bystander := srv.Dial(harness.T("a client connected before another's request panicked",
			"在另一个客户端的请求发生 panic 之前就已连接的客户端"))
		ping(t, bystander, pingFirst)
		victim := srv.Dial(harness.T("the client whose request panics", "请求会发生 panic 的客户端"))
		ping(t, victim, pingFirst)
		victim.Send([]byte(array("ECHO", "boom")))
		victim.ExpectEOF(harness.T("after its request panicked (recover in the connection's goroutine, then close that connection)",
			"它的请求发生 panic 之后（要在这个连接的 goroutine 中用 recover 从 panic 中恢复，然后关闭这个连接）"))
		logs.Await(srv, harness.T("the panic was not logged with its value and its stack "+
			"(log.Printf with debug.Stack(), in the deferred function)",
			"panic 没有连同它的值和栈跟踪一起写入日志（在延迟调用的函数中用 log.Printf 输出 debug.Stack()）"),
			errCommand.Error(), "commandExplodes")
		ping(t, bystander, harness.T("sending PING after another client's request panicked",
			"在另一个客户端的请求发生 panic 之后发送 PING"))
		ping(t, srv.Dial(harness.T("a client that connected after a request panicked", "在某个请求发生 panic 之后才连接的客户端")),
			pingFirst)
	})
}

// holdEcho is a Config whose BeforeCommand holds every ECHO of "hold"
// in the goroutine that serves its connection: entered is closed when the
// first one arrives, and they all go on once release is called (at the
// latest when the test ends).
func holdEcho(t *testing.T) (cfg miniredis.Config, entered <-chan struct{}, release func()) {
	in, out := make(chan struct{}), make(chan struct{})
	var first, last sync.Once
	release = func() { last.Do(func() { close(out) }) }
	t.Cleanup(release)
	cfg.BeforeCommand = func(args []string) {
		if len(args) == 2 && strings.EqualFold(args[0], "ECHO") && args[1] == "hold" {
			first.Do(func() { close(in) })
			<-out
		}
	}
	return cfg, in, release
}

func TestServeReturnsNilWhenListenerClosed(t *testing.T) {
	harness.Bubble(t, func(t *testing.T) {
		cfg, entered, release := holdEcho(t)
		ln := harness.Listen(t)
		srv := harness.StartOn(t, "Serve", ln, serve(cfg))
		idle := srv.Dial(harness.T("a client still connected when the listener closes", "listener 关闭时仍然连着的客户端"))
		ping(t, idle, pingFirst)
		busy := srv.Dial(harness.T("a client whose request is still running when the listener closes",
			"listener 关闭时请求仍在执行的客户端"))
		busy.Send([]byte(array("ECHO", "hold")))
		harness.Within(t, entered, harness.T("the ECHO of a client never reached Config.BeforeCommand "+
			"(call it with each request's arguments, just before the request runs)",
			"一个客户端的 ECHO 始终没有到达 Config.BeforeCommand（要在每个请求执行之前，用它的参数调用 BeforeCommand）"))
		ln.Close()
		// Serve now closes the connections still open, and must wait for
		// the goroutine that runs the held ECHO.
		harness.Idle(t)
		if r, returned := srv.Returned(); returned {
			how := harness.T("with nil", "返回值为 nil")
			switch {
			case r.Panic != nil:
				how = harness.Textf("it panicked: %v", "它发生了 panic：%v", r.Panic)
			case r.Value != nil:
				how = harness.Textf("with the error %q", "返回值是错误 %q", r.Value)
			}
			t.Fatal(harness.Textf("Serve returned (%s) while the goroutine serving a connection was still running a request: "+
				"before returning, wait until every connection's goroutine has ended (a sync.WaitGroup)",
				"服务某个连接的 goroutine 还在执行请求，Serve 就返回了（%s）：返回之前要等待每个连接的 goroutine 结束（用 sync.WaitGroup）", how))
		}
		if !idle.Peer().Closed() {
			t.Fatal(harness.T("the listener was closed, but Serve left a silent client's connection open: "+
				"once Accept fails, close the connections still open (that is what ends their goroutines, blocked in Read), "+
				"then wait for their goroutines",
				"listener 已经关闭，Serve 却让一个不说话的客户端的连接继续开着：Accept 失败之后，要关闭仍然打开的连接"+
					"（正是这一步让阻塞在 Read 中的 goroutine 结束），然后等待这些 goroutine"))
		}
		release()
		r := srv.Wait(harness.T("Serve did not return once the request it was waiting for had ended",
			"Serve 等待的那个请求已经结束，它却一直没有返回"))
		require.NoError(harness.TB(t), r.Panic, harness.T("Serve panicked", "Serve 发生了 panic"))
		require.NoError(harness.TB(t), r.Value, harness.T("Serve must return nil once its listener is closed",
			"listener 关闭之后，Serve 必须返回 nil"))
	})
}

func TestServeReturnsOtherAcceptErrors(t *testing.T) {
	t.Run("at once", func(t *testing.T) {
		harness.CheckReturnsOtherAcceptErrors(t, serve(miniredis.Config{}))
	})
	inBubble(t, "with a connection open", func(t *testing.T) {
		errAccept := errors.New("accept: too many open files")
		ln := harness.Listen(t).(*memnet.Listener)
		srv := harness.StartOn(t, "Serve", ln, serve(miniredis.Config{}))
		open := srv.Dial(harness.T("a client connected when Accept failed", "Accept 失败时仍然连着的客户端"))
		ping(t, open, pingFirst)
		ln.FailAccept(errAccept)
		r := srv.Wait(harness.T("Serve did not return after Accept failed with %q", "Accept 以 %q 失败之后，Serve 一直没有返回"), errAccept)
		require.NoError(harness.TB(t), r.Panic, harness.T("Serve panicked", "Serve 发生了 panic"))
		require.ErrorIs(harness.TB(t), r.Value, errAccept, harness.T("Serve must return the Accept error it got", "Serve 必须返回它从 Accept 得到的错误"))
		if !open.Peer().Closed() {
			t.Fatal(harness.T("Serve returned after Accept failed, but left a client's connection open: "+
				"close the connections still open before returning",
				"Accept 失败后 Serve 返回了，却让一个客户端的连接继续开着：返回之前要关闭仍然打开的连接"))
		}
	})
}
