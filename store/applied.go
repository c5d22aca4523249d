package store

import (
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The updates applied lately. Telegram may deliver an update more than
// once and in any order (a webhook retried after later ones succeeded, a
// batch fetched again after a crash), and its update ids are not even
// increasing: after a week without updates the next id is chosen at
// random. So "applied" is a set of ids, not a high-water mark.
//
// Telegram keeps an update for at most 24 hours, so the set need only
// remember an id that long. It is kept in generations, one nested bucket
// per UTC day (8-byte big-endian day number) holding the ids applied that
// day (8-byte big-endian keys, empty values). An id counts as applied if
// a generation of the last appliedDays days holds it; older generations
// are deleted in the transaction that starts a new day, whole, so pruning
// costs nothing per update. After a quiet week every generation is past,
// and a new id that repeats an old one is applied as new.

// appliedDays is how many days' generations count: today's and the two
// before, so an id is remembered for 48 to 72 hours.
const appliedDays = 3

// appliedSeed is how many ids below the last one a migration from a
// schema without the set marks applied: more than a getUpdates batch
// (100) or the webhook's parallel connections (40) can leave unconfirmed.
const appliedSeed = 1000

func appliedDay(t time.Time) uint64 {
	return uint64(t.Unix() / 86400)
}

// UpdateApplied reports whether the update with this id was applied in
// the last two days or so.
func (tx *Tx) UpdateApplied(id int64) bool {
	root := tx.bucket(bUpdatesApplied)
	today := appliedDay(tx.now)
	k := i64(id)
	c := root.Cursor()
	for day, _ := c.First(); day != nil; day, _ = c.Next() {
		if d := getID(day); d+appliedDays <= today {
			continue // stale, deleted on the next write
		}
		if g := root.Bucket(day); g != nil && g.Get(k) != nil {
			return true
		}
	}
	return false
}

// MarkUpdateApplied records that the update with this id was applied.
// Call it in the transaction that applies the update's effect. It also
// deletes the generations too old to count.
func (tx *Tx) MarkUpdateApplied(id int64) error {
	root := tx.bucket(bUpdatesApplied)
	today := appliedDay(tx.now)
	if err := pruneApplied(root, today); err != nil {
		return fmt.Errorf("store: prune applied updates: %w", err)
	}
	g, err := root.CreateBucketIfNotExists(u64(today))
	if err != nil {
		return fmt.Errorf("store: mark update %d applied: %w", id, err)
	}
	g.FillPercent = 0.9 // ids mostly arrive in ascending order
	if err := g.Put(i64(id), []byte{}); err != nil {
		return fmt.Errorf("store: mark update %d applied: %w", id, err)
	}
	return tx.SetLastUpdateID(id)
}

// pruneApplied deletes the generations older than appliedDays.
func pruneApplied(root *bolt.Bucket, today uint64) error {
	for {
		day, _ := root.Cursor().First()
		if day == nil || getID(day)+appliedDays > today {
			return nil
		}
		if err := root.DeleteBucket(day); err != nil {
			return err
		}
	}
}

// seedApplied marks the appliedSeed ids up to the stored last update id
// as applied today. A file from before the set knew only "every id up to
// the last is applied"; the updates Telegram may still hold unconfirmed
// are among the last ones.
func seedApplied(tx *bolt.Tx, now time.Time) error {
	meta := tx.Bucket(bMeta)
	last := int64(getUint(meta, kLastUpdate))
	if last <= 0 {
		return nil
	}
	root, err := tx.CreateBucketIfNotExists(bUpdatesApplied)
	if err != nil {
		return err
	}
	g, err := root.CreateBucketIfNotExists(u64(appliedDay(now)))
	if err != nil {
		return err
	}
	g.FillPercent = 1.0
	var k [8]byte
	for id := max(1, last-appliedSeed+1); id <= last; id++ {
		binary.BigEndian.PutUint64(k[:], uint64(id))
		if err := g.Put(k[:], []byte{}); err != nil {
			return err
		}
	}
	return nil
}
