// The raw-string cgo: an import of "C" written `C` (by the test, for gofmt
// writes it back as "C"), which a check of the import's quoted text
// misses, with a preamble that has the C compiler read a file of the
// instructor's (TestAttacks/RawCgo). It goes beside a correct solution.
package echo

/*
#include "/etc/hostname"
*/
import "C"

// Leak is never called.
func Leak() { _ = C.int(0) }
