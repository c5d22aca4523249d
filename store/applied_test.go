package store_test

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot/store"
)

func applied(t *testing.T, db *store.DB, id int64) bool {
	t.Helper()
	var ok bool
	view(t, db, func(tx *store.Tx) error { ok = tx.UpdateApplied(id); return nil })
	return ok
}

// TestUpdateAppliedIsASet checks that updates are recognised by id, in
// any order, not by a high-water mark.
func TestUpdateAppliedIsASet(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.MarkUpdateApplied(11) })
	if applied(t, db, 10) {
		t.Error("update 10 counts as applied after only 11 was")
	}
	update(t, db, func(tx *store.Tx) error { return tx.MarkUpdateApplied(10) })
	for _, id := range []int64{10, 11} {
		if !applied(t, db, id) {
			t.Errorf("update %d does not count as applied", id)
		}
	}
	if applied(t, db, 12) || applied(t, db, 9) {
		t.Error("an update never applied counts as applied")
	}
	// Within one transaction, a mark is seen at once.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.MarkUpdateApplied(500); err != nil {
			return err
		}
		if !tx.UpdateApplied(500) {
			t.Error("update 500 not seen as applied in its own transaction")
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		if got := tx.LastUpdateID(); got != 500 {
			t.Errorf("LastUpdateID = %d, want 500", got)
		}
		return nil
	})
}

// TestUpdateAppliedForgetsAfterTwoDays checks the retention: Telegram
// redelivers an update for at most a day, and after a quiet week a new
// update may reuse an old id, which must then be applied.
func TestUpdateAppliedForgetsAfterTwoDays(t *testing.T) {
	db, clock := newDBClock(t)
	update(t, db, func(tx *store.Tx) error { return tx.MarkUpdateApplied(900001) })
	clock.Advance(47 * time.Hour)
	if !applied(t, db, 900001) {
		t.Fatal("forgotten after 47 hours")
	}
	update(t, db, func(tx *store.Tx) error { return tx.MarkUpdateApplied(900002) })
	clock.Advance(7 * 24 * time.Hour)
	if applied(t, db, 900001) || applied(t, db, 900002) {
		t.Fatal("still remembered after a quiet week")
	}
	// A new update reusing an old id is marked; the old generations go.
	update(t, db, func(tx *store.Tx) error { return tx.MarkUpdateApplied(900001) })
	if !applied(t, db, 900001) {
		t.Fatal("the new 900001 not recorded")
	}
	if n := generations(t, db); n != 1 {
		t.Errorf("%d generations after a quiet week and one update, want 1", n)
	}
}

// generations counts the nested buckets of updates_applied in a copy of
// the file.
func generations(t *testing.T, db *store.DB) int {
	t.Helper()
	p := filepath.Join(t.TempDir(), "copy.db")
	if _, err := db.Backup(p); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(p, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	n := 0
	_ = bdb.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("updates_applied")).ForEach(func(_, v []byte) error {
			if v == nil {
				n++
			}
			return nil
		})
	})
	return n
}

// TestMigrateSeedsAppliedUpdates takes a file back to schema 7, which
// knew only the highest applied id, and checks that the ids Telegram may
// still hold unconfirmed count as applied after the migration, and not
// for ever.
func TestMigrateSeedsAppliedUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	c := newClock()
	db, err := store.Open(path, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	update(t, db, func(tx *store.Tx) error { return tx.SetLastUpdateID(5000) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("updates_applied")) })
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 7)

	db, err = store.Open(path, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migrating, want %d", got, store.SchemaVersion)
	}
	for _, id := range []int64{5000, 4999, 4001} {
		if !applied(t, db, id) {
			t.Errorf("update %d, at or below the old last id, not applied after migrating", id)
		}
	}
	if applied(t, db, 5001) {
		t.Error("update 5001, above the old last id, counts as applied")
	}
	c.Advance(8 * 24 * time.Hour)
	if applied(t, db, 5000) {
		t.Error("the seeded ids are remembered for ever")
	}
}
