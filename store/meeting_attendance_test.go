package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestMigrateAttendance: a file from before sign-in gets the buckets, and
// its upcoming meetings are in the follow-up index.
func TestMigrateAttendance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateMeeting(&branchbot.Meeting{State: branchbot.MeetingScheduled, Title: "x", Start: time.Date(2100, 1, 1, 9, 0, 0, 0, time.UTC), Length: time.Hour}); err != nil {
			return err
		}
		return tx.CreateMeeting(&branchbot.Meeting{State: branchbot.MeetingDraft, Title: "draft"})
	})
	db.Close()
	beforeMigration(t, path, 13, "meeting_attendance", "meeting_followups", "meetings_followup", "meeting_makeup_asks") // before sign-in and make-up (migration 13 → 14)
	db = openAt(t, path)
	view(t, db, func(tx *store.Tx) error {
		ids, err := tx.FollowUpMeetings()
		if len(ids) != 1 || ids[0] != 1 {
			t.Errorf("follow-up index %v, want [1]", ids)
		}
		return err
	})
}

// TestAttendanceRecords: records round-trip in member order; the make-up
// note is asked once.
func TestAttendanceRecords(t *testing.T) {
	db, clk := newDBClock(t)
	now := clk.Now()
	update(t, db, func(tx *store.Tx) error {
		for _, m := range []int64{12, 3} {
			if err := tx.PutAttendance(&branchbot.Attendance{MeetingID: 7, MemberID: m, CheckedIn: now}); err != nil {
				return err
			}
		}
		if err := tx.PutAttendance(&branchbot.Attendance{MeetingID: 8, MemberID: 1}); err != nil {
			return err
		}
		return tx.AskMakeupNote(3, 7, now)
	})
	update(t, db, func(tx *store.Tx) error {
		as, err := tx.Attendances(7)
		if len(as) != 2 || as[0].MemberID != 3 || as[1].MemberID != 12 || !as[0].CheckedIn.Equal(now) {
			t.Errorf("attendances %+v", as)
		}
		if _, found, _ := tx.Attendance(7, 5); found {
			t.Error("a record nobody wrote")
		}
		id, at, ok, err2 := tx.MakeupNoteAsked(3)
		if !ok || id != 7 || !at.Equal(now) {
			t.Errorf("asked %d %s %v", id, at, ok)
		}
		if _, _, ok, _ := tx.MakeupNoteAsked(3); ok {
			t.Error("asked twice")
		}
		if err == nil {
			err = err2
		}
		return err
	})
}
