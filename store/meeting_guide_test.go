package store_test

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("meeting_guides")) })
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 16) // before the guided flows' bucket (16 → 17)
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
