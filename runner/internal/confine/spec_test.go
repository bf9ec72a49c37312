package confine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"1GiB", 1 << 30, false},
		{"512MiB", 512 << 20, false},
		{"512m", 512 << 20, false},
		{"2G", 2 << 30, false},
		{" 1.5 GiB ", 3 << 29, false},
		{"4096", 4096, false},
		{"", 0, true},
		{"-1G", 0, true},
		{"lots", 0, true},
		{"1TB", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseBytes(tt.in)
		if tt.bad {
			assert.Error(t, err, tt.in)
			continue
		}
		assert.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
	assert.Equal(t, "1 GiB", FormatBytes(1<<30))
	assert.Equal(t, "256 MiB", FormatBytes(256<<20))
}
