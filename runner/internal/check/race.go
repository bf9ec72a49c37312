package check

import (
	"context"
	"strings"
	"sync"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// The --race policy, which the runner and the grader share: the mode
// (auto, on, off), and for each exercise whether its run uses the race
// detector, asking go once whether this machine can build it, and why auto
// left it off. Its errors carry both languages for the caller to show.

// RaceMode says when runs use the race detector: the value of --race.
type RaceMode string

// The modes of --race.
const (
	// RaceAuto: for exercises that ask for it (race = true in the
	// manifest), when this machine can build it. The default.
	RaceAuto RaceMode = "auto"
	// RaceOn: for every exercise; an error when this machine cannot build
	// it.
	RaceOn RaceMode = "on"
	// RaceOff: never.
	RaceOff RaceMode = "off"
)

// RaceHint lists the values --race accepts.
var RaceHint = i18n.Text{En: "use on, off or auto", Zh: "可用 on、off 或 auto"}

var (
	msgUnknownMode = i18n.Text{En: "unknown --race value %q: %s", Zh: "未知的 --race 取值 %q：%s"}
	msgUnavailable = i18n.Text{En: "--race=on, but the race detector cannot be built here: %s", Zh: "指定了 --race=on，但本机无法构建竞态检测器（-race）：%s"}
)

// ParseRaceMode reads a --race value; case and surrounding spaces do not
// matter.
func ParseRaceMode(s string) (RaceMode, error) {
	switch m := RaceMode(strings.ToLower(strings.TrimSpace(s))); m {
	case RaceAuto, RaceOn, RaceOff:
		return m, nil
	}
	return "", i18n.Errorf(msgUnknownMode, s, RaceHint)
}

// RaceUnavailableError is --race=on on a machine that cannot build the race
// detector.
type RaceUnavailableError struct{ Reason i18n.Text }

// Text is the error in both languages.
func (e *RaceUnavailableError) Text() i18n.Text { return msgUnavailable.Sprintf(e.Reason) }

// Error returns the English text.
func (e *RaceUnavailableError) Error() string { return e.Text().En }

// RacePolicy decides the race detector for the runs of one command. Its zero
// value is RaceAuto in the environment of the process. It is safe for
// concurrent use; set its fields before the first call.
type RacePolicy struct {
	Mode RaceMode
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

// available asks go, once for the RacePolicy's life, whether -race can be
// built here.
func (p *RacePolicy) available(ctx context.Context) (bool, i18n.Text, error) {
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
// the exercise's race = true. With RaceOn, a *RaceUnavailableError when this
// machine cannot build it; an error of go itself (gotest.ErrNoGo, wrapped)
// in any mode that has to ask.
func (p *RacePolicy) Use(ctx context.Context, asks bool) (bool, error) {
	switch p.Mode {
	case RaceOff:
		return false, nil
	case RaceOn:
		ok, why, err := p.available(ctx)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, &RaceUnavailableError{Reason: why}
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

// Note is why the race detector is off although an exercise asked for it:
// the reason when RaceAuto found that this machine cannot build it, the zero
// Text when it did not (or has not asked yet). Call it after the runs were
// decided.
func (p *RacePolicy) Note() i18n.Text {
	if p.Mode == RaceOff || p.Mode == RaceOn {
		return i18n.Text{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.asked || p.ok || p.err != nil {
		return i18n.Text{}
	}
	return p.why
}
