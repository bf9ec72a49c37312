package coursetest

import (
	"embed"
	"path"
)

// tiny holds Tiny's files: per exercise its stub, its solution (pass.go),
// its test file and its chapter in each language (en.md, zh.md), and the
// first exercise's other versions (SumAs).
//
//go:embed testdata/tiny
var tiny embed.FS

// Tiny is a course of three small exercises whose tests really run, for
// the tests that run go test on a course (the command's end-to-end tests,
// the grader's class) without depending on the real one. Each test calls
// one function of its exercise, so that a submission can pass some tests
// and fail, crash or hang in another. A stub's functions panic with "not
// implemented yet", which the tests turn into a failure of each test, as
// the real course's harness does.
//
//	01_sum     sum.go     Add (TestAdd, 1 point), Total (TestTotal, 2) and
//	                      Halves (TestHalves, 3: each half in a goroutine);
//	                      the race detector is on, there are three hints
//	02_words   words.go   Count (TestCount, 1), Longest (TestLongest, 1)
//	03_minmax  minmax.go  Max (TestMax, 1), Min (TestMin, 1)
//
// The module is example.com/course: the first exercise's test file
// imports example.com/course/01_sum. SumAs gives versions of sum.go whose
// run ends in each Kind.
func Tiny() []Exercise {
	sum := tinyExercise("sum", []string{"TestAdd", "TestTotal", "TestHalves"}, []int{1, 2, 3})
	sum.Race, sum.Hints = true, 3
	return []Exercise{
		sum,
		tinyExercise("words", []string{"TestCount", "TestLongest"}, nil),
		tinyExercise("minmax", []string{"TestMax", "TestMin"}, nil),
	}
}

// tinyExercise is the exercise id of Tiny, from its files.
func tinyExercise(id string, tests []string, points []int) Exercise {
	return Exercise{
		ID: id, Tests: tests, Points: points,
		Stub: tinyFile(id, "stub.go"), Solution: tinyFile(id, "pass.go"), TestFile: tinyFile(id, id+"_test.go"),
		Chapter: tinyFile(id, "en.md"), ChapterZh: tinyFile(id, "zh.md"),
	}
}

// A Kind is how a run of an exercise's tests ends.
type Kind string

// The kinds of run of Tiny's first exercise, for SumAs.
const (
	Pass         Kind = "pass"          // every test passes
	Fail         Kind = "fail"          // Total leaves out a number: TestTotal and TestHalves fail
	CompileError Kind = "compile_error" // Add returns a string: a type error at sum.go:7
	Crash        Kind = "crash"         // a goroutine of Halves writes past its array: the binary dies in TestHalves
	Hang         Kind = "hang"          // Halves waits for a half that no goroutine sends: TestHalves never ends
	Race         Kind = "race"          // Halves counts its goroutines without a lock: right sums, a data race
)

// Kinds are the kinds of run, in the order above.
var Kinds = []Kind{Pass, Fail, CompileError, Crash, Hang, Race}

// SumAs is the source of Tiny's sum.go whose run ends as kind says.
func SumAs(kind Kind) string { return tinyFile("sum", string(kind)+".go") }

// tinyFile is the file name of Tiny's exercise id.
func tinyFile(id, name string) string {
	data, err := tiny.ReadFile(path.Join("testdata", "tiny", id, name))
	if err != nil {
		panic(err) // the files are embedded: a name missing is a bug here
	}
	return string(data)
}
