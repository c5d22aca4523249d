package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestNoticeReplies: a member's "收到" in reply to a notice that asks for
// acknowledgement counts as 已阅; any other reply reaches the notice's
// author with the member's name, the notice and the text, and the member
// is told so; free text the bot cannot place says it went to nobody.
func TestNoticeReplies(t *testing.T) {
	h := newHarness(t)
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6100, 4)
	en := ms[3]
	en.Lang = branchbot.LangEN
	h.update(func(tx *store.Tx) error { return tx.PutMember(en) })

	summary := h.compose("/broadcast all 周五下午三点召开支部党员大会。")
	h.press(secretary, summary, button(t, summary, "发送"))
	h.waitSettled(1)
	copyOf := func(m *branchbot.Member) telegramtest.Message {
		t.Helper()
		c, ok := h.lastBot(m.ChatID(), "周五下午三点")
		if !ok {
			t.Fatalf("member %d has no copy", m.ID)
		}
		return c
	}

	t.Run("acknowledgement", func(t *testing.T) {
		m := ms[0]
		c := copyOf(m)
		h.srv.Reply(userOf(m), m.ChatID(), c.ID, "收到！")
		got := h.wait(m.ChatID(), "已记为已阅")
		if !strings.Contains(got.Text, "通知 #1") {
			t.Errorf("answer %q", got.Text)
		}
		h.settle()
		if rc := h.recipients(1)[m.ID]; rc.AckedAt.IsZero() {
			t.Errorf("not recorded as read: %+v", rc)
		}
		if bt := buttonTexts(h.message(m.ChatID(), c.ID)); len(bt) != 1 || !strings.HasPrefix(bt[0], "✅ 已阅") {
			t.Errorf("button after the reply %v", bt)
		}
		if b := h.broadcastOf(1); b.Acked != 1 {
			t.Errorf("acked %d, want 1", b.Acked)
		}
		// A second 收到 says when, and counts nothing twice.
		h.srv.Reply(userOf(m), m.ChatID(), c.ID, "已阅")
		h.wait(m.ChatID(), "您已于")
		if b := h.broadcastOf(1); b.Acked != 1 {
			t.Errorf("acked %d after a second reply, want 1", b.Acked)
		}
		if _, ok := h.lastBot(secretaryID, "回复了通知"); ok {
			t.Error("an acknowledgement was passed on to the author")
		}
	})

	t.Run("other reply reaches the author", func(t *testing.T) {
		m := ms[1]
		c := copyOf(m)
		h.srv.Reply(userOf(m), m.ChatID(), c.ID, "请假，周五出差")
		relayed := h.wait(secretaryID, "回复了通知")
		want := "💬 " + m.Name + " 回复了通知 #1（“周五下午三点召开支部党员大会。”）：\n请假，周五出差"
		if relayed.Text != want {
			t.Errorf("author got %q, want %q", relayed.Text, want)
		}
		told := h.wait(m.ChatID(), "回复转给")
		if !strings.Contains(told.Text, "王书记") {
			t.Errorf("member told %q", told.Text)
		}
		if rc := h.recipients(1)[m.ID]; !rc.AckedAt.IsZero() {
			t.Errorf("a request for leave counted as read: %+v", rc)
		}
	})

	t.Run("English", func(t *testing.T) {
		c := copyOf(en)
		h.srv.Reply(userOf(en), en.ChatID(), c.ID, "OK 👍")
		h.wait(en.ChatID(), "Recorded as read: notice #1")
		h.say(userOf(en), "hello?")
		h.wait(en.ChatID(), "was not passed on to anyone")
	})

	t.Run("free text goes nowhere and says so", func(t *testing.T) {
		m := ms[2]
		got := h.sayAndWait(userOf(m), "书记您好，我下周请假", "没有转给任何人")
		if !strings.Contains(got.Text, "长按那条通知") || !strings.Contains(got.Text, "联系支部书记") {
			t.Errorf("answer %q", got.Text)
		}
		// A reply to the bot's answer (not a notice) says the same.
		h.srv.Reply(userOf(m), m.ChatID(), got.ID, "那怎么办")
		h.wait(m.ChatID(), "它回复的不是一条通知")
		h.settle()
		if _, ok := h.lastBot(secretaryID, "下周请假"); ok {
			t.Error("free text reached the secretary")
		}
	})
}
