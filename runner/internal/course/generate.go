package course

import "path"

// The binary embeds a copy of every stub (see Pristine), because exercises/
// is a module of its own that this one cannot embed from. The copies are
// written, and those of exercises no longer in the manifest deleted, by
// running `go generate ./...` at the workbook root; the author check fails
// while a copy differs from its stub.
//
//go:generate go run ./internal/pristinegen

// PristineDir is the folder of the embedded copies, relative to the
// workbook root.
const PristineDir = "runner/internal/course/pristine"

// PristineCopy is the path of the embedded copy of an exercise's stub,
// relative to the workbook root, with slashes.
func PristineCopy(e *Exercise) string {
	return path.Join(PristineDir, copyName(e))
}

// copyName is the copy's path inside PristineDir.
func copyName(e *Exercise) string { return path.Join(e.Dir, e.File+".txt") }
