package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingGuideKeptAndMigrated: a file of schema 15 gains the bucket of
// guided flows; a guide written is read back after reopening and is gone
// once deleted.
func TestMeetingGuideKeptAndMigrated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	db.Close()
	beforeMigration(t, path, 16, "meeting_guides") // before the guided flows' bucket (16 → 17)
	db = openAt(t, path)
	start := time.Date(2026, 12, 8, 7, 0, 0, 0, time.UTC)
	update(t, db, func(tx *store.Tx) error {
		return tx.PutMeetingGuide(7, &branchbot.MeetingGuide{Step: branchbot.GuidePlace, Kind: branchbot.MeetingThemedDay,
			Audience: branchbot.AudienceAll, Start: start})
	})
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	update(t, db, func(tx *store.Tx) error {
		g, ok, err := tx.MeetingGuide(7)
		if err != nil || !ok || g.Step != branchbot.GuidePlace || !g.Start.Equal(start) || g.Kind != branchbot.MeetingThemedDay {
			t.Fatalf("guide after reopening: %+v %v %v", g, ok, err)
		}
		if _, ok, _ := tx.MeetingGuide(8); ok {
			t.Error("a guide for a member who has none")
		}
		return tx.DeleteMeetingGuide(7)
	})
	update(t, db, func(tx *store.Tx) error {
		if _, ok, _ := tx.MeetingGuide(7); ok {
			t.Error("guide still there after delete")
		}
		return nil
	})
}
