package store_test

import (
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// A streak mark is kept while only days from its month on are written, and
// dropped when a day it counted is rewritten or its member goes.
func TestStreakMark(t *testing.T) {
	db := newDB(t)
	ms := createMembers(t, db, "甲", "乙")
	mark := branchbot.StreakMark{First: 20000, Upto: 20300, Rules: 42, StreakFold: branchbot.StreakFold{Run: 30, Longest: 99}}
	has := func(id int64) bool {
		t.Helper()
		var ok bool
		view(t, db, func(tx *store.Tx) error {
			got, found, err := tx.StreakMark(id)
			if found && got != mark {
				t.Errorf("mark of %d: %+v, want %+v", id, got, mark)
			}
			ok = found
			return err
		})
		return ok
	}
	update(t, db, func(tx *store.Tx) error {
		for _, m := range ms {
			if err := tx.PutStreakMark(m.ID, mark); err != nil {
				return err
			}
		}
		return nil
	})
	a, b := ms[0].ID, ms[1].ID
	update(t, db, func(tx *store.Tx) error {
		if err := tx.PutStudyDay(a, mark.Upto, branchbot.StudyDay{Status: branchbot.DayDone}); err != nil {
			return err
		}
		r := tx.DayRecords(mark.Upto + 5)
		if err := r.Put(a, branchbot.StudyDay{Status: branchbot.DayDone}); err != nil {
			return err
		}
		return r.Flush()
	})
	if !has(a) || !has(b) {
		t.Fatal("a mark was dropped by writing days it does not count")
	}
	update(t, db, func(tx *store.Tx) error {
		return tx.PutStudyDay(a, mark.Upto-1, branchbot.StudyDay{Status: branchbot.DayBotMissed})
	})
	if has(a) {
		t.Error("rewriting a day the mark counted kept the mark")
	}
	if !has(b) {
		t.Error("another member's mark was dropped")
	}
	update(t, db, func(tx *store.Tx) error { return tx.DeleteMember(b) })
	if has(b) {
		t.Error("a removed member's mark stayed")
	}
}
