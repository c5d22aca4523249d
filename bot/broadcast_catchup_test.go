package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// A member who had blocked the bot when a notice went out gets it, marked
// as sent late, once they write again; one invited but not yet joined gets
// it when they join. Notices older than a month, and copies that did reach
// their member, are not sent again.
func TestBroadcastCatchUp(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 1, 10, 0))
	h := newStudyHarness(t, clk, testRules())
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 4000, 2)
	reader, blocked := ms[0], ms[1]
	h.srv.FailChat(blocked.ChatID(), 403, "Forbidden: bot was blocked by the user")

	// An old notice, more than a month before the member comes back.
	old := h.compose("/broadcast 十月通知：旧的安排。")
	h.press(secretary, old, button(t, old, "发送"))
	h.waitSettled(1)

	clk.Set(local(2026, 11, 20, 10, 0))
	code := h.invite("新同志")
	summary := h.compose("/broadcast directive 本月指示精神：认真学习党章。")
	h.press(secretary, summary, button(t, summary, "发送"))
	bc := h.waitSettled(2)
	if bc.Sent != 1 || bc.Unreachable != 2 || bc.Total != 3 {
		t.Fatalf("broadcast before: %+v", bc)
	}

	// The invited member joins within the week.
	clk.Set(local(2026, 11, 25, 10, 0))
	newcomer := telegramtest.User{ID: 4999, FirstName: "新同志"}
	h.say(newcomer, "/start "+code)
	h.wait(newcomer.ID, "欢迎您")
	if late := h.waitFor(newcomer.ID, "本月指示精神"); !strings.Contains(late.Text, "（补发）") {
		t.Errorf("the newcomer's copy %q", late.Text)
	}

	// The blocked member unblocks the bot and writes.
	clk.Set(local(2026, 12, 5, 9, 0))
	h.srv.ClearChat(blocked.ChatID())
	h.sayAndWait(userOf(blocked), "/help", "可用命令")
	late := h.waitFor(blocked.ChatID(), "本月指示精神")
	if !strings.HasPrefix(late.Text, "📜 指示精神传达 · 2026年11月（补发）") {
		t.Errorf("late copy %q", late.Text)
	}
	if bt := buttonTexts(late); len(bt) != 1 || bt[0] != "已阅" {
		t.Errorf("late copy's buttons %v", bt)
	}
	if _, again := h.lastBot(blocked.ChatID(), "旧的安排"); again {
		t.Errorf("a notice of more than a month ago was sent again")
	}
	h.press(userOf(blocked), late, button(t, late, "已阅"))
	if bt := buttonTexts(h.message(blocked.ChatID(), late.ID)); bt[0] != "✅ 已阅 09:00" {
		t.Errorf("late copy's button after the press %v", bt)
	}

	bc = h.waitSettled(2)
	if bc.Sent != 3 || bc.Unreachable != 0 || bc.Acked != 1 {
		t.Errorf("broadcast after: %+v", bc)
	}
	rs := h.recipients(2)
	if r := rs[blocked.ID]; r.State != branchbot.RecipientSent || r.AckedAt.IsZero() {
		t.Errorf("the returning member's copy: %+v", r)
	}
	// Writing again, or the reader writing, sends nothing more.
	for _, u := range []telegramtest.User{userOf(blocked), userOf(reader)} {
		before := len(h.botMessages(u.ID))
		h.sayAndWait(u, "/help", "可用命令")
		h.settle()
		if n := len(h.botMessages(u.ID)); n != before+1 {
			t.Errorf("%s got %d messages for one /help", u.FirstName, n-before)
		}
	}
	h.view(func(tx *store.Tx) error {
		entries, err := tx.LatestAudit(10)
		if err != nil {
			return err
		}
		var found bool
		for _, e := range entries {
			found = found || strings.Contains(e.Detail, "queued again for #"+itoa(blocked.ID))
		}
		if !found {
			t.Errorf("no audit entry for the notice queued again: %+v", entries)
		}
		return nil
	})
}
