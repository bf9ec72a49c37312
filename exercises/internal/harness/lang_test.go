package harness

import "testing"

func TestLangFrom(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", nil, "en"},
		{"the runner's variable", map[string]string{langEnv: "zh"}, "zh"},
		{"the runner's variable over the locale", map[string]string{langEnv: "en", "LANG": "zh_CN.UTF-8"}, "en"},
		{"both", map[string]string{langEnv: "both", "LANG": "zh_CN.UTF-8"}, "both"},
		{"a region is the language", map[string]string{langEnv: "zh-CN"}, "zh"},
		{"no language: the locale decides", map[string]string{langEnv: "fr", "LANG": "zh_CN.UTF-8"}, "zh"},
		{"no language and no locale", map[string]string{langEnv: "klingon"}, "en"},
		{"the workbook command's variable", map[string]string{"WORKBOOK_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"},
		{"the runner's variable over the command's", map[string]string{langEnv: "en", "WORKBOOK_LANG": "zh"}, "en"},
		{"LANG Chinese", map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{"LANG Taiwanese Chinese is still Chinese", map[string]string{"LANG": "zh_TW.UTF-8"}, "zh"},
		{"LANG zh alone", map[string]string{"LANG": "zh"}, "zh"},
		{"LANG in capitals", map[string]string{"LANG": "ZH_CN.UTF-8"}, "zh"},
		{"LANG English", map[string]string{"LANG": "en_GB.UTF-8"}, "en"},
		{"LANG C", map[string]string{"LANG": "C"}, "en"},
		{"LANG POSIX", map[string]string{"LANG": "POSIX"}, "en"},
		{"LC_ALL overrides LANG", map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"},
		{"LC_ALL Chinese", map[string]string{"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "C", "LANG": "C"}, "zh"},
		{"LC_MESSAGES overrides LANG", map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"},
		{"an empty LC_ALL is not set", map[string]string{"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := langFrom(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Errorf("with %v: Lang = %q, want %q", tt.env, got, tt.want)
			}
		})
	}
}

func TestSay(t *testing.T) {
	t.Setenv("WORKBOOK_LANG", "")
	t.Setenv("LC_ALL", "C") // the locale does not decide when the variable is set, and this one is English
	for _, tt := range []struct{ env, want string }{
		{"", "closed"}, {"en", "closed"}, {"fr", "closed"}, {"zh", "已关闭"}, {"both", "closed\n已关闭"},
	} {
		t.Setenv(langEnv, tt.env)
		if got := Say("closed", "已关闭"); got != tt.want {
			t.Errorf("with %s=%q: Say = %q, want %q", langEnv, tt.env, got, tt.want)
		}
	}
	t.Setenv(langEnv, "zh")
	if got := Sayf("%d of %d", "%d/%d", 1, 2); got != "1/2" {
		t.Errorf("Sayf = %q", got)
	}
	t.Setenv(langEnv, "both")
	if got := Sayf("%d of %d", "%d/%d", 1, 2); got != "1 of 2\n1/2" {
		t.Errorf("Sayf with both = %q, want each language formatted with the arguments", got)
	}
}
