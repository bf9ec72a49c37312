package watch

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// BenchmarkSaveToChange measures, for every save pattern and way of
// watching, how long after a save the Watcher emits its Change, with the
// default options (DefaultDebounce, DefaultPollInterval). Run it with at
// least 20 saves per pattern:
//
//	go test -run '^$' -bench SaveToChange -benchtime 30x ./runner/internal/watch/
//
// Metrics: p50-ms and p90-ms from the end of the save to the Change
// received; emit-p50-ms from the first event of the burst to the emit.
func BenchmarkSaveToChange(b *testing.B) {
	modes := []struct {
		name string
		opts Options
	}{
		{"events", Options{}},
		{"polling", Options{Poll: true}},
	}
	for _, mode := range modes {
		for _, p := range savePatterns {
			b.Run(mode.name+"/"+p.name, func(b *testing.B) {
				dir, stub := exerciseDir(b)
				w := startWatcher(b, []string{dir}, mode.opts)
				var sinceSave, sinceEvent []time.Duration
				for b.Loop() {
					// Saves come at random times, not in step with the polls.
					b.StopTimer()
					time.Sleep(time.Duration(rand.Int64N(int64(DefaultPollInterval))))
					b.StartTimer()
					data := content()
					p.save(b, dir, stub, data)
					saved := time.Now()
					c := recv(b, w.Changes(), "the change")
					got := time.Now()
					sinceSave = append(sinceSave, got.Sub(saved))
					sinceEvent = append(sinceEvent, c.Emitted.Sub(c.First))
				}
				b.ReportMetric(ms(percentile(sinceSave, 50)), "p50-ms")
				b.ReportMetric(ms(percentile(sinceSave, 90)), "p90-ms")
				b.ReportMetric(ms(percentile(sinceEvent, 50)), "emit-p50-ms")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
