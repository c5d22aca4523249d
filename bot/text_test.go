package bot

import (
	"strings"
	"testing"
	"unicode"

	"github.com/branchbot/branchbot"
)

// TestTextsComplete checks that every text has both languages, that no
// key is in two tables (T would silently take the first), and that every
// command in the menus has its line in /help.
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
	for _, c := range commandSpecs {
		if _, ok := lookup("help." + c.name); !ok && !c.hidden {
			t.Errorf("/%s has no line in /help (help.%s)", c.name, c.name)
		}
	}
}

// TestTextWords guards the words members read: one word for members
// (党员, not 成员), 人次 not 人天, no Chinese in English texts, no
// internal words.
func TestTextWords(t *testing.T) {
	banned := []string{"成员", "人天", "最近 无", "一次有效", "月度指示精神", "学习计划", "晚间截止", "免打扰时段"}
	for _, tab := range textTables {
		for key, tr := range tab {
			for _, w := range banned {
				if strings.Contains(tr[0], w) {
					t.Errorf("%s (zh) says %q: %q", key, w, tr[0])
				}
			}
			if i := strings.IndexFunc(tr[1], func(r rune) bool {
				return unicode.Is(unicode.Han, r) || strings.ContainsRune("【】（）：，。", r)
			}); i >= 0 && key != "lang.usage" {
				t.Errorf("%s (en) has Chinese: %q", key, tr[1])
			}
			if strings.Contains(tr[1], "(s)") {
				t.Errorf("%s (en) writes a plural as (s): %q", key, tr[1])
			}
		}
	}
	for _, c := range commandSpecs {
		if strings.Contains(c.desc[0], "成员") {
			t.Errorf("menu of /%s says 成员: %q", c.name, c.desc[0])
		}
	}
}

func TestPluralForms(t *testing.T) {
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"Streak: %d {day|days} · longest: %d {day|days}", []any{1, 3}, "Streak: 1 day · longest: 3 days"},
		{"%d of %d {day|days}", []any{1, 1}, "1 of 1 day"},
		{"%d of %d {day|days}", []any{0, 30}, "0 of 30 days"},
		{"%[2]d {prompt|prompts} to %[1]d {member|members}", []any{1, 2}, "2 prompts to 1 member"},
		{"100%% of %d {member|members}", []any{1}, "100% of 1 member"},
		{"“%s” %d {item|items}", []any{"{a|b}", 1}, "“{a|b}” 1 item"},
		{"no braces %d", []any{1}, "no braces 1"},
		{"{x|y} before any verb %d", []any{1}, "y before any verb 1"},
	} {
		if got := fmtPlural(c.format, c.args...); got != c.want {
			t.Errorf("%q %v = %q, want %q", c.format, c.args, got, c.want)
		}
	}
}

func TestFullName(t *testing.T) {
	for _, c := range [][3]string{
		{"王", "建华", "王建华"},
		{"建华", "", "建华"},
		{"Li", "Ming", "Li Ming"},
		{" 王 ", " 书记", "王书记"},
		{"", "Smith", "Smith"},
		{"Anna", "王", "Anna 王"},
	} {
		if got := fullName(c[0], c[1]); got != c[2] {
			t.Errorf("fullName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestRolesFrom(t *testing.T) {
	if got := rolesFrom(branchbot.LangZH, branchbot.RoleLeader); got != "党小组长、支委委员和书记" {
		t.Errorf("zh leader: %q", got)
	}
	if got := rolesFrom(branchbot.LangEN, branchbot.RoleCommittee); got != "committee members and secretaries" {
		t.Errorf("en committee: %q", got)
	}
	if got := rolesFrom(branchbot.LangZH, branchbot.RoleSecretary); got != "书记" {
		t.Errorf("zh secretary: %q", got)
	}
}
