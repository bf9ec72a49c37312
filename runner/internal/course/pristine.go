package course

import (
	"embed"
	"path"

	"github.com/gospawn/workbook/runner/internal/i18n"
)

// pristine holds the stubs as the course ships them, so that reset can put
// one back even after the learner has committed their own version. The
// exercises are a module of their own, which go:embed cannot reach into:
// the copies are written by go generate (generate.go), and the .txt suffix
// keeps them out of every build.
//
//go:embed pristine
var pristine embed.FS

// Pristine returns the exercise's stub as the course ships it.
func Pristine(e *Exercise) ([]byte, error) {
	data, err := pristine.ReadFile(path.Join("pristine", copyName(e)))
	if err != nil {
		return nil, i18n.Errorf(msgNoPristine, e.Dir)
	}
	return data, nil
}
