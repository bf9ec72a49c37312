package watch

import "github.com/gospawn/workbook/runner/internal/gofiles"

// incomplete reports whether cur looks like a save caught half way when
// compared with the previous snapshot prev: a Go file that was there is
// missing, a Go file is empty (no Go file is valid without its package
// clause), or the directory itself is gone.
func incomplete(cur, prev gofiles.Snapshot) bool {
	if cur.Missing && !prev.Missing {
		return true
	}
	for name := range prev.Sizes {
		if _, ok := cur.Sizes[name]; !ok {
			return true
		}
	}
	for _, size := range cur.Sizes {
		if size == 0 {
			return true
		}
	}
	return false
}
