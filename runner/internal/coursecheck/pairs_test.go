package coursecheck

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/render"
)

// TestTheHarnessWritesTheRunnersPairs checks that the harness writes the
// pairs watch mode reads (render.PairedTests): the value it is asked for
// them with, and the three marks, are written in both modules.
func TestTheHarnessWritesTheRunnersPairs(t *testing.T) {
	c := loadCourse(t)
	src, err := os.ReadFile(filepath.Join(c.ModuleDir(), "internal", "harness", "pair.go"))
	require.NoError(t, err)
	assert.Contains(t, string(src), strconv.Quote(string(render.PairedTests)))
	open, sep, close := render.PairMarks()
	for _, mark := range []string{open, sep, close} {
		assert.Contains(t, string(src), strconv.QuoteToASCII(mark), "the harness marks a pair as render reads it")
	}
}
