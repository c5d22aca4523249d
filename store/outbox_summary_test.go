package store_test

import (
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestOutboxSummary checks the counts and the oldest message against
// OutboxStats, which walks every record, as messages are queued, sent,
// rescheduled and failed.
func TestOutboxSummary(t *testing.T) {
	db, clock := newDBClock(t)
	summary := func() store.OutboxSummary {
		t.Helper()
		var s store.OutboxSummary
		view(t, db, func(tx *store.Tx) error {
			var err error
			s, err = tx.OutboxSummary()
			q, f := tx.OutboxStats()
			if s.Queued != q || s.Failed != f {
				t.Errorf("summary counts %d queued, %d failed; OutboxStats %d, %d", s.Queued, s.Failed, q, f)
			}
			return err
		})
		return s
	}
	if s := summary(); s.Queued != 0 || s.Failed != 0 || !s.Oldest.IsZero() {
		t.Fatalf("empty outbox: %+v", s)
	}
	var msgs []*branchbot.Outgoing
	for i := range 300 { // more than a page's worth
		if i == 0 || i == 1 {
			clock.Advance(time.Minute)
		}
		update(t, db, func(tx *store.Tx) error {
			o := &branchbot.Outgoing{ChatID: int64(10 + i%7), Text: "x"}
			msgs = append(msgs, o)
			_, err := tx.Enqueue(o)
			return err
		})
	}
	first := t0.Add(time.Minute)
	if s := summary(); s.Queued != 300 || !s.Oldest.Equal(first) {
		t.Fatalf("300 queued: %+v, want oldest %s", s, first)
	}
	// The oldest one is rescheduled: it is still the oldest.
	update(t, db, func(tx *store.Tx) error {
		o := *msgs[0]
		o.NotBefore, o.Attempts = clock.Now().Add(time.Hour), 1
		return tx.Reschedule(&o)
	})
	if s := summary(); !s.Oldest.Equal(first) {
		t.Errorf("after a reschedule: oldest %s, want %s", s.Oldest, first)
	}
	// It fails, and the next one is sent: the third is the oldest.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.FailOutgoing(msgs[0], "400 Bad Request"); err != nil {
			return err
		}
		return tx.MarkSent(msgs[1], branchbot.Delivery{ChatID: msgs[1].ChatID, MessageID: 1, SentAt: clock.Now()})
	})
	if s := summary(); s.Queued != 298 || s.Failed != 1 || !s.Oldest.Equal(first.Add(time.Minute)) {
		t.Errorf("after a failure and a send: %+v, want 298 queued, 1 failed, oldest %s", s, first.Add(time.Minute))
	}
}
