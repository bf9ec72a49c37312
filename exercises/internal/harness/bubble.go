package harness

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// Watchdog is how long, in real time, a Bubble may go without progress
// before its test fails saying what was still running. A bubble's waits
// are decided inside it, goroutines stuck on a lock are seen at once, and
// a loop that spins by the CPU it burns (spinCPU), so only code that
// blocks on what a bubble cannot see (a real socket, a system call), or
// spins where the CPU time cannot be read, gets this far. Progress is any change that goroutine dumps taken
// every tenth of a second show (a goroutine started, ended, blocked or
// woken) or bytes moving on the bubble's network: code that is correct
// but short of CPU makes some, however loaded the machine, so a slow
// machine cannot fail it.
const Watchdog = 10 * time.Second

// watchdog is Watchdog, shorter in the harness's own tests.
var watchdog = Watchdog

// minDumps is how many dumps in a row must show no progress, as well as
// Watchdog of time, before the watchdog fires.
const minDumps = 20

// stuckDumps is how many dumps in a row, over stuckFor at least, must
// show the same goroutines stuck on a lock before the bubble fails: a
// margin, not a wait for correct code to catch up. Every dump is taken
// with the world stopped, so one that shows the bubble's goroutines all
// blocked, some on a lock, shows a deadlock, but for what the harness
// rules out first: a goroutine outside the bubble that may hold the lock,
// such as one of the bubble's that the runtime took out of it while it
// helps the garbage collector (actingOutside), and one of the bubble's
// waiting for the world to stop (stoppingTheWorld). Before these were
// ruled out, correct solutions under load looked stuck in single dumps
// (177 of 4,867 bubbles) and in two in a row up to 67 ms apart; since, not
// once in 20,600 bubbles of the five solutions at load 15-45. A correct
// solution that logs 20,000 lines from a goroutine started in init, which
// held the standard logger while its write to the grader's pipe waited,
// looked stuck for longer than 30 ms until goroutines outside the bubble
// that run the module's code were counted too.
const (
	stuckDumps = 3
	stuckFor   = 30 * time.Millisecond
)

// spinCPU is how much CPU the test process may use, while dumps show a
// bubble making no progress and the learner's code runnable, before the
// bubble fails as a loop that never blocks. Correct code of these
// exercises never computes that long without a goroutine blocking or
// waking, or a byte moving (the most seen: 17 ms, over 2,000 runs of the
// five solutions' tests under -race, with and without GOMAXPROCS=1, beside
// two CPU-bound processes at load 20-43); code short of CPU uses none, so
// load cannot fail it: it only makes a spinning loop take longer to be seen.
// spinDumps is how many such dumps in a row it takes as well. (spinCPU
// is a variable so that the harness's own tests can leave a spin to the
// watchdog.)
var spinCPU = 200 * time.Millisecond

const spinDumps = 4

// backstop bounds a Bubble whose goroutines keep changing but that never
// ends (a loop that starts goroutines, say): a wrong program only.
const backstop = 10 * Watchdog

// A bubble is what the harness knows of one Bubble's synctest bubble.
type bubble struct {
	id      atomic.Int64         // synctest's number for it, once its body runs
	net     *memnet.Network      // made inside it, before the body runs
	waiting atomic.Pointer[Text] // what the test waits for now, if anything
}

// bubbles maps the *testing.T that synctest gives each running bubble's
// body to its bubble, so that Listen, Dial and the waits find the bubble
// from the t they are given.
var bubbles sync.Map

// bubbleOf is t's bubble, or nil when t runs outside any.
func bubbleOf(t *testing.T) *bubble {
	if b, ok := bubbles.Load(t); ok {
		return b.(*bubble)
	}
	return nil
}

