package harness

import (
	"slices"
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		line    string
		want    goroutine
		wantErr bool
	}{
		{"goroutine 24 [chan receive (durable), synctest bubble 2]:", goroutine{id: 24, state: "chan receive", durable: true, bubble: 2}, false},
		{"goroutine 7 [running, synctest bubble 15]:", goroutine{id: 7, state: "running", bubble: 15}, false},
		{"goroutine 30 [sync.Mutex.Lock, synctest bubble 3]:", goroutine{id: 30, state: "sync.Mutex.Lock", bubble: 3}, false},
		{"goroutine 9 [select (no cases) (durable), 2 minutes, synctest bubble 4]:", goroutine{id: 9, state: "select (no cases)", durable: true, bubble: 4}, false},
		{"goroutine 27 [synctest.Run (durable), synctest bubble 3]:", goroutine{id: 27, state: "synctest.Run", durable: true, bubble: 3}, false},
		// Go 1.26 with GODEBUG=tracebacklabels=1 prints labels after the bubble.
		{`goroutine 5 [chan send (durable), synctest bubble 12 labels:{"k": "v"}]:`, goroutine{id: 5, state: "chan send", durable: true, bubble: 12}, false},
		{"goroutine 1 gp=0xc000002380 m=0 mp=0x5f8e40 [IO wait, locked to thread]:", goroutine{id: 1, state: "IO wait"}, false},
		{"goroutine 3 [chan receive]:", goroutine{id: 3, state: "chan receive"}, false},
		{"goroutine 3 [sleep (scan)]:", goroutine{id: 3, state: "sleep"}, false},
		{"goroutine x [running]:", goroutine{}, true},
		{"main.f()", goroutine{}, true},
	}
	for _, tt := range tests {
		got, ok := parseHeader(tt.line)
		if ok == tt.wantErr || ok && (got.id != tt.want.id || got.state != tt.want.state ||
			got.durable != tt.want.durable || got.bubble != tt.want.bubble) {
			t.Errorf("parseHeader(%q) = %+v, %v; want %+v, %v", tt.line, got, ok, tt.want, !tt.wantErr)
		}
	}
}

const dump = `goroutine 31 [sync.Mutex.Lock, synctest bubble 3]:
internal/sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
	/usr/local/go/src/sync/mutex.go:46
github.com/gospawn/workbook/exercises/02_spawn.Serve.func1()
	/w/exercises/02_spawn/spawn.go:31 +0x2d
created by github.com/gospawn/workbook/exercises/02_spawn.Serve in goroutine 29
	/w/exercises/02_spawn/spawn.go:27 +0x85

goroutine 29 [chan receive (durable), synctest bubble 3]:
github.com/gospawn/workbook/exercises/internal/memnet.(*link).waitLocked(0xc0000a4210, 0xc0000a42b0, {0x0?, 0x4bf7c8?, 0x0?})
	/w/exercises/internal/memnet/conn.go:110 +0xdb
github.com/gospawn/workbook/exercises/internal/memnet.(*Conn).Read(0xc0000c0080, {0xc0004f7200, 0x14e00, 0x14e00})
	/w/exercises/internal/memnet/conn.go:185 +0x119
github.com/gospawn/workbook/exercises/internal/harness.(*Client).read.func1()
	/w/exercises/internal/harness/harness.go:500 +0x119
github.com/gospawn/workbook/exercises/02_spawn_test.TestX(0xc00001cb48)
	/w/exercises/02_spawn/spawn_test.go:63 +0x2e5
testing.tRunner(0xc00001cb48, 0x6dab28)
	/usr/local/go/src/testing/testing.go:2036 +0x21d
...additional frames elided...
created by testing/synctest.testingSynctestTest in goroutine 10
	/usr/local/go/src/testing/testing.go:2150 +0x5fd

goroutine 10 [chan receive (durable), synctest bubble 3]:
testing/synctest.testingSynctestTest(0xc00001c908, 0x6dab28)
	/usr/local/go/src/testing/testing.go:2151 +0x625
created by testing/synctest.Test in goroutine 9
	/usr/local/go/src/testing/synctest/synctest.go:290 +0x125

goroutine 4 [running]:
main.main()
	/w/main.go:3 +0x1
`

