// The flood: one endless line of output (TestAttacks/Flood, and section 8 of
// the benchmark). It goes beside a correct solution.
package echo

import (
	"bytes"
	"os"
	"strconv"
)

// size is how many bytes the line has, put in by the test
// (TestAttacks/Flood) or the benchmark; 400 MB, the figure, when
// nothing was.
const size = "@@SIZE@@"

// The flood: one line of that many bytes, without a newline, in 1 MiB
// writes, so that the binary itself never holds it.
func init() {
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil {
		n = 400_000_000
	}
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	for n > 0 {
		k := min(n, int64(len(chunk)))
		if _, err := os.Stdout.Write(chunk[:k]); err != nil {
			return
		}
		n -= k
	}
}
