package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manifest returns a valid workbook.toml listing an exercise per dir, each
// with the stub x.go.
func manifest(dirs ...string) string {
	var b strings.Builder
	b.WriteString("title = { en = \"T\", zh = \"题\" }\nbook = \"book\"\nexercises = \"exercises\"\nsolutions = \"solutions\"\n")
	for _, dir := range dirs {
		b.WriteString("\n[[exercise]]\nid = \"" + dir + "\"\ndir = \"" + dir + "\"\nfile = \"x.go\"\nchapter = \"" + dir + ".md\"\n" +
			"title = { en = \"T\", zh = \"题\" }\n" +
			"[[exercise.hint]]\nen = \"a\"\nzh = \"甲\"\n[[exercise.hint]]\nen = \"b\"\nzh = \"乙\"\n" +
			"[[exercise.test]]\nname = \"TestX\"\npoints = 1\nen = \"x\"\nzh = \"x\"\n")
	}
	return b.String()
}

// write puts files (slash path relative to root → content) under root.
func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
}

// tree lists the files under root/dir as slash path → content.
func tree(t *testing.T, root, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return files
}

func TestGenerate(t *testing.T) {
	const pristine = "runner/internal/course/pristine/"
	tests := []struct {
		name        string
		files       map[string]string // besides the stubs of the manifest's exercises
		exercises   []string
		wantFiles   map[string]string // under the pristine folder
		wantChanged []string
	}{{
		name:        "writes a copy of every stub",
		exercises:   []string{"01_a", "02_b"},
		wantFiles:   map[string]string{pristine + "01_a/x.go.txt": "stub of 01_a", pristine + "02_b/x.go.txt": "stub of 02_b"},
		wantChanged: []string{"wrote " + pristine + "01_a/x.go.txt", "wrote " + pristine + "02_b/x.go.txt"},
	}, {
		name:        "leaves a copy that is already right",
		files:       map[string]string{pristine + "01_a/x.go.txt": "stub of 01_a"},
		exercises:   []string{"01_a"},
		wantFiles:   map[string]string{pristine + "01_a/x.go.txt": "stub of 01_a"},
		wantChanged: nil,
	}, {
		name:        "refreshes a stale copy",
		files:       map[string]string{pristine + "01_a/x.go.txt": "an older stub"},
		exercises:   []string{"01_a"},
		wantFiles:   map[string]string{pristine + "01_a/x.go.txt": "stub of 01_a"},
		wantChanged: []string{"wrote " + pristine + "01_a/x.go.txt"},
	}, {
		name: "deletes the copies of exercises no longer listed, keeps the README",
		files: map[string]string{
			pristine + "README.md":        "generated",
			pristine + "01_a/x.go.txt":    "stub of 01_a",
			pristine + "01_a/old.go.txt":  "a file the exercise no longer has",
			pristine + "09_gone/z.go.txt": "an exercise that is gone",
		},
		exercises:   []string{"01_a"},
		wantFiles:   map[string]string{pristine + "README.md": "generated", pristine + "01_a/x.go.txt": "stub of 01_a"},
		wantChanged: []string{"deleted " + pristine + "01_a/old.go.txt", "deleted " + pristine + "09_gone/z.go.txt"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{"workbook.toml": manifest(tt.exercises...)}
			for _, dir := range tt.exercises {
				files["exercises/"+dir+"/x.go"] = "stub of " + dir
			}
			for name, content := range tt.files {
				files[name] = content
			}
			write(t, root, files)

			changed, err := generate(root)
			require.NoError(t, err)
			assert.Equal(t, tt.wantChanged, changed, "what generate says it changed")
			assert.Equal(t, tt.wantFiles, tree(t, root, pristine), "the copies after generate")
			_, err = os.Stat(filepath.Join(root, pristine, "09_gone"))
			assert.True(t, os.IsNotExist(err), "a folder left empty is deleted")
		})
	}
}

func TestGenerateFails(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no manifest", map[string]string{}, "workbook.toml"},
		{"a stub is missing", map[string]string{"workbook.toml": manifest("01_a")}, "reading the stub of 01_a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, tt.files)
			_, err := generate(root)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
