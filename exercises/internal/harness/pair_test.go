package harness

import "testing"

func TestPairsForWatchMode(t *testing.T) {
	t.Setenv(langEnv, pairLang)
	if got, want := Sayf("%d of %d", "%d/%d", 1, 2), "\uE0001 of 2\uE0011/2\uE002"; got != want {
		t.Errorf("Sayf in pairs = %q, want %q", got, want)
	}
	if got, want := T("closed", "已关闭").String(), "\uE000closed\uE001已关闭\uE002"; got != want {
		t.Errorf("Text in pairs = %q, want %q", got, want)
	}
	t.Setenv(langEnv, "zh")
	if got := Say("closed", "已关闭"); got != "已关闭" {
		t.Errorf("no pair unless asked: %q", got)
	}
}
