package store

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// Audit appends an entry to the audit log. Entries are never changed or
// removed. An entry of a stranger's (ActorTG set, ActorID 0) is written
// only while the stranger has room in their window: at most
// branchbot.StrangerAuditEntries a day, the rest counted in one more entry
// when the window ends.
func (tx *Tx) Audit(e branchbot.AuditEntry) error {
	if e.Time.IsZero() {
		e.Time = tx.now
	}
	if e.ActorID == 0 && e.ActorTG != 0 {
		return tx.auditStranger(e)
	}
	return tx.appendAudit(e)
}

// appendAudit writes e at the end of the audit log.
func (tx *Tx) appendAudit(e branchbot.AuditEntry) error {
	b := tx.bucket(bAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	e.Seq = seq
	if e.Time.IsZero() {
		e.Time = tx.now
	}
	if err := put(b, u64(seq), e); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// LatestAudit returns up to n of the newest entries, newest first.
func (tx *Tx) LatestAudit(n int) ([]branchbot.AuditEntry, error) {
	var es []branchbot.AuditEntry
	c := tx.bucket(bAudit).Cursor()
	for k, v := c.Last(); k != nil && len(es) < n; k, v = c.Prev() {
		var e branchbot.AuditEntry
		if err := jsonDecode(v, &e); err != nil {
			return nil, fmt.Errorf("store: audit %d: %w", getID(k), err)
		}
		es = append(es, e)
	}
	return es, nil
}

// ForEachAudit calls fn for every entry, oldest first.
func (tx *Tx) ForEachAudit(fn func(branchbot.AuditEntry) error) error {
	return tx.bucket(bAudit).ForEach(func(k, v []byte) error {
		var e branchbot.AuditEntry
		if err := jsonDecode(v, &e); err != nil {
			return fmt.Errorf("store: audit %d: %w", getID(k), err)
		}
		return fn(e)
	})
}