// Bubble runs body in a new testing/synctest bubble with an in-memory
// network (package memnet): inside, Listen, Start and Dial use that
// network, and every wait of the harness (Within, Await, Client.Expect,
// Server.Stop, Idle) is decided by the bubble's clock, which moves on
// only when every goroutine in the bubble is durably blocked. A wait for
// something the code never does ends at once, saying where the code's
// goroutines were; a wait for code that is still busy lasts as long as
// that code needs: a correct solution cannot fail for lack of CPU.
//
// What synctest would report by crashing the whole test binary, Bubble
// reports as a failure of t, and the package's other tests still run:
// goroutines left once body and its cleanups have ended and everything
// the harness gave the code is closed (a leak), and a deadlock. It also
// fails t at once when a goroutine dump shows every goroutine of the
// bubble blocked, some on a lock (which synctest cannot see as durable),
// and after Watchdog of real time when code keeps running. Each message
// lists the goroutines, the learner's code first.
//
// Bubble returns whether body passed. Inside a bubble already, it runs
// body there. body must not call t.Run, t.Parallel or t.Deadline.
func Bubble(t *testing.T, body func(t *testing.T)) bool {
	t.Helper()
	if bubbleOf(t) != nil {
		body(t)
		return !t.Failed()
	}
	b := &bubble{}
	ended := make(chan any, 1)
	go func() {
		// synctest.Test panics, here, when the bubble deadlocks or ends
		// with goroutines left; the goroutines stay blocked for good,
		// which harms nothing. When body failed, it calls t.FailNow,
		// which ends this goroutine (recover then returns nil).
		defer func() { ended <- recover() }()
		synctest.Test(t, func(t *testing.T) { b.run(t, body) })
	}()
	return b.watch(t, ended)
}

// run is the bubble's body: it makes the network, registers the bubble,
// and after body and its cleanups, checks for leaks.
func (b *bubble) run(t *testing.T, body func(t *testing.T)) {
	b.net = memnet.New()
	b.id.Store(current().bubble) // after b.net: watch reads b.net once it sees b.id
	bubbles.Store(t, b)
	// Cleanups run last registered first: these two run after all of
	// body's, which close what the harness gave the code, and stop its
	// servers.
	t.Cleanup(func() { bubbles.Delete(t) })
	t.Cleanup(func() { b.settleLeaks(t) })
	body(t)
}

// watch waits, on the test's own goroutine, for the bubble to end, and
// in the meantime looks at its goroutines: it returns at once when they
// are all stuck for good, and after Watchdog when they are not done.
func (b *bubble) watch(t *testing.T, ended <-chan any) bool {
	t.Helper()
	start, me := time.Now(), current().id
	pause := time.Millisecond
	var suspect []goroutine // the last dump that looked stuck
	seen := 0               // how many dumps in a row showed it
	var since time.Time     // when the first of them was taken
	progressed, last, same := start, "", 0
	cpuAtProgress, measured := cpuTime()
	for {
		timer := time.NewTimer(pause)
		select {
		case v := <-ended:
			timer.Stop()
			return b.ended(t, v)
		case <-timer.C:
		}
		pause = min(2*pause, 100*time.Millisecond, watchdog/(2*minDumps))
		var gs []goroutine
		state, outside := "", false
		if id := b.id.Load(); id != 0 { // b.net is set before b.id
			all := allGoroutines()
			gs, outside = inBubble(all, id), actingOutside(all, me)
			state = progress(gs, b.net.Moved())
		}
		if !outside && stuck(gs) {
			// Stuck goroutines never change: the same ones in the same
			// states, dump after dump (see stuckDumps).
			if !sameStates(suspect, gs) {
				suspect, seen, since = gs, 0, time.Now()
			}
			if seen++; seen >= stuckDumps && time.Since(since) >= stuckFor {
				if !t.Failed() {
					t.Error(b.verdict(b.stuckMessage(gs)))
				}
				return false
			}
			// Look often while it lasts: a dump that shows any change ends
			// the suspicion, so more of them rule out more, and the verdict
			// comes soon after stuckFor, not up to a whole pause later.
			pause = min(pause, stuckFor/6)
			continue
		}
		suspect, seen = nil, 0
		if state != last {
			progressed, last, same = time.Now(), state, 0
			cpuAtProgress, measured = cpuTime()
		}
		same++
		// The CPU is the whole process's: while code outside the bubble may
		// be burning it (a learner's goroutine started in init, say), it
		// says nothing of the bubble's.
		if cpu, ok := cpuTime(); ok && measured && !outside && same >= spinDumps && cpu-cpuAtProgress >= spinCPU &&
			slices.ContainsFunc(relevant(gs), spinning) {
			if !t.Failed() {
				t.Error(b.verdict(b.spinMessage(gs, cpu-cpuAtProgress)))
			}
			return false
		}
		// Many dumps, not only a long time: a process that got no CPU at
		// all for a while (its goroutines and this one alike) has made no
		// progress, but has not been seen making none.
		if time.Since(progressed) > watchdog && same >= minDumps || time.Since(start) > backstop {
			if !t.Failed() {
				t.Error(b.verdict(b.stallMessage(gs)))
			}
			return false
		}
	}
}

