package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// CreateContact stores a new standing contact and sets ct.ID.
func (tx *Tx) CreateContact(ct *branchbot.Contact) error {
	seq, err := tx.bucket(bContacts).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create contact: %w", err)
	}
	ct.ID = int64(seq)
	if ct.AddedAt.IsZero() {
		ct.AddedAt = tx.now
	}
	return tx.PutContact(ct)
}

// PutContact writes a standing contact.
func (tx *Tx) PutContact(ct *branchbot.Contact) error {
	if ct.ID <= 0 {
		return errors.New("store: put contact: no id")
	}
	if err := put(tx.bucket(bContacts), i64(ct.ID), ct); err != nil {
		return fmt.Errorf("store: put contact %d: %w", ct.ID, err)
	}
	return nil
}

// Contact returns the standing contact with the given id.
func (tx *Tx) Contact(id int64) (*branchbot.Contact, error) {
	var ct branchbot.Contact
	found, err := get(tx.bucket(bContacts), i64(id), &ct)
	if err != nil {
		return nil, fmt.Errorf("store: contact %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: contact %d: %w", id, branchbot.ErrNotFound)
	}
	return &ct, nil
}

// Contacts returns every standing contact, removed ones too, in id order.
func (tx *Tx) Contacts() ([]*branchbot.Contact, error) {
	var out []*branchbot.Contact
	err := tx.bucket(bContacts).ForEach(func(k, v []byte) error {
		var ct branchbot.Contact
		if err := jsonDecode(v, &ct); err != nil {
			return fmt.Errorf("contact %x: %w", k, err)
		}
		out = append(out, &ct)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: contacts: %w", err)
	}
	return out, nil
}

func visitKey(contact int64, first branchbot.Day) []byte {
	k := make([]byte, 12)
	copy(k, i64(contact))
	binary.BigEndian.PutUint32(k[8:], uint32(first)^1<<31)
	return k
}

// ContactVisit returns the id of the case of contact's visit in the
// period starting on first; ok is false when none was opened.
func (tx *Tx) ContactVisit(contact int64, first branchbot.Day) (caseID int64, ok bool) {
	v := tx.bucket(bContactVisits).Get(visitKey(contact, first))
	if len(v) != 8 {
		return 0, false
	}
	return int64(getID(v)), true
}

// PutContactVisit records caseID as the case of contact's visit in the
// period starting on first.
func (tx *Tx) PutContactVisit(contact int64, first branchbot.Day, caseID int64) error {
	if err := tx.bucket(bContactVisits).Put(visitKey(contact, first), i64(caseID)); err != nil {
		return fmt.Errorf("store: put visit of contact %d: %w", contact, err)
	}
	return nil
}

// AllCases returns every case but drafts, in id order: for reports and
// coverage, which look at a branch's whole record.
func (tx *Tx) AllCases() ([]*branchbot.Case, error) {
	var out []*branchbot.Case
	err := tx.bucket(bCases).ForEach(func(k, v []byte) error {
		var c branchbot.Case
		if err := jsonDecode(v, &c); err != nil {
			return fmt.Errorf("case %x: %w", k, err)
		}
		if c.State != branchbot.CaseDraft {
			out = append(out, &c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: all cases: %w", err)
	}
	return out, nil
}

// AddCareVisit stores a care visit and sets v.ID.
func (tx *Tx) AddCareVisit(v *branchbot.CareVisit) error {
	b := tx.bucket(bCareVisits)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("store: add care visit: %w", err)
	}
	v.ID = int64(seq)
	if v.At.IsZero() {
		v.At = tx.now
	}
	if err := put(b, i64(v.ID), v); err != nil {
		return fmt.Errorf("store: add care visit %d: %w", v.ID, err)
	}
	return nil
}

// CareVisits returns every care visit, in the order they were logged.
func (tx *Tx) CareVisits() ([]*branchbot.CareVisit, error) {
	var out []*branchbot.CareVisit
	err := tx.bucket(bCareVisits).ForEach(func(k, v []byte) error {
		var cv branchbot.CareVisit
		if err := jsonDecode(v, &cv); err != nil {
			return fmt.Errorf("care visit %x: %w", k, err)
		}
		out = append(out, &cv)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: care visits: %w", err)
	}
	return out, nil
}
