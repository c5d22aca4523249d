package store_test

import (
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestStudyNotesReads(t *testing.T) {
	db := newDB(t)
	ms := createMembers(t, db, "甲", "乙", "丙")
	const d0 = branchbot.Day(20_000)
	update(t, db, func(tx *store.Tx) error {
		for _, n := range []struct {
			m    int
			d    branchbot.Day
			text string
		}{
			{0, d0 - 8, "甲 too old"}, {0, d0 - 6, "甲 first"}, {0, d0, "甲 last"}, {0, d0 + 1, "甲 tomorrow"},
			{1, d0 - 3, "乙 one"},
			{2, d0 - 2, "丙 one"},
		} {
			if err := tx.PutStudyNote(ms[n.m].ID, n.d, n.text); err != nil {
				return err
			}
		}
		return nil
	})
	texts := func(ns []branchbot.StudyNote) []string {
		var out []string
		for _, n := range ns {
			out = append(out, n.Text)
		}
		return out
	}
	equal := func(got, want []string) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}
	view(t, db, func(tx *store.Tx) error {
		// A week ending d0, for 乙 and 甲 in that order; 丙 left out.
		got, err := tx.StudyNotes([]int64{ms[1].ID, ms[0].ID}, d0-6, d0)
		if err != nil {
			return err
		}
		if want := []string{"乙 one", "甲 first", "甲 last"}; !equal(texts(got), want) {
			t.Errorf("StudyNotes = %q, want %q", texts(got), want)
		}
		if got[1].Day != d0-6 || got[1].MemberID != ms[0].ID {
			t.Errorf("note %+v", got[1])
		}
		if got, _ := tx.StudyNotes([]int64{ms[2].ID}, d0, d0); len(got) != 0 {
			t.Errorf("a day with no note: %q", texts(got))
		}
		recent, err := tx.RecentStudyNotes(ms[0].ID, d0, 2)
		if err != nil {
			return err
		}
		if want := []string{"甲 last", "甲 first"}; !equal(texts(recent), want) {
			t.Errorf("RecentStudyNotes = %q, want %q", texts(recent), want)
		}
		// The last member's notes end the bucket: the walk back starts
		// from its end.
		recent, _ = tx.RecentStudyNotes(ms[2].ID, d0+30, 5)
		if want := []string{"丙 one"}; !equal(texts(recent), want) {
			t.Errorf("RecentStudyNotes of the last member = %q, want %q", texts(recent), want)
		}
		if recent, _ = tx.RecentStudyNotes(ms[1].ID, d0-4, 5); len(recent) != 0 {
			t.Errorf("notes before 乙's first: %q", texts(recent))
		}
		return nil
	})
	// Removing a member removes their notes.
	update(t, db, func(tx *store.Tx) error { return tx.DeleteMember(ms[0].ID) })
	view(t, db, func(tx *store.Tx) error {
		if got, _ := tx.StudyNotes([]int64{ms[0].ID}, 0, d0+10); len(got) != 0 {
			t.Errorf("notes of a removed member: %q", texts(got))
		}
		return nil
	})
}
