package gotest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTestName(t *testing.T) {
	cases := []struct {
		name    TestName
		parent  TestName
		subtest bool
	}{
		{"TestJoin", "TestJoin", false},
		{"TestJoin/empty_input", "TestJoin", true},
		{"TestJoin/a/b", "TestJoin", true},
		{"TestJoin/", "TestJoin", true},
		{"", "", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.parent, tc.name.Parent(), "%q.Parent()", tc.name)
		assert.Equal(t, tc.subtest, tc.name.IsSubtest(), "%q.IsSubtest()", tc.name)
	}

	under := []struct {
		name, ancestor TestName
		rest           string
		ok             bool
	}{
		{"TestJoin/empty", "TestJoin", "empty", true},
		{"TestJoin/empty/twice", "TestJoin", "empty/twice", true},
		{"TestJoin/empty/twice", "TestJoin/empty", "twice", true},
		{"TestJoin", "TestJoin", "", false},
		{"TestJoinAll/x", "TestJoin", "", false},
		{"TestOther/x", "TestJoin", "", false},
	}
	for _, tc := range under {
		rest, ok := tc.name.Under(tc.ancestor)
		assert.Equal(t, tc.ok, ok, "%q.Under(%q)", tc.name, tc.ancestor)
		assert.Equal(t, tc.rest, rest, "%q.Under(%q)", tc.name, tc.ancestor)
	}

	assert.Equal(t, TestName("TestJoin/x"), TestResult{Name: "TestJoin/x"}.TestName())
}
