package bot_test

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingGuided: /meeting alone asks for the kind and the audience by
// buttons, then the date and time (a bad one is asked again), the place
// and the title (the month's theme offered for a themed day); a restart
// between steps loses nothing; the end is the same preview as the one-line
// path, and confirming it notifies the members.
func TestMeetingGuided(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	h.update(func(tx *store.Tx) error {
		if err := tx.PutGroup(store.Group{Name: "第一党小组"}); err != nil {
			return err
		}
		return tx.SetTheme("2026-12", "学习贯彻党章")
	})

	q := h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	if got := buttonTexts(q); len(got) != 8 || got[0] != "主题党日" || got[7] != "取消" {
		t.Fatalf("kind buttons %v", got)
	}
	h.press(secretary, q, button(t, q, "主题党日"))
	q = h.message(secretaryID, q.ID)
	if !strings.Contains(q.Text, "主题党日（2/5）") {
		t.Fatalf("after the kind:\n%s", q.Text)
	}
	if got := buttonTexts(q); len(got) != 4 || got[0] != "全体党员" || got[1] != "支委会" || got[2] != "党小组“第一党小组”" {
		t.Fatalf("audience buttons %v", got)
	}
	kindButton := q // its kind buttons are gone; pressing an old one is stale below
	h.press(secretary, q, button(t, q, "全体党员"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "请回复日期和时间") {
		t.Fatalf("after the audience:\n%s", q.Text)
	}
	if text, _ := h.press(secretary, kindButton, kindButton.Keyboard[0][0].Data); !strings.Contains(text, "已失效") {
		t.Errorf("a button of a step passed answered %q", text)
	}

	h.sayAndWait(secretary, "12-32 15:00", "无法识别")
	h.wait(secretaryID, "请回复日期和时间")
	h.sayAndWait(secretary, "明天下午", "无法识别")
	h.sayAndWait(secretary, "12-08 15:00", "请回复会议地点")

	h.restart(nil)
	h.sayAndWait(secretary, "三楼会议室", "或用本月主题：学习贯彻党章")

	h.restart(nil)
	q, _ = lastWith(h, secretaryID, "或用本月主题")
	h.press(secretary, q, button(t, q, "用本月主题"))
	pv, n := lastWith(h, secretaryID, "预览")
	if n != 1 {
		t.Fatalf("%d previews", n)
	}
	for _, w := range []string{"主题党日：学习贯彻党章", "2026-12-08 （周二） 15:00–17:00", "地点：三楼会议室", "参会：全体党员", "通知对象：3 人"} {
		if !strings.Contains(pv.Text, w) {
			t.Errorf("preview lacks %q:\n%s", w, pv.Text)
		}
	}
	h.view(func(tx *store.Tx) error {
		if _, ok, _ := tx.MeetingGuide(h.member(secretaryID).ID); ok {
			t.Error("the guide is still kept after the preview")
		}
		return nil
	})
	if text, _ := h.press(secretary, pv, pv.Keyboard[0][0].Data); text != "" {
		t.Fatalf("confirm answered %q", text)
	}
	h.settle()
	for _, u := range us {
		if _, n := lastWith(h, u.ID, "主题党日：学习贯彻党章"); n != 1 {
			t.Errorf("member %d got %d notices", u.ID, n)
		}
	}
	// The flow is over: free text is no longer taken for it.
	h.sayAndWait(secretary, "三楼会议室", "没有转给任何人")
}

// TestMeetingGuidedStop: the 取消 button or typing 取消 ends the flow and
// keeps nothing, as does scheduling in one line; a place can be skipped;
// a title must be typed when the kind takes no theme; the agenda of a
// committee meeting can be skipped.
func TestMeetingGuidedStop(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _, _ := meetingSetup(t, clk)

	q := h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.press(secretary, q, button(t, q, "支委会"))
	q = h.message(secretaryID, q.ID)
	h.press(secretary, q, button(t, q, "取消"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "已取消安排会议") || len(q.Keyboard) != 0 {
		t.Fatalf("after 取消:\n%s %v", q.Text, q.Keyboard)
	}
	h.sayAndWait(secretary, "12-08 15:00", "没有转给任何人")

	// A flow left open ends when a meeting is scheduled in one line.
	h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.sayAndWait(secretary, "/meeting 支委会 12-09 09:00 听取整改汇报", "预览")
	h.sayAndWait(secretary, "12-08 15:00", "没有转给任何人")

	q = h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.press(secretary, q, button(t, q, "支委会"))
	q = h.message(secretaryID, q.ID)
	h.press(secretary, q, button(t, q, "支委会"))
	q = h.sayAndWait(secretary, "12-08 09:00", "请回复会议地点")
	h.press(secretary, q, button(t, q, "跳过"))
	if q = h.message(secretaryID, q.ID); !strings.Contains(q.Text, "请回复会议主题") || strings.Contains(q.Text, "本月主题") {
		t.Fatalf("after skipping the place:\n%s", q.Text)
	}
	h.sayAndWait(secretary, "取消", "已取消安排会议")
	var n int
	h.view(func(tx *store.Tx) error {
		if _, ok, _ := tx.MeetingGuide(h.member(secretaryID).ID); ok {
			t.Error("the guide is still kept after 取消")
		}
		ms, err := tx.UpcomingMeetings()
		n = len(ms)
		return err
	})
	if n != 0 {
		t.Errorf("%d meetings after stopping", n)
	}

	q = h.sayAndWait(secretary, "/meeting", "请选择会议类型")
	h.press(secretary, q, button(t, q, "支委会"))
	q = h.message(secretaryID, q.ID)
	h.press(secretary, q, button(t, q, "支委会"))
	q = h.sayAndWait(secretary, "12-08 09:00", "请回复会议地点")
	h.press(secretary, q, button(t, q, "跳过"))
	q = h.sayAndWait(secretary, "研究年度工作", "请回复本次会议的议题")
	h.press(secretary, q, button(t, q, "跳过"))
	pv, _ := lastWith(h, secretaryID, "预览")
	if !strings.Contains(pv.Text, "支委会：研究年度工作") || strings.Contains(pv.Text, "地点") {
		t.Errorf("preview:\n%s", pv.Text)
	}
	var mt *branchbot.Meeting
	h.view(func(tx *store.Tx) (err error) { mt, err = tx.Meeting(2); return err })
	if mt.State != branchbot.MeetingDraft || mt.Audience != branchbot.AudienceCommittee || mt.Place != "" {
		t.Errorf("draft %+v", mt)
	}
}
