package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/telegramtest"
)

// A snooze near the quiet hours: ⏰ is offered only when the prompt can
// come again before they begin, refused (and taken off) when pressed too
// late; the prompt that comes again is short, replies to the first one,
// which keeps its reading, and takes the first one's buttons off.
func TestSnoozeNearQuietHours(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 6, 0))
	rules := testRules()
	rules.Quiet = branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	h := newStudyHarness(t, clk, rules)
	tick := h.studyTicker(clk, rules)
	today := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 4301, 3)
	h.setJoined(ms, today-3)
	users := make([]telegramtest.User, len(ms))
	for i, m := range ms {
		users[i] = telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
	}
	h.sayAndWait(users[0], "/studytime 20:30", "已将您的学习时间设为每天 20:30")
	h.sayAndWait(users[1], "/studytime 20:50", "已将您的学习时间设为每天 20:50")
	h.sayAndWait(users[2], "/studytime 21:15", "已将您的学习时间设为每天 21:15")
	reading := "党章开篇的总纲"

	t.Run("snooze, then a short reminder", func(t *testing.T) {
		m, u := ms[0], users[0]
		tick(local(2026, 11, 25, 20, 30))
		first := h.latestFromBot(u)
		if got := strings.Join(buttonTexts(first), "|"); got != "✅ 已学|⏰ 1 小时后" {
			t.Fatalf("prompt at 20:30 has buttons %s", got)
		}
		clk.Set(local(2026, 11, 25, 20, 35))
		if text, _ := h.press(u, first, button(t, first, "小时后")); text != "已推迟到 21:35" {
			t.Errorf("snooze answered %q", text)
		}
		got := h.message(u.ID, first.ID)
		if !strings.Contains(got.Text, reading) || !strings.Contains(got.Text, "⏰ 已推迟到 21:35") || strings.Join(buttonTexts(got), "|") != "✅ 已学" {
			t.Errorf("first prompt after the snooze, buttons %v:\n%s", buttonTexts(got), got.Text)
		}
		// The others' prompts, on time.
		tick(local(2026, 11, 25, 20, 50))
		tick(local(2026, 11, 25, 21, 15))
		if res := tick(local(2026, 11, 25, 21, 35)); res.Reprompts != 1 {
			t.Fatalf("21:35: %+v", res)
		}
		again := h.latestFromBot(u)
		if again.ReplyTo != first.ID {
			t.Errorf("the reminder replies to %d, want the first prompt %d", again.ReplyTo, first.ID)
		}
		if !strings.HasPrefix(again.Text, "⏰ 再次提醒\n📖 黄金一刻 · 第1节/共3节 · 党的性质和宗旨") ||
			!strings.Contains(again.Text, "学习内容见上方第一条提醒") || strings.Contains(again.Text, reading) {
			t.Errorf("reminder:\n%s", again.Text)
		}
		// 22:35 is in the quiet hours: no ⏰ on the reminder.
		if got := strings.Join(buttonTexts(again), "|"); got != "✅ 已学" {
			t.Errorf("reminder has buttons %s", got)
		}
		if got := h.message(u.ID, first.ID); len(got.Keyboard) != 0 || !strings.Contains(got.Text, reading) {
			t.Errorf("first prompt after the reminder, buttons %v:\n%s", buttonTexts(got), got.Text)
		}
		copies := 0
		for _, x := range h.botMessages(u.ID) {
			if strings.Contains(x.Text, reading) {
				copies++
			}
		}
		if copies != 1 {
			t.Errorf("the reading was sent %d times", copies)
		}
		clk.Set(local(2026, 11, 25, 21, 50))
		h.press(u, again, button(t, again, "已学"))
		if got := h.message(u.ID, first.ID); !strings.Contains(got.Text, reading) || !strings.Contains(got.Text, "✅ 已学 · 连续 1 天") {
			t.Errorf("first prompt after done:\n%s", got.Text)
		}
		if got := h.message(u.ID, again.ID); strings.Contains(got.Text, reading) || !strings.Contains(got.Text, "✅ 已学 · 连续 1 天") || len(got.Keyboard) != 0 {
			t.Errorf("reminder after done:\n%s", got.Text)
		}
		if rec := h.studyDay(m.ID, today); rec.Status != branchbot.DayDone || rec.Prompts != 2 {
			t.Errorf("record %+v", rec)
		}
	})

	t.Run("pressed too late, refused and taken off", func(t *testing.T) {
		m, u := ms[1], users[1]
		p := h.latestFromBot(u)       // sent at 20:50
		snooze := button(t, p, "小时后") // 21:50 is still before the quiet hours
		clk.Set(local(2026, 11, 25, 21, 40))
		before := h.studyDay(m.ID, today)
		text, alert := h.press(u, p, snooze)
		if !alert || !strings.Contains(text, "今天不能再推迟了：推迟到 22:40 的提醒会落在夜间免打扰时间") {
			t.Errorf("snooze at 21:40 answered %q %v", text, alert)
		}
		if h.studyDay(m.ID, today) != before {
			t.Errorf("a refused snooze changed the record: %+v", h.studyDay(m.ID, today))
		}
		if got := strings.Join(buttonTexts(h.message(u.ID, p.ID)), "|"); got != "✅ 已学" {
			t.Errorf("buttons after the refusal: %s", got)
		}
	})

	t.Run("not offered when it cannot come again", func(t *testing.T) {
		p := h.latestFromBot(users[2]) // sent at 21:15
		if got := strings.Join(buttonTexts(p), "|"); got != "✅ 已学" || strings.Contains(p.Text, "补发") {
			t.Errorf("prompt at 21:15 has buttons %s:\n%s", got, p.Text)
		}
	})
}
