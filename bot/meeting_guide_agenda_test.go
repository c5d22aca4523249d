package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingGuidedAgenda: a committee meeting scheduled step by step
// asks for its agenda after the title; items typed in two messages (one
// with two numbered lines) are kept across a restart, shown in the
// preview, registered at confirmation by the organiser (audited as
// /agenda), and listed by the last reminder.
func TestMeetingGuidedAgenda(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, tick := meetingSetup(t, clk)
	com := us[0]
	h.update(func(tx *store.Tx) error {
		m, err := tx.MemberByTelegramID(com.ID)
		if err != nil {
			return err
		}
		m.Role = branchbot.RoleCommittee
		return tx.PutMember(m)
	})

	// The steps count the agenda: six of them; before the kind is chosen
	// their number is open.
	q := h.sayAndWait(secretary, "/meeting", "安排会议（第 1 步）：请选择会议类型")
	h.press(secretary, q, button(t, q, "支委会"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "支委会（2/6）") {
		t.Errorf("after the kind:\n%s", q.Text)
	}
	h.press(secretary, q, button(t, q, "支委会"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "（3/6）") {
		t.Errorf("after the audience:\n%s", q.Text)
	}
	h.sayAndWait(secretary, "12-10 09:00", "（4/6）：请回复会议地点")
	h.sayAndWait(secretary, "党员活动室", "（5/6）请回复会议主题")
	q = h.sayAndWait(secretary, "研究年度工作", "议题（6/6）：请回复本次会议的议题")
	if !strings.Contains(q.Text, "截止时间：12-08 09:00") {
		t.Errorf("agenda question:\n%s", q.Text)
	}
	if got := buttonTexts(q); len(got) != 2 || got[0] != "跳过" || got[1] != "取消" {
		t.Errorf("agenda buttons before any item %v", got)
	}
	q = h.sayAndWait(secretary, "1. 发展党员工作", "已记下：\n1. 发展党员工作")
	if got := buttonTexts(q); len(got) != 2 || got[0] != "完成" {
		t.Errorf("agenda buttons after an item %v", got)
	}

	// A restart in the middle of the step loses nothing.
	h.restart(nil)
	q = h.sayAndWait(secretary, "2、党费使用情况\n\n（3）年终民主评议安排", "已记下：")
	if !strings.Contains(q.Text, "1. 发展党员工作\n2. 党费使用情况\n3. 年终民主评议安排") {
		t.Fatalf("after the restart:\n%s", q.Text)
	}
	h.restart(nil)
	q, _ = lastWith(h, secretaryID, "已记下")
	h.press(secretary, q, button(t, q, "完成"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "议题：3 条") || len(q.Keyboard) != 0 {
		t.Errorf("the pressed question:\n%s %v", q.Text, q.Keyboard)
	}
	pv, n := lastWith(h, secretaryID, "预览")
	if n != 1 {
		t.Fatalf("%d previews", n)
	}
	for _, w := range []string{"支委会：研究年度工作", "议题（确认后登记）：\n1. 发展党员工作\n2. 党费使用情况\n3. 年终民主评议安排"} {
		if !strings.Contains(pv.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, pv.Text)
		}
	}
	var mt *branchbot.Meeting
	h.view(func(tx *store.Tx) (err error) { mt, err = tx.Meeting(1); return err })
	if len(mt.Items) != 0 || len(mt.Proposed) != 3 {
		t.Fatalf("draft: items %+v, proposed %q", mt.Items, mt.Proposed)
	}

	if text, _ := h.press(secretary, pv, pv.Keyboard[0][0].Data); text != "" {
		t.Fatalf("confirm answered %q", text)
	}
	h.settle()
	sec := h.member(secretaryID)
	var audited int
	h.view(func(tx *store.Tx) (err error) {
		if mt, err = tx.Meeting(1); err != nil {
			return err
		}
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == "meeting.agenda" && e.ActorID == sec.ID && strings.HasPrefix(e.Detail, "#1 item ") {
				audited++
			}
			return nil
		})
	})
	if mt.State != branchbot.MeetingScheduled || len(mt.Items) != 3 || len(mt.Proposed) != 0 {
		t.Fatalf("confirmed: %s, items %+v, proposed %q", mt.State, mt.Items, mt.Proposed)
	}
	for i, it := range mt.Items {
		if it.N != i+1 || it.MemberID != sec.ID || it.Late || !it.At.Equal(local(2026, 12, 1, 10, 0)) {
			t.Errorf("item %d: %+v", i+1, it)
		}
	}
	if audited != 3 {
		t.Errorf("%d items audited", audited)
	}

	// Another committee member adds one by /agenda: it comes after them.
	h.sayAndWait(com, "/agenda 1 上级部署", "已登记会议 #1 的议题 4")

	tick(local(2026, 12, 9, 9, 0))
	tick(local(2026, 12, 10, 7, 0))
	last := h.wait(com.ID, "还有 2 小时")
	if !strings.Contains(last.Text, "议题：\n1. 发展党员工作\n2. 党费使用情况\n3. 年终民主评议安排\n4. 上级部署") {
		t.Errorf("last reminder:\n%s", last.Text)
	}
}

