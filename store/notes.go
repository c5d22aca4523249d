package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/branchbot/branchbot"
)

// The study notes are keyed by member id and day (see noteKey), so that a
// member's notes of a span of days are one run of keys: the reads below
// seek to its start and walk it.

// noteKey is a note's key: the member's, then the day's.
func noteKey(memberID int64, d branchbot.Day) []byte { return memberDayKey(memberID, d) }

// memberDayKey is a key that sorts a member's records by day: the member
// id, then the day, big-endian.
func memberDayKey(memberID int64, d branchbot.Day) []byte {
	k := make([]byte, 12)
	binary.BigEndian.PutUint64(k, uint64(memberID))
	binary.BigEndian.PutUint32(k[8:], uint32(d))
	return k
}

// StudyNotes returns the notes of the members given written for the days
// from first to last, inclusive: for each member in the order given, their
// notes oldest first.
func (tx *Tx) StudyNotes(memberIDs []int64, first, last branchbot.Day) ([]branchbot.StudyNote, error) {
	if last < first {
		return nil, nil
	}
	var out []branchbot.StudyNote
	c := tx.bucket(bStudyNotes).Cursor()
	for _, id := range memberIDs {
		end := noteKey(id, last)
		for k, v := c.Seek(noteKey(id, first)); k != nil && bytes.Compare(k, end) <= 0; k, v = c.Next() {
			if len(k) != 12 {
				return nil, fmt.Errorf("store: study notes of %d: %w: key of %d bytes", id, branchbot.ErrBadRecord, len(k))
			}
			out = append(out, branchbot.StudyNote{MemberID: id, Day: branchbot.Day(binary.BigEndian.Uint32(k[8:])), Text: string(v)})
		}
	}
	return out, nil
}

// RecentStudyNotes returns a member's n latest notes of days up to last,
// newest first.
func (tx *Tx) RecentStudyNotes(memberID int64, last branchbot.Day, n int) ([]branchbot.StudyNote, error) {
	var out []branchbot.StudyNote
	c := tx.bucket(bStudyNotes).Cursor()
	prefix := i64(memberID)
	// Seek to the first key after last, then step back.
	var v []byte
	k, _ := c.Seek(noteKey(memberID, last+1))
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < n; k, v = c.Prev() {
		if len(k) != 12 {
			return nil, fmt.Errorf("store: study notes of %d: %w: key of %d bytes", memberID, branchbot.ErrBadRecord, len(k))
		}
		out = append(out, branchbot.StudyNote{MemberID: memberID, Day: branchbot.Day(binary.BigEndian.Uint32(k[8:])), Text: string(v)})
	}
	return out, nil
}
