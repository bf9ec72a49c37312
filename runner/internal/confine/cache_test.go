package confine

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cacheSession talks to this test binary acting as the grading's build
// cache, the way go does.
type cacheSession struct {
	t   *testing.T
	in  io.WriteCloser
	out *bufio.Scanner
	id  int64
}

func startCache(t *testing.T, shared, own string) *cacheSession {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(self, Command, "cache", shared, own)
	in, err := cmd.StdinPipe()
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { in.Close(); cmd.Wait() })
	s := &cacheSession{t: t, in: in, out: bufio.NewScanner(out)}
	s.out.Buffer(nil, 1<<20)
	var hello cacheResponse
	require.True(t, s.out.Scan())
	require.NoError(t, json.Unmarshal(s.out.Bytes(), &hello))
	assert.ElementsMatch(t, []string{"get", "put", "close"}, hello.KnownCommands)
	return s
}

func (s *cacheSession) send(req cacheRequest, body []byte) cacheResponse {
	s.t.Helper()
	s.id++
	req.ID = s.id
	data, err := json.Marshal(req)
	require.NoError(s.t, err)
	data = append(data, '\n', '\n') // go writes a blank line after each request
	if len(body) > 0 {
		b, err := json.Marshal(body)
		require.NoError(s.t, err)
		data = append(append(data, b...), '\n')
	}
	_, err = s.in.Write(data)
	require.NoError(s.t, err)
	require.True(s.t, s.out.Scan())
	var res cacheResponse
	require.NoError(s.t, json.Unmarshal(s.out.Bytes(), &res))
	require.Equal(s.t, s.id, res.ID)
	return res
}

// writeGoEntry puts an action's entry and output into dir, as go does.
func writeGoEntry(t *testing.T, dir string, action, body []byte) []byte {
	t.Helper()
	sum := sha256.Sum256(body)
	out := sum[:]
	require.NoError(t, os.MkdirAll(filepath.Dir(cacheFile(dir, out, "d")), 0o755))
	require.NoError(t, os.WriteFile(cacheFile(dir, out, "d"), body, 0o644))
	require.NoError(t, os.MkdirAll(filepath.Dir(cacheFile(dir, action, "a")), 0o755))
	entry := fmt.Sprintf("v1 %x %x %20d %20d\n", action, out, len(body), time.Now().UnixNano())
	require.NoError(t, os.WriteFile(cacheFile(dir, action, "a"), []byte(entry), 0o644))
	return out
}

// TestCacheReadsTheInstructorsWritesItsOwn: the grading's build cache
// finds what the instructor's has, and keeps what it is given in its own:
// the instructor's is never written to.
func TestCacheReadsTheInstructorsWritesItsOwn(t *testing.T) {
	shared, own := t.TempDir(), t.TempDir()
	std := bytes.Repeat([]byte{1}, 32)
	stdOut := writeGoEntry(t, shared, std, []byte("the standard library, compiled"))
	before := listTree(t, shared)

	s := startCache(t, shared, own)
	res := s.send(cacheRequest{Command: "get", ActionID: std}, nil)
	assert.False(t, res.Miss)
	assert.Equal(t, stdOut, res.OutputID)
	assert.Equal(t, cacheFile(shared, stdOut, "d"), res.DiskPath)

	learner := bytes.Repeat([]byte{2}, 32)
	assert.True(t, s.send(cacheRequest{Command: "get", ActionID: learner}, nil).Miss)
	body := []byte("a submission's package, compiled")
	sum := sha256.Sum256(body)
	res = s.send(cacheRequest{Command: "put", ActionID: learner, OutputID: sum[:], BodySize: int64(len(body))}, body)
	assert.Empty(t, res.Err)
	assert.Equal(t, cacheFile(own, sum[:], "d"), res.DiskPath)
	res = s.send(cacheRequest{Command: "get", ActionID: learner}, nil)
	assert.False(t, res.Miss)
	got, err := os.ReadFile(res.DiskPath)
	require.NoError(t, err)
	assert.Equal(t, body, got)
	s.send(cacheRequest{Command: "close"}, nil)

	assert.Equal(t, before, listTree(t, shared), "the instructor's cache was written to")
	// An output changed on disk is a miss: go builds it again.
	require.NoError(t, os.WriteFile(cacheFile(shared, stdOut, "d"), []byte("the standard library, patched"), 0o644))
	assert.True(t, startCache(t, shared, own).send(cacheRequest{Command: "get", ActionID: std}, nil).Miss)
	// A second go command of the grading finds it too.
	assert.False(t, startCache(t, shared, own).send(cacheRequest{Command: "get", ActionID: learner}, nil).Miss)
}

// listTree lists every file under dir with its size and content's hash.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		out = append(out, fmt.Sprintf("%s %d %x", p, fi.Size(), sum))
		return err
	}))
	return out
}