// actingOutside reports whether a goroutine of the dump all, other than
// the caller me, runs the exercises module's code (the learner's, the
// tests', the harness's) outside every bubble and could still act: not
// blocked on a lock or a channel. Such a goroutine can hold a lock that the
// bubble waits for, so the bubble is not stuck for good: a learner's
// goroutine started in init that logs through the standard logger while
// its write to a pipe waits, or one of the bubble's own that the runtime
// takes out of it while it starts or assists a garbage collection (it
// then shows in no bubble, running or waiting where the collector makes it
// wait).
func actingOutside(all []goroutine, me int64) bool {
	return slices.ContainsFunc(all, func(g goroutine) bool {
		return g.bubble == 0 && g.id != me && (g.standing() == moving || collecting(g.state)) &&
			slices.ContainsFunc(g.frames, func(f frame) bool { return strings.HasPrefix(pkgOf(f.fn), modulePath+"/") })
	})
}

// collecting reports whether a goroutine in state may be starting or
// assisting a garbage collection and waits for the collector, the world
// to stop, or the semaphores a collection's start takes.
func collecting(state string) bool {
	return state == "semacquire" || state == "stopping the world" ||
		strings.HasPrefix(state, "GC ") || strings.HasPrefix(state, "garbage collection")
}

// spinning reports whether g runs the learner's code and may be running.
func spinning(g goroutine) bool {
	return g.learners() && g.standing() == moving && (g.state == "running" || g.state == "runnable")
}

// ended reports how the bubble ended: v is what synctest.Test panicked
// with, or nil when it returned or failed t itself.
func (b *bubble) ended(t *testing.T, v any) bool {
	t.Helper()
	if v == nil {
		return !t.Failed()
	}
	report := fmt.Sprint(v)
	if !strings.HasPrefix(report, "deadlock: ") {
		panic(v)
	}
	if t.Failed() {
		// What failed the test already explains the goroutines it left.
		return false
	}
	gs := relevant(inBubble(allGoroutines(), b.id.Load()))
	if strings.Contains(report, "main bubble goroutine has exited") {
		t.Error(b.leakMessage(gs))
	} else {
		t.Error(b.verdict(Textf("every goroutine is blocked, and none of them can wake another (a deadlock):\n%s",
			"所有 goroutine 都阻塞了，谁也唤醒不了谁（死锁）：\n%s", describe(gs))))
	}
	return false
}

// progress sums up a dump of a bubble's goroutines and the bytes its
// network moved: while it stays the same, the bubble does nothing
// visible.
func progress(gs []goroutine, moved int64) string {
	var b strings.Builder
	fmt.Fprint(&b, moved)
	for _, g := range gs {
		fmt.Fprintf(&b, " %d:%d", g.id, g.standing())
	}
	return b.String()
}

