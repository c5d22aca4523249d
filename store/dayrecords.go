package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// DayRecords reads and writes the records of one day for many members,
// a group record at a time: a caller that takes the members in id order,
// as a Tick does, reads each group once and writes it back at most once,
// where StudyDay and PutStudyDay would read and write it once per member.
//
// Writes are held until the next group is reached or Flush is called;
// StudyDay does not see them before that. Flush before the transaction
// ends.
type DayRecords struct {
	b     *bolt.Bucket
	day   branchbot.Day
	group int64 // the group held; -1 for none
	key   []byte
	val   [dayGroupSize]byte
	orig  [dayGroupSize]byte
}

// DayRecords returns a reader and writer of the records of day d.
func (tx *Tx) DayRecords(d branchbot.Day) *DayRecords {
	return &DayRecords{b: tx.daysBucket(), day: d, group: -1}
}

// load makes the group of memberID the one held, writing back the one
// held before if it changed, and returns the member's offset in it.
func (r *DayRecords) load(memberID int64) (int, error) {
	off := int(uint64(memberID)%dayGroup) * studyDaySize
	group := int64(uint64(memberID) / dayGroup)
	if group == r.group {
		return off, nil
	}
	if err := r.Flush(); err != nil {
		return 0, err
	}
	k, _ := dayKey(memberID, r.day)
	r.val = [dayGroupSize]byte{}
	if v := r.b.Get(k); v != nil {
		if len(v) != dayGroupSize {
			return 0, fmt.Errorf("store: study day %d %s: %w: study day group of %d bytes", memberID, r.day, branchbot.ErrBadRecord, len(v))
		}
		copy(r.val[:], v)
	}
	r.orig, r.key, r.group = r.val, k, group
	return off, nil
}

// Get returns a member's record of the day.
func (r *DayRecords) Get(memberID int64) (branchbot.StudyDay, error) {
	var sd branchbot.StudyDay
	off, err := r.load(memberID)
	if err != nil {
		return sd, err
	}
	if err := sd.UnmarshalBinary(r.val[off : off+studyDaySize]); err != nil {
		return sd, fmt.Errorf("store: study day %d %s: %w", memberID, r.day, err)
	}
	return sd, nil
}

// Put sets a member's record of the day.
func (r *DayRecords) Put(memberID int64, sd branchbot.StudyDay) error {
	off, err := r.load(memberID)
	if err != nil {
		return err
	}
	_, err = sd.AppendBinary(r.val[off:off])
	return err
}

// Flush writes the group held back if it changed; a group of nothing but
// zero records is deleted.
func (r *DayRecords) Flush() error {
	if r.group < 0 || r.val == r.orig {
		return nil
	}
	var err error
	if r.val == [dayGroupSize]byte{} {
		err = r.b.Delete(r.key)
	} else {
		// bbolt keeps the value until the transaction commits: each
		// write needs its own copy.
		err = r.b.Put(r.key, bytes.Clone(r.val[:]))
	}
	if err != nil {
		return fmt.Errorf("store: put study days %s: %w", r.day, err)
	}
	r.orig = r.val
	return nil
}

// Histories reads the study histories of many members, such as a report's,
// a group record per day at a time: taken in member id order, each day's
// group of sixteen members is read once, where StudyHistory reads it once
// per member. It sees the transaction as it was when each group was read:
// do not write study days while using it.
type Histories struct {
	tx   *Tx
	days map[branchbot.Day]*DayRecords
}

// Histories returns a reader of study histories.
func (tx *Tx) Histories() *Histories {
	return &Histories{tx: tx, days: make(map[branchbot.Day]*DayRecords)}
}

// Get returns a member's records of the days from first to last,
// inclusive, as StudyHistory does.
func (h *Histories) Get(memberID int64, first, last branchbot.Day) ([]branchbot.StudyDay, error) {
	if last < first {
		return nil, nil
	}
	out := make([]branchbot.StudyDay, 0, last-first+1)
	for d := first; d <= last; d++ {
		r := h.days[d]
		if r == nil {
			r = h.tx.DayRecords(d)
			h.days[d] = r
		}
		sd, err := r.Get(memberID)
		if err != nil {
			return nil, err
		}
		out = append(out, sd)
	}
	return out, nil
}
