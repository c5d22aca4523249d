package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestBroadcastUnknownGroup: a first word that reads as a party group but
// matches none is refused with the groups and the nearest one, and nothing
// is drafted; plain text, or a group after "all", still goes to everyone.
func TestBroadcastUnknownGroup(t *testing.T) {
	h := newHarness(t)
	h.sayAndWait(secretary, "/help", "可用命令")
	h.update(func(tx *store.Tx) error {
		for i, g := range []string{"第一党小组", "第二党小组"} {
			m := &branchbot.Member{Name: "成员" + g, TelegramID: int64(6201 + i), Group: g, Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	for _, c := range []struct{ cmd, word, near string }{
		{"/broadcast 第三党小组 请于本周内提交学习心得。", "第三党小组", "第一党小组"},
		{"/broadcast 第2党小组 请于本周内提交学习心得。", "第2党小组", "第二党小组"},
	} {
		got := h.sayAndWait(secretary, c.cmd, "没有发送")
		for _, w := range []string{"没有名为“" + c.word + "”的党小组", "现有党小组：第一党小组、第二党小组。", "最接近的是“" + c.near + "”", "/broadcast all"} {
			if !strings.Contains(got.Text, w) {
				t.Errorf("%s: answer lacks %q:\n%s", c.cmd, w, got.Text)
			}
		}
	}
	h.view(func(tx *store.Tx) error {
		if _, err := tx.Broadcast(1); err == nil {
			t.Error("a notice to a group that does not exist was drafted")
		}
		return nil
	})
	for _, cmd := range []string{"/broadcast 周五下午三点开会。", "/broadcast all 第三党小组 的同志请注意。"} {
		summary := h.compose(cmd)
		if !strings.Contains(summary.Text, "对象：全体党员，共 2 人") {
			t.Errorf("%s: summary %q", cmd, summary.Text)
		}
	}
}

// TestSetGroupConfirmsNewGroup: /setgroup with a group that does not exist
// asks before making it, offering the nearest group instead.
func TestSetGroupConfirmsNewGroup(t *testing.T) {
	h := newHarness(t)
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6301, 2)
	h.update(func(tx *store.Tx) error { return tx.PutGroup(store.Group{Name: "第一党小组"}) })
	groups := func() []string {
		var names []string
		h.view(func(tx *store.Tx) error {
			gs, err := tx.Groups()
			for _, g := range gs {
				names = append(names, g.Name)
			}
			return err
		})
		return names
	}

	ask := h.sayAndWait(secretary, "/setgroup "+ms[0].Name+" 第1党小组", "还没有名为“第1党小组”的党小组")
	if !strings.Contains(ask.Text, "现有党小组：第一党小组。") {
		t.Errorf("question %q", ask.Text)
	}
	if g := h.member(ms[0].TelegramID).Group; g != "" {
		t.Fatalf("group set to %q before the answer", g)
	}
	h.press(secretary, ask, button(t, ask, "改用“第一党小组”"))
	if g := h.member(ms[0].TelegramID).Group; g != "第一党小组" {
		t.Errorf("group %q, want the nearest", g)
	}
	if got := groups(); len(got) != 1 {
		t.Errorf("groups %q: a new one was made", got)
	}
	if got := h.message(secretaryID, ask.ID); !strings.Contains(got.Text, "调整到“第一党小组”") || len(got.Keyboard) != 0 {
		t.Errorf("after the answer %q %v", got.Text, buttonTexts(got))
	}

	ask = h.sayAndWait(secretary, "/setgroup "+ms[1].Name+" 第二党小组", "还没有名为“第二党小组”")
	h.press(secretary, ask, button(t, ask, "新建“第二党小组”"))
	if g := h.member(ms[1].TelegramID).Group; g != "第二党小组" {
		t.Errorf("group %q after making it", g)
	}
	// An existing group needs no question.
	h.sayAndWait(secretary, "/setgroup "+ms[1].Name+" 第一党小组", "调整到“第一党小组”")
}
