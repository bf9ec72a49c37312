// The compiler bomb: a constant string that doubles on every line. The
// compiler works out constants itself, so each line doubles the memory it
// needs: some 9 bytes for every byte of the last one, 1.1 GB for these 24
// lines, 2.2 GB for 25 (TestAttacksOnMemory/Bomb). It goes beside the untouched stub.
package echo

// s0 holds the test's marker, so that what is compiled from here can be
// told apart in a build cache.
const s0 = "@@MARKER@@"

const s1 = s0 + s0
const s2 = s1 + s1
const s3 = s2 + s2
const s4 = s3 + s3
const s5 = s4 + s4
const s6 = s5 + s5
const s7 = s6 + s6
const s8 = s7 + s7
const s9 = s8 + s8
const s10 = s9 + s9
const s11 = s10 + s10
const s12 = s11 + s11
const s13 = s12 + s12
const s14 = s13 + s13
const s15 = s14 + s14
const s16 = s15 + s15
const s17 = s16 + s16
const s18 = s17 + s17
const s19 = s18 + s18
const s20 = s19 + s19
const s21 = s20 + s20
const s22 = s21 + s21
const s23 = s22 + s22
const s24 = s23 + s23

// Bomb is the last one, used so that the compiler keeps it.
var Bomb = s24
