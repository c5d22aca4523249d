package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// approvalSetup is meetingSetup with leave approval on.
func approvalSetup(t *testing.T, clk *clocktest.Clock) (*harness, []telegramtest.User) {
	t.Helper()
	h, us, _ := meetingSetup(t, clk)
	h.restart(func() { h.opts.Meetings.LeaveApproval = true })
	return h, us
}

// askLeave has u press 请假 on their notice and then reason button i.
func (h *harness) askLeave(u telegramtest.User, notice telegramtest.Message, i int) {
	h.t.Helper()
	h.press(u, notice, notice.Keyboard[0][1].Data)
	reasons := h.message(u.ID, notice.ID)
	h.press(u, reasons, reasons.Keyboard[0][i].Data)
	h.settle()
}

// TestMeetingLeaveApproval: with leave_approval on, a leave reaches the
// organiser with 批准 / 不批准 and shows as awaiting approval; a press by
// another member is refused and changes nothing; 批准 and 不批准 record
// the word, tell the member, take the buttons off and show in the status.
func TestMeetingLeaveApproval(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us := approvalSetup(t, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	n0 := h.wait(us[0].ID, "会议通知")
	n1 := h.wait(us[1].ID, "会议通知")

	h.askLeave(us[0], n0, 2) // 事假
	if r := rsvpOf(h, 1, 2); r.Answer != branchbot.AnswerLeave || r.Approval != branchbot.ApprovalPending {
		t.Fatalf("leave with approval on: %+v", r)
	}
	told := h.wait(secretaryID, "成员2001 申请请假")
	if got := buttonTexts(told); len(got) != 2 || got[0] != "批准" || got[1] != "不批准" {
		t.Fatalf("the organiser's buttons %v", got)
	}
	if s := h.message(secretaryID, status.ID); !strings.Contains(s.Text, "成员2001 — 事假（待批准）") {
		t.Errorf("status lacks the pending leave:\n%s", s.Text)
	}

	// Another member pressing the organiser's button: refused, nothing
	// changes, the member is told nothing.
	if text, alert := h.pressIn(us[1], secretaryID, told, told.Keyboard[0][0].Data); !alert || text == "" {
		t.Errorf("approval pressed by a member answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalPending {
		t.Errorf("approval after another's press: %s", r.Approval)
	}
	if _, n := lastWith(h, us[0].ID, "请假已批准"); n != 0 {
		t.Errorf("the member was told of an approval nobody gave")
	}

	// 批准.
	h.press(secretary, told, told.Keyboard[0][0].Data)
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalGranted {
		t.Errorf("after 批准: %s", r.Approval)
	}
	h.wait(us[0].ID, "✅ 会议 #1 学习贯彻党章 的请假已批准。")
	if m := h.message(secretaryID, told.ID); len(m.Keyboard) != 0 {
		t.Errorf("buttons left on the leave after 批准: %v", buttonTexts(m))
	}
	if s := h.message(secretaryID, status.ID); !strings.Contains(s.Text, "成员2001 — 事假（已批准）") {
		t.Errorf("status lacks the approved leave:\n%s", s.Text)
	}

	// 不批准.
	h.askLeave(us[1], n1, 1) // 病假
	told2 := h.wait(secretaryID, "成员2002 申请请假")
	h.press(secretary, told2, told2.Keyboard[0][1].Data)
	if r := rsvpOf(h, 1, 3); r.Answer != branchbot.AnswerLeave || r.Approval != branchbot.ApprovalRefused {
		t.Errorf("after 不批准: %+v", r)
	}
	h.wait(us[1].ID, "会议 #1 学习贯彻党章 的请假未获批准")
	s := h.message(secretaryID, status.ID)
	for _, w := range []string{"成员2002 — 病假（未批准）", "成员2001 — 事假（已批准）", "参加 0 · 请假 2 · 未答复 1（共 3 人）"} {
		if !strings.Contains(s.Text, w) {
			t.Errorf("status lacks %q:\n%s", w, s.Text)
		}
	}
	var audits []string
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == "meeting.leave" {
				audits = append(audits, e.Detail)
			}
			return nil
		})
	})
	if len(audits) != 2 {
		t.Errorf("audited approvals %q, want 2", audits)
	}
}

// TestMeetingLeaveApprovalGroup: for a group meeting the secretary
// schedules, a leave reaches the group's leader too, with the buttons; the
// leader's 不批准 reaches the member; a member of the group cannot decide;
// once decided, neither the secretary's copy nor an older press changes
// the word.
func TestMeetingLeaveApprovalGroup(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us := approvalSetup(t, clk)
	h.update(func(tx *store.Tx) error {
		if err := tx.PutGroup(store.Group{Name: "第一党小组"}); err != nil {
			return err
		}
		for i, u := range us {
			m, err := tx.MemberByTelegramID(u.ID)
			if err != nil {
				return err
			}
			m.Group = "第一党小组"
			if i == 0 {
				m.Role = branchbot.RoleLeader
			}
			if err := tx.PutMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	h.scheduleMeeting("/meeting 党小组会 第一党小组 12-05 19:30 学习心得交流")
	n2 := h.wait(us[2].ID, "会议通知")
	h.askLeave(us[2], n2, 0) // 出差
	toldSec := h.wait(secretaryID, "成员2003 申请请假")
	toldLeader := h.wait(us[0].ID, "成员2003 申请请假")
	if len(buttonTexts(toldSec)) != 2 || len(buttonTexts(toldLeader)) != 2 {
		t.Fatalf("buttons: secretary %v, leader %v", buttonTexts(toldSec), buttonTexts(toldLeader))
	}
	if text, alert := h.pressIn(us[1], us[0].ID, toldLeader, toldLeader.Keyboard[0][1].Data); !alert || text == "" {
		t.Errorf("a member pressing the leader's button answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 4); r.Approval != branchbot.ApprovalPending {
		t.Fatalf("approval after a member's press: %s", r.Approval)
	}
	h.press(us[0], toldLeader, toldLeader.Keyboard[0][1].Data)
	if r := rsvpOf(h, 1, 4); r.Approval != branchbot.ApprovalRefused {
		t.Errorf("after the leader's 不批准: %s", r.Approval)
	}
	h.wait(us[2].ID, "请假未获批准")

	// The secretary's copy, pressed after the leader decided, and the
	// leader's own button pressed again: refused with the word given,
	// nothing changes, the member hears nothing more, the copy loses its
	// buttons.
	for _, p := range []struct {
		u    telegramtest.User
		msg  telegramtest.Message
		data string
	}{{secretary, toldSec, toldSec.Keyboard[0][0].Data}, {us[0], toldLeader, toldLeader.Keyboard[0][0].Data}} {
		text, alert := h.press(p.u, p.msg, p.data)
		if !alert || !strings.Contains(text, "已经处理过（未批准）") {
			t.Errorf("a press on a decided leave answered %q (alert %v)", text, alert)
		}
	}
	if r := rsvpOf(h, 1, 4); r.Approval != branchbot.ApprovalRefused {
		t.Errorf("after the stale presses: %s", r.Approval)
	}
	if m := h.message(secretaryID, toldSec.ID); len(m.Keyboard) != 0 {
		t.Errorf("buttons left on the secretary's copy: %v", buttonTexts(m))
	}
	if _, n := lastWith(h, us[2].ID, "请假已批准"); n != 0 {
		t.Error("the member was told of an approval after the refusal")
	}
	var decided int
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == "meeting.leave" {
				decided++
			}
			return nil
		})
	})
	if decided != 1 {
		t.Errorf("%d decisions audited, want 1", decided)
	}
}
