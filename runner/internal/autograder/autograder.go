// Package autograder writes what a grading platform runs to grade the
// course with `workbook grade`: Gradescope's autograder zip (setup.sh,
// run_autograder and the course itself), for `workbook autograder`. It
// also holds, as files an instructor copies, PrairieLearn's example
// question and its grading image (prairielearn/). Both platforms run the
// same script, grade-submission.sh, which takes a submission as the
// platform delivers it and writes the platform's results.json; the
// documents themselves are package grade's formats.
package autograder

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

var (
	//go:embed grade-submission.sh
	gradeSubmission string
	//go:embed gradescope/setup.sh
	setupScript string
	//go:embed gradescope/run_autograder
	runScript string
)

// What the package says, in both languages.
var (
	msgNoGoLine   = i18n.Text{En: "%s has no go line: cannot tell which Go the autograder must install", Zh: "%s 中没有 go 行：无法确定自动评分程序需要安装哪个版本的 Go"}
	msgReading    = i18n.Text{En: "cannot read %s: %v", Zh: "无法读取 %s：%v"}
	msgWritingZip = i18n.Text{En: "cannot write the autograder zip: %v", Zh: "无法写入自动评分压缩包：%v"}
)

// GoVersion is the Go release the course needs: the highest go or
// toolchain line of its two go.mod files (the root module's, which builds
// the workbook program, and the exercises module's), as a full release
// number (1.25 is 1.25.0, the first release of 1.25).
func GoVersion(c *course.Course) (string, error) {
	var best []int
	for _, mod := range []string{filepath.Join(c.Root, "go.mod"), filepath.Join(c.Root, c.ExercisesDir, "go.mod")} {
		data, err := os.ReadFile(mod)
		if errors.Is(err, fs.ErrNotExist) && mod == filepath.Join(c.Root, "go.mod") {
			continue // a course without the runner's sources beside it
		}
		if err != nil {
			return "", i18n.Errorf(msgReading, mod, err)
		}
		found := false
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) != 2 || f[0] != "go" && f[0] != "toolchain" {
				continue
			}
			if v := parseVersion(strings.TrimPrefix(f[1], "go")); v != nil {
				found = found || f[0] == "go"
				if slices.Compare(best, v) < 0 {
					best = v
				}
			}
		}
		if !found {
			return "", i18n.Errorf(msgNoGoLine, mod)
		}
	}
	if best == nil {
		return "", i18n.Errorf(msgNoGoLine, filepath.Join(c.Root, c.ExercisesDir, "go.mod"))
	}
	return fmt.Sprintf("%d.%d.%d", best[0], best[1], best[2]), nil
}

// parseVersion reads 1.25 or 1.25.8 as three numbers; nil for anything
// else (a release candidate names no release to install).
func parseVersion(s string) []int {
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return nil
	}
	v := []int{0, 0, 0}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil
		}
		v[i] = n
	}
	return v
}

// Scripts are Gradescope's two scripts and the grading script they share,
// by file name, for the course c: setup.sh installs goVersion, and
// run_autograder writes its report in lang unless WORKBOOK_LANG says
// otherwise.
func Scripts(goVersion string, lang i18n.Lang) map[string]string {
	return map[string]string{
		"setup.sh":            strings.ReplaceAll(setupScript, "@GO_VERSION@", goVersion),
		"run_autograder":      strings.ReplaceAll(runScript, "@LANG@", string(lang)),
		"grade-submission.sh": gradeSubmission,
	}
}

// Zip writes Gradescope's autograder zip for the course c to w: at its
// root the scripts (Scripts) and every file of the course's checkout but
// its solutions, hidden files and folders (.git), zip files (autograder
// zips written before) and skip (the zip being written, when it is inside
// the checkout). The course's own files are the
// trusted copy run_autograder grades with; the solutions stay out because
// the submission's code runs on the same machine. It returns how many
// files it wrote.
func Zip(w io.Writer, c *course.Course, lang i18n.Lang, skip string) (int, error) {
	version, err := GoVersion(c)
	if err != nil {
		return 0, err
	}
	zw := zip.NewWriter(w)
	files := 0
	now := time.Now()
	add := func(name string, mode fs.FileMode, r io.Reader) error {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now}
		h.SetMode(mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		_, err = io.Copy(fw, r)
		files++
		return err
	}
	scripts := Scripts(version, lang)
	for _, name := range []string{"setup.sh", "run_autograder", "grade-submission.sh"} {
		if err := add(name, 0o755, strings.NewReader(scripts[name])); err != nil {
			return 0, i18n.Errorf(msgWritingZip, err)
		}
	}
	skipAbs, _ := filepath.Abs(skip)
	solutions := filepath.Join(c.Root, c.SolutionsDir)
	err = filepath.WalkDir(c.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(c.Root, p)
		if rel == "." {
			return nil
		}
		hidden := strings.HasPrefix(d.Name(), ".")
		if d.IsDir() {
			if hidden || p == solutions {
				return filepath.SkipDir
			}
			return nil
		}
		// An autograder zip written earlier is no part of the course.
		if hidden || !d.Type().IsRegular() || p == skipAbs || scripts[rel] != "" || strings.EqualFold(filepath.Ext(p), ".zip") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return add(path.Clean(filepath.ToSlash(rel)), info.Mode().Perm(), bytes.NewReader(data))
	})
	if err != nil {
		return 0, i18n.Errorf(msgWritingZip, err)
	}
	if err := zw.Close(); err != nil {
		return 0, i18n.Errorf(msgWritingZip, err)
	}
	return files, nil
}

// WriteZip writes the zip of the course c to the file out, whole or not at
// all: into a temporary file beside it, renamed at the end.
func WriteZip(out string, c *course.Course, lang i18n.Lang) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".autograder-*.zip")
	if err != nil {
		return 0, i18n.Errorf(msgWritingZip, err)
	}
	defer os.Remove(tmp.Name())
	n, err := Zip(tmp, c, lang, out)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = i18n.Errorf(msgWritingZip, cerr)
	}
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return 0, i18n.Errorf(msgWritingZip, err)
	}
	return n, nil
}
