package bot

import "testing"

func TestLooksLikeGroup(t *testing.T) {
	groups := []string{"第一党小组", "第二党小组", "Group 2"}
	for _, tt := range []struct {
		word string
		want bool
	}{
		{"第三党小组", true},   // ends like a group
		{"第1党小组", true},   // ends like a group, one letter from one
		{"三组", true},      // ends in 组
		{"group3", true},  // starts like one
		{"Groop 2", true}, // one letter from "Group 2"
		{"第一党小组", false},  // exists: an audience, not a mistake
		{"各党小组", false},   // every group: text
		{"全体党小组", false},  // every group: text
		{"周五下午开会", false},
		{"请", false},
		{"组织生活会改期", false},
		{"Meeting", false},
	} {
		if got := looksLikeGroup(tt.word, groups); got != tt.want {
			t.Errorf("looksLikeGroup(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
	if g, d := nearestGroup("第1党小组", groups); g != "第一党小组" || d != 0 {
		t.Errorf("nearest %q %d", g, d)
	}
}
