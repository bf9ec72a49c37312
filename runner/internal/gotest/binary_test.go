package gotest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuildThenRunBinaryReadsAsRun runs each fixture both ways, go test and
// Build then RunBinary, and checks that the verdicts say the same: the
// grader's build-first runs must be judged as go test's are.
func TestBuildThenRunBinaryReadsAsRun(t *testing.T) {
	ctx := context.Background()
	tool, err := Test2JSON(ctx, fixtureEnv(), t.TempDir())
	require.NoError(t, err)
	// The fixtures whose streams differ most in how they end (all 18
	// agreed when this was written; each costs two builds).
	for _, pkg := range []string{"pass", "compile_error", "vet_error", "exit0", "syscall_exit0",
		"panic", "goroutine_panic", "signal", "subtests", "forged", "forged_exit0"} {
		t.Run(pkg, func(t *testing.T) {
			opts := Options{Dir: fixtureDir(t), Package: "./" + pkg, Env: fixtureEnv(), Timeout: 20 * time.Second}
			want, err := Run(ctx, opts)
			require.NoError(t, err)

			opts.ImportPath = "example.com/fixture/" + pkg
			opts.Test2JSON = tool
			bin := filepath.Join(t.TempDir(), pkg+".test")
			got, err := Build(ctx, opts, bin)
			require.NoError(t, err)
			if got == nil {
				got, err = RunBinary(ctx, opts, bin)
				require.NoError(t, err)
			}
			assert.Equal(t, want.Kind, got.Kind)
			assert.Equal(t, want.PackagePassed, got.PackagePassed)
			assert.Equal(t, want.Package, got.Package)
			assert.Equal(t, len(want.Suspicious) > 0, len(got.Suspicious) > 0, "suspicious: %q vs %q", want.Suspicious, got.Suspicious)
			if assert.Equal(t, len(want.Tests), len(got.Tests)) {
				for i := range want.Tests {
					assert.Equal(t, want.Tests[i].Name, got.Tests[i].Name)
					assert.Equal(t, want.Tests[i].Status, got.Tests[i].Status, want.Tests[i].Name)
					assert.Equal(t, want.Tests[i].Suspicious, got.Tests[i].Suspicious, want.Tests[i].Name)
				}
			}
			assert.Equal(t, want.Crash != nil, got.Crash != nil)
			if want.Crash != nil && got.Crash != nil {
				assert.Equal(t, want.Crash.Reason, got.Crash.Reason)
				assert.Equal(t, want.Crash.Test, got.Crash.Test)
			}
			assert.Equal(t, len(want.Build), len(got.Build))
		})
	}
}
