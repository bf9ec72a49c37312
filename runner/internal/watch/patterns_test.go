package watch

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/gofiles"
)

// truncateGap is the pause of the truncate-then-write save between its two
// system calls.
const truncateGap = 10 * time.Millisecond

// savePattern is one way an editor saves a file.
type savePattern struct {
	name string
	save func(t testing.TB, dir, stub string, data []byte)
}

// syncClose flushes f to disk, as careful editors do, and closes it.
func syncClose(t testing.TB, f *os.File) {
	t.Helper()
	require.NoError(t, f.Sync())
	require.NoError(t, f.Close())
}

// savePatterns are the editors' ways of saving that must each give exactly
// one Change.
var savePatterns = []savePattern{
	{"in-place write", func(t testing.TB, dir, stub string, data []byte) {
		require.NoError(t, os.WriteFile(stub, data, 0o644))
	}},
	{"truncate then write", func(t testing.TB, dir, stub string, data []byte) {
		f, err := os.OpenFile(stub, os.O_WRONLY, 0)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(0))
		time.Sleep(truncateGap) // the gap between the two calls, not a wait for an outcome
		_, err = f.WriteAt(data, 0)
		require.NoError(t, err)
		syncClose(t, f)
	}},
	{"temp file in the same directory renamed over", func(t testing.TB, dir, stub string, data []byte) {
		f, err := os.CreateTemp(dir, ".stub.go.tmp*") // VS Code-style and most atomic writers
		require.NoError(t, err)
		_, err = f.Write(data)
		require.NoError(t, err)
		syncClose(t, f)
		require.NoError(t, os.Rename(f.Name(), stub))
	}},
	{"temp file in another directory renamed over", func(t testing.TB, dir, stub string, data []byte) {
		f, err := os.CreateTemp(t.TempDir(), "stub*.go") // under os.TempDir, outside the watched directory
		require.NoError(t, err)
		_, err = f.Write(data)
		require.NoError(t, err)
		syncClose(t, f)
		require.NoError(t, os.Rename(f.Name(), stub))
	}},
	{"vim backupcopy=auto", func(t testing.TB, dir, stub string, data []byte) {
		// vim checks it may create a file with the same owner (the 4913
		// probe), renames the file to its backup, writes a new file, sets
		// its mode and deletes the backup.
		probe := filepath.Join(dir, "4913")
		f, err := os.OpenFile(probe, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		require.NoError(t, err)
		if runtime.GOOS != "windows" {
			require.NoError(t, f.Chown(os.Getuid(), os.Getgid()))
		}
		require.NoError(t, f.Close())
		require.NoError(t, os.Remove(probe))
		backup := stub + "~"
		require.NoError(t, os.Rename(stub, backup))
		f, err = os.OpenFile(stub, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
		require.NoError(t, err)
		_, err = f.Write(data)
		require.NoError(t, err)
		syncClose(t, f)
		require.NoError(t, os.Chmod(stub, 0o644))
		require.NoError(t, os.Remove(backup))
	}},
	{"JetBrains safe write", func(t testing.TB, dir, stub string, data []byte) {
		tmp, old := stub+"___jb_tmp___", stub+"___jb_old___"
		f, err := os.Create(tmp)
		require.NoError(t, err)
		_, err = f.Write(data)
		require.NoError(t, err)
		syncClose(t, f)
		require.NoError(t, os.Rename(stub, old))
		require.NoError(t, os.Rename(tmp, stub))
		require.NoError(t, os.Remove(old))
	}},
	{"delete and re-create", func(t testing.TB, dir, stub string, data []byte) {
		require.NoError(t, os.Remove(stub))
		require.NoError(t, os.WriteFile(stub, data, 0o644))
	}},
}

// watchModes are the ways of noticing changes every pattern is tried with.
var watchModes = []struct {
	name string
	opts Options
}{
	{"events", Options{}},
	{"polling", Options{Poll: true, PollInterval: 5 * time.Millisecond}},
}

func TestEverySavePatternGivesOneChange(t *testing.T) {
	for _, mode := range watchModes {
		for _, p := range savePatterns {
			t.Run(mode.name+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				dir, stub := exerciseDir(t)
				w := startWatcher(t, []string{dir}, mode.opts)
				for range 2 { // the second save checks the first left nothing behind
					data := content()
					p.save(t, dir, stub, data)
					nextChangeIs(t, w, dir, "the save's change")
					got, err := os.ReadFile(stub)
					require.NoError(t, err)
					require.Equal(t, string(data), string(got))
				}
				sentinel(t, w, dir)
			})
		}
	}
}

