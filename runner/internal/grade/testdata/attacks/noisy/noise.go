// Package noisy is an honest learner's debugging left in, added to every
// exercise of the solved course by TestAttacks/Noisy (the package clause is
// replaced by the exercise's): a progress line without its newline when
// the package starts, and, while the tests run, 20 000 log lines on
// standard error, 2 MiB on standard output without a newline, and a last
// line on standard error without one either. Nothing here claims a result.
package noisy

import (
	"bytes"
	"fmt"
	"log"
	"os"
)

func init() {
	fmt.Print("starting… ")
	fmt.Fprintln(os.Stderr, "debug build")
	go func() {
		for i := range 20_000 {
			log.Printf("debug line %d of 20000", i+1)
		}
		os.Stdout.Write(bytes.Repeat([]byte("."), 2<<20))
		fmt.Fprint(os.Stderr, "done chattering")
	}()
}
