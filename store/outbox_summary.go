package store

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
)

// OutboxSummary is what an operator watches of the outbox: how much is
// queued, how long the oldest queued message has waited, and how long the
// failed list is.
type OutboxSummary struct {
	Queued int
	Failed int
	// Oldest is when the oldest queued message was queued; zero when
	// nothing is.
	Oldest time.Time
}

// OutboxSummary reads the outbox's summary cheaply enough to run at every
// scrape: the counts come from the buckets' page statistics, not a walk of
// the records, and the oldest message is the first key (ids grow with
// every message queued, and a rescheduled message keeps its id). Call it
// in a read transaction: the statistics are of committed pages, so inside
// an Update they miss the transaction's own writes.
func (tx *Tx) OutboxSummary() (OutboxSummary, error) {
	var s OutboxSummary
	out := tx.bucket(bOutbox)
	s.Queued = out.Stats().KeyN
	s.Failed = tx.bucket(bOutboxFailed).Stats().KeyN
	if k, v := out.Cursor().First(); k != nil {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return s, fmt.Errorf("store: outbox summary: outgoing %d: %w", getID(k), err)
		}
		s.Oldest = o.CreatedAt
	}
	return s, nil
}
