package store

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
)

// The failed list (messages the sender gave up on, shown by /outbox) is
// kept bounded: by age, the messages that failed within KeepFailed; by
// count, the MaxFailed most recent. The count is kept in the meta bucket
// so that bounding it costs nothing per failure; the age is swept when a
// message fails, at most once an hour. The list grows only by failures, so
// it is bounded; a message may outlive its age until the next failure.

// Defaults of Options.KeepFailed and Options.MaxFailed.
const (
	DefaultKeepFailed = 90 * 24 * time.Hour
	DefaultMaxFailed  = 10000
)

// failedSweepEvery is how often at most the failed list is walked for
// messages past their age.
const failedSweepEvery = time.Hour

var (
	kFailedCount = []byte("failed_count")
	kFailedSwept = []byte("failed_swept")
)

// failedBounds are the failed list's bounds.
type failedBounds struct {
	keep time.Duration
	max  int
}

func newFailedBounds(o Options) failedBounds {
	f := failedBounds{keep: o.KeepFailed, max: o.MaxFailed}
	if f.keep <= 0 {
		f.keep = DefaultKeepFailed
	}
	if f.max <= 0 {
		f.max = DefaultMaxFailed
	}
	return f
}

// boundFailed counts the message just added to the failed list and keeps
// the list within its bounds.
func (tx *Tx) boundFailed() error {
	meta := tx.bucket(bMeta)
	n := getUint(meta, kFailedCount) + 1
	if meta.Get(kFailedCount) == nil {
		// Counted once, on the first failure after an upgrade.
		n = uint64(count(tx.bucket(bOutboxFailed)))
	}
	if err := putUint(meta, kFailedCount, n); err != nil {
		return fmt.Errorf("store: failed list: %w", err)
	}
	if err := tx.sweepFailedEvery(failedSweepEvery); err != nil {
		return err
	}
	return tx.trimFailed()
}

// sweepFailedEvery removes the messages that failed longer than the
// keeping time ago, unless the last sweep was less than every ago.
func (tx *Tx) sweepFailedEvery(every time.Duration) error {
	meta := tx.bucket(bMeta)
	last := time.Unix(0, int64(getUint(meta, kFailedSwept)))
	if every > 0 && tx.now.Before(last.Add(every)) {
		return nil
	}
	cutoff := tx.now.Add(-tx.failed.keep)
	b := tx.bucket(bOutboxFailed)
	var old [][]byte
	n := 0
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		n++
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return fmt.Errorf("store: failed outgoing %d: %w", getID(k), err)
		}
		at := o.FailedAt
		if at.IsZero() {
			at = o.CreatedAt // failed before failure times were kept
		}
		if at.Before(cutoff) {
			old = append(old, k)
		}
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("store: failed list: %w", err)
		}
	}
	if err := putUint(meta, kFailedCount, uint64(n-len(old))); err != nil {
		return fmt.Errorf("store: failed list: %w", err)
	}
	return putUint(meta, kFailedSwept, uint64(tx.now.UnixNano()))
}

// trimFailed removes the oldest messages (by outbox id, the order they
// were queued in) while the list is longer than its maximum.
func (tx *Tx) trimFailed() error {
	meta := tx.bucket(bMeta)
	n := getUint(meta, kFailedCount)
	if n <= uint64(tx.failed.max) {
		return nil
	}
	b := tx.bucket(bOutboxFailed)
	c := b.Cursor()
	for k, _ := c.First(); k != nil && n > uint64(tx.failed.max); k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return fmt.Errorf("store: failed list: %w", err)
		}
		n--
	}
	return putUint(meta, kFailedCount, n)
}
