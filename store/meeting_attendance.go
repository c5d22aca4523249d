package store

// Sign-in and make-up: each member's attendance of a meeting, the
// meeting's follow-up (code, materials, make-up tasks) and the index of
// meetings whose follow-up has work left, which PutMeeting fills.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// migrateAttendance creates the buckets of sign-in and make-up and puts
// the meetings still upcoming in the follow-up index.
func migrateAttendance(tx *bolt.Tx) error {
	for _, name := range [][]byte{bMeetingAttend, bMeetingFollow, bMeetingsFollow, bMakeupAsks} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	follow := tx.Bucket(bMeetingsFollow)
	return tx.Bucket(bMeetingsNext).ForEach(func(k, _ []byte) error {
		return follow.Put(bytes.Clone(k), []byte{})
	})
}

// trackFollowUp puts a scheduled meeting in the follow-up index. Only the
// scheduler takes it out (DropFollowUp), once nothing is left to do: a
// meeting cancelled after sign-in opened still has its records settled.
func (tx *Tx) trackFollowUp(mt *branchbot.Meeting) error {
	if mt.State != branchbot.MeetingScheduled {
		return nil
	}
	return tx.bucket(bMeetingsFollow).Put(i64(mt.ID), []byte{})
}

// FollowUpMeetings returns the ids of the meetings whose follow-up has
// work left, in id order.
func (tx *Tx) FollowUpMeetings() ([]int64, error) {
	var ids []int64
	err := tx.bucket(bMeetingsFollow).ForEach(func(k, _ []byte) error {
		ids = append(ids, int64(getID(k)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: follow-up meetings: %w", err)
	}
	return ids, nil
}

// DropFollowUp takes a meeting out of the follow-up index.
func (tx *Tx) DropFollowUp(id int64) error {
	if err := tx.bucket(bMeetingsFollow).Delete(i64(id)); err != nil {
		return fmt.Errorf("store: drop follow-up %d: %w", id, err)
	}
	return nil
}

// FollowUp returns a meeting's follow-up: an empty one if none was
// written.
func (tx *Tx) FollowUp(id int64) (*branchbot.MeetingFollowUp, error) {
	f := &branchbot.MeetingFollowUp{MeetingID: id}
	if _, err := get(tx.bucket(bMeetingFollow), i64(id), f); err != nil {
		return nil, fmt.Errorf("store: follow-up %d: %w", id, err)
	}
	return f, nil
}

// PutFollowUp writes a meeting's follow-up.
func (tx *Tx) PutFollowUp(f *branchbot.MeetingFollowUp) error {
	if f.MeetingID <= 0 {
		return errors.New("store: put follow-up: no meeting id")
	}
	if err := put(tx.bucket(bMeetingFollow), i64(f.MeetingID), f); err != nil {
		return fmt.Errorf("store: put follow-up %d: %w", f.MeetingID, err)
	}
	return nil
}

// Attendance returns a member's attendance of a meeting; found is false
// (and the record empty) if none was written.
func (tx *Tx) Attendance(id, memberID int64) (a *branchbot.Attendance, found bool, err error) {
	a = &branchbot.Attendance{MeetingID: id, MemberID: memberID}
	found, err = get(tx.bucket(bMeetingAttend), recipientKey(id, memberID), a)
	if err != nil {
		return nil, false, fmt.Errorf("store: attendance %d/%d: %w", id, memberID, err)
	}
	return a, found, nil
}

// PutAttendance writes a member's attendance of a meeting.
func (tx *Tx) PutAttendance(a *branchbot.Attendance) error {
	if err := put(tx.bucket(bMeetingAttend), recipientKey(a.MeetingID, a.MemberID), a); err != nil {
		return fmt.Errorf("store: put attendance %d/%d: %w", a.MeetingID, a.MemberID, err)
	}
	return nil
}

// Attendances returns the attendance records of a meeting, in member id
// order.
func (tx *Tx) Attendances(id int64) ([]*branchbot.Attendance, error) {
	var out []*branchbot.Attendance
	prefix := i64(id)
	c := tx.bucket(bMeetingAttend).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		a := new(branchbot.Attendance)
		if err := jsonDecode(v, a); err != nil {
			return nil, fmt.Errorf("store: attendance %x: %w", k, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// ForEachMeeting calls fn with each meeting, in id order.
func (tx *Tx) ForEachMeeting(fn func(*branchbot.Meeting) error) error {
	return tx.bucket(bMeetings).ForEach(func(k, v []byte) error {
		mt := new(branchbot.Meeting)
		if err := jsonDecode(v, mt); err != nil {
			return fmt.Errorf("store: meeting %x: %w", k, err)
		}
		return fn(mt)
	})
}

// AskMakeupNote records that the member's next words, until at plus a
// while, are their note on the make-up of meeting id.
func (tx *Tx) AskMakeupNote(memberID, id int64, at time.Time) error {
	v := binary.BigEndian.AppendUint64(i64(id), uint64(at.UnixNano()))
	if err := tx.bucket(bMakeupAsks).Put(i64(memberID), v); err != nil {
		return fmt.Errorf("store: ask make-up note of %d: %w", memberID, err)
	}
	return nil
}

// MakeupNoteAsked returns the meeting whose make-up note the member was
// asked for and when, and forgets the question; ok is false if there is
// none.
func (tx *Tx) MakeupNoteAsked(memberID int64) (id int64, at time.Time, ok bool, err error) {
	b := tx.bucket(bMakeupAsks)
	v := b.Get(i64(memberID))
	if len(v) != 16 {
		return 0, time.Time{}, false, nil
	}
	id, at = int64(getID(v[:8])), time.Unix(0, int64(binary.BigEndian.Uint64(v[8:]))).UTC()
	if err := b.Delete(i64(memberID)); err != nil {
		return 0, time.Time{}, false, fmt.Errorf("store: make-up note of %d: %w", memberID, err)
	}
	return id, at, true, nil
}
