package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestMeetingsStored(t *testing.T) {
	db := newDB(t)
	start := time.Date(2026, 12, 5, 7, 0, 0, 0, time.UTC)
	var a, b, c *branchbot.Meeting
	update(t, db, func(tx *store.Tx) error {
		a = &branchbot.Meeting{State: branchbot.MeetingDraft, Title: "草稿", Start: start}
		b = &branchbot.Meeting{State: branchbot.MeetingScheduled, Title: "后开", Start: start.Add(48 * time.Hour), Version: 1}
		c = &branchbot.Meeting{State: branchbot.MeetingScheduled, Title: "先开", Start: start, Version: 1}
		for _, mt := range []*branchbot.Meeting{a, b, c} {
			if err := tx.CreateMeeting(mt); err != nil {
				return err
			}
		}
		return nil
	})
	if a.ID != 1 || b.ID != 2 || c.ID != 3 {
		t.Fatalf("ids %d %d %d", a.ID, b.ID, c.ID)
	}
	upcoming := func() []string {
		var titles []string
		view(t, db, func(tx *store.Tx) error {
			ms, err := tx.UpcomingMeetings()
			for _, mt := range ms {
				titles = append(titles, mt.Title)
			}
			return err
		})
		return titles
	}
	if got := upcoming(); len(got) != 2 || got[0] != "先开" || got[1] != "后开" {
		t.Errorf("upcoming %v, want the scheduled ones by start", got)
	}
	update(t, db, func(tx *store.Tx) error {
		b.State = branchbot.MeetingCancelled
		if err := tx.PutMeeting(b); err != nil {
			return err
		}
		return tx.DropUpcoming(c.ID)
	})
	if got := upcoming(); len(got) != 0 {
		t.Errorf("upcoming %v after a cancellation and a drop", got)
	}
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.Meeting(b.ID)
		if err != nil || got.State != branchbot.MeetingCancelled || !got.Start.Equal(b.Start) {
			t.Errorf("meeting %+v %v", got, err)
		}
		return nil
	})
}

func TestRSVPsAndLeaveAsks(t *testing.T) {
	db := newDB(t)
	at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	update(t, db, func(tx *store.Tx) error {
		r, err := tx.RSVP(4, 9)
		if err != nil || r.Answer != branchbot.AnswerNone || r.MeetingID != 4 || r.MemberID != 9 {
			t.Errorf("no answer yet: %+v %v", r, err)
		}
		r.Leave(branchbot.LeaveTrip, "", at, 1, false)
		if err := tx.PutRSVP(r); err != nil {
			return err
		}
		other := &branchbot.RSVP{MeetingID: 5, MemberID: 9}
		other.Attend(at, 1)
		if err := tx.PutRSVP(other); err != nil {
			return err
		}
		return tx.AskLeaveReason(9, 4)
	})
	view(t, db, func(tx *store.Tx) error {
		rs, err := tx.RSVPs(4)
		if err != nil || len(rs) != 1 || rs[9].Reason != branchbot.LeaveTrip {
			t.Errorf("RSVPs(4) = %+v %v", rs, err)
		}
		return nil
	})
	update(t, db, func(tx *store.Tx) error {
		id, ok, err := tx.LeaveReasonAsked(9)
		if err != nil || !ok || id != 4 {
			t.Errorf("asked %d %v %v", id, ok, err)
		}
		if _, ok, _ := tx.LeaveReasonAsked(9); ok {
			t.Error("the question is asked once")
		}
		return nil
	})
}

// TestMigrateMeetings: a file of the schema before meetings gains their
// buckets.
func TestMigrateMeetings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	db.Close()
	beforeMigration(t, path, 11, "meetings", "meeting_rsvps", "meetings_upcoming", "meeting_asks", "meeting_themes", "meeting_minutes", "meeting_recurring", "meeting_cadence") // before the meetings' buckets (migration 11 → 12)
	db = openAt(t, path)
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migrating, want %d", got, store.SchemaVersion)
	}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.SetTheme("2026-12", "x"); err != nil {
			return err
		}
		return tx.CreateMeeting(&branchbot.Meeting{State: branchbot.MeetingScheduled, Title: "x"})
	})
}
