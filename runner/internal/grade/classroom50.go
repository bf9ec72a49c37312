package grade

import "time"

// Classroom 50 (github.com/foundation50/classroom50) grades a submission in
// the learner's repository's GitHub Actions: its runner starts the
// assignment's autograder.py in the learner's checkout, with the
// submission's identity in the environment, and reads back the
// result.json the autograder wrote there, schema classroom50/result/v1.
// The runner overwrites owner, assignment_type, datetime and submitted_by
// with its own values, then checks the rest: classroom and assignment
// equal its own, submission starts with submit/, commit, release, review
// and datetime are non-empty strings, score and max-score are integers
// with 0 <= score <= max-score, and each test has a non-empty test-name, a
// boolean passed and integer score <= max-score.

// classroom50Schema is the result's schema.
const classroom50Schema = "classroom50/result/v1"

// classroom50Doc is result.json.
type classroom50Doc struct {
	Schema         string            `json:"schema"`
	Classroom      string            `json:"classroom"`
	Assignment     string            `json:"assignment"`
	AssignmentType string            `json:"assignment_type"`
	Owner          string            `json:"owner"`
	Submission     string            `json:"submission"`
	Commit         string            `json:"commit"`
	Release        string            `json:"release"`
	Review         string            `json:"review"`
	Datetime       string            `json:"datetime"`
	Score          int               `json:"score"`
	MaxScore       int               `json:"max-score"`
	Tests          []classroom50Test `json:"tests"`
}

type classroom50Test struct {
	Name     string `json:"test-name"`
	Passed   bool   `json:"passed"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max-score"`
}

// classroom50Results is the result.json of one submission (the first of
// subs): one entry per test of the course, named exercise/Test, with its
// points. The submission's identity is what Classroom 50's runner gives
// the autograder in its environment (CLASSROOM, ASSIGNMENT,
// SUBMISSION_TAG, USERNAME, COMMIT_URL, RELEASE_URL, REVIEW_URL); why a
// test earned nothing is in the log and in release-body.md, which the
// result has no place for.
func classroom50Results(subs []*subReport, now time.Time, getenv func(string) string) *classroom50Doc {
	doc := &classroom50Doc{
		Schema: classroom50Schema, Classroom: getenv("CLASSROOM"), Assignment: getenv("ASSIGNMENT"),
		AssignmentType: getenv("ASSIGNMENT_TYPE"), Owner: getenv("OWNER"),
		Submission: getenv("SUBMISSION_TAG"), Commit: getenv("COMMIT_URL"), Release: getenv("RELEASE_URL"),
		Review: getenv("REVIEW_URL"), Datetime: now.UTC().Format("2006-01-02T15:04:05Z"),
		Tests: []classroom50Test{},
	}
	if doc.AssignmentType == "" {
		doc.AssignmentType = "individual"
	}
	if doc.Owner == "" {
		doc.Owner = getenv("USERNAME")
	}
	if doc.Review == "" {
		doc.Review = doc.Commit
	}
	if len(subs) == 0 {
		return doc
	}
	s := subs[0]
	doc.Score, doc.MaxScore = s.Score, s.MaxScore
	for _, e := range s.Exercises {
		for _, t := range e.Tests {
			doc.Tests = append(doc.Tests, classroom50Test{Name: e.Dir + "/" + t.Name, Passed: t.Status == statusPass, Score: t.Points, MaxScore: t.MaxPoints})
		}
	}
	return doc
}
