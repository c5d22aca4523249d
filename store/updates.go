package store

import (
	"fmt"
	"time"
)

// LastUpdateID is the highest id of a Telegram update whose effect was
// committed. It decides nothing (ids restart at random after a quiet
// week; see UpdateApplied); it is kept for the operator and for a
// migration.
func (tx *Tx) LastUpdateID() int64 {
	return int64(getUint(tx.bucket(bMeta), kLastUpdate))
}

// SetLastUpdateID raises the highest applied id to id; MarkUpdateApplied
// calls it.
func (tx *Tx) SetLastUpdateID(id int64) error {
	if id <= tx.LastUpdateID() {
		return nil
	}
	return putUint(tx.bucket(bMeta), kLastUpdate, uint64(id))
}

// FailedUpdate is an update whose handler failed; it is kept for the
// operator and not retried.
type FailedUpdate struct {
	ID     int64     `json:"id"`
	Time   time.Time `json:"time"`
	Reason string    `json:"reason"`
	Raw    []byte    `json:"raw,omitempty"`
}

// RecordFailedUpdate keeps a failed update and marks it applied, so it is
// not handled again when delivered again.
func (tx *Tx) RecordFailedUpdate(f FailedUpdate) error {
	if f.Time.IsZero() {
		f.Time = tx.now
	}
	if err := put(tx.bucket(bFailedUpdates), i64(f.ID), f); err != nil {
		return fmt.Errorf("store: record failed update %d: %w", f.ID, err)
	}
	if f.ID == 0 {
		return nil // no id to recognise it by
	}
	return tx.MarkUpdateApplied(f.ID)
}

// FailedUpdates returns the failed updates, oldest first.
func (tx *Tx) FailedUpdates() ([]FailedUpdate, error) {
	var fs []FailedUpdate
	err := tx.bucket(bFailedUpdates).ForEach(func(_, v []byte) error {
		var f FailedUpdate
		if err := jsonDecode(v, &f); err != nil {
			return err
		}
		fs = append(fs, f)
		return nil
	})
	return fs, err
}

// Mark records a one-time fact under name (such as "bootstrap/1001") and
// reports whether it was new.
func (tx *Tx) Mark(name string) (bool, error) {
	b := tx.bucket(bMeta)
	k := []byte("mark/" + name)
	if b.Get(k) != nil {
		return false, nil
	}
	return true, b.Put(k, []byte(tx.now.Format(time.RFC3339)))
}