// TestMeetingGuidedAgendaLate: a committee meeting confirmed after its
// agenda closed registers the secretary's items marked late; kinds that
// take no agenda, or an organiser outside the committee, get no agenda
// step.
func TestMeetingGuidedAgendaLate(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _, _ := meetingSetup(t, clk)

	q := h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.press(secretary, q, button(t, q, "党员大会"))
	q = h.message(secretaryID, q.ID)
	h.press(secretary, q, button(t, q, "全体党员"))
	h.sayAndWait(secretary, "12-02 15:00", "请回复会议地点")
	h.sayAndWait(secretary, "跳过", "请回复会议主题")
	h.sayAndWait(secretary, "选举支部委员会", "请回复本次会议的议题")
	pv := h.sayAndWait(secretary, "选举办法\n完成", "已记下")
	if !strings.Contains(pv.Text, "1. 选举办法\n2. 完成") {
		t.Errorf("a line of several is an item, even 完成:\n%s", pv.Text)
	}
	pv = h.sayAndWait(secretary, "完成", "预览")
	h.press(secretary, pv, pv.Keyboard[0][0].Data)
	h.settle()
	var mt *branchbot.Meeting
	h.view(func(tx *store.Tx) (err error) { mt, err = tx.Meeting(1); return err })
	if len(mt.Items) != 2 || !mt.Items[0].Late || !mt.Items[1].Late {
		t.Errorf("items of a meeting confirmed after the deadline %+v", mt.Items)
	}

	// A themed day has no agenda step: the title ends the flow.
	q = h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.press(secretary, q, button(t, q, "党课"))
	q = h.message(secretaryID, q.ID)
	h.press(secretary, q, button(t, q, "全体党员"))
	h.sayAndWait(secretary, "12-09 15:00", "（4/5）：请回复会议地点")
	h.sayAndWait(secretary, "跳过", "（5/5）请回复会议主题")
	pv = h.sayAndWait(secretary, "党的历史", "预览")
	if strings.Contains(pv.Text, "议题") {
		t.Errorf("a lesson's preview:\n%s", pv.Text)
	}
}

// TestMeetingGuidedStepsEnglish: in English too the steps count the
// agenda of a kind that takes one (six) and not of one that does not
// (five); a kind that takes no agenda leaves the count closed from the
// start.
func TestMeetingGuidedStepsEnglish(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _, _ := meetingSetup(t, clk)
	h.sayAndWait(secretary, "/lang en", "English")

	q := h.sayAndWait(secretary, "/meeting", "Scheduling a meeting (step 1): choose the kind.")
	h.press(secretary, q, button(t, q, "member assembly"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "member assembly (2/6): who is invited?") {
		t.Fatalf("after the kind:\n%s", q.Text)
	}
	h.press(secretary, q, q.Keyboard[0][0].Data)
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "(3/6): reply with the date and time") {
		t.Fatalf("after the audience:\n%s", q.Text)
	}
	h.sayAndWait(secretary, "12-10 09:00", "(4/6): reply with the place")
	h.sayAndWait(secretary, "skip", "(5/6) Reply with the meeting's title.")
	h.sayAndWait(secretary, "Annual review", "Agenda (6/6): reply with the meeting's agenda items")
	h.sayAndWait(secretary, "cancel", "Scheduling stopped")

	q = h.sayAndWait(secretary, "/meeting", "(step 1)")
	h.press(secretary, q, button(t, q, "party lesson"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "party lesson (2/5)") {
		t.Fatalf("after the kind:\n%s", q.Text)
	}
	h.press(secretary, q, q.Keyboard[0][0].Data)
	h.sayAndWait(secretary, "12-10 15:00", "(4/5): reply with the place")
	h.sayAndWait(secretary, "skip", "(5/5) Reply with the meeting's title")
	h.sayAndWait(secretary, "Party history", "preview (members will get a notice")

	// With only kinds that take no agenda, the count is known at once.
	h.restart(func() { h.opts.Meetings.Kinds = branchbot.DefaultMeetingKinds()[:2] })
	h.sayAndWait(secretary, "/meeting", "Scheduling a meeting (1/5): choose the kind.")
}
