package harness

import (
	"fmt"
	"os"
)

// langEnv is the variable the workbook sets on every test run to the
// learner's language: "en", "zh" or "both" (the runner's course.TestLangEnv).
const langEnv = "WORKBOOK_TEST_LANG"

// Lang is the language failure messages are written in: "en" (also when
// the variable is unset or unknown, as under a plain go test), "zh" or
// "both".
func Lang() string {
	switch l := os.Getenv(langEnv); l {
	case "zh", "both":
		return l
	}
	return "en"
}

// Say is a failure message in the learner's language: en or zh, or both,
// English first, for a learner who reads both. Identifiers, paths and
// values stay as they are in either.
func Say(en, zh string) string {
	if s, ok := pairSay(en, zh); ok {
		return s
	}
	switch Lang() {
	case "zh":
		return zh
	case "both":
		return en + "\n" + zh
	}
	return en
}

// Sayf is Say with fmt.Sprintf's verbs, the same in both languages; each
// language is formatted on its own, so that both take the arguments.
func Sayf(en, zh string, args ...any) string {
	return Say(fmt.Sprintf(en, args...), fmt.Sprintf(zh, args...))
}
