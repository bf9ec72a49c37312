// Package noisy is an honest learner's debugging left in, added to every
// exercise of the solved course by TestAttackNoisy (the package clause is
// replaced by the exercise's): a progress line without its newline when
// the package starts, and, while the tests run, 20 000 log lines on
// standard error, 2 MiB on standard output without a newline, and a last
// line on standard error without one either. Nothing here claims a result.
// The lines are written to standard error, not through package log: the
// exercises' tests capture the standard logger inside a synctest bubble,
// and a goroutine started by init is outside every bubble (its write
// would crash the test binary, an honest learner's mistake of another
// kind than the one tested here).
package noisy

import (
	"bytes"
	"fmt"
	"os"
)

func init() {
	fmt.Print("starting… ")
	fmt.Fprintln(os.Stderr, "debug build")
	go func() {
		for i := range 20_000 {
			fmt.Fprintf(os.Stderr, "debug line %d of 20000\n", i+1)
		}
		os.Stdout.Write(bytes.Repeat([]byte("."), 2<<20))
		fmt.Fprint(os.Stderr, "done chattering")
	}()
}
