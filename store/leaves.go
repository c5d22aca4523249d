package store

import (
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// The members' leaves (pauses of study with their reasons) are kept by
// member id and first day, JSON: a few a year per member, read by reports.

// leaveKey is a leave's key: the member's, then its first day.
func leaveKey(memberID int64, from branchbot.Day) []byte { return memberDayKey(memberID, from) }

// ErrLeaveWithoutDay means a leave was to be kept whose last day is before
// its first.
var ErrLeaveWithoutDay = errors.New("leave ends before it begins")

// PutLeave keeps a member's leave under its first day, replacing one that
// began the same day. A leave whose last day comes before its first is
// refused (ErrLeaveWithoutDay): use EndLeave, which drops it.
func (tx *Tx) PutLeave(memberID int64, l branchbot.Leave) error {
	if l.Until != 0 && l.Until < l.From {
		return fmt.Errorf("store: put leave %d %s: %w", memberID, l.From, ErrLeaveWithoutDay)
	}
	if err := put(tx.bucket(bStudyLeaves), leaveKey(memberID, l.From), l); err != nil {
		return fmt.Errorf("store: put leave %d %s: %w", memberID, l.From, err)
	}
	return nil
}

// EndLeave ends a member's leave that began on day from on its day last:
// the leave is kept ending then, or dropped if last is before from (it
// was resumed before any day of it). A leave not kept (a pause older than
// the leaves) is no error.
func (tx *Tx) EndLeave(memberID int64, from, last branchbot.Day) error {
	b := tx.bucket(bStudyLeaves)
	k := leaveKey(memberID, from)
	var l branchbot.Leave
	ok, err := get(b, k, &l)
	switch {
	case err != nil:
		return fmt.Errorf("store: end leave %d %s: %w", memberID, from, err)
	case !ok:
		return nil
	case last < from:
		return b.Delete(k)
	}
	l.Until = last
	return tx.PutLeave(memberID, l)
}

// Leaves returns a member's leaves that cover any day from first to last,
// inclusive, oldest first.
func (tx *Tx) Leaves(memberID int64, first, last branchbot.Day) ([]branchbot.Leave, error) {
	var out []branchbot.Leave
	c := tx.bucket(bStudyLeaves).Cursor()
	end := leaveKey(memberID, last)
	for k, v := c.Seek(i64(memberID)); len(k) == 12 && string(k) <= string(end); k, v = c.Next() {
		var l branchbot.Leave
		if err := jsonDecode(v, &l); err != nil {
			return nil, fmt.Errorf("store: leaves of %d: %w", memberID, err)
		}
		if l.Until == 0 || l.Until >= first {
			out = append(out, l)
		}
	}
	return out, nil
}
