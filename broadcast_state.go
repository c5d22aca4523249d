package branchbot

import (
	"errors"
	"fmt"
	"time"
)

// The life of a broadcast: a draft is previewed and may be changed; it is
// confirmed to go out now (sending) or at its set time (scheduled, which
// may still be withdrawn); it is sent once every copy's delivery is
// settled. A draft may also be dropped (cancelled).
//
//	draft ─┬─ confirm ─→ scheduled ─ time comes ─→ sending ─ all settled ─→ sent
//	       ├─ confirm now ─────────────────────→ sending
//	       └─ cancel ─→ cancelled ←─ withdraw ─ scheduled

// ErrNotDraft means a broadcast was asked to change in a way only a draft
// can (or, for a cancellation, a draft or a broadcast still waiting for its
// time): it has been confirmed, sent or cancelled since.
var ErrNotDraft = errors.New("broadcast is no longer a draft")

// CheckDraft reports whether the broadcast can still be changed or
// confirmed: ErrNotDraft once it is not a draft.
func (b *Broadcast) CheckDraft() error {
	if b.State != BroadcastDraft {
		return fmt.Errorf("broadcast %d is %s: %w", b.ID, b.State, ErrNotDraft)
	}
	return nil
}

// Cancel drops a draft, or withdraws a broadcast scheduled for later;
// anything else is refused with ErrNotDraft.
func (b *Broadcast) Cancel() error {
	if b.State != BroadcastDraft && b.State != BroadcastScheduled {
		return fmt.Errorf("cancel broadcast %d: %w", b.ID, b.CheckDraft())
	}
	b.State = BroadcastCancelled
	return nil
}

// Confirm confirms a draft at now. A draft with a SendAt after now becomes
// scheduled and Confirm reports true; otherwise it stays as it is for the
// caller to send at once (Start). A broadcast that is not a draft is
// refused with ErrNotDraft.
func (b *Broadcast) Confirm(now time.Time) (scheduled bool, err error) {
	if err := b.CheckDraft(); err != nil {
		return false, err
	}
	if !b.SendAt.IsZero() && b.SendAt.After(now) {
		b.State = BroadcastScheduled
		return true, nil
	}
	return false, nil
}

// Start marks a draft or scheduled broadcast as sending from now, with its
// delivery counts at zero for the caller to fill as it queues the copies.
// Anything else is refused with ErrNotDraft: a broadcast goes out once.
func (b *Broadcast) Start(now time.Time) error {
	if b.State != BroadcastDraft && b.State != BroadcastScheduled {
		return fmt.Errorf("send broadcast %d: %w", b.ID, b.CheckDraft())
	}
	b.State, b.SentAt = BroadcastSending, now
	b.Total, b.Sent, b.Failed, b.Unreachable, b.Acked = 0, 0, 0, 0, 0
	return nil
}

// Finish marks a sending broadcast as sent once every recipient's delivery
// is settled, and reports whether it did.
func (b *Broadcast) Finish() bool {
	if b.State != BroadcastSending || b.Settled() < b.Total {
		return false
	}
	b.State = BroadcastSent
	return true
}
