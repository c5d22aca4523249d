package store_test

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func caseIDs(cs []*branchbot.Case) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCasesIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	db := openAt(t, path)
	var a, b, c *branchbot.Case
	update(t, db, func(tx *store.Tx) error {
		a = &branchbot.Case{Kind: branchbot.CaseHospital, State: branchbot.CaseDraft, Subject: 5, Assignee: 3}
		b = &branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseOpen, Subject: 6, Assignee: 3}
		c = &branchbot.Case{Kind: branchbot.CaseDiscipline, State: branchbot.CaseOpen, Subject: 5, Assignee: 1}
		for _, x := range []*branchbot.Case{a, b, c} {
			if err := tx.CreateCase(x); err != nil {
				return err
			}
		}
		return nil
	})
	check := func(name string, open, talker3, talker1 []int64) {
		t.Helper()
		view(t, db, func(tx *store.Tx) error {
			for _, q := range []struct {
				what string
				get  func() ([]*branchbot.Case, error)
				want []int64
			}{
				{"open", tx.OpenCases, open},
				{"talker 3", func() ([]*branchbot.Case, error) { return tx.TalkerCases(3) }, talker3},
				{"talker 1", func() ([]*branchbot.Case, error) { return tx.TalkerCases(1) }, talker1},
			} {
				cs, err := q.get()
				if err != nil {
					return err
				}
				if got := caseIDs(cs); !sameIDs(got, q.want) {
					t.Errorf("%s: %s cases %v, want %v", name, q.what, got, q.want)
				}
			}
			return nil
		})
	}
	check("created", []int64{b.ID, c.ID}, []int64{b.ID}, []int64{c.ID})

	update(t, db, func(tx *store.Tx) error {
		if err := a.Confirm(); err != nil {
			return err
		}
		if err := tx.PutCase(a); err != nil {
			return err
		}
		if err := b.Reassign(1, 1, "出差", tx.Now()); err != nil {
			return err
		}
		if err := tx.PutCase(b); err != nil {
			return err
		}
		if err := c.Cancel(1, "重复", tx.Now()); err != nil {
			return err
		}
		return tx.PutCase(c)
	})
	check("changed", []int64{a.ID, b.ID}, []int64{a.ID}, []int64{b.ID, c.ID})

	// The indexes are in the file: they survive a reopen.
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	check("reopened", []int64{a.ID, b.ID}, []int64{a.ID}, []int64{b.ID, c.ID})
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.Case(b.ID)
		if err != nil {
			return err
		}
		if got.Assignee != 1 || len(got.Log) != 1 || got.Log[0].Text != "出差" {
			t.Errorf("case read back: %+v", got)
		}
		if _, err := tx.Case(99); !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("case 99: %v", err)
		}
		return nil
	})
}

func TestTalkDrafts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	db := openAt(t, path)
	d := &branchbot.TalkDraft{CaseID: 4, Step: branchbot.StepSummary, Day: 20000, Mode: branchbot.ModePhone}
	update(t, db, func(tx *store.Tx) error { return tx.PutTalkDraft(7, d) })
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	update(t, db, func(tx *store.Tx) error {
		got, ok, err := tx.TalkDraft(7)
		if err != nil || !ok || *got != *d {
			t.Errorf("draft after reopen: %+v %v %v", got, ok, err)
		}
		if _, ok, _ := tx.TalkDraft(8); ok {
			t.Error("a draft for member 8")
		}
		return tx.DeleteTalkDraft(7)
	})
	view(t, db, func(tx *store.Tx) error {
		if _, ok, _ := tx.TalkDraft(7); ok {
			t.Error("draft kept after delete")
		}
		return nil
	})
}

// TestCasesMigration opens a file of the schema before cases: the
// migration adds their buckets.
func TestCasesMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	db := openAt(t, path)
	db.Close()
	beforeMigration(t, path, 12, "cases", "cases_by_talker", "cases_open", "talk_drafts") // before the cases' buckets (migration 12 → 13)
	db = openAt(t, path)
	defer db.Close()
	update(t, db, func(tx *store.Tx) error {
		return tx.CreateCase(&branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseOpen, Assignee: 1})
	})
}
