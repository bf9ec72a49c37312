package harness

import "testing"

func TestSay(t *testing.T) {
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
