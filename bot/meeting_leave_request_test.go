package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// leaveDecisions counts the organisers' words audited.
func leaveDecisions(h *harness) int {
	n := 0
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == "meeting.leave" {
				n++
			}
			return nil
		})
	})
	return n
}

// TestMeetingLeaveAskedAgain: a member whose leave was refused asks again;
// the first request's 批准, pressed now, is refused as replaced, changes
// nothing, tells the member nothing and loses its buttons; the new
// request's 批准 decides the new request.
func TestMeetingLeaveAskedAgain(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us := approvalSetup(t, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	n0 := h.wait(us[0].ID, "会议通知")

	h.askLeave(us[0], n0, 2) // 事假
	first := h.wait(secretaryID, "事由：事假")
	h.press(secretary, first, first.Keyboard[0][1].Data) // 不批准
	h.wait(us[0].ID, "请假未获批准")
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalRefused || r.LeaveSeq != 1 {
		t.Fatalf("after 不批准: %+v", r)
	}

	h.askLeave(us[0], n0, 1) // 病假, asked again
	second := h.wait(secretaryID, "事由：病假")
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalPending || r.Reason != branchbot.LeaveSick || r.LeaveSeq != 2 {
		t.Fatalf("asked again: %+v", r)
	}
	if got := buttonTexts(second); len(got) != 2 {
		t.Fatalf("the new request's buttons %v", got)
	}

	// The first request's 批准, as it was sent (its buttons were taken
	// off on the refusal, but a client may still show them).
	text, alert := h.press(secretary, first, first.Keyboard[0][0].Data)
	if !alert || !strings.Contains(text, "这条请假申请已被新的申请取代") {
		t.Errorf("the old 批准 answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalPending || r.LeaveSeq != 2 {
		t.Errorf("after the old 批准: %+v", r)
	}
	if _, n := lastWith(h, us[0].ID, "请假已批准"); n != 0 {
		t.Error("the member was told of an approval given on the old request's button")
	}
	if m := h.message(secretaryID, first.ID); len(m.Keyboard) != 0 {
		t.Errorf("buttons left on the old request: %v", buttonTexts(m))
	}
	if m := h.message(secretaryID, second.ID); len(m.Keyboard) != 1 || len(m.Keyboard[0]) != 2 {
		t.Errorf("the new request lost its buttons: %v", buttonTexts(m))
	}
	if s := h.message(secretaryID, status.ID); !strings.Contains(s.Text, "成员2001 — 病假（待批准）") {
		t.Errorf("status after the old 批准:\n%s", s.Text)
	}
	if n := leaveDecisions(h); n != 1 {
		t.Errorf("%d decisions audited after the old 批准, want 1", n)
	}

	// The new request's 批准.
	if text, _ := h.press(secretary, second, second.Keyboard[0][0].Data); text != "" {
		t.Errorf("the new 批准 answered %q", text)
	}
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalGranted || r.LeaveSeq != 2 {
		t.Errorf("after the new 批准: %+v", r)
	}
	h.wait(us[0].ID, "✅ 会议 #1 学习贯彻党章 的请假已批准。")
	if s := h.message(secretaryID, status.ID); !strings.Contains(s.Text, "成员2001 — 病假（已批准）") {
		t.Errorf("status after the new 批准:\n%s", s.Text)
	}
	if n := leaveDecisions(h); n != 2 {
		t.Errorf("%d decisions audited, want 2", n)
	}
}

// unnumbered is a decision button's data as written before leave
// requests were numbered: the request's number dropped.
func unnumbered(t *testing.T, data string) string {
	t.Helper()
	i := strings.LastIndexByte(data, '.')
	if i < 0 || strings.Count(data, ".") != 3 {
		t.Fatalf("decision data %q does not name a request", data)
	}
	return data[:i]
}

// TestMeetingLeaveUnnumberedButton: a 批准 sent before requests were
// numbered cannot tell which request it was for: on a pending request it
// decides nothing, loses its buttons, and the pending request is sent to
// the presser again with buttons that work; on a decided one the word
// stands.
func TestMeetingLeaveUnnumberedButton(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us := approvalSetup(t, clk)
	h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	n0 := h.wait(us[0].ID, "会议通知")
	h.askLeave(us[0], n0, 2) // 事假
	told := h.wait(secretaryID, "事由：事假")
	old := unnumbered(t, told.Keyboard[0][0].Data)

	text, alert := h.press(secretary, told, old)
	if !alert || !strings.Contains(text, "无法确认这个旧按钮对应哪一次请假申请") {
		t.Errorf("the unnumbered 批准 answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalPending {
		t.Errorf("after the unnumbered 批准: %s", r.Approval)
	}
	if m := h.message(secretaryID, told.ID); len(m.Keyboard) != 0 {
		t.Errorf("buttons left on the unnumbered message: %v", buttonTexts(m))
	}
	again, n := lastWith(h, secretaryID, "事由：事假")
	if n != 2 || again.ID == told.ID || len(buttonTexts(again)) != 2 {
		t.Fatalf("the pending request sent again: %d messages, last %+v", n, again)
	}
	if n := leaveDecisions(h); n != 0 {
		t.Errorf("%d decisions audited after the unnumbered press", n)
	}

	h.press(secretary, again, again.Keyboard[0][1].Data) // 不批准
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalRefused {
		t.Errorf("after 不批准 on the request sent again: %s", r.Approval)
	}
	h.wait(us[0].ID, "请假未获批准")

	text, alert = h.press(secretary, told, old)
	if !alert || !strings.Contains(text, "已经处理过（未批准）") {
		t.Errorf("the unnumbered 批准 on a decided leave answered %q (alert %v)", text, alert)
	}
	if r := rsvpOf(h, 1, 2); r.Approval != branchbot.ApprovalRefused {
		t.Errorf("after the unnumbered 批准 on a decided leave: %s", r.Approval)
	}
	if _, n := lastWith(h, secretaryID, "事由：事假"); n != 2 {
		t.Errorf("%d requests told, want 2: nothing more once decided", n)
	}
}
