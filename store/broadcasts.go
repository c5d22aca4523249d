package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/branchbot/branchbot"
)

// CreateBroadcast stores a new broadcast (a draft, usually) and sets b.ID.
func (tx *Tx) CreateBroadcast(b *branchbot.Broadcast) error {
	seq, err := tx.bucket(bBroadcasts).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create broadcast: %w", err)
	}
	b.ID = int64(seq)
	if b.CreatedAt.IsZero() {
		b.CreatedAt = tx.now
	}
	return tx.PutBroadcast(b)
}

// PutBroadcast writes a broadcast, keeping the index of open broadcasts
// (those the scheduler still has work for) in step.
func (tx *Tx) PutBroadcast(b *branchbot.Broadcast) error {
	if b.ID <= 0 {
		return errors.New("store: put broadcast: no id")
	}
	if err := put(tx.bucket(bBroadcasts), i64(b.ID), b); err != nil {
		return fmt.Errorf("store: put broadcast %d: %w", b.ID, err)
	}
	open := tx.bucket(bBroadcastsOpen)
	var err error
	if b.Open() {
		err = open.Put(i64(b.ID), []byte{})
	} else {
		err = open.Delete(i64(b.ID))
	}
	if err != nil {
		return fmt.Errorf("store: put broadcast %d: %w", b.ID, err)
	}
	return nil
}

// Broadcast returns the broadcast with the given id.
func (tx *Tx) Broadcast(id int64) (*branchbot.Broadcast, error) {
	var b branchbot.Broadcast
	found, err := get(tx.bucket(bBroadcasts), i64(id), &b)
	if err != nil {
		return nil, fmt.Errorf("store: broadcast %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: broadcast %d: %w", id, branchbot.ErrNotFound)
	}
	return &b, nil
}

// RecentBroadcasts returns up to n broadcasts that were sent or are to be
// sent (not drafts or cancelled ones), newest first.
func (tx *Tx) RecentBroadcasts(n int) ([]*branchbot.Broadcast, error) {
	var out []*branchbot.Broadcast
	c := tx.bucket(bBroadcasts).Cursor()
	for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
		b := new(branchbot.Broadcast)
		if err := jsonDecode(v, b); err != nil {
			return nil, fmt.Errorf("store: broadcast %d: %w", getID(k), err)
		}
		switch b.State {
		case branchbot.BroadcastScheduled, branchbot.BroadcastSending, branchbot.BroadcastSent:
			out = append(out, b)
		}
	}
	return out, nil
}

