package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestContactVisitsOverTwoPeriods: a standing contact's visit is opened
// once in a quarter, told to the cadre, reminded in its last working
// days, escalated when the quarter ends without it, and the next
// quarter's is opened across a restart, once; a removed contact is due
// nothing more.
func TestContactVisitsOverTwoPeriods(t *testing.T) {
	fc := &fakeCases{}
	h := newHarness(t, "", func(o *Options) {
		o.Cases = CaseOptions{Renderer: fc, Rules: &branchbot.CaseRules{Calendar: branchbot.WorkCalendar{Enabled: true}}}
	})
	h.setClock(h.local(2026, 9, 25, 8, 0)) // a Friday
	var cadre *branchbot.Member
	h.update(func(tx *store.Tx) error {
		sec := &branchbot.Member{Name: "书记", Role: branchbot.RoleSecretary, TelegramID: 1}
		cadre = &branchbot.Member{Name: "组长", Role: branchbot.RoleLeader, TelegramID: 2}
		for _, m := range []*branchbot.Member{sec, cadre} {
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		return tx.CreateContact(&branchbot.Contact{Cadre: cadre.ID, Kind: branchbot.ContactVillage, Name: "东村"})
	})
	step := func(at time.Time, want ...string) {
		t.Helper()
		h.setClock(at)
		if _, err := h.s.TickCases(at); err != nil {
			t.Fatal(err)
		}
		if got := fc.take(); !slices.Equal(got, want) {
			t.Errorf("%s: queued %q, want %q", at.Format("Mon 01-02 15:04"), got, want)
		}
	}
	day := func(s string) branchbot.Day { d, _ := branchbot.ParseDay(s); return d }
	step(h.local(2026, 9, 25, 9, 0), "case/1/to2 opened") // Q3's visit, due 09-30
	step(h.local(2026, 9, 25, 10, 0))                     // once
	h.reopen()
	step(h.local(2026, 9, 28, 9, 0), branchbot.CaseReminderKey(1, day("2026-09-28"))+" remind")
	step(h.local(2026, 9, 30, 9, 0), branchbot.CaseReminderKey(1, day("2026-09-30"))+" remind")
	h.reopen()                                             // down over the end of the quarter
	step(h.local(2026, 10, 1, 11, 0), "case/2/to2 opened", // Q4's visit, due 12-31
		branchbot.CaseReminderKey(1, day("2026-10-01"))+" remind late", // Q3's, overdue
		branchbot.CaseDigestKey(day("2026-10-01"), 1)+" digest new")
	h.reopen()
	step(h.local(2026, 10, 1, 12, 0)) // nothing twice
	h.update(func(tx *store.Tx) error {
		c, err := tx.Case(1)
		if err != nil {
			return err
		}
		if c.Contact == nil || c.Contact.Name != "东村" || c.Subject != 0 || c.Due != day("2026-09-30") {
			t.Errorf("Q3's visit: %+v", c)
		}
		if err := c.LogTalk(cadre.ID, day("2026-10-01"), day("2026-09-25"), day("2026-10-01"), branchbot.ModeVisit, "走访东村", h.now()); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	step(h.local(2026, 10, 2, 9, 0)) // Q3's done; Q4's not yet reminded
	step(h.local(2026, 12, 23, 9, 0))
	step(h.local(2026, 12, 24, 9, 0), branchbot.CaseReminderKey(2, day("2026-12-24"))+" remind")
	h.update(func(tx *store.Tx) error {
		if id, ok := tx.ContactVisit(1, day("2026-10-01")); !ok || id != 2 {
			t.Errorf("Q4's visit: %d %v", id, ok)
		}
		ct, err := tx.Contact(1)
		if err != nil {
			return err
		}
		ct.RemovedAt = h.now()
		if err := tx.PutContact(ct); err != nil {
			return err
		}
		c, err := tx.Case(2)
		if err != nil {
			return err
		}
		if err := c.Cancel(1, "联系点撤销", h.now()); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	step(h.local(2027, 1, 4, 9, 0)) // Q1 2027: a removed contact is due nothing
}

// TestCoverageInTheDigest: with a monthly coverage, the digest on the
// last month's days lists the members no talk covered this month; a
// talk logged in October covers its member in October and not in
// November.
func TestCoverageInTheDigest(t *testing.T) {
	fc := &fakeCases{}
	h := newHarness(t, "", func(o *Options) {
		o.Cases = CaseOptions{Renderer: fc, Rules: &branchbot.CaseRules{Calendar: branchbot.WorkCalendar{Enabled: true}, Coverage: branchbot.PeriodMonth}}
	})
	h.setClock(h.local(2026, 10, 29, 8, 0))
	h.update(func(tx *store.Tx) error {
		sec := &branchbot.Member{Name: "书记", Role: branchbot.RoleSecretary, TelegramID: 1}
		a := &branchbot.Member{Name: "甲", Role: branchbot.RoleMember, TelegramID: 3}
		b := &branchbot.Member{Name: "乙", Role: branchbot.RoleMember, TelegramID: 4}
		for _, m := range []*branchbot.Member{sec, a, b} {
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		today := branchbot.DayOf(h.now(), h.loc)
		c := &branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseOpen, Subject: a.ID, Assignee: sec.ID, Due: today + 7}
		if err := tx.CreateCase(c); err != nil {
			return err
		}
		if err := c.LogTalk(sec.ID, today, today, today, branchbot.ModeInPerson, "谈心", h.now()); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	step := func(at time.Time, want ...string) {
		t.Helper()
		h.setClock(at)
		if _, err := h.s.TickCases(at); err != nil {
			t.Fatal(err)
		}
		if got := fc.take(); !slices.Equal(got, want) {
			t.Errorf("%s: queued %q, want %q", at.Format("Mon 01-02 15:04"), got, want)
		}
	}
	day := func(s string) branchbot.Day { d, _ := branchbot.ParseDay(s); return d }
	step(h.local(2026, 10, 30, 9, 0), branchbot.CaseDigestKey(day("2026-10-30"), 1)+" digest uncovered:书记 uncovered:乙")
	step(h.local(2026, 10, 30, 10, 0))
	step(h.local(2026, 10, 31, 9, 0)) // Saturday
	step(h.local(2026, 11, 2, 9, 0), branchbot.CaseDigestKey(day("2026-11-02"), 1)+" digest uncovered:书记 uncovered:甲 uncovered:乙")
}
