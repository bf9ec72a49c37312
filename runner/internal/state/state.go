// Package state keeps what the workbook remembers between commands, in a
// small folder at the workbook root: how many hint tiers were shown, the last
// verdict of each exercise, and backups of files that reset replaced. The
// folder may be deleted at any time; a file in it that cannot be read is
// reported and replaced, never a reason to stop.
//
// Two workbook commands may run at once (watch mode in one terminal, hint
// in another): a save reads the file again, under a lock, and applies this
// Store's changes to what is there, so that neither loses the other's.
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

// Store is the state of one workbook, as this process knows it.
type Store struct {
	dir  string
	data data
	// changes are this Store's changes since it last saved, replayed on
	// the file's content at the next save.
	changes []func(*data)
}

type data struct {
	Version  int                `json:"version"`
	Hints    map[string]int     `json:"hints"`    // exercise id → tiers shown
	Verdicts map[string]LastRun `json:"verdicts"` // exercise id → its last run
	// EditCmd is the command watch mode's e key opens a file with, as
	// --edit-cmd last gave it; "" for the environment's editor.
	EditCmd string `json:"edit_cmd,omitempty"`
}

// LastRun is what the state remembers of an exercise's last run.
type LastRun struct {
	Passed      bool      `json:"passed"`
	Kind        string    `json:"kind"` // gotest.Kind
	TestsPassed int       `json:"tests_passed"`
	TestsTotal  int       `json:"tests_total"`
	Race        bool      `json:"race"`        // it used the race detector
	Fingerprint string    `json:"fingerprint"` // gofiles digest (hexadecimal) of the files it judged
	At          time.Time `json:"at"`
}

// Open reads the state of the workbook at root. A missing folder or file is
// an empty state. A file that cannot be read or is not ours gives an empty
// state and a non-nil warning that says what was replaced.
func Open(root string) (s *Store, warning error) {
	s = &Store{dir: filepath.Join(root, DirName)}
	s.data, warning = s.read()
	return s, warning
}

// read reads the file: an empty state when it is missing, and with a
// warning when it cannot be read or is not ours.
func (s *Store) read() (data, error) {
	var d data
	d.reset()
	raw, err := os.ReadFile(s.path())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return d, nil
	case err != nil:
		return d, i18n.Errorf(msgUnreadable, s.path(), err)
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		d.reset()
		return d, i18n.Errorf(msgNotOurs, s.path())
	}
	if d.Version != version {
		v := d.Version
		d.reset()
		return d, i18n.Errorf(msgOtherVersion, s.path(), v, version)
	}
	if d.Hints == nil {
		d.Hints = map[string]int{}
	}
	if d.Verdicts == nil {
		d.Verdicts = map[string]LastRun{}
	}
	return d, nil
}

func (d *data) reset() {
	*d = data{Version: version, Hints: map[string]int{}, Verdicts: map[string]LastRun{}}
}

func (s *Store) path() string { return filepath.Join(s.dir, fileName) }

// Save writes this Store's changes into the file, atomically: a crash
// mid-write leaves the old file. It reads the file again first, under a
// lock that other workbook processes take too, and applies the changes to
// what it holds now (a file that cannot be read counts as empty), so that
// what another command saved in the meantime is kept; the Store then holds
// the merged state.
func (s *Store) Save() error {
	if err := s.ensureDir(); err != nil {
		return err
	}
	unlock, err := lock(filepath.Join(s.dir, lockName))
	if err != nil {
		return i18n.Errorf(msgSaving, err)
	}
	defer unlock()
	d, _ := s.read() // a file that cannot be read is replaced, as Open said
	for _, change := range s.changes {
		change(&d)
	}
	if err := s.write(d); err != nil {
		return err
	}
	s.data, s.changes = d, nil
	return nil
}

// lockName is the file Save locks while it reads and writes the state.
const lockName = "lock"

func (s *Store) write(d data) error {
	raw, err := json.MarshalIndent(d, "", "  ")
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

// change applies a change now and keeps it for the next save.
func (s *Store) change(c func(*data)) {
	c(&s.data)
	s.changes = append(s.changes, c)
}

// HintsShown is how many hint tiers of the exercise were shown.
func (s *Store) HintsShown(id string) int { return s.data.Hints[id] }

// ShowHint counts one more hint tier of the exercise as shown, up to tiers:
// one more than the file holds when it is saved.
func (s *Store) ShowHint(id string, tiers int) {
	s.change(func(d *data) { d.Hints[id] = min(d.Hints[id]+1, tiers) })
}

// ForgetHints counts none of the exercise's hint tiers as shown.
func (s *Store) ForgetHints(id string) {
	s.change(func(d *data) { delete(d.Hints, id) })
}

// LastRun is the exercise's last recorded run, if any.
func (s *Store) LastRun(id string) (LastRun, bool) {
	v, ok := s.data.Verdicts[id]
	return v, ok
}

// SetLastRun records the exercise's latest run.
func (s *Store) SetLastRun(id string, v LastRun) {
	s.change(func(d *data) { d.Verdicts[id] = v })
}

// EditCmd is the editor command the learner chose with --edit-cmd, or "".
func (s *Store) EditCmd() string { return s.data.EditCmd }

// SetEditCmd remembers the learner's editor command; "" forgets it.
func (s *Store) SetEditCmd(cmd string) {
	s.change(func(d *data) { d.EditCmd = cmd })
}

// Backup writes content, the file called name, into a new folder under
// backups/ and returns the copy's path. Backups are never overwritten.
func (s *Store) Backup(id, name string, content []byte) (string, error) {
	if err := s.ensureDir(); err != nil {
		return "", err
	}
	stamp := time.Now().Format("20060102-150405")
	for n := 0; ; n++ {
		folder := fmt.Sprintf("%s-%s", id, stamp)
		if n > 0 {
			folder += fmt.Sprintf("-%d", n)
		}
		dir := filepath.Join(s.dir, "backups", folder)
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return "", i18n.Errorf(msgBackupsDir, err)
		}
		if err := os.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return "", i18n.Errorf(msgBackupDir, err)
		}
		dst := filepath.Join(dir, name)
		if err := os.WriteFile(dst, content, 0o644); err != nil {
			return "", i18n.Errorf(msgWriteBackup, err)
		}
		return dst, nil
	}
}
