package store

import (
	"encoding/binary"
	"fmt"
	"time"
)

// The records of the branch's meeting rhythm: the months' themes, the
// decision a secretary is about to type, the occurrences of recurring
// meetings created, and the cadence warnings given.

// SetTheme sets the theme of month ("2026-12"); an empty text clears it.
func (tx *Tx) SetTheme(month, text string) error {
	b := tx.bucket(bMeetingThemes)
	var err error
	if text == "" {
		err = b.Delete([]byte(month))
	} else {
		err = b.Put([]byte(month), []byte(text))
	}
	if err != nil {
		return fmt.Errorf("store: set theme %s: %w", month, err)
	}
	return nil
}

// Theme returns the theme of month, "" if none was set.
func (tx *Tx) Theme(month string) string {
	return string(tx.bucket(bMeetingThemes).Get([]byte(month)))
}

// AskDecision records that the member's next words are the decision on
// item n of meeting id.
func (tx *Tx) AskDecision(memberID, id int64, n int) error {
	v := binary.BigEndian.AppendUint32(i64(id), uint32(n))
	if err := tx.bucket(bMeetingMinutes).Put(i64(memberID), v); err != nil {
		return fmt.Errorf("store: ask decision of %d: %w", memberID, err)
	}
	return nil
}

// DecisionAsked returns the meeting and item whose decision the member
// was asked to type, and forgets the question; ok is false if there is
// none.
func (tx *Tx) DecisionAsked(memberID int64) (id int64, n int, ok bool, err error) {
	b := tx.bucket(bMeetingMinutes)
	v := b.Get(i64(memberID))
	if len(v) != 12 {
		return 0, 0, false, nil
	}
	id, n = int64(getID(v[:8])), int(binary.BigEndian.Uint32(v[8:]))
	if err := b.Delete(i64(memberID)); err != nil {
		return 0, 0, false, fmt.Errorf("store: decision asked of %d: %w", memberID, err)
	}
	return id, n, true, nil
}

// RecurringMeeting returns the meeting created for the occurrence key
// (branchbot.RecurringKey); ok is false if none was.
func (tx *Tx) RecurringMeeting(key string) (id int64, ok bool) {
	v := tx.bucket(bMeetingRecurring).Get([]byte(key))
	if len(v) != 8 {
		return 0, false
	}
	return int64(getID(v)), true
}

// MarkRecurring records that meeting id was created for occurrence key.
func (tx *Tx) MarkRecurring(key string, id int64) error {
	if err := tx.bucket(bMeetingRecurring).Put([]byte(key), i64(id)); err != nil {
		return fmt.Errorf("store: mark recurring %s: %w", key, err)
	}
	return nil
}

// CadenceTold reports whether the cadence warning key
// (branchbot.CadenceKey) was given.
func (tx *Tx) CadenceTold(key string) bool {
	return tx.bucket(bMeetingCadence).Get([]byte(key)) != nil
}

// MarkCadenceTold records that the cadence warning key was given at at.
func (tx *Tx) MarkCadenceTold(key string, at time.Time) error {
	v, _ := at.UTC().MarshalBinary()
	if err := tx.bucket(bMeetingCadence).Put([]byte(key), v); err != nil {
		return fmt.Errorf("store: mark cadence %s: %w", key, err)
	}
	return nil
}
