package harness

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/gospawn/workbook/exercises/internal/memnet"
)

// goroutine is one record of a goroutine dump, as runtime.Stack writes
// it:
//
//	goroutine 24 [chan receive (durable), synctest bubble 2]:
//	example.com/echo.Serve.func1()
//		/src/echo/echo.go:21 +0x6b
//	created by example.com/echo.Serve in goroutine 23
//		/src/echo/echo.go:19 +0x277
type goroutine struct {
	id      int64
	state   string // as printed, without " (durable)": "chan receive", "sync.Mutex.Lock", "running"
	durable bool   // blocked where only its own bubble can wake it
	bubble  int64  // the synctest bubble it belongs to; 0 for none
	frames  []frame
}

// frame is one call on a goroutine's stack, innermost first; the last may
// be the "created by" frame.
type frame struct {
	fn   string // "example.com/echo.Serve.func1", or "created by example.com/echo.Serve"
	file string
	line int
}

// parseDump reads a goroutine dump into its records, skipping what it
// cannot read.
func parseDump(dump string) []goroutine {
	var gs []goroutine
	for _, record := range strings.Split(strings.TrimSpace(dump), "\n\n") {
		lines := strings.Split(record, "\n")
		g, ok := parseHeader(lines[0])
		if !ok {
			continue
		}
		for i := 1; i+1 < len(lines); i++ {
			loc, ok := strings.CutPrefix(lines[i+1], "\t")
			if !ok || strings.HasPrefix(lines[i], "\t") {
				continue
			}
			loc, _, _ = strings.Cut(loc, " +0x")
			colon := strings.LastIndexByte(loc, ':')
			n, err := strconv.Atoi(loc[colon+1:])
			if colon < 0 || err != nil {
				continue
			}
			g.frames = append(g.frames, frame{fn: funcOf(lines[i]), file: loc[:colon], line: n})
			i++
		}
		gs = append(gs, g)
	}
	return gs
}

// parseHeader reads "goroutine 24 [chan receive (durable), 2 minutes,
// synctest bubble 2]:". Go 1.25 and 1.26 print the bubble last, though
// 1.26 may add labels after it; "gp=… m=…" may come before the brackets.
func parseHeader(line string) (goroutine, bool) {
	rest, ok := strings.CutPrefix(line, "goroutine ")
	if !ok {
		return goroutine{}, false
	}
	idText, rest, _ := strings.Cut(rest, " ")
	id, err := strconv.ParseInt(idText, 10, 64)
	open := strings.IndexByte(rest, '[')
	if err != nil || open < 0 || !strings.HasSuffix(rest, "]:") {
		return goroutine{}, false
	}
	inside := rest[open+1 : len(rest)-2]
	g := goroutine{id: id}
	state, more, _ := strings.Cut(inside, ", ")
	state, _, _ = strings.Cut(state, " (scan)")
	g.state, g.durable = strings.CutSuffix(state, " (durable)")
	if _, after, ok := strings.Cut(more, "synctest bubble "); ok {
		end := 0
		for end < len(after) && after[end] >= '0' && after[end] <= '9' {
			end++
		}
		g.bubble, _ = strconv.ParseInt(after[:end], 10, 64)
	}
	return g, true
}

// funcOf is the function a stack line names, without its arguments and,
// for "created by", without the goroutine that did it.
func funcOf(line string) string {
	if rest, ok := strings.CutPrefix(line, "created by "); ok {
		rest, _, _ = strings.Cut(rest, " in goroutine ")
		return "created by " + rest
	}
	if strings.HasSuffix(line, ")") {
		if i := strings.LastIndexByte(line, '('); i > 0 {
			return line[:i]
		}
	}
	return line
}

// How a goroutine stands, for deciding whether its bubble can go on.
type standing int

const (
	// moving: running, runnable, in a system call or in network I/O: it
	// may still do something, or something outside may wake it.
	moving standing = iota
	// parked: durably blocked; the bubble itself decides what happens
	// next (time moves on, or synctest reports a deadlock).
	parked
	// held: blocked, not durably, where only another goroutine can wake
	// it: a lock, a WaitGroup or a channel made outside the bubble. In a
	// bubble, where no goroutine outside touches the code under test, only
	// one of its own goroutines can; but while one is held, the bubble's
	// clock stops and synctest.Wait never returns.
	held
)

// heldStates are the states of a goroutine blocked, not durably, until
// another goroutine acts.
var heldStates = []string{"sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock", "sync.WaitGroup.Wait",
	"semacquire", "sync.Cond.Wait", "chan receive", "chan send", "select", "chan receive (nil chan)",
	"chan send (nil chan)", "select (no cases)"}

