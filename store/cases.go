package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// CreateCase stores a new case (a draft, usually) and sets c.ID.
func (tx *Tx) CreateCase(c *branchbot.Case) error {
	seq, err := tx.bucket(bCases).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create case: %w", err)
	}
	c.ID = int64(seq)
	if c.OpenedAt.IsZero() {
		c.OpenedAt = tx.now
	}
	return tx.PutCase(c)
}

func talkerKey(talker, id int64) []byte {
	k := make([]byte, 16)
	copy(k, i64(talker))
	copy(k[8:], i64(id))
	return k
}

// PutCase writes a case, keeping the index of open cases and that of each
// talker's cases in step.
func (tx *Tx) PutCase(c *branchbot.Case) error {
	if c.ID <= 0 {
		return errors.New("store: put case: no id")
	}
	wrap := func(err error) error { return fmt.Errorf("store: put case %d: %w", c.ID, err) }
	var old branchbot.Case
	found, err := get(tx.bucket(bCases), i64(c.ID), &old)
	if err != nil {
		return wrap(err)
	}
	byTalker := tx.bucket(bCasesByTalker)
	if found && old.Assignee != c.Assignee {
		if err := byTalker.Delete(talkerKey(old.Assignee, c.ID)); err != nil {
			return wrap(err)
		}
	}
	if c.State != branchbot.CaseDraft {
		if err := byTalker.Put(talkerKey(c.Assignee, c.ID), []byte{}); err != nil {
			return wrap(err)
		}
	}
	if err := put(tx.bucket(bCases), i64(c.ID), c); err != nil {
		return wrap(err)
	}
	open := tx.bucket(bCasesOpen)
	if c.Open() {
		err = open.Put(i64(c.ID), []byte{})
	} else {
		err = open.Delete(i64(c.ID))
	}
	if err != nil {
		return wrap(err)
	}
	return nil
}

// Case returns the case with the given id.
func (tx *Tx) Case(id int64) (*branchbot.Case, error) {
	var c branchbot.Case
	found, err := get(tx.bucket(bCases), i64(id), &c)
	if err != nil {
		return nil, fmt.Errorf("store: case %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: case %d: %w", id, branchbot.ErrNotFound)
	}
	return &c, nil
}

// OpenCases returns every open case, oldest first.
func (tx *Tx) OpenCases() ([]*branchbot.Case, error) {
	var ids []int64
	c := tx.bucket(bCasesOpen).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, int64(getID(k)))
	}
	return tx.cases(ids)
}

// TalkerCases returns the cases given to talker (open, done and
// cancelled, not drafts), oldest first.
func (tx *Tx) TalkerCases(talker int64) ([]*branchbot.Case, error) {
	var ids []int64
	prefix := i64(talker)
	c := tx.bucket(bCasesByTalker).Cursor()
	for k, _ := c.Seek(prefix); len(k) == 16 && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		ids = append(ids, int64(getID(k[8:])))
	}
	return tx.cases(ids)
}

func (tx *Tx) cases(ids []int64) ([]*branchbot.Case, error) {
	out := make([]*branchbot.Case, 0, len(ids))
	for _, id := range ids {
		c, err := tx.Case(id)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// PutTalkDraft keeps the talk memberID is logging, question by question.
func (tx *Tx) PutTalkDraft(memberID int64, d *branchbot.TalkDraft) error {
	if err := put(tx.bucket(bTalkDrafts), i64(memberID), d); err != nil {
		return fmt.Errorf("store: put talk draft of %d: %w", memberID, err)
	}
	return nil
}

// TalkDraft returns the talk memberID is logging; ok is false when there
// is none.
func (tx *Tx) TalkDraft(memberID int64) (d *branchbot.TalkDraft, ok bool, err error) {
	d = new(branchbot.TalkDraft)
	ok, err = get(tx.bucket(bTalkDrafts), i64(memberID), d)
	if err != nil {
		return nil, false, fmt.Errorf("store: talk draft of %d: %w", memberID, err)
	}
	return d, ok, nil
}

// DeleteTalkDraft forgets the talk memberID was logging.
func (tx *Tx) DeleteTalkDraft(memberID int64) error {
	if err := tx.bucket(bTalkDrafts).Delete(i64(memberID)); err != nil {
		return fmt.Errorf("store: delete talk draft of %d: %w", memberID, err)
	}
	return nil
}
