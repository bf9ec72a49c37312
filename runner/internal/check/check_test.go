package check

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gospawn/workbook/runner/internal/course"
	"github.com/gospawn/workbook/runner/internal/race"
)

// brokenCourse is the course with the first exercise's file removed: its
// run cannot start.
func brokenCourse(t *testing.T) *course.Course {
	t.Helper()
	root, err := course.Find(".")
	require.NoError(t, err)
	c, err := course.Load(root)
	require.NoError(t, err)
	// The loaded course now points at an empty folder, where the first
	// exercise's folder exists but its file does not.
	c.Root, c.ExercisesDir = t.TempDir(), "exercises"
	require.NoError(t, os.MkdirAll(c.ExerciseDir(&c.Exercises[0]), 0o755))
	return c
}

func TestARunThatCannotStartStillReportsItsEnd(t *testing.T) {
	c := brokenCourse(t)
	var mu sync.Mutex
	var got []RunProgress
	checker := &Checker{Course: c, Race: race.Off, OnProgress: func(p RunProgress) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, p)
	}}
	_, err := checker.Run(context.Background(), &c.Exercises[0])
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is missing")
	require.Len(t, got, 1, "one report: the end")
	assert.True(t, got[0].Done)
	assert.False(t, got[0].Passed)
	assert.Same(t, &c.Exercises[0], got[0].Exercise)
}
