package harness

import (
	"context"
	"fmt"
	"runtime/pprof"
	"sync/atomic"
	"testing"
)

// TestAllBlockedTellsStuckFromBusy starts goroutines under a label of
// their own and asks whether they are all blocked: one waiting on a
// channel is; one that spins is not.
func TestAllBlockedTellsStuckFromBusy(t *testing.T) {
	for _, tt := range []struct {
		name string
		spin bool
		want bool
	}{
		{"waiting on a channel", false, true},
		{"spinning", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprintf("%q:%q", leakLabel, "allBlocked "+tt.name)
			stop := make(chan struct{})
			var spun atomic.Bool
			defer func() { spun.Store(true); close(stop) }()
			pprof.Do(context.Background(), pprof.Labels(leakLabel, "allBlocked "+tt.name), func(context.Context) {
				if tt.spin {
					go func() {
						for !spun.Load() {
						}
					}()
				} else {
					go func() { <-stop }()
				}
			})
			// The blocked goroutine may not have reached its receive yet:
			// only a true answer is final.
			for i := 0; i < 1000 && !tt.spin; i++ {
				_, records := labelled(id)
				if len(records) == 1 && allBlocked(records) {
					break
				}
			}
			_, records := labelled(id)
			if len(records) != 1 {
				t.Fatalf("labelled found %d records, want 1", len(records))
			}
			if got := allBlocked(records); got != tt.want {
				t.Errorf("allBlocked = %v, want %v", got, tt.want)
			}
		})
	}
}
