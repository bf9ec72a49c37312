package render

import (
	"strings"
	"unicode/utf8"

	"github.com/gospawn/workbook/runner/internal/gotest"
	"github.com/gospawn/workbook/runner/internal/i18n"
)

// PairedTests is the language watch mode runs the tests in (the value of
// course.TestLangEnv): the harness then writes every failure message in
// both languages, each pair marked, and Verdict shows the one the screen
// is in. Switching the language (key t) redraws the verdict at once, in
// the other language, without a new run.
const PairedTests i18n.Lang = "pair"

// The marks of a pair, as the harness writes them (harness.pairSay):
// characters of Unicode's private use area, which no message, value or
// path of the course holds.
const (
	pairOpen  = "\ue000"
	pairSep   = "\ue001"
	pairClose = "\ue002"
)

// PairMarks are the marks of a pair, for the author check that keeps the
// harness writing what render reads.
func PairMarks() (open, sep, close string) { return pairOpen, pairSep, pairClose }

// choosePairs replaces each pair in s by its text in lang: English,
// Chinese, or both, English first, as the harness writes both. A pair may
// hold another (an error made by the harness, put in with %v): the inner
// one is shown in its outer text's language. A pair cut short by a bound
// on the output keeps what is left of it; stray marks are dropped.
func choosePairs(s string, lang i18n.Lang) string {
	if !strings.ContainsAny(s, pairOpen+pairSep+pairClose) {
		return s
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, pairOpen+pairSep+pairClose)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		if !strings.HasPrefix(s[i:], pairOpen) {
			_, size := utf8.DecodeRuneInString(s[i:])
			s = s[i+size:] // a stray mark
			continue
		}
		en, zh, hasZh, rest := splitPair(s[i+len(pairOpen):])
		en = choosePairs(en, i18n.En)
		if hasZh {
			zh = choosePairs(zh, i18n.Zh)
		}
		switch {
		case !hasZh:
			b.WriteString(en)
		case lang == i18n.Zh:
			b.WriteString(zh)
		case lang == i18n.Both:
			b.WriteString(en + "\n" + zh)
		default:
			b.WriteString(en)
		}
		s = rest
	}
	return b.String()
}

// splitPair reads a pair's two texts from s, which follows its opening
// mark, and what comes after its closing mark; a pair cut short ends with
// s.
func splitPair(s string) (en, zh string, hasZh bool, rest string) {
	depth, sep := 0, -1
	for i, r := range s {
		switch string(r) {
		case pairOpen:
			depth++
		case pairSep:
			if depth == 0 && sep < 0 {
				sep = i
			}
		case pairClose:
			if depth > 0 {
				depth--
				continue
			}
			if sep < 0 {
				return s[:i], "", false, s[i+len(pairClose):]
			}
			return s[:sep], s[sep+len(pairSep) : i], true, s[i+len(pairClose):]
		}
	}
	if sep < 0 {
		return s, "", false, ""
	}
	return s[:sep], s[sep+len(pairSep):], true, ""
}

// inLanguage is v with the tests' paired messages chosen in lang; v itself
// when it holds none.
func inLanguage(v *gotest.Verdict, lang i18n.Lang) *gotest.Verdict {
	if v == nil {
		return nil
	}
	c := *v
	c.Output = choosePairs(v.Output, lang)
	c.Tests = make([]gotest.TestResult, len(v.Tests))
	for i, t := range v.Tests {
		t.Output = choosePairs(t.Output, lang)
		c.Tests[i] = t
	}
	if v.Crash != nil {
		crash := *v.Crash
		crash.Value, crash.Stack = choosePairs(crash.Value, lang), choosePairs(crash.Stack, lang)
		c.Crash = &crash
	}
	if v.Timeout != nil {
		timeout := *v.Timeout
		timeout.Stack = choosePairs(timeout.Stack, lang)
		c.Timeout = &timeout
	}
	c.Races = make([]gotest.RaceReport, len(v.Races))
	for i, r := range v.Races {
		r.Text = choosePairs(r.Text, lang)
		c.Races[i] = r
	}
	return &c
}
