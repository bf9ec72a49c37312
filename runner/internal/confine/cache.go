package confine

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The build cache of a grading (go's GOCACHEPROG).
//
// A submission's code is compiled with the instructor's go command, and go
// keeps what it compiles in its build cache: a submission could leave
// hundreds of megabytes there. cacheMain reads the instructor's cache, so
// that the standard library and the course's dependencies are not built
// again for every grading, and writes only into the grading's own, which
// the grading removes. Both are in go's own format (cmd/go/internal/cache):
// an action's entry DIR/xx/ACTION-a ("v1 ACTION OUTPUT SIZE TIME"), its
// output DIR/yy/OUTPUT-d.

// cacheRequest and cacheResponse are the messages of go's GOCACHEPROG
// protocol (cmd/go/internal/cacheprog), one JSON object a line.
type cacheRequest struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type cacheResponse struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// cacheEntrySize is the length of an action's entry in go's format.
const cacheEntrySize = 2 + 1 + 64 + 1 + 64 + 1 + 20 + 1 + 20 + 1

// cacheMain serves go's build cache requests on standard input and output,
// reading args[0] (the instructor's cache; "" for none) and args[1] (the
// grading's), writing into args[1] only.
func cacheMain(args []string) int {
	if len(args) != 2 || args[1] == "" {
		return Main(nil)
	}
	c := &buildCache{shared: args[0], own: args[1]}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	respond := func(r *cacheResponse) bool {
		return enc.Encode(r) == nil && w.Flush() == nil
	}
	if !respond(&cacheResponse{KnownCommands: []string{"get", "put", "close"}}) {
		return 1
	}
	// One JSON value after another, with blank lines between: a request,
	// and after a put with a body, the body as a base64 JSON string.
	dec := json.NewDecoder(bufio.NewReaderSize(os.Stdin, 64<<10))
	for {
		var req cacheRequest
		if err := dec.Decode(&req); err == io.EOF {
			return 0 // go closed our input: it is done
		} else if err != nil {
			fmt.Fprintf(os.Stderr, "workbook %s cache: %v\n", Command, err)
			return 1
		}
		res := &cacheResponse{ID: req.ID}
		switch req.Command {
		case "get":
			c.get(req, res)
		case "put":
			var body []byte
			if req.BodySize > 0 {
				err := dec.Decode(&body)
				if err == nil && int64(len(body)) != req.BodySize {
					err = errors.New("the body's size is not the one announced")
				}
				if err != nil {
					fmt.Fprintf(os.Stderr, "workbook %s cache: reading a body: %v\n", Command, err)
					return 1
				}
			}
			if err := c.put(req, body, res); err != nil {
				res.Err = err.Error()
			}
		case "close":
			respond(res)
			return 0
		default:
			res.Err = "unknown command " + strconv.Quote(req.Command)
		}
		if !respond(res) {
			return 1
		}
	}
}

// buildCache is the grading's build cache over the instructor's.
type buildCache struct {
	shared, own string
}

// file is the path of id's file of kind ("a" or "d") in the cache at dir.
func cacheFile(dir string, id []byte, kind string) string {
	h := hex.EncodeToString(id)
	return filepath.Join(dir, h[:2], h+"-"+kind)
}

// get answers a get: the grading's own entry, else the instructor's, else
// a miss.
func (c *buildCache) get(req cacheRequest, res *cacheResponse) {
	if len(req.ActionID) != 32 {
		res.Miss = true
		return
	}
	for _, dir := range []string{c.own, c.shared} {
		if dir != "" && lookup(dir, req.ActionID, res) {
			return
		}
	}
	res.Miss = true
}

// lookup fills res from the entry of action in the cache at dir, and
// reports whether it found one whose output is there, of its size.
func lookup(dir string, action []byte, res *cacheResponse) bool {
	data, err := os.ReadFile(cacheFile(dir, action, "a"))
	if err != nil || len(data) != cacheEntrySize || !strings.HasPrefix(string(data), "v1 ") {
		return false
	}
	fields := strings.Fields(string(data))
	if len(fields) != 5 || fields[1] != hex.EncodeToString(action) {
		return false
	}
	out, err := hex.DecodeString(fields[2])
	size, err1 := strconv.ParseInt(fields[3], 10, 64)
	nanos, err2 := strconv.ParseInt(fields[4], 10, 64)
	if err != nil || err1 != nil || err2 != nil || len(out) != 32 {
		return false
	}
	// An output's ID is its content's SHA-256: one changed on disk (code run
	// without the sandbox can write either cache) is a miss, and go builds
	// it again.
	path := cacheFile(dir, out, "d")
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != size {
		return false
	}
	if n, err := io.Copy(h, f); err != nil || n != size || !bytes.Equal(h.Sum(nil), out) {
		return false
	}
	t := time.Unix(0, nanos)
	res.OutputID, res.Size, res.Time, res.DiskPath = out, size, &t, path
	return true
}

// put stores body as the output of the request's action in the grading's
// cache: each file written whole, then renamed into place, for another go
// command of the grading may be reading the same cache.
func (c *buildCache) put(req cacheRequest, body []byte, res *cacheResponse) error {
	if len(req.ActionID) != 32 || len(req.OutputID) != 32 {
		return errors.New("an action or output ID of the wrong size")
	}
	out := cacheFile(c.own, req.OutputID, "d")
	if err := writeCacheFile(out, body); err != nil {
		return err
	}
	entry := fmt.Sprintf("v1 %x %x %20d %20d\n", req.ActionID, req.OutputID, len(body), time.Now().UnixNano())
	if err := writeCacheFile(cacheFile(c.own, req.ActionID, "a"), []byte(entry)); err != nil {
		return err
	}
	res.DiskPath = out
	return nil
}

// writeCacheFile writes a file of the cache (see replaceFile).
func writeCacheFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("writing the build cache: %w", err)
	}
	if err := replaceFile(path, data); err != nil {
		return fmt.Errorf("writing the build cache: %w", err)
	}
	return nil
}
