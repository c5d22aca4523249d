package bot

import (
	"strings"
	"testing"
)

// TestTextsComplete checks that every text has both languages and that no
// key is in two tables (T would silently take the first).
func TestTextsComplete(t *testing.T) {
	seen := map[string]int{}
	for i, tab := range textTables {
		for key, tr := range tab {
			if j, dup := seen[key]; dup {
				t.Errorf("%q is in tables %d and %d", key, j, i)
			}
			seen[key] = i
			if strings.TrimSpace(tr[0]) == "" || strings.TrimSpace(tr[1]) == "" {
				t.Errorf("%q lacks a language: %q", key, tr)
			}
		}
	}
}
