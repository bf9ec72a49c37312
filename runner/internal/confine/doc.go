// Package confine runs what a grading runs of a submission the way the
// grader must. Its [Main] is the workbook program's part in a grading: the
// program each test binary is started through, as go test's -exec is,
// which runs it inside a bubblewrap sandbox when asked for, within bounds
// of memory, processes and threads, output, file size and descriptors,
// hands it the run's key and checks the
// attestation it signs with it (attest.go), and ends whatever it started;
// go's -toolexec program, which bounds the memory of each program of the
// build; and go's GOCACHEPROG, the grading's build cache over the
// instructor's. The grader describes each run in a [Spec] and reads back
// an [Outcome].
//
// It does not decide grades: it says which bound a run crossed and what
// the binary attested, and the grader turns that into a verdict.
package confine
