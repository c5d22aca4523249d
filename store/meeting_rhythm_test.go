package store_test

import (
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingRhythmRecords: themes, the awaited decision (asked once),
// recurring occurrences and cadence warnings survive a reopen.
func TestMeetingRhythmRecords(t *testing.T) {
	path := t.TempDir() + "/branch.db"
	db := openAt(t, path)
	at := time.Date(2026, 12, 4, 7, 0, 0, 0, time.UTC)
	update(t, db, func(tx *store.Tx) error {
		mt := &branchbot.Meeting{State: branchbot.MeetingScheduled, Kind: branchbot.MeetingThemedDay, Start: at}
		if err := tx.CreateMeeting(mt); err != nil {
			return err
		}
		if err := tx.SetTheme("2026-12", "学习党章"); err != nil {
			return err
		}
		if err := tx.AskDecision(7, mt.ID, 3); err != nil {
			return err
		}
		if err := tx.MarkRecurring("themed_day/x", mt.ID); err != nil {
			return err
		}
		return tx.MarkCadenceTold("committee/2026-12", at)
	})
	db.Close()
	db = openAt(t, path)
	update(t, db, func(tx *store.Tx) error {
		if got := tx.Theme("2026-12"); got != "学习党章" {
			t.Errorf("theme %q", got)
		}
		if tx.Theme("2027-01") != "" {
			t.Error("a month without a theme has one")
		}
		if id, n, ok, err := tx.DecisionAsked(7); err != nil || !ok || id != 1 || n != 3 {
			t.Errorf("decision asked: %d %d %v %v", id, n, ok, err)
		}
		if _, _, ok, _ := tx.DecisionAsked(7); ok {
			t.Error("the decision is asked once")
		}
		if id, ok := tx.RecurringMeeting("themed_day/x"); !ok || id != 1 {
			t.Errorf("recurring: %d %v", id, ok)
		}
		if _, ok := tx.RecurringMeeting("themed_day/y"); ok {
			t.Error("an occurrence never created is found")
		}
		if !tx.CadenceTold("committee/2026-12") || tx.CadenceTold("committee/2027-01") {
			t.Error("cadence marks wrong")
		}
		n := 0
		err := tx.ForEachMeeting(func(*branchbot.Meeting) error { n++; return nil })
		if n != 1 {
			t.Errorf("ForEachMeeting saw %d", n)
		}
		return err
	})
}
