package store

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// Enqueue puts a message in the outbox, as it is given, and sets o.ID. A
// message with a Key already enqueued (or sent) before is dropped and
// Enqueue reports false: this is what makes scheduled messages idempotent
// across restarts.
func (tx *Tx) Enqueue(o *branchbot.Outgoing) (bool, error) {
	return tx.EnqueueParts(o)
}

// EnqueueParts puts the parts of one message in the outbox, in order, each
// with its own id, and sets the ids. The message's key is the last part's
// (the earlier parts must have none): when it was enqueued (or sent)
// before, no part is put, and EnqueueParts reports false. How a message is
// cut into parts is the caller's business; the store keeps what it is
// given.
func (tx *Tx) EnqueueParts(parts ...*branchbot.Outgoing) (bool, error) {
	if len(parts) == 0 {
		return false, nil
	}
	last := parts[len(parts)-1]
	for _, o := range parts[:len(parts)-1] {
		if o.Key != "" {
			return false, fmt.Errorf("store: enqueue %s: a key on a part before the last", o.Key)
		}
	}
	if last.Key != "" {
		keys := tx.bucket(bOutKeys)
		// A queued key has an empty value, which Get returns as nil
		// within the transaction that put it: look for the key itself.
		key := []byte(last.Key)
		if k, _ := keys.Cursor().Seek(key); bytes.Equal(k, key) {
			return false, nil
		}
		if err := keys.Put(key, []byte{}); err != nil {
			return false, fmt.Errorf("store: enqueue %s: %w", last.Key, err)
		}
	}
	b := tx.bucket(bOutbox)
	for _, o := range parts {
		if o.CreatedAt.IsZero() {
			o.CreatedAt = tx.now
		}
		if err := putNew(b, o); err != nil {
			return false, fmt.Errorf("store: enqueue: %w", err)
		}
	}
	return true, nil
}

// putNew gives o the outbox's next id and writes it. bbolt keeps the value
// until the transaction commits, so each record is encoded into a slice of
// its own, allocated once at its exact size.
func putNew(b *bolt.Bucket, o *branchbot.Outgoing) error {
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	old := o.ID
	o.ID = seq
	if err := putOutgoing(b, o); err != nil {
		o.ID = old
		return err
	}
	return nil
}

// putOutgoing writes o under its id.
func putOutgoing(b *bolt.Bucket, o *branchbot.Outgoing) error {
	data, err := MarshalOutgoing(o)
	if err != nil {
		return err
	}
	return b.Put(u64(o.ID), data)
}

// Outbox returns up to limit queued messages with ids above after, in id
// order.
func (tx *Tx) Outbox(after uint64, limit int) ([]branchbot.Outgoing, error) {
	var out []branchbot.Outgoing
	c := tx.bucket(bOutbox).Cursor()
	for k, v := c.Seek(u64(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return nil, fmt.Errorf("store: outbox %d: %w", getID(k), err)
		}
		out = append(out, o)
	}
	return out, nil
}

// Outgoing returns one queued message.
func (tx *Tx) Outgoing(id uint64) (*branchbot.Outgoing, error) {
	v := tx.bucket(bOutbox).Get(u64(id))
	if v == nil {
		return nil, fmt.Errorf("store: outgoing %d: %w", id, branchbot.ErrNotFound)
	}
	var o branchbot.Outgoing
	if err := unmarshalOutgoing(v, &o); err != nil {
		return nil, fmt.Errorf("store: outgoing %d: %w", id, err)
	}
	return &o, nil
}

// MarkSent removes a message Telegram accepted from the outbox and, if it
// has a key, remembers where it went so it can be edited later. It is
// idempotent.
func (tx *Tx) MarkSent(o *branchbot.Outgoing, d branchbot.Delivery) error {
	if err := tx.bucket(bOutbox).Delete(u64(o.ID)); err != nil {
		return fmt.Errorf("store: mark sent %d: %w", o.ID, err)
	}
	if o.Key != "" {
		data, err := marshalDelivery(&d)
		if err == nil {
			err = tx.bucket(bOutKeys).Put([]byte(o.Key), data)
		}
		if err != nil {
			return fmt.Errorf("store: mark sent %d: %w", o.ID, err)
		}
	}
	if id, member, ok := branchbot.ParseBroadcastKey(o.Key); ok {
		return tx.settleRecipient(id, member, branchbot.RecipientSent, d.SentAt, "")
	}
	return nil
}

// Reschedule writes back a queued message after a failed attempt (with its
// NotBefore, Attempts and LastError updated). A message no longer queued
// is left alone.
func (tx *Tx) Reschedule(o *branchbot.Outgoing) error {
	b := tx.bucket(bOutbox)
	if b.Get(u64(o.ID)) == nil {
		return nil
	}
	return putOutgoing(b, o)
}