func (g goroutine) standing() standing {
	switch {
	case g.durable && g.state != "running" && g.state != "runnable":
		return parked
	case g.state == "semacquire" && g.stoppingTheWorld():
		// It waits for a goroutine dump or the like from outside the
		// bubble (the harness's own watcher) to let the world go.
		return moving
	case slices.Contains(heldStates, g.state):
		return held
	}
	return moving
}

// stoppingTheWorld reports whether g is in a runtime function that stops
// the world (runtime.Stack of every goroutine, runtime.GC, ReadMemStats):
// a semaphore there is the world's, which goroutines outside the bubble
// hold and release.
func (g goroutine) stoppingTheWorld() bool {
	return slices.ContainsFunc(g.frames, func(f frame) bool {
		switch pkgOf(f.fn) {
		case "runtime", "runtime/debug", "runtime/pprof":
			return true
		}
		return false
	})
}

// infrastructure reports whether g is one of synctest's own goroutines:
// the one that called synctest.Run, or the bubble's first, which waits
// for the test's body.
func (g goroutine) infrastructure() bool {
	return slices.ContainsFunc(g.frames, func(f frame) bool {
		return f.fn == "internal/synctest.Run" || f.fn == "testing/synctest.testingSynctestTest" ||
			f.fn == "testing.testingSynctestTest"
	})
}

// stuck reports whether gs, every goroutine of a bubble, can never move
// again: none is moving and at least one is held. (When all are parked,
// synctest decides.) Nothing outside a bubble takes the locks of the code
// under test, so a held goroutine waits for one of the others, which all
// wait too.
func stuck(gs []goroutine) bool {
	anyHeld := false
	for _, g := range gs {
		switch g.standing() {
		case moving:
			return false
		case held:
			anyHeld = true
		}
	}
	return anyHeld
}

// allGoroutines is a dump of every goroutine, taken with the world
// stopped, so that their states are seen at one instant.
func allGoroutines() []goroutine {
	p := dumpBufs.Get().(*[]byte)
	defer dumpBufs.Put(p)
	for {
		n := runtime.Stack(*p, true)
		if n < len(*p) {
			return parseDump(string((*p)[:n]))
		}
		*p = make([]byte, 2*len(*p))
	}
}

// dumpBufs keeps the buffers dumps are written into: the watcher dumps
// every few milliseconds, and under the race detector a new buffer for
// each dump cost more CPU than the dump itself.
var dumpBufs = sync.Pool{New: func() any { b := make([]byte, 1<<16); return &b }}

// inBubble returns the goroutines of bubble id.
func inBubble(gs []goroutine, id int64) []goroutine {
	var out []goroutine
	for _, g := range gs {
		if g.bubble == id {
			out = append(out, g)
		}
	}
	return out
}

// current is the calling goroutine's record (its number and bubble).
func current() goroutine {
	var buf [256]byte
	n := runtime.Stack(buf[:], false)
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	g, _ := parseHeader(line)
	return g
}

// Whose code a frame runs, from the learner's point of view.
type place int

const (
	learnerCode place = iota // the exercise's own files: what the learner wrote
	testCode                 // the exercise's test files
	otherCode                // the harness, the standard library, other modules
)

// The import paths that tell the places apart: the exercises module, and
// the packages of the test machinery inside it.
var (
	harnessPath = reflect.TypeFor[Text]().PkgPath()
	memnetPath  = reflect.TypeFor[memnet.Conn]().PkgPath()
	modulePath  = strings.TrimSuffix(harnessPath, "/internal/harness")
)

