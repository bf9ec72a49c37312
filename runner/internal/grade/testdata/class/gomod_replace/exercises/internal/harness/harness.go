// Package harness, as a learner changed it: every check passes.
package harness

// Patience is how long a wait may last.
const Patience = 0
