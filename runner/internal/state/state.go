// Package state keeps what the workbook remembers between commands, in a
// small folder at the workbook root: how many hint tiers were shown, the last
// verdict of each exercise, and backups of files that reset replaced. The
// folder may be deleted at any time; a file in it that cannot be read is
// reported and replaced, never a reason to stop.
//
// It stores and does not judge: whether a recorded run still holds for
// the files as they are is the progress package's question.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// DirName is the state folder's name at the workbook root.
const DirName = ".workbook"

const fileName = "state.json"

// version is written into the file; a file with another version is foreign
// and replaced.
const version = 1

// Store is the state of one workbook.
type Store struct {
	dir  string
	data data
}

type data struct {
	Version  int                `json:"version"`
	Hints    map[string]int     `json:"hints"`    // exercise id → tiers shown
	Verdicts map[string]LastRun `json:"verdicts"` // exercise id → its last run
}

// LastRun is what the state remembers of an exercise's last run.
type LastRun struct {
	Passed      bool      `json:"passed"`
	Kind        string    `json:"kind"` // gotest.Kind
	TestsPassed int       `json:"tests_passed"`
	TestsTotal  int       `json:"tests_total"`
	Fingerprint string    `json:"fingerprint"` // course.Fingerprint of the files it judged
	At          time.Time `json:"at"`
}

// Open reads the state of the workbook at root. A missing folder or file is
// an empty state. A file that cannot be read or is not ours gives an empty
// state and a non-nil warning that says what was replaced; err is only for
// what prevents keeping state at all.
func Open(root string) (s *Store, warning error, err error) {
	s = &Store{dir: filepath.Join(root, DirName)}
	s.data.reset()
	raw, err := os.ReadFile(filepath.Join(s.dir, fileName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return s, nil, nil
	case err != nil:
		return s, i18n.Errorf(msgUnreadable, s.path(), err), nil
	}
	var d data
	if err := json.Unmarshal(raw, &d); err != nil {
		return s, i18n.Errorf(msgNotOurs, s.path()), nil
	}
	if d.Version != version {
		return s, i18n.Errorf(msgOtherVersion, s.path(), d.Version, version), nil
	}
	if d.Hints == nil {
		d.Hints = map[string]int{}
	}
	if d.Verdicts == nil {
		d.Verdicts = map[string]LastRun{}
	}
	s.data = d
	return s, nil, nil
}

func (d *data) reset() {
	*d = data{Version: version, Hints: map[string]int{}, Verdicts: map[string]LastRun{}}
}

func (s *Store) path() string { return filepath.Join(s.dir, fileName) }

// Dir is the state folder.
func (s *Store) Dir() string { return s.dir }

// Save writes the state, atomically: a crash mid-write leaves the old file.
func (s *Store) Save() error {
	if err := s.ensureDir(); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(s.data, "", "  ")
	if err != nil {
		return i18n.Errorf(msgEncoding, err)
	}
	tmp, err := os.CreateTemp(s.dir, fileName+".*")
	if err != nil {
		return i18n.Errorf(msgSaving, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(append(raw, '\n')); err != nil {
		tmp.Close()
		return i18n.Errorf(msgSaving, err)
	}
	if err := tmp.Close(); err != nil {
		return i18n.Errorf(msgSaving, err)
	}
	if err := os.Rename(tmp.Name(), s.path()); err != nil {
		return i18n.Errorf(msgSaving, err)
	}
	return nil
}

// ensureDir creates the folder, with a .gitignore so that a learner's commit
// never carries it even where the workbook's own .gitignore is missing.
func (s *Store) ensureDir() error {
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return i18n.Errorf(msgCreatingDir, err)
	}
	ignore := filepath.Join(s.dir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(ignore, []byte("*\n"), 0o644); err != nil {
			return i18n.Errorf(msgCreatingDir, err)
		}
	}
	return nil
}

// HintsShown is how many hint tiers of the exercise were shown.
func (s *Store) HintsShown(id string) int { return s.data.Hints[id] }

// SetHintsShown records how many hint tiers of the exercise were shown.
func (s *Store) SetHintsShown(id string, n int) { s.data.Hints[id] = n }

// LastRun is the exercise's last recorded run, if any.
func (s *Store) LastRun(id string) (LastRun, bool) {
	v, ok := s.data.Verdicts[id]
	return v, ok
}

// SetLastRun records the exercise's latest run.
func (s *Store) SetLastRun(id string, v LastRun) { s.data.Verdicts[id] = v }

// Backup copies the file at path into a new folder under backups/ and
// returns the copy's path. Backups are never overwritten.
func (s *Store) Backup(id, path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", i18n.Errorf(msgReadToBackUp, path, err)
	}
	if err := s.ensureDir(); err != nil {
		return "", err
	}
	stamp := time.Now().Format("20060102-150405")
	for n := 0; ; n++ {
		name := fmt.Sprintf("%s-%s", id, stamp)
		if n > 0 {
			name += fmt.Sprintf("-%d", n)
		}
		dir := filepath.Join(s.dir, "backups", name)
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return "", i18n.Errorf(msgBackupsDir, err)
		}
		if err := os.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return "", i18n.Errorf(msgBackupDir, err)
		}
		dst := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return "", i18n.Errorf(msgWriteBackup, err)
		}
		return dst, nil
	}
}
