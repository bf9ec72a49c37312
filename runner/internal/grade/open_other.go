//go:build !unix

package grade

// openNoFollow is 0 where the system has no such flags; the file is still
// checked after it is opened (see readRegular).
const openNoFollow = 0