func TestParseDumpAndDescribe(t *testing.T) {
	gs := parseDump(dump)
	if len(gs) != 4 {
		t.Fatalf("parseDump found %d goroutines, want 4", len(gs))
	}
	mutex := gs[0]
	if mutex.standing() != held || len(mutex.frames) != 4 || mutex.frames[2].line != 31 ||
		mutex.frames[3].fn != "created by github.com/gospawn/workbook/exercises/02_spawn.Serve" ||
		!mutex.learners() {
		t.Errorf("first goroutine read as %+v", mutex)
	}
	if gs[1].standing() != parked || gs[1].learners() || gs[1].infrastructure() {
		t.Errorf("the test's goroutine read as %+v", gs[1])
	}
	if !gs[2].infrastructure() || gs[3].bubble != 0 {
		t.Errorf("synctest's goroutine read as %+v, the outsider as %+v", gs[2], gs[3])
	}
	if !stuck(inBubble(gs, 3)) {
		t.Error("stuck is false for a bubble whose goroutines are all blocked, one on a mutex")
	}
	got := describe(inBubble(gs, 3)).En
	want := `1 goroutine blocked in sync.Mutex.Lock:
    /w/exercises/02_spawn/spawn.go:31  02_spawn.Serve.func1
    /w/exercises/02_spawn/spawn.go:27  created by 02_spawn.Serve
    /usr/local/go/src/sync/mutex.go:46  sync.(*Mutex).Lock
    (and 1 frame more, in the harness, the runtime or the standard library)
1 goroutine blocked in Read:
    /w/exercises/02_spawn/spawn_test.go:63  02_spawn_test.TestX
    /w/exercises/internal/memnet/conn.go:185  memnet.(*Conn).Read
    /usr/local/go/src/testing/testing.go:2036  testing.tRunner
    (and 3 frames more, in the harness, the runtime or the standard library)
1 goroutine blocked in chan receive:
    /usr/local/go/src/testing/testing.go:2151  synctest.testingSynctestTest
    (and 1 frame more, in the harness, the runtime or the standard library)`
	if got != want {
		t.Errorf("describe:\n%s\nwant:\n%s", got, want)
	}
}

func TestStuck(t *testing.T) {
	g := func(state string, durable bool) goroutine { return goroutine{state: state, durable: durable} }
	tests := []struct {
		name string
		gs   []goroutine
		want bool
	}{
		{"all durable: synctest decides", []goroutine{g("chan receive", true), g("select", true)}, false},
		{"one on a mutex, the others durable", []goroutine{g("sync.Mutex.Lock", false), g("chan receive", true)}, true},
		{"one on a mutex, one running", []goroutine{g("sync.Mutex.Lock", false), g("running", false)}, false},
		{"one on a mutex, one runnable", []goroutine{g("sync.RWMutex.RLock", false), g("runnable", false)}, false},
		{"one in a real socket", []goroutine{g("IO wait", false), g("chan receive", true)}, false},
		{"one in a system call", []goroutine{g("syscall", false), g("sync.Mutex.Lock", false)}, false},
		{"a channel made outside", []goroutine{g("chan receive", false), g("sleep", true)}, true},
		{"none", nil, false},
	}
	for _, tt := range tests {
		if got := stuck(tt.gs); got != tt.want {
			t.Errorf("%s: stuck = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFrameNames(t *testing.T) {
	for fn, want := range map[string][2]string{
		"github.com/gospawn/workbook/exercises/01_echo.Serve.func1":          {"github.com/gospawn/workbook/exercises/01_echo", "01_echo.Serve.func1"},
		"created by github.com/gospawn/workbook/exercises/01_echo.Serve":     {"github.com/gospawn/workbook/exercises/01_echo", "created by 01_echo.Serve"},
		"github.com/gospawn/workbook/exercises/internal/memnet.(*Conn).Read": {memnetPath, "memnet.(*Conn).Read"},
		"sync.(*Mutex).Lock":        {"sync", "sync.(*Mutex).Lock"},
		"internal/sync.runtime_Sem": {"internal/sync", "sync.runtime_Sem"},
	} {
		if pkg, short := pkgOf(fn), shortFunc(fn); pkg != want[0] || short != want[1] {
			t.Errorf("%s: package %q, short %q; want %q", fn, pkg, short, want)
		}
	}
	hidden := []string{"runtime.gopark", "internal/sync.runtime_SemacquireMutex", memnetPath + ".(*link).waitLocked",
		harnessPath + ".Bubble.func1"}
	shown := []string{"sync.(*Mutex).Lock", memnetPath + ".(*Conn).Read", harnessPath + ".Within[...]", "io.Copy"}
	for _, fn := range slices.Concat(hidden, shown) {
		if got, want := internals(fn), slices.Contains(hidden, fn); got != want {
			t.Errorf("internals(%q) = %v", fn, got)
		}
	}
	if !strings.HasSuffix(harnessPath, "/exercises/internal/harness") || modulePath+"/internal/memnet" != memnetPath {
		t.Errorf("harness %q, module %q, memnet %q", harnessPath, modulePath, memnetPath)
	}
}

func TestCurrentKnowsItsBubble(t *testing.T) {
	if g := current(); g.id <= 0 || g.bubble != 0 || g.state != "running" {
		t.Errorf("outside a bubble, current() = %+v", g)
	}
	Bubble(t, func(t *testing.T) {
		if g := current(); g.bubble == 0 {
			t.Errorf("inside a bubble, current() = %+v", g)
		}
	})
}
