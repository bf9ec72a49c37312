// Command pristinegen writes the copies of the exercises' stubs that the
// workbook binary embeds for `workbook reset`: for every exercise of the
// manifest, runner/internal/course/pristine/<dir>/<file>.txt, identical to
// exercises/<dir>/<file>. It deletes the copies of exercises the manifest no
// longer lists and leaves other files (the folder's README) alone.
//
// `go generate ./...` at the workbook root runs it. It copies what
// exercises/ holds, so it is for course authors: a learner's edits would
// become the stubs that reset restores.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gospawn/workbook/runner/internal/course"
)

func main() {
	root, err := course.Find(".")
	if err == nil {
		var changed []string
		changed, err = generate(root)
		for _, c := range changed {
			fmt.Println("pristinegen:", c)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pristinegen:", err)
		os.Exit(1)
	}
}

// generate brings the copies in root up to date with the stubs and returns
// what it changed ("wrote …", "deleted …"), in a stable order. A copy that
// is already right is not rewritten, so that nothing rebuilds for nothing.
func generate(root string) ([]string, error) {
	c, err := course.Load(root)
	if err != nil {
		return nil, err
	}
	var changed []string
	want := map[string]bool{} // copies, relative to root, with slashes
	for i := range c.Exercises {
		e := &c.Exercises[i]
		rel := course.PristineCopy(e)
		want[rel] = true
		stub, err := os.ReadFile(c.StubPath(e))
		if err != nil {
			return changed, fmt.Errorf("reading the stub of %s: %w", e.Dir, err)
		}
		dst := filepath.Join(root, filepath.FromSlash(rel))
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, stub) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return changed, fmt.Errorf("writing the copy of %s: %w", e.Dir, err)
		}
		if err := os.WriteFile(dst, stub, 0o644); err != nil {
			return changed, fmt.Errorf("writing the copy of %s: %w", e.Dir, err)
		}
		changed = append(changed, "wrote "+rel)
	}
	deleted, err := deleteStale(root, want)
	return append(changed, deleted...), err
}

// deleteStale deletes the copies (*.txt) under the pristine folder that are
// not in want, and the folders that leaves empty.
func deleteStale(root string, want map[string]bool) ([]string, error) {
	dir := filepath.Join(root, filepath.FromSlash(course.PristineDir))
	var stale, dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			if path != dir {
				dirs = append(dirs, path)
			}
		case strings.HasSuffix(rel, ".txt") && !want[rel]:
			stale = append(stale, rel)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the copies: %w", err)
	}
	var deleted []string
	for _, rel := range stale {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
			return deleted, fmt.Errorf("deleting a stale copy: %w", err)
		}
		deleted = append(deleted, "deleted "+rel)
	}
	// Deepest first, so that a parent is empty once its children are gone.
	slices.Reverse(dirs)
	for _, d := range dirs {
		if entries, err := os.ReadDir(d); err == nil && len(entries) == 0 {
			if err := os.Remove(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return deleted, fmt.Errorf("deleting an empty folder of copies: %w", err)
			}
		}
	}
	return deleted, nil
}