// FailOutgoing moves a message to the failed list, where the secretary can
// see it; the list keeps the messages of Options.KeepFailed, at most
// Options.MaxFailed of them (see boundFailed). A broadcast's copy counts as unreachable when its member is
// marked unreachable, else as failed.
func (tx *Tx) FailOutgoing(o *branchbot.Outgoing, reason string) error {
	b := tx.bucket(bOutbox)
	if b.Get(u64(o.ID)) == nil {
		return nil
	}
	if err := b.Delete(u64(o.ID)); err != nil {
		return err
	}
	o.LastError = reason
	o.FailedAt = tx.now
	if err := putOutgoing(tx.bucket(bOutboxFailed), o); err != nil {
		return err
	}
	if err := tx.boundFailed(); err != nil {
		return err
	}
	if err := tx.forgetQueuedKey(o.Key); err != nil {
		return err
	}
	if id, member, ok := branchbot.ParseBroadcastKey(o.Key); ok {
		state := branchbot.RecipientFailed
		if m, err := tx.Member(member); err == nil && m.Unreachable {
			state = branchbot.RecipientUnreachable
		}
		return tx.settleRecipient(id, member, state, tx.now, reason)
	}
	return nil
}

// Discard removes a queued message that is no longer worth sending, such
// as a study prompt whose day is over, and frees its key. It is
// idempotent.
func (tx *Tx) Discard(o *branchbot.Outgoing) error {
	if err := tx.bucket(bOutbox).Delete(u64(o.ID)); err != nil {
		return fmt.Errorf("store: discard %d: %w", o.ID, err)
	}
	return tx.forgetQueuedKey(o.Key)
}

// forgetQueuedKey frees the idempotency key of a message that is no longer
// queued and was never delivered, so that it can be queued again (as a
// notice is for a member who comes back); a delivered key is kept.
func (tx *Tx) forgetQueuedKey(key string) error {
	if key == "" {
		return nil
	}
	keys := tx.bucket(bOutKeys)
	if len(keys.Get([]byte(key))) != 0 {
		return nil
	}
	return keys.Delete([]byte(key))
}

// DropChat moves every queued message for a chat to the failed list and
// returns how many there were.
func (tx *Tx) DropChat(chatID int64, reason string) (int, error) {
	var drop []branchbot.Outgoing
	c := tx.bucket(bOutbox).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return 0, fmt.Errorf("store: outbox %d: %w", getID(k), err)
		}
		if o.ChatID == chatID {
			drop = append(drop, o)
		}
	}
	for i := range drop {
		if err := tx.FailOutgoing(&drop[i], reason); err != nil {
			return 0, err
		}
	}
	return len(drop), nil
}

// Delivered returns where the message with this key went, if it was sent.
func (tx *Tx) Delivered(key string) (branchbot.Delivery, bool) {
	var d branchbot.Delivery
	v := tx.bucket(bOutKeys).Get([]byte(key))
	if len(v) == 0 || unmarshalDelivery(v, &d) != nil {
		return d, false
	}
	return d, true
}

// OutboxStats counts queued and failed messages.
func (tx *Tx) OutboxStats() (queued, failed int) {
	return count(tx.bucket(bOutbox)), count(tx.bucket(bOutboxFailed))
}

// FailedOutgoing returns up to n of the most recently failed messages,
// newest first. A message that kept failing for hours fails after those
// queued behind it, so the order is the failure time's, not the queue's.
func (tx *Tx) FailedOutgoing(n int) ([]branchbot.Outgoing, error) {
	if n <= 0 {
		return nil, nil
	}
	newer := func(a, b *branchbot.Outgoing) bool {
		if !a.FailedAt.Equal(b.FailedAt) {
			return a.FailedAt.After(b.FailedAt)
		}
		return a.ID > b.ID
	}
	var out []branchbot.Outgoing // the newest seen, newest first
	c := tx.bucket(bOutboxFailed).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		var o branchbot.Outgoing
		if err := unmarshalOutgoing(v, &o); err != nil {
			return nil, fmt.Errorf("store: failed outgoing %s: %w", strconv.FormatUint(getID(k), 10), err)
		}
		if len(out) == n && !newer(&o, &out[n-1]) {
			continue
		}
		i, _ := slices.BinarySearchFunc(out, &o, func(e branchbot.Outgoing, o *branchbot.Outgoing) int {
			if newer(&e, o) {
				return -1
			}
			return 1
		})
		out = slices.Insert(out, i, o)
		if len(out) > n {
			out = out[:n]
		}
	}
	return out, nil
}