// burst saves stub 50 times in about a second with the given patterns in
// turn, and returns the final content. paced is false when the machine
// stalled so that two saves came further apart than the debounce (less a
// margin for the watcher's own scheduling): they are then two bursts, and
// a Change in between is right.
func burst(t *testing.T, dir, stub string, patterns []savePattern) (last []byte, paced bool) {
	t.Helper()
	const saves = 50
	start := time.Now()
	var maxGap time.Duration
	prev := start
	for i := range saves {
		last = content()
		patterns[i%len(patterns)].save(t, dir, stub, last)
		now := time.Now()
		maxGap = max(maxGap, now.Sub(prev))
		prev = now
		time.Sleep(15 * time.Millisecond) // pacing: 50 saves in about a second
	}
	paced = maxGap < DefaultDebounce-10*time.Millisecond
	t.Logf("%d saves in %v, at most %v apart (paced: %v)", saves, time.Since(start).Round(time.Millisecond), maxGap, paced)
	return last, paced
}

func TestBurstOfSavesGivesOneChangeForTheFinalContent(t *testing.T) {
	for _, mode := range watchModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			dir, stub := exerciseDir(t)
			w := startWatcher(t, []string{dir}, mode.opts)
			// In place, or renamed over, as a mix of tools would.
			last, paced := burst(t, dir, stub, []savePattern{savePatterns[0], savePatterns[2]})
			final := hashOf(t, dir)
			c := recv(t, w.Changes(), "the burst's change")
			for !paced && c.Digest != final {
				c = recv(t, w.Changes(), "the burst's last change")
			}
			require.Equal(t, final, c.Digest, "the burst's change is not for the final content")
			got, err := os.ReadFile(stub)
			require.NoError(t, err)
			require.Equal(t, string(last), string(got))
			require.False(t, c.First.After(c.Last))
			sentinel(t, w, dir)
		})
	}
}

func TestSavesThatChangeNoGoFileGiveNoChange(t *testing.T) {
	cases := []struct {
		name string
		do   func(t *testing.T, dir, stub string)
	}{
		{"a non-Go file", func(t *testing.T, dir, stub string) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), content(), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), content(), 0o644))
		}},
		{"the same bytes again", func(t *testing.T, dir, stub string) {
			data, err := os.ReadFile(stub)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(stub, data, 0o644))
		}},
		{"the same bytes through a rename", func(t *testing.T, dir, stub string) {
			data, err := os.ReadFile(stub)
			require.NoError(t, err)
			savePatterns[2].save(t, dir, stub, data)
		}},
		{"time stamp and mode only", func(t *testing.T, dir, stub string) {
			now := time.Now().Add(time.Hour)
			require.NoError(t, os.Chtimes(stub, now, now))
			require.NoError(t, os.Chmod(stub, 0o600))
		}},
		{"editor swap, backup and temporary files", func(t *testing.T, dir, stub string) {
			for _, name := range []string{".stub.go.swp", ".stub.go.swx", "stub.go~", "4913", "#stub.go#",
				"stub.go___jb_tmp___", "stub.go___jb_old___", ".stub.go.tmp1234", "stub.go.tmp", ".DS_Store",
				"_scratch.go", ".hidden.go"} {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), content(), 0o644))
			}
			if runtime.GOOS != "windows" {
				require.NoError(t, os.Symlink("user@host.1234", filepath.Join(dir, ".#stub.go"))) // emacs lock
			}
		}},
		{"a subdirectory", func(t *testing.T, dir, stub string) {
			sub := filepath.Join(dir, "testdata")
			require.NoError(t, os.Mkdir(sub, 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(sub, "x.go"), content(), 0o644))
		}},
	}
	for _, mode := range watchModes {
		for _, tc := range cases {
			t.Run(mode.name+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				dir, stub := exerciseDir(t)
				w := startWatcher(t, []string{dir}, mode.opts)
				tc.do(t, dir, stub)
				sentinel(t, w, dir) // had the action given a Change, it would come first
			})
		}
	}
}

func TestChangesAreReportedPerDirectory(t *testing.T) {
	a, stubA := exerciseDir(t)
	b, _ := exerciseDir(t)
	w := startWatcher(t, []string{a, b}, Options{})
	require.Equal(t, Method{}, w.Method())
	require.Equal(t, []gofiles.Digest{hashOf(t, a), hashOf(t, b)}, w.Digests(), "each directory's content when New read it, by index")

	require.NoError(t, os.WriteFile(stubA, content(), 0o644))
	nextChangeIs(t, w, a, "a's change")
	require.NoError(t, os.WriteFile(filepath.Join(b, "stub_test.go"), content(), 0o644))
	nextChangeIs(t, w, b, "b's change (a test file)")
	require.NoError(t, os.WriteFile(filepath.Join(b, "extra.go"), content(), 0o644))
	nextChangeIs(t, w, b, "b's change (a new file)")
	require.NoError(t, os.Remove(filepath.Join(b, "extra.go")))
	nextChangeIs(t, w, b, "b's change (a deleted file)")
	sentinel(t, w, a)
}
