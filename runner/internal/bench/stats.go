// Package bench measures the workbook against raw go test on this machine:
// every figure is a median with its spread, or a ratio against a baseline
// measured in the same run, so that a noisy machine shows as spread, not as
// a wrong number.
package bench

import (
	"fmt"
	"slices"
	"time"
)

// Samples are repeated measurements of one thing.
type Samples []time.Duration

// Quantile is the q-quantile (0..1), by the nearest-rank method.
func (s Samples) Quantile(q float64) time.Duration {
	if len(s) == 0 {
		return 0
	}
	sorted := slices.Clone(s)
	slices.Sort(sorted)
	i := int(q*float64(len(sorted)-1) + 0.5)
	return sorted[i]
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