// relevant are the goroutines of gs a learner needs to see: those that
// run the learner's code, or when none does, all but synctest's own.
func relevant(gs []goroutine) []goroutine {
	gs = slices.DeleteFunc(slices.Clone(gs), goroutine.infrastructure)
	if slices.ContainsFunc(gs, goroutine.learners) {
		return slices.DeleteFunc(gs, func(g goroutine) bool { return !g.learners() })
	}
	return gs
}

// sameStates reports whether two dumps show the same goroutines in the
// same states.
func sameStates(a, b []goroutine) bool {
	return len(a) > 0 && slices.EqualFunc(a, b, func(x, y goroutine) bool {
		return x.id == y.id && x.state == y.state && x.durable == y.durable
	})
}

// settleLeaks lets the goroutines the test leaves end, once its body and
// cleanups are done: it waits until every goroutine is blocked or gone,
// and if some are left, until Patience more has passed on the bubble's
// clock, so that a goroutine that ends by itself a little later is not
// taken for a leak. Those still there then are: the bubble's main
// goroutine ends, and synctest.Test reports them to Bubble, which
// reports them to the test. (When the test failed, its failure explains
// what it left, and the leak goes unreported.)
func (b *bubble) settleLeaks(t *testing.T) {
	if t.Failed() {
		return
	}
	defer b.during(T("after the test, waiting for your goroutines to end",
		"测试结束后，等待你的 goroutine 结束"))()
	me := current().id
	others := func() bool {
		return slices.ContainsFunc(inBubble(allGoroutines(), b.id.Load()), func(g goroutine) bool {
			return g.id != me && !g.infrastructure()
		})
	}
	synctest.Wait()
	if others() {
		time.Sleep(Patience)
		synctest.Wait()
	}
}

func (b *bubble) leakMessage(gs []goroutine) Text {
	return Textf("goroutines were still running after the test ended (every goroutine your code starts must end "+
		"once its work is done and its listener and connections are closed):\n%s%s",
		"测试结束后仍有 goroutine 在运行（你的代码启动的每个 goroutine，都必须在工作完成、listener 和连接都已关闭后结束）：\n%s%s",
		describe(gs), b.stallNotes())
}

func (b *bubble) stuckMessage(gs []goroutine) Text {
	gs = relevant(gs)
	return Textf("this can never happen now: every goroutine is blocked, some waiting for a lock (a sync.Mutex, say) "+
		"that only another of them, blocked too, could release:\n%s",
		"这已经不可能发生了：所有 goroutine 都阻塞了，其中有的在等一把锁（比如 sync.Mutex），"+
			"而能释放它的只有另一个同样阻塞着的 goroutine：\n%s", describe(gs))
}

// spinners are the goroutines of gs a learner needs to see that may be
// running, or all of those when none is.
func spinners(gs []goroutine) []goroutine {
	gs = relevant(gs)
	running := slices.DeleteFunc(slices.Clone(gs), func(g goroutine) bool { return g.standing() != moving })
	if len(running) == 0 {
		return gs
	}
	return running
}

// spinMessage says that the code used cpu without any progress.
func (b *bubble) spinMessage(gs []goroutine, cpu time.Duration) Text {
	return Textf("your code used %v of CPU and nothing happened: it kept running without ever blocking "+
		"(a loop that never waits?):\n%s",
		"你的代码用了 %v的 CPU，却什么进展也没有：它一直在运行、从不阻塞（是不是有个从不等待的循环？）：\n%s",
		duration(cpu.Round(10*time.Millisecond)), describe(spinners(gs)))
}

// stallMessage says that nothing happened for the watchdog's time.
func (b *bubble) stallMessage(gs []goroutine) Text {
	return Textf("nothing happened for %v: your code kept running without ever blocking "+
		"(a loop that never waits?), or waited for something outside the test (a real socket?):\n%s",
		"%v内什么进展也没有：你的代码一直在运行、从不阻塞（是不是有个从不等待的循环？），"+
			"或者在等测试之外的东西（比如真实的 socket）：\n%s", duration(watchdog), describe(spinners(gs)))
}

