package store

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
)

// stranger is what one stranger did in their current window (see
// branchbot.StrangerWindow), kept under their Telegram user id.
type stranger struct {
	Start   time.Time `json:"start"`
	Answers int       `json:"answers,omitempty"`
	Audited int       `json:"audited,omitempty"`
	// Dropped counts the audit entries not written, First and Last
	// when they were attempted.
	Dropped int       `json:"dropped,omitempty"`
	First   time.Time `json:"first,omitzero"`
	Last    time.Time `json:"last,omitzero"`
}

var kStrangersSwept = []byte("strangers_swept")

// AnswerStranger reports whether the bot may answer the stranger with
// this Telegram user id now, and counts the answer if so. With onlyFirst
// it may only when they got no answer yet in their window (the standing
// "ask the secretary" reply); else up to branchbot.StrangerAnswers.
func (tx *Tx) AnswerStranger(tgID int64, onlyFirst bool) (bool, error) {
	s, err := tx.strangerNow(tgID)
	if err != nil {
		return false, err
	}
	if s.Answers >= branchbot.StrangerAnswers || onlyFirst && s.Answers > 0 {
		return false, nil
	}
	s.Answers++
	return true, tx.putStranger(tgID, s)
}

// auditStranger appends e, an entry of a stranger's, if their window has
// room for it, and counts it as dropped if not.
func (tx *Tx) auditStranger(e branchbot.AuditEntry) error {
	s, err := tx.strangerNow(e.ActorTG)
	if err != nil {
		return err
	}
	if s.Audited >= branchbot.StrangerAuditEntries {
		if s.Dropped == 0 {
			s.First = e.Time
		}
		s.Dropped++
		s.Last = e.Time
		return tx.putStranger(e.ActorTG, s)
	}
	s.Audited++
	if err := tx.putStranger(e.ActorTG, s); err != nil {
		return err
	}
	return tx.appendAudit(e)
}

// strangerNow returns the stranger's current window, starting a new one
// (and closing the old) when theirs is over. Once a window's length it
// also closes every other stranger's window that is over, so the records
// of those who went away do not pile up.
func (tx *Tx) strangerNow(tgID int64) (*stranger, error) {
	if err := tx.sweepStrangers(); err != nil {
		return nil, err
	}
	b := tx.bucket(bStrangers)
	var s stranger
	ok, err := get(b, i64(tgID), &s)
	if err != nil {
		return nil, fmt.Errorf("store: stranger %d: %w", tgID, err)
	}
	if ok && tx.now.Before(s.Start.Add(branchbot.StrangerWindow)) {
		return &s, nil
	}
	if ok {
		if err := tx.closeStranger(tgID, &s); err != nil {
			return nil, err
		}
	}
	return &stranger{Start: tx.now}, nil
}

func (tx *Tx) putStranger(tgID int64, s *stranger) error {
	if err := put(tx.bucket(bStrangers), i64(tgID), s); err != nil {
		return fmt.Errorf("store: stranger %d: %w", tgID, err)
	}
	return nil
}

// closeStranger ends a window: the attempts it did not log are counted
// in one entry.
func (tx *Tx) closeStranger(tgID int64, s *stranger) error {
	if s.Dropped == 0 {
		return nil
	}
	return tx.appendAudit(branchbot.AuditEntry{
		Time:    s.Last,
		ActorTG: tgID,
		Action:  "stranger",
		Detail: fmt.Sprintf("%d more attempts not logged, %s to %s (at most %d entries a day per stranger)",
			s.Dropped, s.First.UTC().Format(time.RFC3339), s.Last.UTC().Format(time.RFC3339), branchbot.StrangerAuditEntries),
		Refused: true,
	})
}

// sweepStrangers closes and forgets every window that is over, at most
// once per window length.
func (tx *Tx) sweepStrangers() error {
	meta := tx.bucket(bMeta)
	last := time.Unix(0, int64(getUint(meta, kStrangersSwept)))
	if tx.now.Before(last.Add(branchbot.StrangerWindow)) {
		return nil
	}
	type ended struct {
		id int64
		s  stranger
	}
	var over []ended
	b := tx.bucket(bStrangers)
	err := b.ForEach(func(k, v []byte) error {
		var s stranger
		if err := jsonDecode(v, &s); err != nil {
			return fmt.Errorf("store: stranger %d: %w", int64(getID(k)), err)
		}
		if !tx.now.Before(s.Start.Add(branchbot.StrangerWindow)) {
			over = append(over, ended{int64(getID(k)), s})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, e := range over {
		if err := tx.closeStranger(e.id, &e.s); err != nil {
			return err
		}
		if err := b.Delete(i64(e.id)); err != nil {
			return fmt.Errorf("store: stranger %d: %w", e.id, err)
		}
	}
	return putUint(meta, kStrangersSwept, uint64(tx.now.UnixNano()))
}
