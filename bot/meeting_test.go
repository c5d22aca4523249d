package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

var quiet22to7 = branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}

// meetingSetup starts a bot with a clock, three joined members and a
// scheduler for meeting reminders.
func meetingSetup(t *testing.T, clk *clocktest.Clock) (*harness, []telegramtest.User, func(at time.Time) schedule.MeetingResult) {
	t.Helper()
	h := newStudyHarness(t, clk, testRules())
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 2001, 3)
	var us []telegramtest.User
	for _, m := range ms {
		us = append(us, telegramtest.User{ID: m.TelegramID, FirstName: m.Name})
	}
	tick := func(at time.Time) schedule.MeetingResult {
		t.Helper()
		// A new scheduler each time, as after a restart: all it knows is
		// in the store.
		sched, err := schedule.New(schedule.Options{Store: h.db, Now: clk.Now, Location: shanghai, Quiet: quiet22to7,
			Broadcasts: schedule.BroadcastOptions{Renderer: h.bot}, Meetings: h.bot, Notify: h.bot.Kick})
		if err != nil {
			t.Fatal(err)
		}
		clk.Set(at)
		res, err := sched.TickMeetings(at)
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		return res
	}
	return h, us, tick
}

// schedule has the secretary send line and confirm the preview; it
// returns the preview (later the status message).
func (h *harness) scheduleMeeting(line string) telegramtest.Message {
	h.t.Helper()
	pv := h.sayAndWait(secretary, line, "预览")
	if text, _ := h.press(secretary, pv, pv.Keyboard[0][0].Data); text != "" {
		h.t.Fatalf("confirm answered %q", text)
	}
	h.settle()
	return h.message(secretaryID, pv.ID)
}

func lastWith(h *harness, chat int64, want string) (telegramtest.Message, int) {
	var last telegramtest.Message
	n := 0
	for _, m := range h.srv.Messages(chat) {
		if m.FromBot && strings.Contains(m.Text, want) {
			last, n = m, n+1
		}
	}
	return last, n
}

func rsvpOf(h *harness, id, memberID int64) *branchbot.RSVP {
	var r *branchbot.RSVP
	h.view(func(tx *store.Tx) (err error) { r, err = tx.RSVP(id, memberID); return err })
	return r
}

