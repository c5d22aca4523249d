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

// TestRecurringMeetingsAndCadence: a weekly committee meeting is created
// 14 days ahead, once per occurrence across restarts (a new scheduler
// each time), confirmed so that its notices go out, its organiser given
// a status message kept up to date in place; a cancelled
// occurrence is not created again; a quarter without a member assembly
// gets one warning to the secretary a week before it ends, and no more.
func TestRecurringMeetingsAndCadence(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	err := h.db.Update(func(tx *store.Tx) error {
		m, err := tx.MemberByTelegramID(us[0].ID)
		if err != nil {
			return err
		}
		m.Role = branchbot.RoleCommittee
		return tx.PutMember(m)
	})
	if err != nil {
		t.Fatal(err)
	}
	spec, err := schedule.ParseSpec("0 9 * * 1", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	plan := schedule.PlanOptions{
		Planner: h.bot,
		Kinds:   branchbot.DefaultMeetingKinds(),
		Recurring: []schedule.RecurringMeeting{{Kind: branchbot.MeetingCommittee, Spec: spec,
			Title: "支委会例会", Place: "支部办公室", Ahead: 14 * 24 * time.Hour}},
		Cadence: map[branchbot.MeetingKind]branchbot.Cadence{
			branchbot.MeetingCommittee: branchbot.CadenceMonth,
			branchbot.MeetingAssembly:  branchbot.CadenceQuarter,
		},
	}
	tick := func(at time.Time) schedule.MeetingResult {
		t.Helper()
		sched, err := schedule.New(schedule.Options{Store: h.db, Now: clk.Now, Location: shanghai, Quiet: quiet22to7,
			Broadcasts: schedule.BroadcastOptions{Renderer: h.bot}, Meetings: h.bot, Plan: plan, Notify: h.bot.Kick})
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

	if res := tick(local(2026, 12, 1, 10, 0)); res.Created != 2 || res.Warned != 0 {
		t.Fatalf("first tick: %+v", res)
	}
	if res := tick(local(2026, 12, 1, 10, 1)); res.Created != 0 {
		t.Fatalf("again after a restart: %+v", res)
	}
	if _, n := lastWith(h, us[0].ID, "支委会：支委会例会"); n != 2 {
		t.Errorf("committee member got %d notices, want 2", n)
	}
	if _, n := lastWith(h, us[1].ID, "支委会例会"); n != 0 {
		t.Errorf("a plain member got %d committee notices", n)
	}
	h.wait(secretaryID, "已按计划自动安排会议 #1")

	// The organiser gets a status message of each, after the word that
	// it was scheduled, kept up to date in place: an answer edits it.
	st1, n := lastWith(h, secretaryID, "📋 会议 #1 · 答复情况")
	auto, _ := lastWith(h, secretaryID, "已按计划自动安排会议 #1")
	if n != 1 || st1.ID < auto.ID || !strings.Contains(st1.Text, "参加 0 · 请假 0 · 未答复 1（共 1 人）") {
		t.Fatalf("%d status messages of #1:\n%s", n, st1.Text)
	}
	if got := buttonTexts(st1); len(got) != 2 {
		t.Errorf("status buttons %v", got)
	}
	notice, _ := lastWith(h, us[0].ID, "2026-12-07")
	h.press(us[0], notice, notice.Keyboard[0][0].Data)
	h.settle()
	if s := h.message(secretaryID, st1.ID); !strings.Contains(s.Text, "参加 1 · 请假 0 · 未答复 0（共 1 人）") {
		t.Errorf("status after an answer:\n%s", s.Text)
	}
	if _, n := lastWith(h, secretaryID, "📋 会议 #1 · 答复情况"); n != 1 {
		t.Errorf("%d status messages of #1 after an answer", n)
	}
	var starts []time.Time
	h.view(func(tx *store.Tx) error {
		return tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
			if mt.State != branchbot.MeetingScheduled || mt.Occurrence == "" {
				t.Errorf("meeting %+v", mt)
			}
			starts = append(starts, mt.Start)
			return nil
		})
	})
	if len(starts) != 2 || !starts[0].Equal(local(2026, 12, 7, 9, 0)) || !starts[1].Equal(local(2026, 12, 14, 9, 0)) {
		t.Fatalf("starts %v", starts)
	}

	// The secretary cancels the second one: it stays cancelled.
	h.sayAndWait(secretary, "/meeting cancel 2 与年终总结合并", "已取消")
	if res := tick(local(2026, 12, 8, 10, 0)); res.Created != 1 {
		t.Fatalf("a week later: %+v", res)
	}
	var mt2 *branchbot.Meeting
	h.view(func(tx *store.Tx) (err error) { mt2, err = tx.Meeting(2); return err })
	if mt2.State != branchbot.MeetingCancelled {
		t.Errorf("meeting 2 is %s", mt2.State)
	}
	if st2, n := lastWith(h, secretaryID, "会议 #2 · "); n != 1 || !strings.Contains(st2.Text, "❌ 会议 #2 · 已取消") || len(st2.Keyboard) != 0 {
		t.Errorf("%d status messages of #2 after its cancellation:\n%s %v", n, st2.Text, buttonTexts(st2))
	}

	// A week before the quarter ends: no assembly this quarter, one
	// warning; the committee met this month, none for it.
	if res := tick(local(2026, 12, 24, 23, 0)); res.Warned != 0 {
		t.Fatalf("before the week: %+v", res)
	}
	if res := tick(local(2026, 12, 25, 10, 0)); res.Warned != 1 {
		t.Fatalf("cadence: %+v", res)
	}
	if res := tick(local(2026, 12, 26, 10, 0)); res.Warned != 0 {
		t.Fatalf("cadence again: %+v", res)
	}
	w, n := lastWith(h, secretaryID, "还没有召开或安排党员大会")
	if n != 1 || !strings.Contains(w.Text, "2026-Q4") || !strings.Contains(w.Text, "2026-12-31") {
		t.Errorf("%d warnings: %s", n, w.Text)
	}
}
