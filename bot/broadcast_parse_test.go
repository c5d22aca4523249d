package bot

import (
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

func TestParseBroadcast(t *testing.T) {
	groups := []string{"第一党小组", "Group 2"}
	tests := []struct {
		text string
		want composition
	}{
		{"/broadcast 周五开会", composition{kind: "notice", audience: "all", text: "周五开会"}},
		{"/broadcast all 周五开会\n地点：301", composition{named: true, kind: "notice", audience: "all", text: "周五开会\n地点：301"}},
		{"/broadcast@branch_bot 全体 开会", composition{named: true, kind: "notice", audience: "all", text: "开会"}},
		{"/broadcast committee 支委会", composition{named: true, kind: "notice", audience: "committee", text: "支委会"}},
		{"/broadcast 支委 支委会", composition{named: true, kind: "notice", audience: "committee", text: "支委会"}},
		{"/broadcast 第一党小组 交心得", composition{named: true, kind: "notice", audience: "group", group: "第一党小组", text: "交心得"}},
		{"/broadcast \"Group 2\"  notes ", composition{named: true, kind: "notice", audience: "group", group: "Group 2", text: "notes"}},
		{"/broadcast “Group 2” notes", composition{named: true, kind: "notice", audience: "group", group: "Group 2", text: "notes"}},
		{"/broadcast directive 指示", composition{kind: "directive", audience: "all", text: "指示"}},
		{"/broadcast committee directive 指示", composition{named: true, kind: "directive", audience: "committee", text: "指示"}},
		{"/broadcast all all hands", composition{named: true, kind: "notice", audience: "all", text: "all hands"}},
		{"/broadcast 第二党小组 不存在的小组", composition{kind: "notice", audience: "all", text: "第二党小组 不存在的小组"}},
		{"/broadcast\n\n第一行\n第二行", composition{kind: "notice", audience: "all", text: "第一行\n第二行"}},
		{"/broadcast all", composition{named: true, kind: "notice", audience: "all"}},
		{"/broadcast at 08:00 明早", composition{kind: "notice", audience: "all", text: "明早", at: true, atClock: "08:00"}},
		{"/broadcast committee at 2026-12-01 08:00 directive 指示", composition{named: true, kind: "directive", audience: "committee", text: "指示", at: true, atDay: "2026-12-01", atClock: "08:00"}},
		{"/broadcast 定时 9:30 会议", composition{kind: "notice", audience: "all", text: "会议", at: true, atClock: "9:30"}},
		{"/broadcast at", composition{kind: "notice", audience: "all", text: "at"}},
		{"/broadcast", composition{kind: "notice", audience: "all"}},
	}
	for _, tt := range tests {
		got := parseBroadcast(tt.text, nil, groups)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseBroadcast(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

func TestParseBroadcastEntities(t *testing.T) {
	text := "/broadcast all 😀 **重要** 通知"
	// "/broadcast all " is 15 UTF-16 units, 😀 two more.
	ents := []branchbot.Entity{
		{Type: "bot_command", Offset: 0, Length: 10},
		{Type: "bold", Offset: 18, Length: 6},
		{Type: "text_link", Offset: 25, Length: 2, URL: "https://example.org"},
	}
	got := parseBroadcast(text, ents, nil)
	want := []branchbot.Entity{{Type: "bold", Offset: 3, Length: 6}, {Type: "text_link", Offset: 10, Length: 2, URL: "https://example.org"}}
	if got.text != "😀 **重要** 通知" || !reflect.DeepEqual(got.entities, want) {
		t.Errorf("got %q %+v", got.text, got.entities)
	}
}

func FuzzParseBroadcast(f *testing.F) {
	for _, s := range []string{"/broadcast all 开会", "/broadcast \"Group 2\" x", "/broadcast “未闭合", "/broadcast directive committee\n\n内容"} {
		f.Add(s, 3, 4)
	}
	f.Fuzz(func(t *testing.T, text string, off, n int) {
		if !utf8.ValidString(text) {
			return
		}
		ents := []branchbot.Entity{{Type: "bold", Offset: off, Length: n}}
		c := parseBroadcast(text, ents, []string{"Group 2"})
		if !utf8.ValidString(c.text) {
			t.Fatalf("invalid UTF-8 text %q", c.text)
		}
		limit := branchbot.UTF16Len(c.text)
		for _, e := range c.entities {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > limit {
				t.Fatalf("entity %+v outside the text of %d units", e, limit)
			}
		}
	})
}
