package course

import "github.com/gospawn/workbook/runner/internal/gofiles"

// Fingerprint is the digest of the Go files (tests included) in an
// exercise's folder, by the rule of [gofiles.Read]: equal fingerprints mean
// the same code, so a verdict recorded for one still holds for the other.
// The error is set only when the folder cannot be listed.
func (c *Course) Fingerprint(e *Exercise) (string, error) {
	s, err := gofiles.Read(c.ExerciseDir(e))
	if err != nil {
		return "", err
	}
	return s.Digest.Hex(), nil
}
