package harness

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestUnimplemented(t *testing.T) {
	const msg = "join.Spawn is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)"
	want := Text{"join.Spawn is not implemented yet (the chapter to read: book/en/03-join.md)",
		"join.Spawn 尚未实现（要读的章节：book/zh-CN/03-join.md）"}
	for _, tt := range []struct {
		name string
		v    any
		ok   bool
	}{
		{"a panic's string", msg, true},
		{"an error", errors.New(msg), true},
		{"already recognized", &notImplemented{want}, true},
		{"wrapped once recognized", fmt.Errorf("Serve: %w", &notImplemented{want}), true},
		{"a Result's panic", Result[int]{Panic: panicError(msg)}, true},
		{"a Result's error", Result[error]{Value: errors.New(msg)}, true},
		{"nil", nil, false},
		{"another panic", "index out of range", false},
		{"the message inside another", "Serve: " + msg, false},
		{"a Result without one", Result[error]{Value: errors.New("accept failed")}, false},
		{"a Result of an error type that is not error", Result[*os.PathError]{}, false},
		{"an error whose Error is a stub", stubbedError{}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var n *notImplemented
			var ok bool
			if r, isResult := tt.v.(interface {
				notImplemented() (*notImplemented, bool)
			}); isResult {
				n, ok = r.notImplemented()
			} else {
				n, ok = unimplemented(tt.v)
			}
			if ok != tt.ok {
				t.Fatalf("recognized = %v, want %v", ok, tt.ok)
			}
			if ok && n.text != want {
				t.Errorf("said %q, want %q", n.text, want)
			}
		})
	}
	t.Run("Go delivers it said, panicked or returned", func(t *testing.T) {
		t.Setenv(langEnv, "zh")
		p := <-Go(func() int { panic(msg) })
		e := <-Go(func() error { return errors.New(msg) })
		for _, err := range []error{p.Panic, e.Value} {
			if err == nil || err.Error() != want.Zh {
				t.Errorf("got %v, want %q", err, want.Zh)
			}
			if got := Textf("Serve returned %v", "Serve 返回了 %v", err); got.En != "Serve returned "+want.En {
				t.Errorf("Textf puts it in in each language's words: got %q", got.En)
			}
		}
	})
}

// stubbedError is an error type whose Error method is still a stub.
type stubbedError struct{}

func (stubbedError) Error() string {
	panic("join.Spawn is not implemented yet (see book/en/03-join.md · 参见 book/zh-CN/03-join.md)")
}

// TestStubsUseTheSharedMessage keeps every stub's "not implemented" in the
// one format the harness recognizes, naming a chapter that exists in both
// books: a stub whose message drifted would send the learner its raw text.
// It reads the files in exercises/, a learner's work in their clone.
func TestStubsUseTheSharedMessage(t *testing.T) {
	stubs, err := filepath.Glob(filepath.Join("..", "..", "0*", "*.go"))
	if err != nil || len(stubs) == 0 {
		t.Fatalf("no stubs found: %v", err)
	}
	// In the source, a message is one literal, or a name + todo, the
	// constant with the rest.
	literal := regexp.MustCompile(`"([^"]*not implemented yet[^"]*)"`)
	seen := 0
	for _, stub := range stubs {
		if strings.HasSuffix(stub, "_test.go") {
			continue
		}
		src, err := os.ReadFile(stub)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			seen++
			s := m[1]
			if strings.HasPrefix(s, " ") { // the todo constant: any name goes before it
				s = "pkg.Name" + s
			}
			parts := stubMessage.FindStringSubmatch(s)
			if parts == nil {
				t.Errorf("%s: %q is not in the shared format %s", stub, m[1], stubMessage)
				continue
			}
			if parts[2] != parts[3] {
				t.Errorf("%s: %q names two chapters", stub, m[1])
			}
			for _, book := range []string{"en", "zh-CN"} {
				if _, err := os.Stat(filepath.Join("..", "..", "..", "book", book, parts[2])); err != nil {
					t.Errorf("%s: %q: %v", stub, m[1], err)
				}
			}
		}
	}
	// A learner's finished files have none: the author check
	// (coursecheck's TestStubsCompileAndFail) requires the shipped stubs
	// to fail with the message said.
	t.Logf("%d stub messages in %d files", seen, len(stubs))
}
