package schedule

import (
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// fakeCases renders case messages as their keys would name them and
// records what was queued.
type fakeCases struct{ queued []string }

func (f *fakeCases) CaseReminder(c *branchbot.Case, _, _ *branchbot.Member, today branchbot.Day, late bool) branchbot.Outgoing {
	text := "remind"
	if late {
		text = "remind late"
	}
	return branchbot.Outgoing{Text: text}
}

func (f *fakeCases) CaseOpened(c *branchbot.Case, _, _ *branchbot.Member) branchbot.Outgoing {
	return branchbot.Outgoing{Text: "opened"}
}

func (f *fakeCases) CaseDigest(to *branchbot.Member, cs []*branchbot.Case, fresh map[int64]bool, _ map[int64]*branchbot.Member, uncovered []*branchbot.Member, _ branchbot.Day) branchbot.Outgoing {
	text := "digest"
	for _, c := range cs {
		if fresh[c.ID] {
			text += " new"
		}
	}
	for _, m := range uncovered {
		text += " uncovered:" + m.Name
	}
	return branchbot.Outgoing{Text: text}
}

func (f *fakeCases) Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error) {
	ok, err := tx.Enqueue(o)
	if ok {
		f.queued = append(f.queued, o.Key+" "+o.Text)
	}
	return ok, err
}

func (f *fakeCases) take() []string { q := f.queued; f.queued = nil; return q }

// TestCasesTimeline follows a hospital case opened on a Friday afternoon,
// due in 3 working days, over a weekend, quiet hours and a restart over
// its due day, until it is done.
func TestCasesTimeline(t *testing.T) {
	fc := &fakeCases{}
	h := newHarness(t, "", func(o *Options) {
		o.Quiet = branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 9, Minute: 30}}
		o.Cases = CaseOptions{Renderer: fc, Rules: &branchbot.CaseRules{Calendar: branchbot.WorkCalendar{Enabled: true}}}
	})
	opened := h.local(2026, 10, 2, 15, 0) // a Friday
	h.setClock(opened)
	var c *branchbot.Case
	h.update(func(tx *store.Tx) error {
		sec := &branchbot.Member{Name: "书记", Role: branchbot.RoleSecretary, TelegramID: 1}
		talker := &branchbot.Member{Name: "组长", Role: branchbot.RoleLeader, TelegramID: 2, Group: "一组"}
		subject := &branchbot.Member{Name: "党员", Role: branchbot.RoleMember, TelegramID: 3, Group: "一组"}
		for _, m := range []*branchbot.Member{sec, talker, subject} {
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		rules := h.opts.Cases.Rules
		c = &branchbot.Case{Kind: branchbot.CaseHospital, State: branchbot.CaseOpen, Subject: subject.ID, Assignee: talker.ID, OpenedBy: sec.ID,
			Due: rules.Due(branchbot.CaseHospital, branchbot.DayOf(opened, h.loc))}
		return tx.CreateCase(c)
	})
	if c.Due.String() != "2026-10-07" {
		t.Fatalf("due %s", c.Due)
	}
	step := func(at time.Time, want ...string) {
		t.Helper()
		h.setClock(at)
		if _, err := h.s.TickCases(at); err != nil {
			t.Fatal(err)
		}
		got := fc.take()
		if len(got) != len(want) {
			t.Fatalf("%s: queued %q, want %q", at.Format("Mon 01-02 15:04"), got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: queued %q, want %q", at.Format("Mon 01-02 15:04"), got, want)
			}
		}
	}
	rk := func(d string) string {
		day, _ := branchbot.ParseDay(d)
		return branchbot.CaseReminderKey(c.ID, day)
	}
	step(h.local(2026, 10, 2, 16, 0))                                  // the day it opened: the talker was told already
	step(h.local(2026, 10, 3, 10, 0))                                  // Saturday
	step(h.local(2026, 10, 4, 10, 0))                                  // Sunday
	step(h.local(2026, 10, 5, 9, 0))                                   // Monday, 09:00, in quiet hours until 09:30
	step(h.local(2026, 10, 5, 9, 30), rk("2026-10-05")+" remind late") // when they end
	step(h.local(2026, 10, 5, 9, 31))                                  // once a day
	step(h.local(2026, 10, 6, 9, 0))                                   // Tuesday, in quiet hours
	h.reopen()                                                         // down from Tuesday 09:00 …
	step(h.local(2026, 10, 8, 8, 0))                                   // … until Thursday 08:00, before the time
	step(h.local(2026, 10, 8, 11, 0), rk("2026-10-08")+" remind late", // one reminder for the days missed,
		branchbot.CaseDigestKey(c.Due+1, 1)+" digest new") //                    and overdue: the secretary told
	h.reopen()
	step(h.local(2026, 10, 8, 12, 0))                                  // a restart sends nothing twice
	step(h.local(2026, 10, 9, 10, 0), rk("2026-10-09")+" remind late", // Friday: still reminded,
		branchbot.CaseDigestKey(c.Due+2, 1)+" digest") //                   still in the digest, not new
	step(h.local(2026, 10, 10, 10, 0)) // Saturday: nothing
	h.update(func(tx *store.Tx) error {
		today := branchbot.DayOf(h.now(), h.loc)
		var err error
		if c, err = tx.Case(c.ID); err != nil {
			return err
		}
		if err := c.LogTalk(c.Assignee, today, c.Due-3, today, branchbot.ModeVisit, "探望", h.now()); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	step(h.local(2026, 10, 12, 10, 0)) // Monday: done, nothing more
	h.update(func(tx *store.Tx) error {
		got, err := tx.Case(c.ID)
		if err == nil && got.EscalatedAt.IsZero() {
			t.Error("EscalatedAt not kept")
		}
		return err
	})
}

// TestTickRunsCases checks that Tick follows up cases too.
func TestTickRunsCases(t *testing.T) {
	fc := &fakeCases{}
	h := newHarness(t, "", func(o *Options) {
		o.Cases = CaseOptions{Renderer: fc, Rules: &branchbot.CaseRules{}}
	})
	h.setClock(h.local(2026, 10, 1, 8, 0))
	h.update(func(tx *store.Tx) error {
		m := &branchbot.Member{Name: "组长", Role: branchbot.RoleLeader, TelegramID: 2}
		s := &branchbot.Member{Name: "党员", Role: branchbot.RoleMember, TelegramID: 3}
		for _, x := range []*branchbot.Member{m, s} {
			if err := tx.CreateMember(x); err != nil {
				return err
			}
		}
		return tx.CreateCase(&branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseOpen, Subject: s.ID, Assignee: m.ID,
			Due: branchbot.DayOf(h.now(), h.loc) + 7})
	})
	h.tick(h.local(2026, 10, 2, 9, 0))
	if got := fc.take(); len(got) != 1 || got[0] != "caser/1/2026-10-02 remind" {
		t.Errorf("queued %q, want the day's reminder", got)
	}
}
