// Package grade is `workbook grade`: it grades learners' copies of the
// workbook by the course's own tests, with the points workbook.toml gives
// each test, and writes the grades as text, JSON, JUnit XML, Exercism's
// results.json (version 3), GitHub Classroom's runner result, or CSV.
// [Command] is its only entry point.
//
// # What is trusted
//
// The grader's own checkout is the course: its workbook.toml, the exercises
// module's go.mod and go.sum, the shared test code and the test files. They
// are read once, before any submission's code runs, and every run gets them
// from that snapshot through go test -overlay, so code that rewrites the
// checkout while it is graded changes no later run (the grader reports it
// if it tries). From a submission the grader takes only the regular,
// non-test .go files directly in each exercise folder, read once into
// memory through os.Root, never following a symbolic link, never opening a
// FIFO, bounded in size. Everything else there is ignored and listed in the
// report: test files, go.mod or go.sum changes, files outside the exercise
// folders, symbolic links, subfolders. Identical copies of the course's own
// files are not listed. The submission is never written to.
//
// The learner's files are the exercise's package: a non-test file of the
// course that the submission lacks (the stub, renamed or split into several
// files) is left out of the build, and a learner's extra file is added
// under its own name. An exercise folder with no usable Go file is not run
// and scores zero.
//
// # What earns points
//
// A test earns its points only when its run reported its pass exactly once
// and the run ended in success. The package is run once; when that does not
// credit every test, the tests worth another chance are run again, all
// together first, then one by one (with -run '^TestX$') when a run together
// still fails. Those worth another chance are the ones that passed or never
// started; not the one that hung the binary, nor those that failed on
// their own. The one the stream blames for a crash gets one run alone: a
// goroutine of the test before it may have crashed the binary, and alone
// a crash is its own. The re-runs of an exercise share a second time
// limit. Subtests are not graded separately.
//
// # Why a printed pass is not enough
//
// A test binary runs the learner's code in its own process, so the code can
// print anything go test -json reads: plain "--- PASS" lines, JSON events,
// and the framing test2json uses internally (lines marked with 0x16),
// including a complete successful run followed by syscall.Exit(0), which is
// byte for byte a real pass. It can also put a pipe in place of its own
// standard output and rewrite the testing package's real output on the way
// out (every FAIL into a PASS), or change os.Args so that no test runs at
// all. A sentinel test that logs a secret does not survive the last two:
// the rewriter passes the sentinel's real line along, and a sentinel only
// proves that the sentinel ran.
//
// So each run also carries an attestation that no output can produce.
// Every manifest test TestX of the course's test files is renamed, for that
// run only, to a random name (only identifiers change; line numbers stay),
// and a generated test file adds a TestX that records in memory that it ran
// and how it ended (in a cleanup registered first, so after the test's own
// cleanups and subtests), then calls the renamed test. Its TestMain calls
// m.Run and then writes, to a file, m.Run's exit code and every test's
// record, signed with HMAC-SHA256 under a key made for that run. A test is
// credited only when go test's stream says it passed once in a run that
// ended in success AND the attestation is there, correctly signed, says
// m.Run returned 0 and says that the test ran once, ended once, and neither
// failed nor skipped. The attestation is written only after the testing
// package itself has decided; the key is never printed, never in the
// environment or on a command line; the generated sources that hold it are
// deleted by the go test -exec program just before the test binary starts,
// and the binary is linked without its symbol table (-ldflags=-s). One case
// counts as success although go test reported no end: the attestation says
// m.Run returned 0 but a process the tests left behind held the binary's
// output open, so go test waited (and then failed the package with "Test
// I/O incomplete", or was killed at the time limit).
//
// The stream still matters: it gives each failure's message, the crash,
// the time-out and the data races, and a test the stream does not show
// passing earns nothing. Where the stream and the attestation disagree, the
// report says so ("forged output?").
//
// # Where the code runs
//
// Every test binary is started by go test through the grader's -exec
// program, which is the workbook program itself (package confine). With
// the sandbox (--sandbox auto, the default, when bubblewrap works here; or
// on), the binary runs in bubblewrap: its own user, PID, IPC, network and
// UTS namespaces, so it sees its own loopback (the exercises' 127.0.0.1
// tests work; the host's loopback services are out of reach) and only its
// own processes; the host's system folders (/usr and the library folders)
// read-only, an /etc the grader wrote (hosts, passwd; nothing of the
// host's), an empty home and a private /tmp and /dev/shm, each bounded in
// size; the binary itself read-only, and one writable folder for its
// attestation. The folder go test starts it in (the course's exercise
// folder) is an empty one inside: the course's solutions, its checkout,
// the other submissions, the grader's scratch files and its report are
// not there. Only the runtime's and the course's environment variables
// are passed in. bwrap's --die-with-parent and --new-session mean nothing
// started inside outlives the run or reaches the terminal.
//
// The build stays outside the sandbox: it runs the go command, the
// compiler and the linker on the learner's files, none of which runs the
// learner's code. cgo would (the C compiler and pkg-config read and run
// what a file's preamble says, and their errors reach the report), so a
// learner's file that imports "C" is not taken. go:generate directives
// are never run by go test.
//
// Sandbox or not, each run is bounded (confine.Limits): the memory the
// binary and everything it starts use together (--memory, default 1 GiB;
// measured every 10 ms, so a program filling memory as fast as it can
// gets a few tens of MiB past it), the processes running at once, the
// bytes of output (cut before go's test2json reads them, long lines cut
// into lines of 64 KiB), and the size of any file written. A run past one
// of the first three is stopped; its tests fail with a message saying
// which bound, and the other tests are run again as after a crash. A write
// past the file size (or a full private /tmp) fails like any failed write,
// and so does the test that made it. Whatever the binary left
// running is killed when it ends (the -exec program is a child subreaper,
// so processes that left their session are still found).
//
// # What it does not defend against
//
// Without the sandbox (no bubblewrap, user namespaces forbidden, or
// --sandbox off, which every report then says first), the code under test
// runs with the instructor's user, files, network and environment, within
// the limits above and with what it leaves running killed, but otherwise
// unconfined. In the sandbox, it still shares the kernel: a kernel
// exploit, or a bug in bubblewrap, is out of the grader's reach. It can
// burn CPU for its whole time limit. It can read the system folders
// (/usr: installed programs and libraries, nothing of the instructor's
// own). It cannot stop code that deliberately reverse-engineers the test
// binary in memory (finds the key in the stripped binary, or patches the
// testing package) and forges its own attestation; such a submission is
// still confined, and the grader points out the imports it needs (unsafe,
// syscall, os/exec, debug/*, testing outside a test file, //go:linkname,
// /proc) for a human to look at. The limits of memory and processes are
// enforced on Linux only. For more isolation than that (a hostile class,
// not a curious student), grade each submission in its own container or
// VM: one CI job per submission, as the GitHub Classroom workflow
// (classroom-workflow.yml) does.
package grade
