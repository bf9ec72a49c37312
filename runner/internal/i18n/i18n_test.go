package i18n

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want Lang
	}{
		{"nothing set", "", nil, En},
		{"flag wins over everything", "zh", map[string]string{"WORKBOOK_LANG": "en", "LANG": "en_US.UTF-8"}, Zh},
		{"flag both", "both", nil, Both},
		{"WORKBOOK_LANG over the locale", "", map[string]string{"WORKBOOK_LANG": "en", "LANG": "zh_CN.UTF-8"}, En},
		{"LANG Chinese", "", map[string]string{"LANG": "zh_CN.UTF-8"}, Zh},
		{"LANG Taiwanese Chinese is still Chinese", "", map[string]string{"LANG": "zh_TW.UTF-8"}, Zh},
		{"LC_ALL overrides LANG", "", map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, En},
		{"LC_MESSAGES overrides LANG", "", map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, Zh},
		{"zh-CN as a flag", "zh-CN", nil, Zh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Detect(tt.flag, func(k string) string { return tt.env[k] })
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDetectRejectsUnknown(t *testing.T) {
	_, err := Detect("fr", func(string) string { return "" })
	assert.ErrorContains(t, err, "use en, zh or both")
	_, err = Detect("", func(k string) string { return map[string]string{"WORKBOOK_LANG": "klingon"}[k] })
	assert.ErrorContains(t, err, "WORKBOOK_LANG")
}

func TestTextIn(t *testing.T) {
	tx := Text{En: "passed", Zh: "通过"}
	assert.Equal(t, "passed", tx.In(En))
	assert.Equal(t, "通过", tx.In(Zh))
	assert.Equal(t, "passed · 通过", tx.In(Both))
	assert.Equal(t, "same", Text{En: "same", Zh: "same"}.In(Both))
	assert.Equal(t, "3/4 passed · 3/4 通过", Text{En: "%d/%d passed", Zh: "%d/%d 通过"}.F(Both, 3, 4))
}
