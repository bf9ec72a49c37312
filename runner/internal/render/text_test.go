package render

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAPathWiderThanTheLineBreaksAtASlash(t *testing.T) {
	got := Wrap("see exercises/04_panic_boundary/boundary_test.go:112 now", 30)
	assert.Equal(t, []string{"see", "exercises/04_panic_boundary/", "boundary_test.go:112 now"}, got)
	for _, l := range got {
		assert.LessOrEqual(t, Width(l), 30)
	}
	assert.Equal(t, []string{"abcd", "efgh", "ij"}, Wrap("abcdefghij", 4), "a word without slashes is cut where the line ends")
}

func TestCodeKeepsLongLinesWhole(t *testing.T) {
	long := "\tx := " + strings.Repeat("y", 150)
	out := Code("package p\n" + long + "\n")
	assert.Contains(t, out, strings.Repeat("y", 150), "a code line is never cut")
	assert.Contains(t, Diff("a\n", "a\n"+long+"\n", Options{Plain: true}), strings.Repeat("y", 150))
}

func TestPlainMarkdownHasNoSyntax(t *testing.T) {
	out := Markdown("Use **`io.Copy`** and *then* see [exercises/01_echo](../../exercises/01_echo) or [https://go.dev](https://go.dev).", 80, true)
	for _, mark := range []string{"**", "`", "*then*", "](", "../../"} {
		assert.NotContains(t, out, mark)
	}
	assert.Contains(t, out, "Use io.Copy and then see exercises/01_echo or https://go.dev.")
	assert.Equal(t, 1, strings.Count(out, "https://go.dev"), "a link whose text is its target is printed once")
}

func TestWrappedListItemsHang(t *testing.T) {
	out, err := Chapter("- a list item long enough to wrap at the width of this screen\n- b\n", 36, true)
	assert.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Equal(t, "• a list item long enough to", lines[0])
	assert.Equal(t, "    wrap at the width of this", lines[1], "the continuation sits under the item's text")
}
