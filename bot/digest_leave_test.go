package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestWeeklyDigestMeetingLeave: the leave asked for from meetings in the
// week comes in the digest of those who see the meeting, with its reason
// and the organiser's word, leave awaiting approval first; leave still
// awaiting it comes again the next week, decided leave does not. A
// reader in English reads it in English.
func TestWeeklyDigestMeetingLeave(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 16, 10, 0))
	h, tick := reportsBranch(t, clk)
	h.restart(func() { h.opts.Meetings.LeaveApproval = true })
	en := h.member(leader2U.ID)
	if err := h.db.Update(func(tx *store.Tx) error { en.Lang = branchbot.LangEN; return tx.PutMember(en) }); err != nil {
		t.Fatal(err)
	}

	clk.Set(local(2026, 11, 17, 10, 0))
	h.scheduleMeeting("/meeting 2026-11-26 15:00 学习贯彻党章")         // #1, everyone
	h.scheduleMeeting("/meeting 党小组会 一组 11-25 19:30 学习心得交流")      // #2, 一组
	h.scheduleMeeting("/meeting 党小组会 二组 11-24 19:30 Study notes") // #3, 二组
	h.askLeave(subjectU, h.wait(subjectU.ID, "学习心得交流"), 2)        // 事假, pending
	h.askLeave(memberU, h.wait(memberU.ID, "学习贯彻党章"), 1)          // 病假
	told := h.wait(secretaryID, "孙五 申请请假")
	h.press(secretary, told, told.Keyboard[0][0].Data)          // 批准
	h.askLeave(leader2U, h.wait(leader2U.ID, "Study notes"), 0) // 出差, pending
	if r := rsvpOf(h, 1, h.member(memberU.ID).ID); r.Approval != branchbot.ApprovalGranted {
		t.Fatalf("孙五's leave: %+v", r)
	}

	tick(local(2026, 11, 23, 8, 30))
	d := h.wait(secretaryID, "每周摘要 · 2026-11-16 至 2026-11-22")
	lines := []string{
		"🙋 会议请假（3 人次），其中 2 件待批准",
		"王组长：#3 11-24 19:30 党小组会《Study notes》，出差（待批准）",
		"张三：#2 11-25 19:30 党小组会《学习心得交流》，事假（待批准）",
		"孙五：#1 11-26 15:00 主题党日《学习贯彻党章》，病假（已批准）",
	}
	if !strings.Contains(d.Text, strings.Join(lines, "\n")) {
		t.Errorf("secretary's digest lacks the meeting leave, pending first:\n%s", d.Text)
	}

	// 一组's leader sees 一组's meeting, not the branch's nor 二组's.
	l := h.wait(leaderU.ID, "每周摘要 · 2026-11-16 至 2026-11-22")
	if !strings.Contains(l.Text, "🙋 会议请假（1 人次），其中 1 件待批准\n张三：#2 11-25 19:30 党小组会《学习心得交流》，事假（待批准）") {
		t.Errorf("一组's leader lacks their meeting's leave:\n%s", l.Text)
	}
	if strings.Contains(l.Text, "孙五：#1") || strings.Contains(l.Text, "王组长") {
		t.Errorf("一组's leader reads of leave from meetings they do not see:\n%s", l.Text)
	}
	// 二组's leader reads English.
	e := h.wait(leader2U.ID, "Weekly digest · 2026-11-16 to 2026-11-22")
	if !strings.Contains(e.Text, "🙋 Leave from meetings (1), 1 awaiting approval\n王组长: #3 11-24 19:30 group meeting “Study notes”, Business trip (awaiting approval)") {
		t.Errorf("二组's leader's digest in English lacks the leave:\n%s", e.Text)
	}

	// The next week: the leave still awaiting approval again, the
	// approved one not.
	tick(local(2026, 11, 30, 8, 30))
	d = h.wait(secretaryID, "每周摘要 · 2026-11-23 至 2026-11-29")
	if !strings.Contains(d.Text, "🙋 会议请假（2 人次），其中 2 件待批准") || strings.Contains(d.Text, "孙五：#1") {
		t.Errorf("the next week's digest:\n%s", d.Text)
	}
}