// TestMeetingNoticeRSVPAndCancel: one line schedules a meeting; after the
// confirmation three members get the notice with 参加 / 请假; an answer,
// a leave by button and a leave with a typed reason reach the secretary
// and the status message; a press by someone else is refused and changes
// nothing; /meetings shows the answer; reminders go once; a cancellation
// tells everyone, takes the buttons off the notices and reminders, and no
// reminder follows.
func TestMeetingNoticeRSVPAndCancel(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, tick := meetingSetup(t, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	if !strings.Contains(status.Text, "未答复 3（共 3 人）") || len(status.Keyboard) == 0 {
		t.Fatalf("status after confirm:\n%s\n%v", status.Text, status.Keyboard)
	}
	notices := make([]telegramtest.Message, 3)
	for i, u := range us {
		notices[i] = h.wait(u.ID, "会议通知")
		for _, w := range []string{"主题党日：学习贯彻党章", "2026-12-05 （周六） 15:00–17:00", "地点：三楼会议室"} {
			if !strings.Contains(notices[i].Text, w) {
				t.Errorf("notice lacks %q:\n%s", w, notices[i].Text)
			}
		}
		if got := buttonTexts(notices[i]); len(got) != 3 || got[0] != "参加" || got[1] != "请假" || got[2] != "📅 加入日历" {
			t.Fatalf("notice buttons %v", got)
		}
	}
	h.press(us[0], notices[0], notices[0].Keyboard[0][0].Data)
	// 请假 offers the reasons; 病假 records one.
	h.press(us[1], notices[1], notices[1].Keyboard[0][1].Data)
	reasons := h.message(us[1].ID, notices[1].ID)
	if got := buttonTexts(reasons); len(got) != 4 || got[1] != "病假" || got[3] != "其他" {
		t.Fatalf("reason buttons %v", got)
	}
	h.press(us[1], reasons, reasons.Keyboard[0][1].Data)
	h.press(us[2], notices[2], notices[2].Keyboard[0][1].Data)
	other := h.message(us[2].ID, notices[2].ID)
	h.press(us[2], other, other.Keyboard[0][3].Data)
	h.wait(us[2].ID, "请直接回复请假事由")
	h.sayAndWait(us[2], "在外地调研", "已登记会议 #1 请假，事由：在外地调研")
	h.settle()
	h.wait(secretaryID, "申请请假：会议 #1 学习贯彻党章，事由：病假")
	h.wait(secretaryID, "事由：在外地调研")
	status = h.message(secretaryID, status.ID)
	for _, w := range []string{"参加 1 · 请假 2 · 未答复 0（共 3 人）", "成员2002 — 病假", "成员2003 — 在外地调研"} {
		if !strings.Contains(status.Text, w) {
			t.Errorf("status lacks %q:\n%s", w, status.Text)
		}
	}

	// Someone else's button: refused, nothing changes.
	if text, alert := h.pressIn(us[0], us[1].ID, reasons, notices[1].Keyboard[0][0].Data); !alert || text == "" {
		t.Errorf("press by another member answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 3); r.Answer != branchbot.AnswerLeave || r.Reason != branchbot.LeaveSick {
		t.Errorf("member 2's answer after another's press: %+v", r)
	}

	list := h.sayAndWait(us[0], "/meetings", "学习贯彻党章")
	if !strings.Contains(list.Text, "您的答复：参加") || len(list.Keyboard) == 0 || list.Keyboard[0][0].Text != "✅ 参加" {
		t.Errorf("/meetings:\n%s %v", list.Text, buttonTexts(list))
	}

	// The 24 h reminder goes to the one attending (not those on leave), once.
	if res := tick(local(2026, 12, 4, 15, 0)); res.Reminders != 1 || res.Late != 0 {
		t.Errorf("24 h reminders %+v, want 1", res)
	}
	if res := tick(local(2026, 12, 4, 15, 1)); res != (schedule.MeetingResult{}) {
		t.Errorf("second tick %+v, want nothing", res)
	}
	reminder := h.wait(us[0].ID, "会议提醒：还有 24 小时")
	if len(reminder.Keyboard) == 0 {
		t.Error("reminder without buttons")
	}

	h.sayAndWait(secretary, "/meeting cancel 1 上级临时通知", "会议 #1 已取消")
	h.settle()
	for _, u := range us {
		c := h.wait(u.ID, "会议取消")
		if !strings.Contains(c.Text, "原因：上级临时通知") {
			t.Errorf("cancellation:\n%s", c.Text)
		}
	}
	for _, m := range []telegramtest.Message{notices[0], reminder} {
		if got := h.message(us[0].ID, m.ID); len(got.Keyboard) != 0 {
			t.Errorf("message %d keeps its buttons after the cancellation: %v", m.ID, buttonTexts(got))
		}
	}
	if got := h.message(secretaryID, status.ID); !strings.Contains(got.Text, "已取消") || len(got.Keyboard) != 0 {
		t.Errorf("status after the cancellation:\n%s %v", got.Text, got.Keyboard)
	}
	if res := tick(local(2026, 12, 5, 13, 0)); res != (schedule.MeetingResult{}) {
		t.Errorf("tick after the cancellation %+v, want nothing", res)
	}
	if text, _ := h.press(us[0], reminder, reminder.Keyboard[0][0].Data); !strings.Contains(text, "已取消") {
		t.Errorf("press on a cancelled meeting answered %q", text)
	}
}

// TestMeetingRemindersMoveAndCatchUp: a reminder that would fall in the
// quiet hours goes the evening before; those who have not answered are
// asked; a move across the next reminder time re-arms the reminders for
// the new time and takes the old buttons away; a reminder whose time
// passed while the bot was down goes late if the meeting has not started,
// and is counted as missed (the secretary told) if it has; never twice.
func TestMeetingRemindersMoveAndCatchUp(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, tick := meetingSetup(t, clk)
	h.scheduleMeeting("/meeting 党员大会 12-05 08:00 年度总结")
	notice := h.wait(us[0].ID, "会议通知")
	// 2 h before 08:00 is 06:00, in the quiet hours: 21:59 the day before.
	if res := tick(local(2026, 12, 4, 21, 58)); res.Reminders != 3 {
		t.Errorf("24 h reminders at 21:58 %+v, want 3 (late)", res)
	}
	if res := tick(local(2026, 12, 4, 21, 59)); res.Reminders != 3 || res.Late != 0 {
		t.Errorf("2 h reminders at 21:59 %+v, want 3", res)
	}
	ask := h.wait(us[0].ID, "会议提醒：还有 2 小时")
	if !strings.Contains(ask.Text, "请点“参加”或“请假”") {
		t.Errorf("reminder without the ask:\n%s", ask.Text)
	}
	if res := tick(local(2026, 12, 5, 6, 0)); res != (schedule.MeetingResult{}) {
		t.Errorf("at 06:00 %+v, want nothing", res)
	}

	clk.Set(local(2026, 12, 5, 6, 30))
	h.sayAndWait(secretary, "/meeting move 1 12-06 15:00 @ 二楼", "会议 #1 已改到 2026-12-06")
	h.settle()
	moved := h.wait(us[0].ID, "会议改期通知")
	if !strings.Contains(moved.Text, "地点：二楼") || len(moved.Keyboard) == 0 {
		t.Errorf("move notice:\n%s %v", moved.Text, moved.Keyboard)
	}
	for _, m := range []telegramtest.Message{notice, ask} {
		if got := h.message(us[0].ID, m.ID); len(got.Keyboard) != 0 {
			t.Errorf("old message %d keeps its buttons after the move", m.ID)
		}
	}
	if res := tick(local(2026, 12, 5, 15, 0)); res.Reminders != 3 || res.Late != 0 {
		t.Errorf("24 h reminders of the new time %+v, want 3", res)
	}
	// Down from 12-05 15:00 until 14:00 on the day: the 2 h reminder goes late.
	if res := tick(local(2026, 12, 6, 14, 0)); res.Reminders != 3 || res.Late != 3 {
		t.Errorf("catch-up %+v, want 3 late", res)
	}
	if res := tick(local(2026, 12, 6, 14, 1)); res != (schedule.MeetingResult{}) {
		t.Errorf("after catch-up %+v, want nothing", res)
	}
	// Late: the 24 h reminder at 21:58 and this one.
	if _, n := lastWith(h, us[0].ID, "（补发）"); n != 2 {
		t.Errorf("%d late reminders, want 2", n)
	}
	if _, n := lastWith(h, us[0].ID, "会议提醒"); n != 4 {
		t.Errorf("%d reminders in all, want 4", n)
	}

	// A meeting the bot was down for: the 2 h reminder missed (the 24 h
	// one fell before the notice itself), the secretary told once.
	clk.Set(local(2026, 12, 6, 14, 30))
	h.scheduleMeeting("/meeting 支委会 全体 12-07 10:00 临时会议")
	if res := tick(local(2026, 12, 7, 10, 30)); res.Missed != 1 || res.Reminders != 0 {
		t.Errorf("missed %+v, want 1 missed", res)
	}
	if res := tick(local(2026, 12, 7, 10, 31)); res != (schedule.MeetingResult{}) {
		t.Errorf("after missed %+v, want nothing", res)
	}
	if _, n := lastWith(h, secretaryID, "机器人停机，1 条提醒未能在会前发出"); n != 1 {
		t.Errorf("secretary told of missed reminders %d times, want 1", n)
	}
	// Ended: out of the scheduler's index.
	if res := tick(local(2026, 12, 7, 12, 0)); res != (schedule.MeetingResult{}) {
		t.Errorf("after the end %+v", res)
	}
	h.view(func(tx *store.Tx) error {
		ms, err := tx.UpcomingMeetings()
		if len(ms) != 0 {
			t.Errorf("%d meetings still upcoming after their end", len(ms))
		}
		return err
	})
}
