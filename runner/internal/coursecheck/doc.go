// Package coursecheck is the author check: `go test ./...` at the workbook
// root runs it over the whole course, and it knows the course only from
// the manifest and the files beside it, so a new exercise needs no code.
//
// The checks that only read files are functions of its tests
// (checks_test.go), each returning one sentence per thing the course
// lacks, so that they can be tested on small fixture courses: the
// manifest loads and its files exist (Load); every exercise has mutants,
// each naming a test of the manifest and applying to the solution
// (MutantProblems); every chapter exists in every language of the book
// (BookProblems); the stubs the binary embeds match exercises/
// (StubProblems).
//
// The package's tests run them on the workbook, then run go test: for each
// exercise the shipped stub must compile and fail every test, saying "not
// implemented yet"; the solution, put in place of the stub with go test
// -overlay (nothing is copied or touched), must pass every test, under the
// race detector where the machine can build it (both through the runner's
// own engine, gotest, so that workbook next's verdict is the one checked);
// workbook grade must give each solution full marks, every test's
// test_code its source; the manifest must list exactly the Test functions
// of the test files; and every mutant in solutions/<dir>/mutants.toml, put
// in place of the stub, must fail the exercise's whole package as a learner
// runs it, with the test it names among the failures (a mistake about
// ordering: in every one of several runs, each a process of its own).
// These tests, and no other test of the runner but the grader's attacks,
// run the real course.
//
// Doc comments are the exercises' contract, and a Chinese learner reads
// them too, so every comment of the stubs, of the provided files and of
// the solutions (doc comments and comments in code alike) is bilingual, in
// one form (TestCommentsAreBilingual):
//
//   - The English paragraphs first, then the Chinese ones, in the same
//     comment, separated by a blank comment line, so that go doc and an
//     editor's hover show both. A comment at the end of a line of code has
//     no room for both: it goes above the line. Lists, headings and code blocks keep
//     gofmt's doc-comment form in each part.
//   - The Chinese says what the English says: the same identifiers
//     (untranslated: every exported name the English uses, every
//     qualified or mixed-case one, and no English word the English part
//     lacks), the same numbers in digits, the same quoted literals ("…",
//     '…', `…`), the same number of list items, and the same code blocks,
//     byte for byte.
//   - Chinese lines break only at a space (beside code or an English
//     word) or after full-width punctuation: go doc and editors join lines
//     with a space, which must not fall between two Chinese characters.
//     Chinese sentences use full-width punctuation（，。：；）.
//   - A TODO comment is an English "TODO:" line, then its Chinese
//     "TODO：" line.
//
// It is not part of the workbook binary and changes no file of the course.
package coursecheck
