package store

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// PutMeetingGuide keeps where memberID is in the guided /meeting flow.
func (tx *Tx) PutMeetingGuide(memberID int64, g *branchbot.MeetingGuide) error {
	if err := put(tx.bucket(bMeetingGuides), i64(memberID), g); err != nil {
		return fmt.Errorf("store: put meeting guide of %d: %w", memberID, err)
	}
	return nil
}

// MeetingGuide returns where memberID is in the guided /meeting flow; ok
// is false when they are not in it.
func (tx *Tx) MeetingGuide(memberID int64) (g *branchbot.MeetingGuide, ok bool, err error) {
	g = new(branchbot.MeetingGuide)
	ok, err = get(tx.bucket(bMeetingGuides), i64(memberID), g)
	if err != nil {
		return nil, false, fmt.Errorf("store: meeting guide of %d: %w", memberID, err)
	}
	return g, ok, nil
}

// DeleteMeetingGuide ends memberID's guided /meeting flow.
func (tx *Tx) DeleteMeetingGuide(memberID int64) error {
	if err := tx.bucket(bMeetingGuides).Delete(i64(memberID)); err != nil {
		return fmt.Errorf("store: delete meeting guide of %d: %w", memberID, err)
	}
	return nil
}
