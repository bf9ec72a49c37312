package testify_fail

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSum(t *testing.T) {
	assert.Equal(t, 3, Sum(1, 2), "Sum(1, 2)")
}

func TestSumZero(t *testing.T) {
	require.Equal(t, 0, Sum(0, 0), "the sum of nothing is %d", 0)
	t.Log("not reached")
}

func TestPasses(t *testing.T) {
	assert.True(t, true)
}
