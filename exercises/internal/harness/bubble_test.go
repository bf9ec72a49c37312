package harness

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gospawn/workbook/exercises/internal/harness/internal/wrong"
)

// The scenarios below are tests that fail on purpose, each with code that
// goes wrong in one way (package wrong plays the learner's code). They
// run only in a child process that TestBubbleVerdicts starts, each
// followed by TestScenarioAfter: the child's output shows how each failed,
// and that the test after it still ran, in the same process.

const scenarioEnv = "HARNESS_SCENARIO"

func scenario(t *testing.T) {
	if os.Getenv(scenarioEnv) == "" {
		t.Skip("a scenario that fails on purpose; TestBubbleVerdicts runs it")
	}
}

func TestScenarioDeadlock(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		<-wrong.Never() // no timer anywhere: synctest itself finds the deadlock
	})
}

func TestScenarioWaitRunsOut(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		Within(t, wrong.Never(), "the code never answered")
	})
}

func TestScenarioLeak(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		wrong.Never()
	})
}

func TestScenarioLock(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		Within(t, wrong.Locked(), "the code never got its lock")
	})
}

func TestScenarioGuardLock(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		Guard(t, "LockTwice", wrong.LockTwice)
	})
}

func TestScenarioSpin(t *testing.T) {
	scenario(t)
	watchdog = 300 * time.Millisecond
	spinCPU = time.Hour // the watchdog's verdict, not the CPU's
	var stop atomic.Bool
	defer stop.Store(true)
	Bubble(t, func(t *testing.T) {
		Within(t, wrong.Spin(&stop), "the code never stopped spinning")
	})
}

// TestScenarioSpinCPU spins with the real watchdog: the CPU the loop
// burns ends it first.
func TestScenarioSpinCPU(t *testing.T) {
	scenario(t)
	var stop atomic.Bool
	defer stop.Store(true)
	Bubble(t, func(t *testing.T) {
		Within(t, wrong.Spin(&stop), "the code never stopped spinning")
	})
}

func TestScenarioStall(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		ln := Listen(t)
		wrong.AcceptForever(ln)
		ln.Close()
	})
}

func TestScenarioFatal(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {
		wrong.Never()
		t.Fatal("the body failed")
	})
}

func TestScenarioAfter(t *testing.T) {
	scenario(t)
	Bubble(t, func(t *testing.T) {})
}

// TestBubbleVerdicts runs each scenario in a child process and checks
// what it printed: a failure of its own test, never a crash, saying what
// went wrong, with the learner's frame first; the test after it passing;
// and no real-time wait but the watchdog's.
func TestBubbleVerdicts(t *testing.T) {
	if os.Getenv(scenarioEnv) != "" {
		t.Skip("in a child process")
	}
	// The first goroutine listed, and its first frame, are the learner's.
	firstFrame := regexp.MustCompile(`goroutines? (?:blocked in [^\n]*|running|处于[^\n]*|阻塞在[^\n]*|正在运行)[:：]\n\s+(\S+)`)
	tests := []struct {
		scenario string
		lang     string
		want     []string // in the failure's output, in order
	}{
		{"Deadlock", "en", []string{"every goroutine is blocked, and none of them can wake another (a deadlock)",
			"1 goroutine blocked in chan receive:"}},
		{"WaitRunsOut", "en", []string{"after 5s on the test's clock: the code never answered",
			"your goroutines were then:", "1 goroutine blocked in chan receive:"}},
		{"Leak", "en", []string{"goroutines were still running after the test ended",
			"1 goroutine blocked in chan receive:"}},
		{"Leak", "zh", []string{"测试结束后仍有 goroutine 在运行", "1 个 goroutine 阻塞在 chan receive："}},
		{"Lock", "en", []string{"the code never got its lock: this can never happen now: every goroutine is blocked",
			"1 goroutine blocked in sync.Mutex.Lock:"}},
		{"GuardLock", "en", []string{"LockTwice never returned: this can never happen now: every goroutine is blocked",
			"1 goroutine blocked in sync.Mutex.Lock:"}},
		{"GuardLock", "zh", []string{"LockTwice 一直没有返回：这已经不可能发生了", "1 个 goroutine 阻塞在 sync.Mutex.Lock："}},
		{"Spin", "en", []string{"the code never stopped spinning: nothing happened for 300ms",
			"1 goroutine running:"}},
		{"SpinCPU", "en", []string{"the code never stopped spinning: your code used ", " of CPU and nothing happened",
			"1 goroutine running:"}},
		{"SpinCPU", "zh", []string{"你的代码用了 ", "秒的 CPU，却什么进展也没有", "1 个 goroutine 正在运行："}},
		{"Spin", "zh", []string{"300 毫秒内什么进展也没有", "1 个 goroutine 正在运行："}},
		{"WaitRunsOut", "zh", []string{"测试时钟走过 5 秒后：", "1 个 goroutine 阻塞在 chan receive："}},
		{"Stall", "en", []string{"goroutines were still running after the test ended",
			"had failed with net.ErrClosed 1000 times in a row"}},
		{"Fatal", "en", []string{"the body failed"}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario+"/"+tt.lang, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestScenario("+tt.scenario+"|After)$", "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), scenarioEnv+"=1", langEnv+"="+tt.lang)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			took := time.Since(start)
			text := string(out)
			if err == nil || strings.Contains(text, "panic:") || strings.Contains(text, "fatal error") {
				t.Fatalf("the child should fail its test, without a crash (err %v):\n%s", err, text)
			}
			if !strings.Contains(text, "--- FAIL: TestScenario"+tt.scenario) || !strings.Contains(text, "--- PASS: TestScenarioAfter") {
				t.Fatalf("want the scenario failed and the test after it passed:\n%s", text)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(text[at:], w)
				if i < 0 {
					t.Fatalf("the output lacks %q (after what came before it):\n%s", w, text)
				}
				at += i + len(w)
			}
			if m := firstFrame.FindStringSubmatch(text); tt.scenario != "Fatal" &&
				(m == nil || !strings.Contains(m[1], "internal/wrong/wrong.go:")) {
				t.Errorf("the goroutine's first frame is not the learner's line:\n%s", text)
			}
			if tt.scenario == "Fatal" && strings.Contains(text, "goroutines were still running") {
				t.Errorf("a failed test got a leak report too:\n%s", text)
			}
			// Generous, for a loaded machine: what matters is that no
			// verdict waited out a real Patience. A loop's CPU is
			// counted, not its time, which load stretches.
			if limit := 3 * time.Second; took > limit && tt.scenario != "SpinCPU" {
				t.Errorf("the child took %v, more than %v: did a verdict wait on the clock?", took, limit)
			}
		})
	}
}

