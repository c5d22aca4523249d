package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// CreateMeeting stores a new meeting (a draft, usually) and sets mt.ID.
func (tx *Tx) CreateMeeting(mt *branchbot.Meeting) error {
	seq, err := tx.bucket(bMeetings).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create meeting: %w", err)
	}
	mt.ID = int64(seq)
	if mt.CreatedAt.IsZero() {
		mt.CreatedAt = tx.now
	}
	return tx.PutMeeting(mt)
}

// PutMeeting writes a meeting, keeping the index of upcoming meetings in
// step: a scheduled meeting is in it until DropUpcoming takes it out.
func (tx *Tx) PutMeeting(mt *branchbot.Meeting) error {
	if mt.ID <= 0 {
		return errors.New("store: put meeting: no id")
	}
	if err := put(tx.bucket(bMeetings), i64(mt.ID), mt); err != nil {
		return fmt.Errorf("store: put meeting %d: %w", mt.ID, err)
	}
	// Only a scheduled meeting that has not ended is upcoming: a meeting
	// written after its end (a late answer, its status) stays out.
	next := tx.bucket(bMeetingsNext)
	var err error
	if mt.Upcoming(tx.now) {
		err = next.Put(i64(mt.ID), []byte{})
	} else {
		err = next.Delete(i64(mt.ID))
	}
	if err == nil {
		err = tx.trackFollowUp(mt) // meeting_attendance.go
	}
	if err != nil {
		return fmt.Errorf("store: put meeting %d: %w", mt.ID, err)
	}
	return nil
}

// DropUpcoming takes a meeting that has ended out of the index of
// upcoming meetings.
func (tx *Tx) DropUpcoming(id int64) error {
	if err := tx.bucket(bMeetingsNext).Delete(i64(id)); err != nil {
		return fmt.Errorf("store: drop upcoming meeting %d: %w", id, err)
	}
	return nil
}

// Meeting returns the meeting with the given id.
func (tx *Tx) Meeting(id int64) (*branchbot.Meeting, error) {
	var mt branchbot.Meeting
	found, err := get(tx.bucket(bMeetings), i64(id), &mt)
	if err != nil {
		return nil, fmt.Errorf("store: meeting %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: meeting %d: %w", id, branchbot.ErrNotFound)
	}
	return &mt, nil
}

// UpcomingMeetings returns the scheduled meetings still in the index (not
// yet ended, or ended with work left for the scheduler), by start time.
func (tx *Tx) UpcomingMeetings() ([]*branchbot.Meeting, error) {
	var ids []int64
	c := tx.bucket(bMeetingsNext).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		ids = append(ids, int64(getID(k)))
	}
	out := make([]*branchbot.Meeting, 0, len(ids))
	for _, id := range ids {
		mt, err := tx.Meeting(id)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, mt)
	}
	for i := 1; i < len(out); i++ { // few meetings: insertion sort
		for j := i; j > 0 && out[j].Start.Before(out[j-1].Start); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// PutRSVP writes a member's answer to a meeting.
func (tx *Tx) PutRSVP(r *branchbot.RSVP) error {
	if err := put(tx.bucket(bMeetingRSVPs), recipientKey(r.MeetingID, r.MemberID), r); err != nil {
		return fmt.Errorf("store: put rsvp %d/%d: %w", r.MeetingID, r.MemberID, err)
	}
	return nil
}

// RSVP returns a member's answer to a meeting: one with no answer
// (AnswerNone) if they gave none.
func (tx *Tx) RSVP(id, memberID int64) (*branchbot.RSVP, error) {
	r := &branchbot.RSVP{MeetingID: id, MemberID: memberID}
	if _, err := get(tx.bucket(bMeetingRSVPs), recipientKey(id, memberID), r); err != nil {
		return nil, fmt.Errorf("store: rsvp %d/%d: %w", id, memberID, err)
	}
	return r, nil
}

// RSVPs returns the answers given to a meeting, by member id.
func (tx *Tx) RSVPs(id int64) (map[int64]*branchbot.RSVP, error) {
	out := make(map[int64]*branchbot.RSVP)
	prefix := i64(id)
	c := tx.bucket(bMeetingRSVPs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		r := new(branchbot.RSVP)
		if err := jsonDecode(v, r); err != nil {
			return nil, fmt.Errorf("store: rsvp %x: %w", k, err)
		}
		out[r.MemberID] = r
	}
	return out, nil
}

// AskLeaveReason records that the member's next words are their reason
// for leave from meeting id.
func (tx *Tx) AskLeaveReason(memberID, id int64) error {
	if err := tx.bucket(bMeetingAsks).Put(i64(memberID), i64(id)); err != nil {
		return fmt.Errorf("store: ask leave reason of %d: %w", memberID, err)
	}
	return nil
}

// LeaveReasonAsked returns the meeting whose leave reason the member was
// asked to type, and forgets the question; ok is false if there is none.
func (tx *Tx) LeaveReasonAsked(memberID int64) (id int64, ok bool, err error) {
	b := tx.bucket(bMeetingAsks)
	v := b.Get(i64(memberID))
	if len(v) != 8 {
		return 0, false, nil
	}
	id = int64(getID(v))
	if err := b.Delete(i64(memberID)); err != nil {
		return 0, false, fmt.Errorf("store: leave reason of %d: %w", memberID, err)
	}
	return id, true, nil
}
