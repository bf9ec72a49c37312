package harness

import "os"

// pairLang is the value of WORKBOOK_TEST_LANG with which watch mode asks for
// every message in both languages, each pair marked (the runner's
// render.PairedTests): the screen shows the language the learner chose
// and switches at once when they choose another, without a new run.
const pairLang = "pair"

// The marks of a pair: characters of Unicode's private use area, which no
// message, value or path of the course holds (the runner's render package
// reads them).
const (
	pairOpen  = "\ue000"
	pairSep   = "\ue001"
	pairClose = "\ue002"
)

// pairSay is en and zh as one marked pair, when the workbook asked for
// pairs.
func pairSay(en, zh string) (string, bool) {
	if os.Getenv(langEnv) != pairLang {
		return "", false
	}
	return pairOpen + en + pairSep + zh + pairClose, true
}