// OpenBroadcasts returns the broadcasts to be sent at a set time, and
// those sent whose report has not gone out yet, oldest first.
func (tx *Tx) OpenBroadcasts() ([]*branchbot.Broadcast, error) {
	var ids []int64
	c := tx.bucket(bBroadcastsOpen).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, int64(getID(k)))
	}
	out := make([]*branchbot.Broadcast, 0, len(ids))
	for _, id := range ids {
		b, err := tx.Broadcast(id)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func recipientKey(id, memberID int64) []byte {
	k := make([]byte, 16)
	copy(k, i64(id))
	copy(k[8:], i64(memberID))
	return k
}

// PutRecipient writes one member's copy of a broadcast.
func (tx *Tx) PutRecipient(r *branchbot.Recipient) error {
	if err := put(tx.bucket(bRecipients), recipientKey(r.BroadcastID, r.MemberID), r); err != nil {
		return fmt.Errorf("store: put recipient %d/%d: %w", r.BroadcastID, r.MemberID, err)
	}
	return nil
}

// Recipient returns a member's copy of a broadcast.
func (tx *Tx) Recipient(id, memberID int64) (*branchbot.Recipient, error) {
	var r branchbot.Recipient
	found, err := get(tx.bucket(bRecipients), recipientKey(id, memberID), &r)
	if err != nil {
		return nil, fmt.Errorf("store: recipient %d/%d: %w", id, memberID, err)
	}
	if !found {
		return nil, fmt.Errorf("store: recipient %d/%d: %w", id, memberID, branchbot.ErrNotFound)
	}
	return &r, nil
}

// Recipients returns every recipient of a broadcast in member id order.
func (tx *Tx) Recipients(id int64) ([]*branchbot.Recipient, error) {
	var out []*branchbot.Recipient
	prefix := i64(id)
	c := tx.bucket(bRecipients).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		r := new(branchbot.Recipient)
		if err := jsonDecode(v, r); err != nil {
			return nil, fmt.Errorf("store: recipient %x: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// count1 adjusts the broadcast's count of recipients in state s by d.
func count1(b *branchbot.Broadcast, s branchbot.RecipientState, d int) {
	switch s {
	case branchbot.RecipientSent:
		b.Sent += d
	case branchbot.RecipientFailed:
		b.Failed += d
	case branchbot.RecipientUnreachable:
		b.Unreachable += d
	}
}

// settleRecipient records how the delivery of a member's copy of a
// broadcast ended, once: a copy already settled is left alone, so the
// counts stay right whatever the order of events.
func (tx *Tx) settleRecipient(id, memberID int64, state branchbot.RecipientState, at time.Time, why string) error {
	r, err := tx.Recipient(id, memberID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if r.State != branchbot.RecipientQueued {
		return nil
	}
	b, err := tx.Broadcast(id)
	if err != nil {
		return err
	}
	r.State, r.Why = state, why
	if state == branchbot.RecipientSent {
		r.SentAt = at
	}
	count1(b, state, +1)
	if err := tx.PutRecipient(r); err != nil {
		return err
	}
	if err := tx.PutBroadcast(b); err != nil {
		return err
	}
	tx.touch(id)
	return nil
}

// ReopenRecipient puts a member's copy of broadcast id that never reached
// them (failed, or unreachable when it was sent) back to queued, so that
// the caller can queue it again in the same transaction, and reports
// whether it did. A copy sent, already queued or unknown is left alone.
func (tx *Tx) ReopenRecipient(id, memberID int64) (bool, error) {
	r, err := tx.Recipient(id, memberID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if r.State != branchbot.RecipientFailed && r.State != branchbot.RecipientUnreachable {
		return false, nil
	}
	b, err := tx.Broadcast(id)
	if err != nil {
		return false, err
	}
	count1(b, r.State, -1)
	r.State, r.Why = branchbot.RecipientQueued, ""
	if err := tx.PutRecipient(r); err != nil {
		return false, err
	}
	if err := tx.PutBroadcast(b); err != nil {
		return false, err
	}
	// A copy that failed before failed copies freed their keys left its
	// key behind as queued.
	if err := tx.forgetQueuedKey(branchbot.BroadcastKey(id, memberID)); err != nil {
		return false, err
	}
	tx.touch(id)
	return true, nil
}

// AckBroadcast records that a member acknowledged their copy of a
// broadcast at at, and reports whether this was the first time. An
// acknowledgement proves delivery, so a copy not yet recorded as sent
// counts as sent from now on.
func (tx *Tx) AckBroadcast(id, memberID int64, at time.Time) (first bool, err error) {
	r, err := tx.Recipient(id, memberID)
	if err != nil {
		return false, err
	}
	if !r.AckedAt.IsZero() {
		return false, nil
	}
	b, err := tx.Broadcast(id)
	if err != nil {
		return false, err
	}
	if r.State != branchbot.RecipientSent {
		count1(b, r.State, -1)
		count1(b, branchbot.RecipientSent, +1)
		r.State, r.Why = branchbot.RecipientSent, ""
		if r.SentAt.IsZero() {
			r.SentAt = at
		}
		tx.touch(id)
	}
	r.AckedAt = at
	b.Acked++
	if err := tx.PutRecipient(r); err != nil {
		return false, err
	}
	return true, tx.PutBroadcast(b)
}

// touch notes that the delivery counts of broadcast id changed in this
// transaction.
func (tx *Tx) touch(id int64) {
	if !slices.Contains(tx.touched, id) {
		tx.touched = append(tx.touched, id)
	}
}

// BroadcastsTouched returns the broadcasts whose delivery counts this
// transaction changed (by MarkSent, FailOutgoing, DropChat or
// AckBroadcast), so the caller can show their progress.
func (tx *Tx) BroadcastsTouched() []int64 { return slices.Clone(tx.touched) }

// DirectiveAck is a member's copy of one monthly directive.
type DirectiveAck struct {
	Broadcast *branchbot.Broadcast
	Recipient *branchbot.Recipient
}

// Directives returns the monthly directives sent to a member at or after
// since, newest first, with the member's copy of each.
func (tx *Tx) Directives(memberID int64, since time.Time) ([]DirectiveAck, error) {
	var out []DirectiveAck
	c := tx.bucket(bBroadcasts).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		b := new(branchbot.Broadcast)
		if err := jsonDecode(v, b); err != nil {
			return nil, fmt.Errorf("store: broadcast %d: %w", getID(k), err)
		}
		// Broadcasts are numbered as they are composed; a draft may
		// wait a little before it is sent, but not a month.
		if b.CreatedAt.Before(since.AddDate(0, -1, 0)) {
			break
		}
		if b.Kind != branchbot.BroadcastDirective || b.SentAt.IsZero() || b.SentAt.Before(since) {
			continue
		}
		var r branchbot.Recipient
		found, err := get(tx.bucket(bRecipients), recipientKey(b.ID, memberID), &r)
		if err != nil {
			return nil, fmt.Errorf("store: recipient %d/%d: %w", b.ID, memberID, err)
		}
		if found {
			out = append(out, DirectiveAck{Broadcast: b, Recipient: &r})
		}
	}
	return out, nil
}
