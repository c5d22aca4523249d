package bot_test

import (
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingStatusOneEditWaiting: answers that come while an edit of the
// organiser's status message waits in the outbox replace it, so a burst
// of answers makes one edit (rendered when it goes out), not one each.
func TestMeetingStatusOneEditWaiting(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	db := openBenchDB(t)
	t.Cleanup(func() { db.Close() })
	b, err := bot.New(bot.Options{Store: db, Token: "1:test", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	addMembers(t, db, 2001, 5)
	mt := &branchbot.Meeting{Kind: branchbot.MeetingThemedDay, State: branchbot.MeetingDraft, Audience: branchbot.AudienceAll,
		Start: now.Add(48 * time.Hour), Length: time.Hour, Title: "学习", CreatedBy: 1}
	count := func() (edits int) {
		t.Helper()
		err := db.View(func(tx *store.Tx) error {
			os, err := tx.Outbox(0, 100)
			for _, o := range os {
				if o.Live == branchbot.MeetingLive(mt.ID) {
					edits++
				}
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return edits
	}
	if err := db.Update(func(tx *store.Tx) error {
		if err := tx.CreateMeeting(mt); err != nil {
			return err
		}
		return bot.ConfirmMeeting(b, tx, mt, now)
	}); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := db.Update(func(tx *store.Tx) error {
			stored, err := tx.Meeting(mt.ID)
			if err != nil {
				return err
			}
			return bot.QueueMeetingStatus(b, tx, stored)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(); n != 1 {
		t.Errorf("%d status edits waiting after the confirmation and 4 answers, want 1", n)
	}
}
