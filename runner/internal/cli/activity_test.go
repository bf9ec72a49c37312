package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gospawn/workbook/runner/internal/check"
	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// syncBuffer is a bytes.Buffer safe for the drawing goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestActivityShowsARunUntilItEnds(t *testing.T) {
	one := &course.Exercise{Number: 1}
	var a activity
	_, ok := a.waitingFor()
	assert.False(t, ok, "nothing runs yet")
	a.update(check.RunProgress{Exercise: one, Progress: gotest.Progress{Running: []string{"TestB"}}})
	p, ok := a.waitingFor()
	assert.True(t, ok)
	assert.Same(t, one, p.Exercise)
	a.update(check.RunProgress{Exercise: one, Done: true})
	_, ok = a.waitingFor()
	assert.False(t, ok, "it ended: no one waits for it")
}

// waitFor polls until cond holds; the drawing goroutine runs on a ticker.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestShowActivity(t *testing.T) {
	e := &course.Exercise{Number: 1}
	building := check.RunProgress{Exercise: e, Race: true, Progress: gotest.Progress{Building: true, Since: time.Now()}}

	t.Run("terminal: one line redrawn, erased at the end", func(t *testing.T) {
		var out syncBuffer
		s := &session{env: Env{Stdout: &out, Stderr: &out, Terminal: true, Width: 80, Getenv: func(string) string { return "" }}, ui: i18n.En}
		var a activity
		a.update(building)
		stop := s.showActivity(context.Background(), &a)
		waitFor(t, func() bool { return strings.Contains(out.String(), "Exercise 1 · building the tests…") })
		stop()
		text := out.String()
		assert.True(t, strings.HasPrefix(text, "\r\x1b[2K"), "%q", text)
		assert.True(t, strings.HasSuffix(text, "\r\x1b[2K"), "the line is erased before the verdict: %q", text)
		assert.NotContains(t, text, "\n", "the line is redrawn in place (the build's note comes after 5 s)")
	})

	t.Run("plain: quiet at first, then one line", func(t *testing.T) {
		defer func(d time.Duration) { quietFor = d }(quietFor)
		quietFor = 20 * time.Millisecond
		var stdout, stderr syncBuffer
		s := &session{env: Env{Stdout: &stdout, Stderr: &stderr, Width: 80, Getenv: func(string) string { return "" }}, ui: i18n.Zh}
		var a activity
		a.update(building)
		stop := s.showActivity(context.Background(), &a)
		waitFor(t, func() bool { return stderr.String() != "" })
		time.Sleep(5 * quietFor) // room for a second line, which must not come
		stop()
		assert.Empty(t, stdout.String(), "plain output keeps the verdict's stream clean")
		assert.Equal(t, 1, strings.Count(stderr.String(), "\n"), "%q", stderr.String())
		assert.Contains(t, stderr.String(), "仍在进行：练习 1 · 正在构建测试")
		assert.NotContains(t, stderr.String(), "\x1b")
	})
}
