// The hog: memory held while the tests run (TestAttacksOnMemory/Hog, and
// section 8 of the benchmark). It goes beside a correct solution.
package echo

import (
	"strconv"
)

// size is how many bytes to hold, put in by the test
// (TestAttacksOnMemory/Hog) or the benchmark; 3 GiB, the figure,
// when nothing was.
const size = "@@SIZE@@"

// held stays reachable while the tests run, so the collector frees none of
// it.
var held []byte

// The hog: every page of the memory is written, so that it is resident,
// not only reserved.
func init() {
	n, err := strconv.ParseInt(size, 10, 64)
	if err != nil {
		n = 3 << 30
	}
	held = make([]byte, n)
	for i := 0; i < len(held); i += 4096 {
		held[i] = 1
	}
}
