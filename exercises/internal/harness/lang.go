package harness

import (
	"fmt"
	"os"
	"strings"
)

// langEnv is the variable the workbook sets on every test run to the
// learner's language: "en", "zh" or "both" (the runner's course.TestLangEnv).
const langEnv = "WORKBOOK_TEST_LANG"

// runnerEnv is set (to 1) by the workbook command on every test run whose
// output it reads (the runner's course.RunnerEnv). The harness's own
// messages follow Lang either way; testify's block does not: the workbook
// reads testify's English labels to lay a failure out and says them in the
// learner's language itself, so TB leaves the block as testify wrote it
// when this is set, and says it in the learner's language only under a
// plain go test, where nothing else will.
const runnerEnv = "WORKBOOK_RUNNER"

// Lang is the language failure messages are written in: "en", "zh" or
// "both". The workbook says which in WORKBOOK_TEST_LANG; under a plain
// go test the learner's own setting decides, as it does for the workbook
// command: WORKBOOK_LANG, else the locale.
func Lang() string { return langFrom(os.Getenv) }

// langFrom is Lang with the environment read by getenv. It follows the
// runner's i18n.Detect and i18n.UI: a value of WORKBOOK_TEST_LANG or
// WORKBOOK_LANG that is no language is passed over here (the runner says
// so; a test has no one to tell), and of the locale variables, LC_ALL, then
// LC_MESSAGES, then LANG, the first one that is set decides, as in POSIX:
// a value starting with zh (zh_CN.UTF-8, zh_TW, zh) is Chinese, any other
// (C, POSIX, en_US.UTF-8) English. English when nothing is set.
func langFrom(getenv func(string) string) string {
	for _, name := range []string{langEnv, "WORKBOOK_LANG"} {
		if l := parseLang(getenv(name)); l != "" {
			return l
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

// parseLang reads a language as the runner's i18n.Parse does: en, zh
// (zh-CN, zh_CN and the like too) or both; "" for anything else.
func parseLang(s string) string {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, l := range []string{"en", "zh"} {
		if v == l || strings.HasPrefix(v, l+"-") || strings.HasPrefix(v, l+"_") {
			return l
		}
	}
	if v == "both" {
		return v
	}
	return ""
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
