// Package i18n holds the workbook's two languages: which one the learner
// asked for, and strings that exist in both. Every text is written in both
// languages where it is defined; the one thing it translates is the
// standard library's few errors that a person meets inside those texts.
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
// they are not or when they hold a tab (which lays out columns: a line of
// testify's block, say), and once when they are the same.
func (t Text) In(lang Lang) string {
	switch lang {
	case Zh:
		return t.Zh
	case Both:
		if t.En == t.Zh {
			return t.En
		}
		if len(t.En)+len(t.Zh) > bothOnOneLine || strings.Contains(t.En+t.Zh, "\t") {
			return t.En + "\n" + t.Zh
		}
		return t.En + " · " + t.Zh
	default:
		return t.En
	}
}

// F formats the text in lang with args: t.Sprintf(args...).In(lang).
func (t Text) F(lang Lang, args ...any) string { return t.Sprintf(args...).In(lang) }

// Sprintf formats both languages of t with args, as fmt.Sprintf does. An
// argument that is a Text, or has one (a Texter: an *Error, say), is put in
// each language as itself in that language; in Chinese, an error of the
// standard library's that errZh knows is said in Chinese.
func (t Text) Sprintf(args ...any) Text {
	en, zh := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		en[i], zh[i] = a, a
		switch a := a.(type) {
		case Text:
			en[i], zh[i] = a.En, a.Zh
		case Texter:
			tx := a.Text()
			en[i], zh[i] = tx.En, tx.Zh
		case error:
			zh[i] = errZh(a)
		}
	}
	return Text{En: fmt.Sprintf(t.En, en...), Zh: fmt.Sprintf(t.Zh, zh...)}
}

// A Texter has something to say in both languages: an error a person may
// read, typically.
type Texter interface{ Text() Text }

// Error is an error said in both languages. Its Error is the English.
type Error struct {
	text    Text
	wrapped []error
}

// Errorf is an *Error with t formatted by args as Sprintf does; the
// arguments that are errors are its wrapped errors, for errors.Is and
// errors.As.
func Errorf(t Text, args ...any) error {
	e := &Error{text: t.Sprintf(args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.wrapped = append(e.wrapped, err)
		}
	}
	return e
}

// NewError is an *Error that says t, as it is.
func NewError(t Text) error { return &Error{text: t} }

// Error returns the English text.
func (e *Error) Error() string { return e.text.En }

// Text returns the error in both languages.
func (e *Error) Text() Text { return e.text }

// Unwrap returns the errors the text was formatted with.
func (e *Error) Unwrap() []error { return e.wrapped }

// Message is err as a person reads it in lang: its own Text when err is a
// Texter, else its Error. Only err itself is asked, not what it wraps: a
// wrapper's words are part of the message.
func Message(err error, lang Lang) string {
	if t, ok := err.(Texter); ok {
		return t.Text().In(lang)
	}
	return err.Error()
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
	return "", Errorf(msgUnknownLang, s, LangValues)
}

var (
	msgUnknownLang    = Text{En: "unknown language %q: %s", Zh: "未知的语言 %q：%s"}
	msgBadWorkbookEnv = Text{En: "WORKBOOK_LANG=%s: %s", Zh: "WORKBOOK_LANG=%s：%s"}
)

// LangValues says what a --lang value may be.
var LangValues = Text{En: "use en, zh or both", Zh: "可用 en、zh 或 both"}

// Detect picks the language: flag when set, else WORKBOOK_LANG, else the
// locale (LC_ALL, then LC_MESSAGES, then LANG: a value starting with zh means
// Chinese), else English. getenv is os.Getenv in the program, a map in tests.
// With an error (a value that is no language) it returns the language the
// rest would pick, the one to say the error in.
func Detect(flag string, getenv func(string) string) (Lang, error) {
	if flag != "" {
		lang, err := Parse(flag)
		if err != nil {
			lang, _ = Detect("", getenv)
		}
		return lang, err
	}
	if v := getenv("WORKBOOK_LANG"); v != "" {
		lang, err := Parse(v)
		if err != nil {
			return UI(Both, getenv), Errorf(msgBadWorkbookEnv, v, err)
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
