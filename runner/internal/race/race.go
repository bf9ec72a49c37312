// Package race owns the --race policy that the runner and the grader share:
// it parses the mode (auto, on, off), decides for each exercise whether its
// run uses the race detector, asking go once whether this machine can build
// it, and says why auto left it off.
//
// It decides only: it does not run tests, print anything or choose a
// language. Its errors carry both languages for the caller to show.
package race

import (
	"context"
	"strings"
	"sync"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// Mode says when runs use the race detector: the value of --race.
type Mode string

// The modes of --race.
const (
	// Auto: for exercises that ask for it (race = true in the manifest),
	// when this machine can build it. The default.
	Auto Mode = "auto"
	// On: for every exercise; an error when this machine cannot build it.
	On Mode = "on"
	// Off: never.
	Off Mode = "off"
)

// Hint lists the values --race accepts.
var Hint = i18n.Text{En: "use on, off or auto", Zh: "可用 on、off 或 auto"}

var (
	msgUnknownMode = i18n.Text{En: "unknown --race value %q: %s", Zh: "未知的 --race 取值 %q：%s"}
	msgUnavailable = i18n.Text{En: "--race=on, but the race detector cannot be built here: %s", Zh: "指定了 --race=on，但本机无法构建竞态检测器（-race）：%s"}
)

// ModeError is a --race value that is not a mode.
type ModeError struct{ Value string }

// Text is the error in both languages.
func (e *ModeError) Text() i18n.Text { return msgUnknownMode.Sprintf(e.Value, Hint) }

// Error returns the English text.
func (e *ModeError) Error() string { return e.Text().En }

// ParseMode reads a --race value; case and surrounding spaces do not
// matter.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Auto, On, Off:
		return m, nil
	}
	return "", &ModeError{Value: s}
}

// UnavailableError is --race=on on a machine that cannot build the race
// detector.
type UnavailableError struct{ Reason i18n.Text }

// Text is the error in both languages.
func (e *UnavailableError) Text() i18n.Text { return msgUnavailable.Sprintf(e.Reason) }

// Error returns the English text.
func (e *UnavailableError) Error() string { return e.Text().En }

// Policy decides the race detector for the runs of one command. Its zero
// value is Auto in the environment of the process. It is safe for
// concurrent use; set its fields before the first call.
type Policy struct {
	Mode Mode
	// Env is extra environment for `go env` (the grader's GOFLAGS, say).
	Env []string

	// ask is gotest.RaceAvailable, or a stand-in in tests.
	ask func(ctx context.Context, env []string) (ok bool, reason i18n.Text, err error)

	mu    sync.Mutex // held while go is asked, so that it is asked once
	asked bool
	ok    bool
	why   i18n.Text
	err   error
}

// available asks go, once for the Policy's life, whether -race can be
// built here.
func (p *Policy) available(ctx context.Context) (bool, i18n.Text, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.asked {
		ask := p.ask
		if ask == nil {
			ask = gotest.RaceAvailable
		}
		p.ok, p.why, p.err = ask(ctx, p.Env)
		p.asked = true
	}
	return p.ok, p.why, p.err
}

// Use reports whether a run of an exercise uses the race detector; asks is
// the exercise's race = true. With On, an *UnavailableError when this
// machine cannot build it; an error of go itself (gotest.ErrNoGo, wrapped)
// in any mode that has to ask.
func (p *Policy) Use(ctx context.Context, asks bool) (bool, error) {
	switch p.Mode {
	case Off:
		return false, nil
	case On:
		ok, why, err := p.available(ctx)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, &UnavailableError{Reason: why}
		}
		return true, nil
	default:
		if !asks {
			return false, nil
		}
		ok, _, err := p.available(ctx)
		return ok, err
	}
}

// Args is Use as go test's arguments: ["-race"] or none.
func (p *Policy) Args(ctx context.Context, asks bool) ([]string, error) {
	on, err := p.Use(ctx, asks)
	if err != nil || !on {
		return nil, err
	}
	return []string{"-race"}, nil
}

// Note is why the race detector is off although an exercise asked for it:
// the reason when Auto found that this machine cannot build it, the zero
// Text when it did not (or has not asked yet). Call it after the runs were
// decided.
func (p *Policy) Note() i18n.Text {
	if p.Mode == Off || p.Mode == On {
		return i18n.Text{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.asked || p.ok || p.err != nil {
		return i18n.Text{}
	}
	return p.why
}
