// Package i18n holds the workbook's two languages: which one the learner
// asked for, and strings that exist in both. It translates nothing: every
// text is written in both languages where it is defined.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language the workbook speaks.
type Lang string

// The workbook's languages. Both is not a language of its own: it asks for
// each text in English and in Chinese, where the screen has room.
const (
	En   Lang = "en"
	Zh   Lang = "zh"
	Both Lang = "both"
)

// bothOnOneLine is the longest pair (in bytes) that Both puts on one line.
const bothOnOneLine = 80

// Text is a string in both languages.
type Text struct {
	En string `toml:"en" json:"en"`
	Zh string `toml:"zh" json:"zh"`
}

// In returns the text in lang. For Both it gives the English and the
// Chinese: on one line joined by " · " when they are short, on two lines when
// they are not, and once when they are the same.
func (t Text) In(lang Lang) string {
	switch lang {
	case Zh:
		return t.Zh
	case Both:
		if t.En == t.Zh {
			return t.En
		}
		if len(t.En)+len(t.Zh) > bothOnOneLine {
			return t.En + "\n" + t.Zh
		}
		return t.En + " · " + t.Zh
	default:
		return t.En
	}
}

// F formats the text in lang with args, as fmt.Sprintf does.
func (t Text) F(lang Lang, args ...any) string {
	if lang == Both {
		return Text{En: fmt.Sprintf(t.En, args...), Zh: fmt.Sprintf(t.Zh, args...)}.In(Both)
	}
	return fmt.Sprintf(t.In(lang), args...)
}

// Parse reads a --lang value: en, zh (zh-CN and the like too) or both.
func Parse(s string) (Lang, error) {
	switch v := strings.ToLower(strings.TrimSpace(s)); {
	case v == "en" || strings.HasPrefix(v, "en-") || strings.HasPrefix(v, "en_"):
		return En, nil
	case v == "zh" || strings.HasPrefix(v, "zh-") || strings.HasPrefix(v, "zh_"):
		return Zh, nil
	case v == "both":
		return Both, nil
	}
	return "", fmt.Errorf("unknown language %q: use en, zh or both", s)
}

// Detect picks the language: flag when set, else WORKBOOK_LANG, else the
// locale (LC_ALL, then LC_MESSAGES, then LANG: a value starting with zh means
// Chinese), else English. getenv is os.Getenv in the program, a map in tests.
func Detect(flag string, getenv func(string) string) (Lang, error) {
	if flag != "" {
		return Parse(flag)
	}
	if v := getenv("WORKBOOK_LANG"); v != "" {
		lang, err := Parse(v)
		if err != nil {
			return "", fmt.Errorf("WORKBOOK_LANG: %w", err)
		}
		return lang, nil
	}
	return UI(Both, getenv), nil
}

// UI is the language of the runner's own words for content language lang:
// lang itself, except that Both (which is for chapters and hints) leaves the
// screen's words in the locale's language.
func UI(lang Lang, getenv func(string) string) Lang {
	if lang != Both {
		return lang
	}
	// The first locale variable that is set decides, as in POSIX: LC_ALL
	// overrides LC_MESSAGES, which overrides LANG.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return Zh
			}
			return En
		}
	}
	return En
}
