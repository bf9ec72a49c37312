// Package bench measures the workbook against raw go test on this machine:
// every figure is a median with its spread, or a ratio against a baseline
// measured in the same run, so that a noisy machine shows as spread, not as
// a wrong number.
package bench

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Samples are repeated measurements of one thing.
type Samples []time.Duration

// Quantile is the q-quantile (0..1), by the nearest-rank method.
func (s Samples) Quantile(q float64) time.Duration { return quantile(s, q) }

// quantile is the q-quantile of xs (0..1), by the nearest-rank method; the
// zero value when there are none.
func quantile[T cmp.Ordered](xs []T, q float64) T {
	if len(xs) == 0 {
		var zero T
		return zero
	}
	sorted := slices.Sorted(slices.Values(xs))
	return sorted[int(q*float64(len(sorted)-1)+0.5)]
}

// alternate calls one warm times unrecorded (to warm the build cache),
// then runs times, and returns the samples of the two commands it times.
func alternate(runs, warm int, one func() (a, b time.Duration, err error)) (as, bs Samples, err error) {
	for i := -warm; i < runs; i++ {
		a, b, err := one()
		if err != nil {
			return nil, nil, err
		}
		if i >= 0 {
			as, bs = append(as, a), append(bs, b)
		}
	}
	return as, bs, nil
}

// Median is the middle sample.
func (s Samples) Median() time.Duration { return s.Quantile(0.5) }

// Spread is "min–max" of the samples.
func (s Samples) Spread() string {
	if len(s) == 0 {
		return "-"
	}
	return fmt.Sprintf("%s–%s", ms(slices.Min(s)), ms(slices.Max(s)))
}

// ms formats d in milliseconds.
func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

// ratio formats a/b.
func ratio(a, b time.Duration) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}
