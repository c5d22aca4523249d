package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
)

// StudyPlan returns a member's study plan.
func (tx *Tx) StudyPlan(memberID int64) (*branchbot.StudyPlan, error) {
	v := tx.bucket(bStudyPlans).Get(i64(memberID))
	if v == nil {
		return nil, fmt.Errorf("store: study plan %d: %w", memberID, branchbot.ErrNotFound)
	}
	p := &branchbot.StudyPlan{MemberID: memberID}
	if err := p.UnmarshalBinary(v); err != nil {
		return nil, fmt.Errorf("store: study plan %d: %w", memberID, err)
	}
	return p, nil
}

// PutStudyPlan writes a member's study plan.
func (tx *Tx) PutStudyPlan(p *branchbot.StudyPlan) error {
	b, _ := p.MarshalBinary()
	if err := tx.bucket(bStudyPlans).Put(i64(p.MemberID), b); err != nil {
		return fmt.Errorf("store: put study plan %d: %w", p.MemberID, err)
	}
	return nil
}

// syncPlan keeps the plan's copy of the member's chat, reachability and
// language in step with the member record.
func (tx *Tx) syncPlan(m *branchbot.Member) error {
	p, err := tx.StudyPlan(m.ID)
	if errors.Is(err, branchbot.ErrNotFound) {
		p = &branchbot.StudyPlan{MemberID: m.ID, Minute: branchbot.DefaultMinute}
	} else if err != nil {
		return err
	}
	p.ChatID = m.ChatID()
	p.Active = m.Bound() && !m.Unreachable
	p.LangEN = m.Lang == branchbot.LangEN
	return tx.PutStudyPlan(p)
}

// ForEachStudyPlan calls fn for every plan in member id order. fn may
// write (PutStudyPlan, PutStudyDay, Enqueue): plans are read in chunks so
// that no cursor is open across a write. The plan passed is reused for the
// next one: fn must not keep it.
func (tx *Tx) ForEachStudyPlan(fn func(*branchbot.StudyPlan) error) error {
	return tx.forEachStudyPlan(nil, fn)
}

// ForEachStudyPlanAfter is ForEachStudyPlan from the first plan with a
// member id above after on: a caller that works through the plans in
// several transactions resumes where the last one stopped.
func (tx *Tx) ForEachStudyPlanAfter(after int64, fn func(*branchbot.StudyPlan) error) error {
	if after < 0 {
		return tx.forEachStudyPlan(nil, fn)
	}
	return tx.forEachStudyPlan(i64(after), fn)
}

