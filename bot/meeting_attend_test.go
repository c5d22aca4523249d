package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
)

// followTicker returns a tick that runs the meetings' follow-up pass at
// at, with a new scheduler each time (as after a restart).
func followTicker(t *testing.T, h *harness, clk *clocktest.Clock) func(at time.Time) schedule.FollowUpResult {
	return func(at time.Time) schedule.FollowUpResult {
		t.Helper()
		sched, err := schedule.New(schedule.Options{Store: h.db, Now: clk.Now, Location: shanghai, Quiet: quiet22to7,
			Broadcasts: schedule.BroadcastOptions{Renderer: h.bot}, Meetings: h.bot, Notify: h.bot.Kick})
		if err != nil {
			t.Fatal(err)
		}
		clk.Set(at)
		res, err := sched.TickFollowUps(at)
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		return res
	}
}

func auditHas(h *harness, action, detail string, refused bool) bool {
	found := false
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == action && strings.Contains(e.Detail, detail) && e.Refused == refused {
				found = true
			}
			return nil
		})
	})
	return found
}

// TestMeetingCheckinWindow: sign-in before the window is refused with
// when it opens; at the window's opening those not on leave get a 签到
// button; a press and /checkin record it (the status message counts
// them); after the window it is refused with when it closed.
func TestMeetingCheckinWindow(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	follow := followTicker(t, h, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	n1 := h.wait(us[1].ID, "会议通知")
	h.press(us[1], n1, n1.Keyboard[0][1].Data)
	h.press(us[1], h.message(us[1].ID, n1.ID), h.message(us[1].ID, n1.ID).Keyboard[0][1].Data) // 病假

	clk.Set(local(2026, 12, 5, 14, 0))
	h.sayAndWait(us[0], "/checkin", "会议 #1 学习贯彻党章 还没有开始签到：签到从 12-05 14:30 开始")
	if !auditHas(h, "refused", "/checkin: mk.notyet", true) {
		t.Error("early sign-in not audited")
	}
	if res := follow(local(2026, 12, 5, 14, 29)); res != (schedule.FollowUpResult{}) {
		t.Errorf("before the window %+v", res)
	}
	if res := follow(local(2026, 12, 5, 14, 30)); res.Opened != 2 {
		t.Errorf("window opening %+v, want 2 (not the one on leave)", res)
	}
	if res := follow(local(2026, 12, 5, 14, 31)); res != (schedule.FollowUpResult{}) {
		t.Errorf("second pass %+v, want nothing", res)
	}
	open := h.wait(us[0].ID, "开始签到（")
	if _, n := lastWith(h, us[1].ID, "开始签到"); n != 0 {
		t.Error("the member on leave was asked to sign in")
	}
	h.wait(secretaryID, "会议 #1 学习贯彻党章 已开始签到")
	if got := buttonTexts(open); len(got) != 1 || got[0] != "签到" {
		t.Fatalf("opening buttons %v", got)
	}
	h.press(us[0], open, open.Keyboard[0][0].Data)
	h.wait(us[0].ID, "✅ 已签到：会议 #1 学习贯彻党章（14:31）")
	clk.Set(local(2026, 12, 5, 15, 10))
	h.sayAndWait(us[2], "/checkin", "✅ 已签到：会议 #1")
	h.sayAndWait(us[2], "/checkin", "您已于 15:10 签到会议 #1")
	h.settle()
	if got := h.message(secretaryID, status.ID); !strings.Contains(got.Text, "已签到 2 人") {
		t.Errorf("status after sign-in:\n%s", got.Text)
	}

	clk.Set(local(2026, 12, 5, 15, 30))
	h.sayAndWait(us[1], "/checkin", "会议 #1 学习贯彻党章 的签到已于 12-05 15:30 结束")
	if text, alert := h.press(us[0], open, open.Keyboard[0][0].Data); !alert || !strings.Contains(text, "已于 12-05 15:30 结束") {
		t.Errorf("press after the window answered %q", text)
	}
	var in int
	h.view(func(tx *store.Tx) error {
		as, err := tx.Attendances(1)
		for _, a := range as {
			if !a.CheckedIn.IsZero() {
				in++
			}
		}
		return err
	})
	if in != 2 {
		t.Errorf("%d signed in, want 2", in)
	}
}

// TestMeetingCheckinCode: with codes, the organiser gets the code at the
// window's opening and the members are told to send it; no code and a
// wrong code are refused (the wrong one audited), the right one signs in.
func TestMeetingCheckinCode(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	h.restart(func() {
		h.opts.Meetings.CheckinCode = true
		h.opts.Meetings.NewCheckinCode = func() string { return "4821" }
	})
	follow := followTicker(t, h, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章")
	follow(local(2026, 12, 5, 14, 40))
	h.wait(secretaryID, "签到码：4821")
	open := h.wait(us[0].ID, "请发送 /checkin 签到码")
	if len(open.Keyboard) != 0 {
		t.Errorf("with codes the opening has buttons: %v", buttonTexts(open))
	}
	if got := h.message(secretaryID, status.ID); !strings.Contains(got.Text, "签到码：4821") {
		t.Errorf("status without the code:\n%s", got.Text)
	}
	h.sayAndWait(us[0], "/checkin", "请发送 /checkin 签到码")
	h.sayAndWait(us[0], "/checkin 1234", "签到码不对")
	if !auditHas(h, "refused", `wrong code "1234"`, true) {
		t.Error("wrong code not audited")
	}
	h.sayAndWait(us[0], "/checkin 4821", "✅ 已签到：会议 #1")
	if !auditHas(h, "meeting.checkin", "#1", false) {
		t.Error("sign-in not audited")
	}
}

// TestMeetingMakeupAndReport: once the meeting is over, the one on leave
// and the absent get the materials (a photo) and the make-up task, the
// one there nothing; 已补课 with a note records it; a correction is
// audited and, to absent, sends the task; a reminder goes once a day to
// those who still owe it (after downtime only the latest, late); at the
// due time the secretary is told who did not, once, and the status says
// so; /report meetings counts it all.
func TestMeetingMakeupAndReport(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	follow := followTicker(t, h, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章")
	n1 := h.wait(us[1].ID, "会议通知")
	h.press(us[1], n1, n1.Keyboard[0][1].Data)
	h.press(us[1], h.message(us[1].ID, n1.ID), h.message(us[1].ID, n1.ID).Keyboard[0][0].Data) // 出差
	h.pushMessage(secretary, "/materials 1 党章学习辅导材料", nil, "AgACAgIAAxkBAAIBmaterials", "")
	h.wait(secretaryID, "已保存会议 #1 的材料，会后将发给缺席和请假的党员")

	follow(local(2026, 12, 5, 14, 30))
	open := h.wait(us[0].ID, "开始签到（")
	h.press(us[0], open, open.Keyboard[0][0].Data)
	if res := follow(local(2026, 12, 5, 16, 59)); res != (schedule.FollowUpResult{}) {
		t.Errorf("before the end %+v", res)
	}
	if res := follow(local(2026, 12, 5, 17, 0)); res.Makeups != 2 {
		t.Errorf("after the end %+v, want 2 make-up tasks", res)
	}
	if res := follow(local(2026, 12, 5, 17, 1)); res != (schedule.FollowUpResult{}) {
		t.Errorf("second pass %+v, want nothing", res)
	}
	for _, u := range us[1:] {
		mat := h.waitFor(u.ID, "党章学习辅导材料")
		if !mat.Photo {
			t.Errorf("materials to %d not a photo: %+v", u.ID, mat)
		}
	}
	task2 := h.wait(us[2].ID, "补课任务：会议 #1 学习贯彻党章 您缺席")
	if !strings.Contains(task2.Text, "12-12 17:00 前") || len(task2.Keyboard) == 0 {
		t.Errorf("task:\n%s %v", task2.Text, buttonTexts(task2))
	}
	h.wait(us[1].ID, "补课任务：会议 #1 学习贯彻党章 您请假")
	if _, n := lastWith(h, us[0].ID, "补课"); n != 0 {
		t.Error("the one who signed in got a make-up task")
	}
	if got := h.message(secretaryID, status.ID); !strings.Contains(got.Text, "出席 1 · 请假 1 · 已补课 0 · 缺席 1") {
		t.Errorf("status after the end:\n%s", got.Text)
	}

	clk.Set(local(2026, 12, 6, 9, 0))
	h.press(us[2], task2, task2.Keyboard[0][0].Data)
	h.wait(us[2].ID, "已记录会议 #1 的补课")
	h.sayAndWait(us[2], "学习了党章总纲", "已记下您对会议 #1 的补课体会")
	h.view(func(tx *store.Tx) error {
		a, _, err := tx.Attendance(1, 4)
		if a.Presence(nil) != branchbot.PresenceMadeUp || a.Note != "学习了党章总纲" {
			t.Errorf("make-up record %+v", a)
		}
		return err
	})

	// A correction to absent of the one who signed in: audited, and
	// their task goes; then back to present.
	h.sayAndWait(secretary, "/attendance 1 成员2001 缺席", "已更正 成员2001 在会议 #1 的出席情况：出席 → 缺席")
	h.wait(us[0].ID, "补课任务：会议 #1")
	if !auditHas(h, "meeting.attendance", "#1 member #2 成员2001: attended → absent", false) {
		t.Error("correction not audited")
	}
	h.sayAndWait(secretary, "/attendance 1 成员2001 出席", "缺席 → 出席")
	h.sayAndWait(us[0], "/attendance 1 成员2002 出席", "仅限")

	// Reminders: once a day to the one still owing (on leave).
	if res := follow(local(2026, 12, 6, 17, 0)); res.Reminders != 1 || res.Late != 0 {
		t.Errorf("first reminder %+v, want 1", res)
	}
	if res := follow(local(2026, 12, 6, 17, 1)); res != (schedule.FollowUpResult{}) {
		t.Errorf("second pass %+v", res)
	}
	h.wait(us[1].ID, "补课提醒：会议 #1 学习贯彻党章 的补课请在 12-12 17:00 前完成")
	// Down from 12-06 17:01 to 12-09 18:00: one late reminder, not three.
	if res := follow(local(2026, 12, 9, 18, 0)); res.Reminders != 1 || res.Late != 1 {
		t.Errorf("catch-up %+v, want 1 late", res)
	}
	if _, n := lastWith(h, us[1].ID, "补课提醒"); n != 2 {
		t.Errorf("%d reminders, want 2", n)
	}
	// In the quiet hours: nothing.
	if res := follow(local(2026, 12, 10, 23, 0)); res != (schedule.FollowUpResult{}) {
		t.Errorf("in the quiet hours %+v", res)
	}
	if res := follow(local(2026, 12, 12, 17, 0)); res.Overdue != 1 {
		t.Errorf("due %+v, want the overdue told", res)
	}
	if res := follow(local(2026, 12, 13, 17, 0)); res != (schedule.FollowUpResult{}) {
		t.Errorf("after due %+v", res)
	}
	h.wait(secretaryID, "会议 #1 学习贯彻党章 的补课已到期，1 名党员未完成：成员2002")
	if _, n := lastWith(h, secretaryID, "补课已到期"); n != 1 {
		t.Errorf("overdue told %d times", n)
	}
	if got := h.message(secretaryID, status.ID); !strings.Contains(got.Text, "补课逾期 1 人：成员2002") {
		t.Errorf("status after due:\n%s", got.Text)
	}

	rep := h.sayAndWait(secretary, "/report 会议 2026-12", "会议统计")
	for _, w := range []string{
		"#1 12-05 主题党日：学习贯彻党章 — 应到 3 · 出席 1 · 请假 1 · 补课 1 · 缺席 0",
		"成员2001 · 出席 1/1（100%）· 请假 0 · 补课 0 · 缺席 0",
		"成员2002 · 出席 0/1（0%）· 请假 1 · 补课 0 · 缺席 0",
		"成员2003 · 出席 0/1（0%）· 请假 0 · 补课 1 · 缺席 0",
	} {
		if !strings.Contains(rep.Text, w) {
			t.Errorf("report lacks %q:\n%s", w, rep.Text)
		}
	}
	h.sayAndWait(secretary, "/report meetings 2026-Q4", "应到 3 · 出席 1")
	h.sayAndWait(secretary, "/report meetings 2026-11", "这段时间没有已结束的会议")
	h.sayAndWait(secretary, "/report meetings 2026-Q5", "不是有效的时段")
}