// pkgOf is the import path of the package of function fn:
// "example.com/x/echo" for "example.com/x/echo.(*T).Serve.func1".
func pkgOf(fn string) string {
	fn = strings.TrimPrefix(fn, "created by ")
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

func (f frame) place() place {
	pkg := pkgOf(f.fn)
	switch {
	case pkg == harnessPath || pkg == memnetPath || !strings.HasPrefix(pkg, modulePath+"/"):
		return otherCode
	case strings.HasSuffix(f.file, "_test.go"):
		return testCode
	}
	return learnerCode
}

// learners reports whether g runs the learner's code.
func (g goroutine) learners() bool {
	return slices.ContainsFunc(g.frames, func(f frame) bool { return f.place() == learnerCode })
}

// shortFunc drops the import path from a function name, keeping its
// package's name: "echo.Serve.func1", "created by echo.Serve".
func shortFunc(fn string) string {
	prefix := ""
	if rest, ok := strings.CutPrefix(fn, "created by "); ok {
		prefix, fn = "created by ", rest
	}
	if i := strings.LastIndexByte(pkgOf(fn), '/'); i >= 0 {
		fn = fn[i+1:]
	}
	return prefix + fn
}

// maxOtherFrames is how many frames outside the learner's and the tests'
// code a goroutine shows: the innermost, which say what it is blocked in.
// The runtime's own are never shown.
const maxOtherFrames = 2

// describe lists goroutines the way a learner reads them: those running
// the learner's code first, and in each, the learner's frames first, then
// the tests', then at most maxOtherFrames of the rest. Goroutines with the
// same state and frames are listed once, with their number.
func describe(gs []goroutine) Text {
	type group struct {
		g goroutine
		n int
	}
	var groups []*group
	seen := map[string]*group{}
	for _, g := range slices.Concat(
		slices.DeleteFunc(slices.Clone(gs), func(g goroutine) bool { return !g.learners() }),
		slices.DeleteFunc(slices.Clone(gs), goroutine.learners)) {
		key := g.state + fmt.Sprint(g.frames)
		if gr := seen[key]; gr != nil {
			gr.n++
			continue
		}
		seen[key] = &group{g, 1}
		groups = append(groups, seen[key])
	}
	var en, zh []string
	for _, gr := range groups {
		head := Textf("%d goroutine blocked in %s:", "%d 个 goroutine 阻塞在 %s：", gr.n, gr.g.blockedIn())
		switch {
		case gr.g.standing() == moving && (gr.g.state == "running" || gr.g.state == "runnable"):
			head = Textf("%d goroutine running:", "%d 个 goroutine 正在运行：", gr.n)
		case gr.g.standing() == moving:
			head = Textf("%d goroutine in %s:", "%d 个 goroutine 处于 %s：", gr.n, gr.g.state)
		}
		if gr.n > 1 {
			head.En = strings.Replace(head.En, " goroutine ", " goroutines ", 1)
		}
		lines := Text{head.En, head.Zh}
		for _, l := range frameLines(gr.g.frames) {
			lines.En += "\n    " + l.En
			lines.Zh += "\n    " + l.Zh
		}
		en, zh = append(en, lines.En), append(zh, lines.Zh)
	}
	return Text{strings.Join(en, "\n"), strings.Join(zh, "\n")}
}

// blockedIn says what a blocked goroutine waits in: its state, or for a
// wait inside the in-memory network, the call that waits (Read, Write,
// Accept), which is what the learner's code called.
func (g goroutine) blockedIn() string {
	for _, f := range g.frames {
		if internals(f.fn) {
			continue
		}
		if pkgOf(f.fn) == memnetPath {
			return f.fn[strings.LastIndexByte(f.fn, '.')+1:]
		}
		break
	}
	return g.state
}

// frameLines are a goroutine's frames as describe shows them, one a line:
// "file:line  function".
func frameLines(frames []frame) []Text {
	var out []Text
	hidden := 0
	for _, want := range []place{learnerCode, testCode, otherCode} {
		shown := 0
		for _, f := range frames {
			if f.place() != want {
				continue
			}
			if want == otherCode && (shown == maxOtherFrames || internals(f.fn) ||
				strings.HasPrefix(f.fn, "created by ")) {
				hidden++
				continue
			}
			shown++
			l := fmt.Sprintf("%s:%d  %s", f.file, f.line, shortFunc(f.fn))
			out = append(out, Text{l, l})
		}
	}
	switch {
	case hidden == 1:
		out = append(out, T("(and 1 frame more, in the harness, the runtime or the standard library)",
			"（另有 1 个栈帧位于测试框架、运行时或标准库中）"))
	case hidden > 1:
		out = append(out, Textf("(and %d frames more, in the harness, the runtime or the standard library)",
			"（另有 %d 个栈帧位于测试框架、运行时或标准库中）", hidden))
	}
	return out
}

// internals reports whether fn belongs to the runtime, to a standard
// library package's internals, or is unexported in the harness or
// memnet: frames that say nothing to a learner.
func internals(fn string) bool {
	pkg := pkgOf(fn)
	if pkg == harnessPath || pkg == memnetPath {
		name := fn[strings.LastIndexByte(fn, '.')+1:] // the method, or the closure: "func1"
		return name != "" && unicode.IsLower(rune(name[0]))
	}
	return pkg == "runtime" || strings.HasPrefix(pkg, "internal/") || strings.HasPrefix(pkg, "runtime/")
}
