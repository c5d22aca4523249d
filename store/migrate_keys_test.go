package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestMigratePaddedStudyKeys opens a schema 7 file, whose study keys carry
// the member id unpadded ("study/2026-03-10/m17"), in the middle of a day:
// the last days' deliveries are found under today's keys, so a ✅ press
// edits the prompt sent before the upgrade, and a message still queued
// settles the key it carries.
func TestMigratePaddedStudyKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	c := newClock()
	db, err := store.Open(path, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	today, _ := branchbot.ParseDay("2026-03-10")
	yesterday, old := today-1, today-5
	sent := branchbot.Delivery{ChatID: 1017, MessageID: 501, SentAt: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}
	type rec struct {
		key, editKey string
		delivered    bool
	}
	recs := []rec{
		{key: "study/2026-03-10/m17", delivered: true},    // sent this morning
		{key: "study/2026-03-10/m17/r1", delivered: true}, // and again after a snooze
		{key: "study/2026-03-10/m18"},                     // still queued
		{key: "nudge/2026-03-09/m17", delivered: true},    // last night's nudge
		{key: "study/2026-03-09/m17", delivered: true},    // yesterday's, which a press may still edit
		{editKey: "study/2026-03-10/m17"},                 // an edit queued by a press
		{key: "study/2026-03-05/m19", delivered: true},    // older than the migration looks
		{key: "study/2026-03-05/m20"},                     // old, but still queued
		{key: "study/2026-03-10/m12345678901", delivered: true},
		{key: "study/stale/2026-03-09"},
		{key: "bc/3/m17", delivered: true},
	}
	err = db.Update(func(tx *store.Tx) error {
		for _, r := range recs {
			o := &branchbot.Outgoing{Key: r.key, EditKey: r.editKey, ChatID: 1017, Text: "x"}
			if _, err := tx.Enqueue(o); err != nil {
				return err
			}
			if r.delivered {
				if err := tx.MarkSent(o, sent); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 7)

	db = openAt(t, path)
	err = db.Update(func(tx *store.Tx) error {
		for _, tt := range []struct {
			key       string
			delivered bool
		}{
			{branchbot.PromptKey(today, 17, 0), true},
			{branchbot.PromptKey(today, 17, 1), true},
			{branchbot.NudgeKey(yesterday, 17), true},
			{branchbot.PromptKey(yesterday, 17, 0), true},
			{"study/2026-03-10/m17", false},
			{"study/2026-03-10/m17/r1", false},
			{"nudge/2026-03-09/m17", false},
			{"study/2026-03-05/m19", true}, // left as it was
			{branchbot.PromptKey(old, 19, 0), false},
			{"study/2026-03-10/m12345678901", true},
			{"bc/3/m17", true},
		} {
			d, ok := tx.Delivered(tt.key)
			if ok != tt.delivered || (ok && d != sent) {
				t.Errorf("Delivered(%q) = %+v, %v; want delivered %v", tt.key, d, ok, tt.delivered)
			}
		}
		queued, err := tx.Outbox(0, 100)
		if err != nil {
			return err
		}
		want := map[string]string{
			branchbot.PromptKey(today, 18, 0): "",
			"":                                branchbot.PromptKey(today, 17, 0),
			branchbot.PromptKey(old, 20, 0):   "",
			"study/stale/2026-03-09":          "",
		}
		if len(queued) != len(want) {
			t.Fatalf("queued after the migration: %+v", queued)
		}
		for _, o := range queued {
			if e, ok := want[o.Key]; !ok || e != o.EditKey {
				t.Errorf("queued %q (edit %q) after the migration; want %v", o.Key, o.EditKey, want)
			}
		}
		// The queued messages' keys hold: they are not queued twice,
		// and discarding one frees its key.
		for _, k := range []string{branchbot.PromptKey(today, 18, 0), branchbot.PromptKey(old, 20, 0)} {
			if ok, err := tx.Enqueue(&branchbot.Outgoing{Key: k, ChatID: 1, Text: "again"}); err != nil || ok {
				t.Errorf("Enqueue(%q) after the migration = %v, %v; want already queued", k, ok, err)
			}
		}
		for _, o := range queued {
			if o.Key == branchbot.PromptKey(old, 20, 0) {
				if err := tx.Discard(&o); err != nil {
					return err
				}
			}
		}
		if ok, err := tx.Enqueue(&branchbot.Outgoing{Key: branchbot.PromptKey(old, 20, 0), ChatID: 1, Text: "again"}); err != nil || !ok {
			t.Errorf("Enqueue after Discard = %v, %v; want its key free", ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