func (tx *Tx) forEachStudyPlan(after []byte, fn func(*branchbot.StudyPlan) error) error {
	const chunk = 1024
	var p branchbot.StudyPlan
	type kv struct {
		id  int64
		val [64]byte
		n   int
	}
	buf := make([]kv, 0, chunk)
	for {
		buf = buf[:0]
		c := tx.bucket(bStudyPlans).Cursor()
		var k, v []byte
		if after == nil {
			k, v = c.First()
		} else {
			k, v = c.Seek(after)
			if k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for ; k != nil && len(buf) < chunk; k, v = c.Next() {
			e := kv{id: int64(getID(k))}
			e.n = copy(e.val[:], v)
			buf = append(buf, e)
		}
		if len(buf) == 0 {
			return nil
		}
		for i := range buf {
			p.MemberID = buf[i].id
			if err := p.UnmarshalBinary(buf[i].val[:buf[i].n]); err != nil {
				return fmt.Errorf("store: study plan %d: %w", buf[i].id, err)
			}
			if err := fn(&p); err != nil {
				return err
			}
		}
		after = i64(buf[len(buf)-1].id)
	}
}

// The study days are kept a group of dayGroup members to a record: the
// key is the day and the member id divided by dayGroup, the value the
// 8-byte StudyDay of each member of the group, in member id order. The day
// first, so that a day's records for the whole branch land in one
// contiguous run of pages, which a Tick, walking the plans in member
// order, appends to; a group, so that the bbolt element and key of a
// record are shared by dayGroup members' days.
const (
	dayGroup     = 16
	studyDaySize = 8
	dayGroupSize = dayGroup * studyDaySize
)

// dayKey returns the key of the group record holding a member's record of
// day d, and the offset of that record in it.
func dayKey(memberID int64, d branchbot.Day) ([]byte, int) {
	k := make([]byte, 12)
	binary.BigEndian.PutUint32(k, uint32(d))
	binary.BigEndian.PutUint64(k[4:], uint64(memberID)/dayGroup)
	return k, int(uint64(memberID)%dayGroup) * studyDaySize
}

// daysBucket returns the study days' bucket, its pages filled: records are
// appended in key order and rewritten in place at the same size, so a page
// left half empty would stay so.
func (tx *Tx) daysBucket() *bolt.Bucket {
	b := tx.bucket(bStudyDaily)
	b.FillPercent = 1.0
	return b
}

// getStudyDay reads the record at offset off of group key k in b.
func getStudyDay(b *bolt.Bucket, k []byte, off int) (branchbot.StudyDay, error) {
	var sd branchbot.StudyDay
	v := b.Get(k)
	if v == nil {
		return sd, nil
	}
	if len(v) != dayGroupSize {
		return sd, fmt.Errorf("%w: study day group of %d bytes", branchbot.ErrBadRecord, len(v))
	}
	err := sd.UnmarshalBinary(v[off : off+studyDaySize])
	return sd, err
}

// putStudyDay writes the record at offset off of group key k in b; a group
// of nothing but zero records is deleted.
func putStudyDay(b *bolt.Bucket, k []byte, off int, sd branchbot.StudyDay) error {
	v := make([]byte, dayGroupSize)
	if old := b.Get(k); old != nil {
		if len(old) != dayGroupSize {
			return fmt.Errorf("%w: study day group of %d bytes", branchbot.ErrBadRecord, len(old))
		}
		copy(v, old)
	}
	rec, _ := sd.MarshalBinary()
	copy(v[off:], rec)
	if bytes.Equal(v, make([]byte, dayGroupSize)) {
		return b.Delete(k)
	}
	return b.Put(k, v)
}

// monthDays returns the first day of the month holding d and its length.
func monthDays(d branchbot.Day) (branchbot.Day, int) {
	_, _, day := d.Date()
	first := d - branchbot.Day(day-1)
	n := 28
	for ; n < 31; n++ {
		if _, _, dd := (first + branchbot.Day(n)).Date(); dd == 1 {
			break
		}
	}
	return first, n
}

// StudyMonth returns a member's study days of the month holding d (all
// zero if none were recorded).
func (tx *Tx) StudyMonth(memberID int64, d branchbot.Day) (*branchbot.StudyMonth, error) {
	first, n := monthDays(d)
	m := new(branchbot.StudyMonth)
	for i := range n {
		sd, err := tx.StudyDay(memberID, first+branchbot.Day(i))
		if err != nil {
			return nil, err
		}
		m.Days[i] = sd
	}
	return m, nil
}

// StudyDay returns a member's record of day d.
func (tx *Tx) StudyDay(memberID int64, d branchbot.Day) (branchbot.StudyDay, error) {
	k, off := dayKey(memberID, d)
	sd, err := getStudyDay(tx.daysBucket(), k, off)
	if err != nil {
		return branchbot.StudyDay{}, fmt.Errorf("store: study day %d %s: %w", memberID, d, err)
	}
	return sd, nil
}

// PutStudyDay writes a member's record of day d. Rewriting a settled day
// drops the member's streak mark, which counted it.
func (tx *Tx) PutStudyDay(memberID int64, d branchbot.Day, sd branchbot.StudyDay) error {
	k, off := dayKey(memberID, d)
	if err := putStudyDay(tx.daysBucket(), k, off, sd); err != nil {
		return fmt.Errorf("store: put study day %d %s: %w", memberID, d, err)
	}
	if m, ok, err := tx.StreakMark(memberID); err != nil || (ok && d < m.Upto) {
		// A mark that does not decode is dropped too: it is only a cache.
		return tx.bucket(bStudyMarks).Delete(i64(memberID))
	}
	return nil
}

// StreakMark returns a member's streak mark, if they have one.
func (tx *Tx) StreakMark(memberID int64) (branchbot.StreakMark, bool, error) {
	var m branchbot.StreakMark
	v := tx.bucket(bStudyMarks).Get(i64(memberID))
	if v == nil {
		return m, false, nil
	}
	if err := m.UnmarshalBinary(v); err != nil {
		return m, false, fmt.Errorf("store: streak mark %d: %w", memberID, err)
	}
	return m, true, nil
}

// PutStreakMark saves a member's streak mark. The study days before
// m.Upto must be settled (branchbot.SettledMonth): DayRecords, which the
// scheduler writes with, does not drop marks, and only rewrites days newer
// than that.
func (tx *Tx) PutStreakMark(memberID int64, m branchbot.StreakMark) error {
	b, _ := m.MarshalBinary()
	if err := tx.bucket(bStudyMarks).Put(i64(memberID), b); err != nil {
		return fmt.Errorf("store: put streak mark %d: %w", memberID, err)
	}
	return nil
}

// PutStudyMonth writes a member's study days of the month holding d, as
// StudyMonth returned them and the caller changed them.
func (tx *Tx) PutStudyMonth(memberID int64, d branchbot.Day, m *branchbot.StudyMonth) error {
	first, n := monthDays(d)
	for i := range n {
		day := first + branchbot.Day(i)
		old, err := tx.StudyDay(memberID, day)
		if err != nil {
			return err
		}
		if old == m.Days[i] {
			continue
		}
		if err := tx.PutStudyDay(memberID, day, m.Days[i]); err != nil {
			return fmt.Errorf("store: put study month %d %s: %w", memberID, d, err)
		}
	}
	return nil
}

// StudyHistory returns a member's records of the days from first to last,
// inclusive.
func (tx *Tx) StudyHistory(memberID int64, first, last branchbot.Day) ([]branchbot.StudyDay, error) {
	if last < first {
		return nil, nil
	}
	out := make([]branchbot.StudyDay, 0, last-first+1)
	for d := first; d <= last; d++ {
		sd, err := tx.StudyDay(memberID, d)
		if err != nil {
			return nil, err
		}
		out = append(out, sd)
	}
	return out, nil
}

// PutStudyNote keeps what a member wrote with /done for day d.
func (tx *Tx) PutStudyNote(memberID int64, d branchbot.Day, note string) error {
	return tx.bucket(bStudyNotes).Put(noteKey(memberID, d), []byte(note))
}

// StudyNote returns the note for day d, if any.
func (tx *Tx) StudyNote(memberID int64, d branchbot.Day) string {
	return string(tx.bucket(bStudyNotes).Get(noteKey(memberID, d)))
}

// deleteStudy removes a member's plan, history and notes.
func (tx *Tx) deleteStudy(memberID int64) error {
	if err := tx.bucket(bStudyPlans).Delete(i64(memberID)); err != nil {
		return err
	}
	if err := tx.bucket(bStudyMarks).Delete(i64(memberID)); err != nil {
		return err
	}
	if err := deletePrefix(tx.bucket(bStudyNotes), i64(memberID)); err != nil {
		return err
	}
	if err := deletePrefix(tx.bucket(bStudyLeaves), i64(memberID)); err != nil {
		return err
	}
	// Days are keyed day first: find this member's group on every day.
	b := tx.daysBucket()
	k0, off := dayKey(memberID, 0)
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) == 12 && bytes.Equal(k[4:], k0[4:]) {
			keys = append(keys, append([]byte(nil), k...))
		}
	}
	for _, k := range keys {
		if err := putStudyDay(b, k, off, branchbot.StudyDay{}); err != nil {
			return err
		}
	}
	return nil
}

func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// PruneDeliveries forgets where messages sent before cutoff went. Their
// idempotency keys go too: callers use keys that name a day, and a
// scheduler never goes back that far.
func (tx *Tx) PruneDeliveries(cutoff time.Time) (int, error) {
	b := tx.bucket(bOutKeys)
	var old [][]byte
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(v) == 0 {
			continue // still queued
		}
		var d branchbot.Delivery
		if err := unmarshalDelivery(v, &d); err != nil || d.SentAt.Before(cutoff) {
			old = append(old, append([]byte(nil), k...))
		}
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(old), nil
}
