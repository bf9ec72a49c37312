// Package course is the workbook's course as data: the manifest
// (workbook.toml) with its exercises in order, their tests and points,
// hints and chapters in both languages; where their files live; lookups by
// number, id, folder and chapter name; the stubs as shipped; and the
// fingerprint that says whether an exercise's code changed. The runner and
// the grader know the course through this package alone, so that adding an
// exercise is adding files.
//
// It runs nothing and draws nothing: running tests is gotest's job, and
// what the learner has done is the progress package's.
package course
