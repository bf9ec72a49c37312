// Package grade is `workbook grade`: it grades learners' copies of the
// workbook by the course's own tests, with the points workbook.toml gives
// each test, and writes the grades as text, JSON, JUnit XML, Exercism's
// results.json (version 3), CSV, Markdown (a CI job's summary), Classroom
// 50's result.json, the results.json of Gradescope's autograder or
// PrairieLearn's external grader, or the CSV of Canvas's or Moodle's
// gradebook import.
// [Command] is its only entry point.
//
// # What is trusted
//
// The grader's own checkout is the course: its workbook.toml, the exercises
// module's go.mod and go.sum, the shared test code and the test files. They
// are read once, before any submission's code runs; every run is built from
// a copy of that snapshot written anew for it, through go test -overlay,
// and every other file on disk in the folders its build reads (a file code
// graded earlier wrote there, Go or assembly or object) is hidden from it.
// From a submission the grader takes only the regular, non-test .go files
// directly in each exercise folder, read once into memory through os.Root,
// never following a symbolic link, never opening a FIFO, bounded in size.
// Everything else there is ignored and listed in the report: test files,
// go.mod or go.sum changes, files outside the exercise folders, symbolic
// links, subfolders, files whose names are not text, and files that import
// "C" (cgo would run the C compiler on what they say) or "embed" (the build
// would read files into the package), as the go command parses the import.
// Identical copies of the course's own files are not listed, nor are copies
// that differ only in line endings (CRLF) or a UTF-8 byte-order mark. The
// submission is never written to.
//
// A submission is a folder holding the workbook, a folder whose only entry
// is such a folder (a downloaded repository ZIP, extracted; two levels at
// most), or the ZIP file itself: its exercises folder is unpacked into the
// grader's scratch folder, through os.Root, bounded in size and entries,
// without links or paths that leave the folder, and removed once read
// (intake.go). Any other file given is a note in the report. An exercise
// whose files are the course's stubs, unchanged, was not attempted: it is
// not run, and scores zero.
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
// their own, nor any when the run forged its attestation. The one the
// stream blames for a crash gets one run alone: a goroutine of the test
// before it may have crashed the binary, and alone a crash is its own. The
// re-runs of an exercise share a second time limit. Last, a test lost to
// the clock gets one run alone with a whole time limit of its own before
// it loses its points: the one blamed for a hang, one that failed after
// ten seconds or more (in a testing/synctest bubble a test takes
// milliseconds, so that is a wait in real time that ran out), and one
// not run again because the shared time was used up. On a busy machine
// a correct test can be the one running when the time runs out; a
// submission whose every test hangs costs a time limit per test. So does
// a test that failed only because the race detector reported, while it
// ran, a race the stream shows under another test (the testing package
// fails every test alive then, parallel tests waiting for their turn
// among them).
// Subtests are not graded separately.
//
// # Why a printed pass is not enough
//
// A test binary runs the learner's code in its own process, so the code can
// print anything go test -json reads: plain "--- PASS" lines, JSON events,
// and the framing test2json uses internally (lines marked with 0x16),
// including a complete successful run followed by syscall.Exit(0), which is
// byte for byte a real pass. It can also put a pipe in place of its own
// standard output and rewrite the testing package's real output on the way
// out, or change os.Args so that no test runs at all.
//
// So each run also carries an attestation that no output can produce. Every
// manifest test TestX of the course's test files is renamed, for that run
// only, to a random name (only identifiers change; line numbers stay), and
// a generated test file adds a TestX that records that it ran and how it
// ended (in a cleanup registered first, so after the test's own cleanups
// and subtests), then calls the renamed test. Its TestMain hands m.Run's
// exit code and every test's record to a small attestation package, which
// signs them with HMAC-SHA256 under the run's key and writes them on a
// pipe to the -exec program (confine.Main). A test is credited only when
// go test's stream says it passed once in a run that ended in success AND
// Main vouches for an attestation signed with the run's key that says
// m.Run returned 0 and that the test ran once, ended once, and neither
// failed nor skipped. Where the stream and the attestation disagree, the
// report says so ("forged output?"); a run whose attestation is signed
// with another key was forged, is said to be, and is not run again.
//
// The threat model. The learner's code runs in the test binary, so
// whatever the binary knows, its code can find: the design must not rely
// on keeping anything secret from the binary but what the binary cannot
// reach. So:
//
//   - No build input holds the key. The grader never has it: Main makes a
//     new one for each run, after the build, and hands it to the binary on
//     an inherited descriptor. The learner's files cannot read the
//     grader's generated sources at build time (go:embed is refused, and
//     cgo), and those sources, like every file of the run, hold no key.
//   - The key reaches the binary before any of the learner's code runs.
//     The attestation package is a module of its own, at an import path
//     made up for the run (no learner's file can import it), and a
//     generated file of the package under test imports it, so the Go
//     runtime initializes it first; its init reads the key into memory
//     mapped outside the Go heap (a heap dump does not hold it) and
//     closes the descriptor. A copy of the binary started again finds no
//     key, and the binary never sees an attestation, so there is nothing
//     to test a guess against.
//   - What is left is to read the key, or patch the testing package, in the
//     process's own memory. That takes unsafe or //go:linkname, system
//     calls (ptrace, process_vm_readv), or /proc/self/mem, which the os
//     package alone can open; the sandbox has no /proc. The review lists
//     the imports (unsafe, syscall, golang.org/x/sys/unix, os/exec,
//     os/signal, plugin, debug/*, testing outside a test file, the
//     course's test code), //go:linkname, a string that mentions /proc/,
//     and calls of os.StartProcess and runtime/debug.WriteHeapDump.
//
// # Builds before runs
//
// Every run has a test binary of its own, built for it (go test -c) from
// its own overlay, and run once. In the sandbox, the binaries of every
// exercise of every submission are built before any test runs, and each
// waits for its run in the grader's scratch folder, which no sandbox
// shows; the re-runs are built later, each holding a gate that no run of
// a binary holds at the same time. So no test runs while code is
// compiled: a test that ran beside a build got less CPU than a quiet
// machine gives it, and correct solutions lost points. Unconfined, where
// a run could change a binary that waits, each binary is built just
// before its run, and runs go one at a time, so that no submission's code
// runs while another's is built. The binary is run as go test -json runs
// it: in the course's exercise folder, through the grader's -exec
// program, with go's test2json (built once, before any test runs)
// turning its output into go test's events, and go test's own lines
// after it ends.
//
// # Where the code runs
//
// Every test binary is started through the grader's -exec program, which
// is the workbook program itself (package confine). With
// the sandbox (--sandbox auto, the default, when bubblewrap works here; or
// on), the binary runs in bubblewrap: its own user, PID, IPC, network and
// UTS namespaces, so it sees its own loopback (the exercises' 127.0.0.1
// tests work; the host's loopback services are out of reach) and only its
// own processes; the host's system folders (/usr and the library folders)
// read-only, an /etc the grader wrote (hosts, passwd; nothing of the
// host's), no /proc; an empty home and a private /tmp and /dev/shm, each
// bounded in size, the only places it can write; the binary itself
// read-only. The folder it is started in (the course's exercise folder)
// is an empty one inside: the course's solutions, its checkout, the
// other submissions, the grader's scratch files (the binaries of the
// other runs among them) and its report are not there. bubblewrap is started with the binary's environment, which
// holds the runtime's and the course's variables only (PATH, the locale,
// GOMAXPROCS and the like, the test language); no descriptor the grader
// inherited is passed on (each is made close-on-exec first). bwrap's
// --die-with-parent and --new-session mean nothing started inside
// outlives the run or reaches the terminal. Whether bubblewrap failed
// itself is learned from bubblewrap (--json-status-fd: it reports the
// binary's exit only when it ran it), never from the output, which the
// learner's code writes; a run it could not start is tried once more,
// and then is that exercise's error, not a setup error of the grading.
//
// The build stays outside the sandbox: it runs the go command, the
// compiler and the linker on the learner's files, none of which runs the
// learner's code. Each program of the build is bounded (go's -toolexec is
// confine's too): past 2 GiB of memory it is stopped, with a sentence
// that says so (a constant string doubled on each line makes the compiler
// use gigabytes; an honest build needs 1.1 GB at most, to compile
// go-redis), and the build as a whole has ten minutes. The build
// cache is the grading's own, over the instructor's (go's GOCACHEPROG is
// confine's too): what the instructor's holds is used, nothing is written
// into it, an output whose content no longer matches its ID is built
// again, and the grading's is removed with it. go:generate directives are
// never run by go test.
//
// Sandbox or not, each run is bounded (confine.Limits): the memory the
// binary and everything it starts use together (--memory, default 1 GiB),
// counted as their resident memory that no file backs, plus, measured
// from the kernel, what the sandbox's writable folders hold, the data in
// the buffers of their TCP and UDP sockets, and their memory files; the
// processes and threads running at once (256), counted from /proc and, in
// the sandbox on Linux 5.14 and later, also bounded by RLIMIT_NPROC in its
// own user namespace, which holds between two looks; the bytes of output
// (cut before go's test2json reads them, long lines cut into lines of 64
// KiB); the size of any file written; the descriptors each process holds
// (512). A run past memory, processes or output is stopped; its tests fail
// with a message saying which bound, and the other tests are run again as
// after a crash. A write past the file size (or a full private /tmp)
// fails like any failed write, and so does the test that made it.
// Whatever the binary left running is killed when it ends (the -exec
// program is a child subreaper, so processes that left their session are
// still found). Where the grader can make cgroups (v2, as root or in a
// cgroup delegated to its user: confine.Cgroups), each run is in one of
// its own, whose memory.max and pids.max count all it is charged for, the
// kernel's buffers included.
//
// # What it does not defend against
//
// Class by class (the classes of issue 22; each has its attack test in
// attack_test.go, graded beside an honest submission), what is still
// possible:
//
//  1. Files read at build time: go:embed and cgo are refused, as the go
//     command parses the import (a raw string `C` included), and no file
//     the build reads holds the key. Nothing known is left.
//  2. Forging an attestation: code that reads the key, or patches the
//     testing package, in its own process, with unsafe, //go:linkname or
//     system calls, can forge; the review lists every such code for a
//     human to look at, and it runs confined all the same. Searching its
//     own executable, its heap or a copy of itself started again finds no
//     key. Without the sandbox there is /proc/self/mem, which takes
//     nothing but the os package and a path built at run time.
//  3. The instructor's secrets: no descriptor the grader inherited reaches
//     any program it starts, sandbox or not (each is made close-on-exec
//     first). In the sandbox none of the grader's environment reaches the
//     code either. Without it the code runs as the instructor: it reads
//     the grader's environment through /proc, and the instructor's files.
//  4. The class: a submission cannot stop the grading of others; its
//     failure, bubblewrap's own included, is its exercise's error. As
//     root, RLIMIT_NPROC binds no one, and a thread bomb is bounded by the
//     watch alone (every 10 ms: some hundreds of threads past the bound);
//     without the sandbox, likewise for an ordinary user.
//  5. Memory and disk: without a cgroup, kernel buffers of pipes and Unix
//     sockets are not counted (the report says so, and why); each
//     process's descriptors bound them, not the run's. Memory is read
//     every 10 ms, so a program that fills it as fast as it can gets a few
//     tens of MiB past the bound; what the kernel holds, every 100 ms.
//     Without the sandbox, what the run writes goes to the instructor's
//     disk, bounded per file only, and TCP sockets no longer held by a
//     process are not counted.
//  6. The build: each program of it is bounded in memory and the build in
//     time, not in CPU: it can burn ten minutes of it. The grading's build
//     cache is on the instructor's disk (in TMPDIR) while the grading
//     runs, as large as what the class compiles to, and removed after;
//     so are the test binaries that wait for their runs, one for each
//     exercise of each submission.
//  7. The report: text is made printable and names are quoted; what a
//     message says is the learner's to choose.
//  8. Without the sandbox (--sandbox off, or auto where bubblewrap cannot
//     run, which every report then says first): the course's files and
//     the grader's copies of them are protected, not what else the build
//     trusts. Code that runs as the instructor can change the Go
//     toolchain, the module cache, the build caches (a changed output is
//     built again; a changed index is not caught), the grader's own
//     executable and the test2json it built, and start programs outside
//     its process tree (through systemd or a terminal multiplexer) that
//     outlive the run, and could then run beside a build.
//
// Whether runs are in cgroups: the grader needs cgroup v2 (stat -fc %T
// /sys/fs/cgroup says cgroup2fs) and, unless it runs as root, a cgroup of
// its own whose cgroup.controllers list memory and pids, such as the
// scope `systemd-run --user --scope -p Delegate=yes` starts it in. Where
// it has none, every report's notes say so, with the reason.
//
// In the sandbox the code still shares the kernel: a kernel exploit, or a
// bug in bubblewrap, is out of the grader's reach. It can burn CPU for its
// whole time limit. It can read the system folders (/usr: installed
// programs and libraries, nothing of the instructor's own). The limits of
// memory and processes are enforced on Linux only. For more isolation than
// that (a hostile class, not a curious student), grade each submission in
// its own container or VM: one CI job per submission, as the GitHub
// Actions workflow (grade-workflow.yml) and Classroom 50's runner do.
package grade
