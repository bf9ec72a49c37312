package i18n

import (
	"archive/zip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
	assert.Equal(t, "\tTest:\tTestX\n\t测试：\tTestX", Text{En: "\tTest:\tTestX", Zh: "\t测试：\tTestX"}.In(Both), "columns stay columns")
	assert.Equal(t, "3/4 passed · 3/4 通过", Text{En: "%d/%d passed", Zh: "%d/%d 通过"}.F(Both, 3, 4))
}

func TestSprintfPutsEachLanguageOfItsArguments(t *testing.T) {
	sentence := Text{En: "bad value: %s (%d)", Zh: "取值无效：%s（%d）"}
	hint := Text{En: "use on or off", Zh: "可用 on 或 off"}
	assert.Equal(t, Text{En: "bad value: use on or off (3)", Zh: "取值无效：可用 on 或 off（3）"}, sentence.Sprintf(hint, 3))
	err := Errorf(Text{En: "no exercise %d", Zh: "没有练习 %d"}, 9)
	assert.Equal(t, "取值无效：没有练习 9（1）", sentence.F(Zh, err, 1), "an error with a Text is put in each language")
	assert.Equal(t, "取值无效：数据意外结束（1）", sentence.F(Zh, io.EOF, 1), "a standard library error it knows in Chinese")
	assert.Equal(t, "取值无效：boom（1）", sentence.F(Zh, errors.New("boom"), 1), "any other error as it is")
	assert.Equal(t, "bad value: use on or off (2) · 取值无效：可用 on 或 off（2）", sentence.F(Both, hint, 2))
}

func TestError(t *testing.T) {
	err := Errorf(Text{En: "cannot save %s: %v", Zh: "无法保存 %s：%v"}, "state.json", fs.ErrPermission)
	assert.Equal(t, "cannot save state.json: permission denied", err.Error())
	assert.Equal(t, "无法保存 state.json：权限不足", Message(err, Zh))
	assert.ErrorIs(t, err, fs.ErrPermission, "the error arguments are wrapped")
	wrapped := fmt.Errorf("context: %w", err)
	assert.Equal(t, "context: cannot save state.json: permission denied", Message(wrapped, Zh),
		"a wrapper without a Text of its own is its English: its words would be lost otherwise")
	assert.Equal(t, "EOF", Message(io.EOF, Zh))
}

func TestDetectSaysItsErrorInTheLocalesLanguage(t *testing.T) {
	env := map[string]string{"LANG": "zh_CN.UTF-8", "WORKBOOK_LANG": "fr"}
	lang, err := Detect("", func(k string) string { return env[k] })
	assert.Equal(t, Zh, lang)
	require.Error(t, err)
	assert.Equal(t, `WORKBOOK_LANG=fr：未知的语言 "fr"：可用 en、zh 或 both`, Message(err, lang))
	lang, err = Detect("klingon", func(k string) string { return env[k] })
	assert.Equal(t, Zh, lang)
	assert.Equal(t, `unknown language "klingon": use en, zh or both`, Message(err, En))
}

func TestLibraryErrorsInChinese(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "roster.csv")
	_, notThere := os.Open(missing)
	_, badCSV := csv.NewReader(strings.NewReader("a,b\nc\n")).ReadAll()
	_, badZip := zip.NewReader(strings.NewReader("not a zip"), 9)
	wrapped := fmt.Errorf("reading the roster: %w", io.EOF)
	tests := []struct {
		name   string
		err    error
		wantZh string
	}{
		{"a file that is not there", notThere, "打开 " + missing + "：文件或目录不存在"},
		{"a CSV line with too few fields", badCSV, "第 2 行第 1 列：字段数不对"},
		{"not a ZIP file", badZip, "不是有效的 ZIP 文件"},
		{"a wrapper keeps its words", wrapped, "reading the roster: EOF"},
		{"an error it does not know", errors.New("boom"), "boom"},
	}
	msg := Text{En: "cannot read it: %v", Zh: "读不了：%v"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Error(t, tt.err)
			got := Errorf(msg, tt.err).(*Error)
			assert.Equal(t, "cannot read it: "+tt.err.Error(), got.Text().En, "the English is the error as it is")
			assert.Contains(t, got.Text().Zh, "读不了："+tt.wantZh)
			assert.ErrorIs(t, got, tt.err, "the error stays wrapped")
		})
	}
}
