package store_test

import (
	"path/filepath"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestContactsAndCare: contacts, the visit of each per period, every
// case for the reports and care visits round-trip.
func TestContactsAndCare(t *testing.T) {
	db := newDB(t)
	q3, _ := branchbot.ParseDay("2026-07-01")
	q4, _ := branchbot.ParseDay("2026-10-01")
	update(t, db, func(tx *store.Tx) error {
		ct := &branchbot.Contact{Cadre: 3, Kind: branchbot.ContactVillage, Name: "东村"}
		if err := tx.CreateContact(ct); err != nil {
			return err
		}
		if ct.ID != 1 {
			t.Errorf("contact id %d", ct.ID)
		}
		if err := tx.PutContactVisit(ct.ID, q3, 7); err != nil {
			return err
		}
		if err := tx.CreateCase(&branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseDraft, Assignee: 1}); err != nil {
			return err
		}
		if err := tx.CreateCase(&branchbot.Case{Kind: branchbot.CaseFamily, State: branchbot.CaseOpen, Assignee: 1}); err != nil {
			return err
		}
		return tx.AddCareVisit(&branchbot.CareVisit{Giver: 3, ToName: "王大爷", What: "米面", Cents: 20000})
	})
	view(t, db, func(tx *store.Tx) error {
		if id, ok := tx.ContactVisit(1, q3); !ok || id != 7 {
			t.Errorf("visit in Q3: %d %v", id, ok)
		}
		if _, ok := tx.ContactVisit(1, q4); ok {
			t.Error("a visit in Q4 nobody opened")
		}
		cs, err := tx.Contacts()
		if err != nil || len(cs) != 1 || cs[0].Name != "东村" || !cs[0].Active() {
			t.Errorf("contacts: %v %v", cs, err)
		}
		all, err := tx.AllCases()
		if err != nil || len(all) != 1 || all[0].ID != 2 {
			t.Errorf("all cases (no drafts): %v %v", all, err)
		}
		vs, err := tx.CareVisits()
		if err != nil || len(vs) != 1 || vs[0].Cents != 20000 || vs[0].At.IsZero() {
			t.Errorf("care visits: %v %v", vs, err)
		}
		return nil
	})
}

// TestContactsMigration opens a file of the schema before contacts: the
// migration adds their buckets.
func TestContactsMigration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	db := openAt(t, path)
	db.Close()
	beforeMigration(t, path, 15, "contacts", "contact_visits", "care_visits") // the schema before the contacts' migration (15 → 16)
	db = openAt(t, path)
	defer db.Close()
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateContact(&branchbot.Contact{Cadre: 1, Kind: branchbot.ContactProject, Name: "新区"}); err != nil {
			return err
		}
		return tx.AddCareVisit(&branchbot.CareVisit{Giver: 1, What: "探望"})
	})
}
