// Package confine runs one test binary of a submission the way the grader
// must: inside a bubblewrap sandbox when asked for, within bounds of memory,
// processes, output and file size, and so that nothing it starts outlives
// it. It is the grader's go test -exec program ([Main]); the grader
// describes each run in a [Spec] and reads back an [Outcome].
//
// It does not decide grades: it says which bound a run crossed, and the
// grader turns that into a verdict.
package confine
