package check

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

func TestParseRaceMode(t *testing.T) {
	tests := []struct {
		in      string
		want    RaceMode
		wantErr bool
	}{
		{"auto", RaceAuto, false},
		{"on", RaceOn, false},
		{"off", RaceOff, false},
		{" ON ", RaceOn, false},
		{"", "", true},
		{"yes", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRaceMode(tt.in)
			if tt.wantErr {
				assert.EqualError(t, err, `unknown --race value "`+tt.in+`": use on, off or auto`)
				assert.Contains(t, i18n.Message(err, i18n.Zh), "可用 on、off 或 auto")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// fake answers as go env would, counting the questions.
type fake struct {
	ok    bool
	why   i18n.Text
	err   error
	calls atomic.Int32
}

func (f *fake) ask(context.Context, []string) (bool, i18n.Text, error) {
	f.calls.Add(1)
	return f.ok, f.why, f.err
}

// Reasons go gives, as gotest.RaceAvailable words them.
var (
	noCgo = i18n.Text{En: "cgo is disabled", Zh: "cgo 已被禁用"}
	noCC  = i18n.Text{En: "no C compiler", Zh: "没有 C 编译器"}
)

func TestRaceUse(t *testing.T) {
	errGo := errors.New("go env failed")
	tests := []struct {
		name     string
		mode     RaceMode
		machine  *fake
		asks     bool
		want     bool
		wantErr  string
		wantNote i18n.Text
		asked    bool // whether go had to be asked
	}{
		{name: "off never asks", mode: RaceOff, machine: &fake{ok: true}, asks: true},
		{name: "auto, exercise asks, machine can", mode: RaceAuto, machine: &fake{ok: true}, asks: true, want: true, asked: true},
		{name: "auto, exercise asks, machine cannot", mode: RaceAuto, machine: &fake{why: noCgo}, asks: true, wantNote: noCgo, asked: true},
		{name: "auto, exercise does not ask", mode: RaceAuto, machine: &fake{ok: true}},
		{name: "zero mode is auto", mode: "", machine: &fake{ok: true}, asks: true, want: true, asked: true},
		{name: "on, exercise does not ask", mode: RaceOn, machine: &fake{ok: true}, want: true, asked: true},
		{name: "on, machine cannot", mode: RaceOn, machine: &fake{why: noCC}, asks: true, wantErr: "--race=on, but the race detector cannot be built here: no C compiler", asked: true},
		{name: "go fails", mode: RaceAuto, machine: &fake{err: errGo}, asks: true, wantErr: "go env failed", asked: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &RacePolicy{Mode: tt.mode, ask: tt.machine.ask}
			assert.Zero(t, p.Note(), "no note before any run")
			got, err := p.Use(context.Background(), tt.asks)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.wantNote, p.Note())
			again, _ := p.Use(context.Background(), tt.asks)
			assert.Equal(t, tt.want, again, "asked again, the same answer")
			calls := int32(0)
			if tt.asked {
				calls = 1
			}
			assert.Equal(t, calls, tt.machine.calls.Load(), "go is asked at most once")
		})
	}
}

func TestRaceUnavailableErrorInBothLanguages(t *testing.T) {
	p := &RacePolicy{Mode: RaceOn, ask: (&fake{why: noCgo}).ask}
	_, err := p.Use(context.Background(), true)
	var ue *RaceUnavailableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "指定了 --race=on，但本机无法构建竞态检测器（-race）：cgo 已被禁用", ue.Text().Zh)
}

func TestRaceUseAsksOnceFromManyGoroutines(t *testing.T) {
	machine := &fake{ok: true}
	p := &RacePolicy{ask: machine.ask}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			on, err := p.Use(context.Background(), true)
			assert.NoError(t, err)
			assert.True(t, on)
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), machine.calls.Load())
}