// TestBubbleTimeIsVirtual shows what a bubble does for code that sleeps:
// its waits pass as soon as the code can do nothing else, and Patience
// costs nothing.
func TestBubbleTimeIsVirtual(t *testing.T) {
	start := time.Now()
	Bubble(t, func(t *testing.T) {
		in := time.Now()
		Within(t, wrong.Later(time.Second), "the code never woke up")
		if slept := time.Since(in); slept != time.Second {
			t.Errorf("the bubble's clock moved %v, want exactly the 1s the code slept", slept)
		}
		Idle(t)
		if idle := time.Since(in); idle != time.Second+Patience {
			t.Errorf("Idle left the bubble's clock at %v, want 1s + Patience", idle)
		}
	})
	if took := time.Since(start); took > time.Second {
		t.Errorf("a bubble whose clock moved 6s took %v of real time", took)
	}
}

// TestBubbleNests runs a Bubble inside a Bubble: the inner body runs in
// the outer bubble.
func TestBubbleNests(t *testing.T) {
	Bubble(t, func(outer *testing.T) {
		Bubble(outer, func(inner *testing.T) {
			if inner != outer || Net(inner) == nil {
				t.Error("the inner Bubble did not run in the outer one")
			}
		})
	})
}

// TestBubbleThenTCP runs a scenario that a client library would dial
// through DialContext: first in a bubble, on its in-memory network, then,
// since that passed, over real loopback TCP.
func TestBubbleThenTCP(t *testing.T) {
	var networks []string
	BubbleThenTCP(t, func(t *testing.T) {
		ln := Listen(t)
		accepted := make(chan net.Conn, 1)
		go func() {
			c, err := ln.Accept()
			if err == nil {
				accepted <- c
			}
		}()
		c, err := DialContext(t)(context.Background(), "tcp", ln.Addr().String())
		if err != nil {
			t.Fatalf("DialContext: %v", err)
		}
		defer c.Close()
		server := Within(t, accepted, "the listener never accepted the connection DialContext made")
		defer server.Close()
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatalf("writing: %v", err)
		}
		if _, err := io.ReadFull(server, make([]byte, 1)); err != nil {
			t.Fatalf("reading: %v", err)
		}
		networks = append(networks, fmt.Sprintf("%T", c))
	})
	if want := []string{"*memnet.Conn", "*net.TCPConn"}; !slices.Equal(networks, want) {
		t.Errorf("the scenario ran on %v, want %v", networks, want)
	}
}
