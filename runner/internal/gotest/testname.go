package gotest

import "strings"

// TestName is a test's full name as go test reports it: "TestJoin" for a
// top-level test, "TestJoin/empty_input" (and deeper) for a subtest.
type TestName string

// Parent returns the top-level test n belongs to: n itself for a top-level
// test, "TestJoin" for "TestJoin/empty_input/twice".
func (n TestName) Parent() TestName {
	top, _, _ := strings.Cut(string(n), "/")
	return TestName(top)
}

// IsSubtest reports whether n is a subtest (at any depth).
func (n TestName) IsSubtest() bool {
	return strings.Contains(string(n), "/")
}

// Under reports whether n is a subtest of ancestor, at any depth, and
// returns the rest of its name: "TestJoin/empty/twice" is under "TestJoin"
// as "empty/twice". A test is not under itself.
func (n TestName) Under(ancestor TestName) (rest string, ok bool) {
	rest, ok = strings.CutPrefix(string(n), string(ancestor)+"/")
	if !ok {
		return "", false
	}
	return rest, true
}

// TestName returns r.Name as a TestName.
func (r TestResult) TestName() TestName {
	return TestName(r.Name)
}
