package bot_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

func buttonWith(t *testing.T, m telegramtest.Message, text string) string {
	t.Helper()
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.Contains(b.Text, text) {
				return b.Data
			}
		}
	}
	t.Fatalf("no button %q in %v", text, buttonTexts(m))
	return ""
}

// TestMeetingThemeAgendaMinutes: the month's theme is carried by a themed
// day scheduled without a title; a committee member registers items on
// time (by command and by 📝 and typed words), is refused after the
// deadline (audited), while the secretary's late item is accepted, marked
// late and audited; the last reminder lists the items; after the meeting
// the secretary records a decision from /minutes, which shows it.
func TestMeetingThemeAgendaMinutes(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, tick := meetingSetup(t, clk)
	com := us[0]
	err := h.db.Update(func(tx *store.Tx) error {
		m, err := tx.MemberByTelegramID(com.ID)
		if err != nil {
			return err
		}
		m.Role = branchbot.RoleCommittee
		return tx.PutMember(m)
	})
	if err != nil {
		t.Fatal(err)
	}

	h.sayAndWait(secretary, "/theme 2026-12 学习贯彻党章", "已设定 2026-12 的主题：学习贯彻党章")
	h.sayAndWait(secretary, "/theme", "本月（2026-12）主题：学习贯彻党章\n下月（2027-01）主题：（未设定）")
	h.scheduleMeeting("/meeting 主题党日 12-05 15:00 @ 三楼会议室")
	notice := h.wait(us[1].ID, "主题党日：学习贯彻党章")
	if got := buttonTexts(notice); len(got) != 3 || got[2] != "📅 加入日历" {
		t.Fatalf("themed day buttons %v", got)
	}

	// 📅: the .ics file, parsed back with the library.
	h.press(us[1], notice, buttonWith(t, notice, "加入日历"))
	var doc telegramtest.Message
	for _, m := range h.srv.Messages(us[1].ID) {
		if m.Document != "" {
			doc = m
		}
	}
	data, name, ok := h.srv.DocumentData(us[1].ID, doc.ID)
	if !ok || name != "meeting-1.ics" {
		t.Fatalf("document %q %v", name, ok)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("parse .ics: %v\n%s", err, data)
	}
	ev := cal.Events()[0]
	if tz := ev.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Asia/Shanghai" {
		t.Errorf("TZID %v", tz)
	}
	if s, err := ev.GetStartAt(); err != nil || !s.Equal(local(2026, 12, 5, 15, 0)) {
		t.Errorf(".ics start %v %v", s, err)
	}
	if e, err := ev.GetEndAt(); err != nil || !e.Equal(local(2026, 12, 5, 17, 0)) {
		t.Errorf(".ics end %v %v", e, err)
	}

	// The committee meeting #2, its agenda closing 12-08 09:00.
	h.scheduleMeeting("/meeting 支委会 12-10 09:00 研究年度工作")
	cn := h.wait(com.ID, "支委会：研究年度工作")
	h.sayAndWait(com, "/agenda 2 发展党员工作", "已登记会议 #2 的议题 1。议题截止时间：12-08 09:00")
	h.press(com, cn, buttonWith(t, cn, "提交议题"))
	h.wait(com.ID, "请直接回复要提交给会议 #2")
	h.sayAndWait(com, "党费使用情况", "已登记会议 #2 的议题 2")

	clk.Set(local(2026, 12, 8, 9, 0))
	h.sayAndWait(com, "/agenda 2 临时动议", "不搞临时动议")
	h.sayAndWait(secretary, "/agenda 2 上级紧急部署", "截止后补充，已记入审计日志")
	var late, refused int
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.Action == "meeting.agenda.late" && strings.Contains(e.Detail, "上级紧急部署") {
				late++
			}
			if e.Refused && strings.Contains(e.Detail, "agenda deadline has passed") {
				refused++
			}
			return nil
		})
	})
	if late != 1 || refused != 1 {
		t.Errorf("audit: %d late items, %d refusals", late, refused)
	}
	var mt *branchbot.Meeting
	h.view(func(tx *store.Tx) (err error) { mt, err = tx.Meeting(2); return err })
	if len(mt.Items) != 3 || mt.Items[0].Late || !mt.Items[2].Late {
		t.Fatalf("items %+v", mt.Items)
	}

	// The last reminder (2 h before) lists the items; the first does not.
	tick(local(2026, 12, 9, 9, 0))
	if r := h.wait(com.ID, "还有 24 小时"); strings.Contains(r.Text, "议题：") {
		t.Errorf("first reminder lists the agenda:\n%s", r.Text)
	}
	tick(local(2026, 12, 10, 7, 0))
	last := h.wait(com.ID, "还有 2 小时")
	for _, w := range []string{"议题：", "1. 发展党员工作", "2. 党费使用情况", "3. 上级紧急部署（截止后补充）"} {
		if !strings.Contains(last.Text, w) {
			t.Errorf("last reminder lacks %q:\n%s", w, last.Text)
		}
	}

	// Before the meeting /minutes has no buttons; after it, one per item.
	if pre := h.sayAndWait(secretary, "/minutes 2", "会后可在此记录"); len(pre.Keyboard) != 0 {
		t.Errorf("buttons before the meeting: %v", buttonTexts(pre))
	}
	clk.Set(local(2026, 12, 10, 11, 0))
	mins := h.sayAndWait(secretary, "/minutes 2", "议题与决定")
	if len(mins.Keyboard) != 3 {
		t.Fatalf("minutes buttons %v", buttonTexts(mins))
	}
	h.press(secretary, mins, mins.Keyboard[0][0].Data)
	h.wait(secretaryID, "请直接回复议题 1「发展党员工作」的决定")
	h.sayAndWait(secretary, "同意将张三列为发展对象", "已记录会议 #2 议题 1 的决定")
	rec := h.sayAndWait(secretary, "/minutes 2", "决定：同意将张三列为发展对象")
	if !strings.Contains(rec.Text, "3. 上级紧急部署（截止后补充）") {
		t.Errorf("record:\n%s", rec.Text)
	}
	_ = time.Second
}
