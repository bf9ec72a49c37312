// Package gotest runs `go test -json` on one package and turns its event
// stream into a [Verdict]: the engine behind `workbook next`, the watch mode
// and `workbook grade`.
//
// [Run] starts `go test -json -count=1` in its own process group, enforces a
// time limit (killing the whole group, test binary included), reads the
// output with bounded memory and returns a Verdict. [Parse] does the same for
// a stream recorded earlier. [RaceAvailable] tells whether `-race` can be
// built on this machine.
//
// Results come from test2json events only; output text is read to explain a
// failure (compiler messages, panic values, stacks, race reports), never to
// credit a pass. A test counts as passed ([Verdict.Passed]) only when the
// stream reported its pass exactly once and the package itself ended with a
// pass; [Verdict.Counts] gives the runner's looser "tests that passed" tally.
// Tests that never started are [StatusNotRun], never passed.
//
// What it must not do: know the course or the screens. It never reads the
// manifest, awards points, or words a verdict for the learner: the course,
// the grader and the views do.
//
// The stream is read one event at a time: decoded (event.go), followed test
// by test (parse.go) while crash, time-out and race blocks (blocks.go) and
// build output (build.go) are picked out of it; at its end a pure function
// (decide.go) turns what was seen into the Verdict.
//
// What the stream cannot prove: a test binary runs the learner's code in the
// same process, so code that prints the complete framing `go test -json`
// uses internally (including the final "PASS") and then leaves with
// syscall.Exit(0) produces a stream that is byte for byte a real success.
// Duplicated or out-of-place results are caught and reported in
// [Verdict.Suspicious]; a complete forgery needs a secret the learner's code
// cannot read, which is outside what this package can see.
package gotest