// verdict puts what the test was waiting for, if anything, before a
// message about the bubble's goroutines.
func (b *bubble) verdict(m Text) Text {
	if w := b.waiting.Load(); w != nil {
		return Textf("%s: %s", "%s：%s", *w, m)
	}
	return m
}

// during records what the test waits for until the returned function is
// called, which puts back what was recorded before, so that a verdict of
// the watchdog can say it. A nil bubble records nothing.
func (b *bubble) during(what Text) func() {
	if b == nil {
		return func() {}
	}
	before := b.waiting.Swap(&what)
	return func() { b.waiting.Store(before) }
}

// settle, in a bubble, waits until every other goroutine is durably
// blocked (synctest.Wait): what they were doing has then been done. A nil
// bubble does nothing.
func (b *bubble) settle() {
	if b != nil {
		synctest.Wait()
	}
}

// snapshot says where the learner's goroutines are, for a wait that ran
// out: on the bubble's clock, that means they were all blocked.
func (b *bubble) snapshot() Text {
	if b == nil {
		return Text{}
	}
	me := current().id
	gs := slices.DeleteFunc(inBubble(allGoroutines(), b.id.Load()), func(g goroutine) bool {
		return g.id == me || !g.learners()
	})
	if len(gs) == 0 {
		return b.stallNotes()
	}
	return Textf("\nyour goroutines were then:\n%s%s", "\n此时你的 goroutine：\n%s%s", describe(gs), b.stallNotes())
}

// stallNotes explains the memnet calls that stopped returning because the
// code kept calling them after they had failed.
func (b *bubble) stallNotes() Text {
	var out Text
	for _, s := range b.net.Stalls() {
		var note Text
		switch s.Op {
		case "accept":
			note = Textf("Accept on %v had failed with net.ErrClosed %d times in a row, so the test stopped it "+
				"returning: a loop around Accept must end at that error",
				"%v 上的 Accept 已经连续 %d 次以 net.ErrClosed 失败，所以测试不再让它返回："+
					"调用 Accept 的循环遇到这个错误就必须结束", s.Addr, memnet.SpinLimit)
		default:
			note = Textf("%s on the connection from %v had failed with %q %d times in a row, so the test stopped it "+
				"returning: stop at the first error (io.EOF included)",
				"来自 %[2]v 的连接上的 %[1]s 已经连续 %[4]d 次以 %[3]q 失败，所以测试不再让它返回："+
					"遇到第一个错误（包括 io.EOF）就要停下", opName(s.Op), s.Addr, s.Err.Error(), memnet.SpinLimit)
		}
		out.En += "\n" + note.En
		out.Zh += "\n" + note.Zh
	}
	return out
}

func opName(op string) string {
	if op == "read" {
		return "Read"
	}
	return "Write"
}

// Idle lets the code under test run until it can do nothing more: until
// Patience has passed on the bubble's clock (for code that sleeps or
// waits on a timer) and every goroutine in the bubble is durably blocked.
// What the code has not done by then, it would never do unless the test
// did something. Call it only inside a Bubble.
func Idle(t *testing.T) {
	t.Helper()
	b := mustBubble(t, "Idle")
	defer b.during(T("letting your code run until it could do nothing more",
		"让你的代码一直运行，直到它什么也做不了"))()
	time.Sleep(Patience)
	synctest.Wait()
}

// Net is the in-memory network of t's bubble. Call it only inside a
// Bubble.
func Net(t *testing.T) *memnet.Network {
	t.Helper()
	return mustBubble(t, "Net").net
}

func mustBubble(t *testing.T, what string) *bubble {
	t.Helper()
	b := bubbleOf(t)
	if b == nil {
		t.Fatalf("harness.%s needs a test running in harness.Bubble", what)
	}
	return b
}
