package gotest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests really run go test on the fixture module in testdata/fixture.

func fixtureDir(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "fixture"))
	require.NoError(t, err)
	return dir
}

// fixtureEnv keeps the machine's GOFLAGS and any go.work out of the runs.
func fixtureEnv(extra ...string) []string {
	return append([]string{"GOFLAGS=", "GOWORK=off"}, extra...)
}

func run(t *testing.T, opts Options) *Verdict {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = fixtureDir(t)
	}
	opts.Env = append(fixtureEnv(), opts.Env...)
	v, err := Run(context.Background(), opts)
	require.NoError(t, err)
	return v
}

func TestRunPass(t *testing.T) {
	v := run(t, Options{Package: "./pass", Expected: []string{"TestEcho", "TestEchoCases"}})
	assert.Equal(t, KindPass, v.Kind)
	assert.True(t, v.Passed("TestEcho"))
	assert.True(t, v.Passed("TestEchoCases"))
	assert.Equal(t, 0, v.ExitCode)
	assert.Equal(t, []string{"go", "test", "-json", "-count=1", "-timeout=55s", "./pass"}, v.Args)
	assert.True(t, v.Elapsed > 0)
}

func TestRunBuildErrorPathsRelativeToRoot(t *testing.T) {
	root, err := filepath.Abs("testdata")
	require.NoError(t, err)
	v := run(t, Options{Package: "./compile_error", Root: root, Expected: []string{"TestJoin"}})
	assert.Equal(t, KindBuildError, v.Kind)
	require.Len(t, v.Build, 2)
	assert.Equal(t, filepath.Join("fixture", "compile_error", "join.go"), v.Build[0].File)
	assert.Equal(t, 6, v.Build[0].Line)
	assert.Equal(t, 7, v.Build[0].Col)
	got, _ := v.Test("TestJoin")
	assert.Equal(t, StatusNotRun, got.Status)
}

func TestRunExitInTest(t *testing.T) {
	v := run(t, Options{Package: "./syscall_exit0", Expected: []string{"TestFirst", "TestQuit", "TestNeverRuns"}})
	assert.Equal(t, KindCrash, v.Kind)
	require.NotNil(t, v.Crash)
	assert.Equal(t, CrashExit, v.Crash.Reason)
	assert.Equal(t, "TestQuit", v.Crash.Test)
	assert.Equal(t, 0, v.ExitCode, "go test itself reports success")
	for _, name := range []string{"TestFirst", "TestQuit", "TestNeverRuns"} {
		assert.False(t, v.Passed(name), name)
	}
}

func TestRunOverlay(t *testing.T) {
	dir := fixtureDir(t)
	tmp := t.TempDir()
	broken := filepath.Join(tmp, "echo.go")
	require.NoError(t, os.WriteFile(broken, []byte("package pass\n\nfunc Echo(args ...string) string { return 1 }\n"), 0o644))
	overlay := filepath.Join(tmp, "overlay.json")
	require.NoError(t, os.WriteFile(overlay, []byte(`{"Replace":{`+quote(filepath.Join(dir, "pass", "echo.go"))+`:`+quote(broken)+`}}`), 0o644))
	v := run(t, Options{Package: "./pass", Overlay: overlay})
	assert.Equal(t, KindBuildError, v.Kind)
	require.Len(t, v.Build, 1)
	assert.Equal(t, filepath.Join("pass", "echo.go"), v.Build[0].File, "named by the file it replaces")
	assert.Equal(t, 3, v.Build[0].Line)
	assert.Contains(t, v.Args, "-overlay="+overlay)
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
}

func TestRunFloodIsBounded(t *testing.T) {
	v := run(t, Options{
		Package:       "./flood",
		Env:           []string{"GOTEST_FIXTURE_FLOOD=4"}, // megabytes
		MaxTestOutput: 16 << 10,
		MaxOutput:     64 << 10,
		Expected:      []string{"TestFlood", "TestAfter"},
	})
	assert.Equal(t, KindFail, v.Kind)
	assert.True(t, v.Truncated)
	flood, _ := v.Test("TestFlood")
	assert.Equal(t, StatusFail, flood.Status)
	assert.True(t, len(flood.Output) < 17<<10, "kept %d bytes", len(flood.Output))
	assert.True(t, strings.HasSuffix(flood.Output, "    flood_test.go:18: the message after the flood\n"), "%q", flood.Output[max(0, len(flood.Output)-100):])
	assert.True(t, v.Passed("TestAfter") == false && mustTest(t, v, "TestAfter").Status == StatusPass)
}

func mustTest(t *testing.T, v *Verdict, name string) TestResult {
	t.Helper()
	r, ok := v.Test(name)
	require.True(t, ok, "no result for %s", name)
	return r
}

func TestRunRace(t *testing.T) {
	if testing.Short() {
		t.Skip("building with -race can be slow on a cold cache")
	}
	ok, reason, err := RaceAvailable(context.Background(), nil)
	require.NoError(t, err)
	if !ok {
		t.Skip(reason.En)
	}
	v := run(t, Options{Package: "./race", Race: true, Expected: []string{"TestCount", "TestOther"}})
	assert.Equal(t, KindRace, v.Kind)
	require.Len(t, v.Races, 1)
	assert.Contains(t, v.Args, "-race")
}

func TestRaceAvailable(t *testing.T) {
	ok, reason, err := RaceAvailable(context.Background(), []string{"CGO_ENABLED=0"})
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, reason.En, "cgo is disabled")
	assert.Contains(t, reason.Zh, "cgo 已被禁用")

	ok, reason, err = RaceAvailable(context.Background(), []string{"CGO_ENABLED=1", "CC=/nonexistent/cc"})
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, reason.En, `"/nonexistent/cc"`)

	ok, reason, err = RaceAvailable(context.Background(), nil)
	require.NoError(t, err)
	assert.True(t, ok || reason.En != "", "a reason when not available")
}

func TestRunErrors(t *testing.T) {
	_, err := Run(context.Background(), Options{Package: "./pass"})
	assert.True(t, err != nil, "no directory")
	_, err = Run(context.Background(), Options{Dir: fixtureDir(t), Package: "-exec=evil"})
	assert.True(t, err != nil, "a flag as the package")

	t.Setenv("PATH", t.TempDir())
	_, err = Run(context.Background(), Options{Dir: fixtureDir(t), Package: "./pass"})
	assert.True(t, errors.Is(err, ErrNoGo), "%v", err)
	_, _, err = RaceAvailable(context.Background(), nil)
	assert.True(t, errors.Is(err, ErrNoGo), "%v", err)
}
