package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// failN queues n messages and fails them, one transaction each.
func failN(tb testing.TB, db *store.DB, n int, tag string) {
	tb.Helper()
	for i := range n {
		update(tb, db, func(tx *store.Tx) error {
			o := &branchbot.Outgoing{ChatID: 5, Text: fmt.Sprintf("%s-%d", tag, i)}
			if _, err := tx.Enqueue(o); err != nil {
				return err
			}
			return tx.FailOutgoing(o, "400 Bad Request")
		})
	}
}

func failedTexts(tb testing.TB, db *store.DB) (queued, failed int, texts []string) {
	tb.Helper()
	view(tb, db, func(tx *store.Tx) error {
		queued, failed = tx.OutboxStats()
		all, err := tx.FailedOutgoing(1 << 20)
		for _, o := range all {
			texts = append(texts, o.Text)
		}
		return err
	})
	return
}

// TestFailedListKeptByAge: a failed message is kept for KeepFailed and
// removed at the first failure after that.
func TestFailedListKeptByAge(t *testing.T) {
	c := newClock()
	opts := testOptions(c)
	opts.KeepFailed = 90 * 24 * time.Hour
	db, err := store.Open(filepath.Join(t.TempDir(), "branch.db"), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	failN(t, db, 5, "old")
	c.Advance(60 * 24 * time.Hour)
	failN(t, db, 3, "mid")
	c.Advance(30*24*time.Hour + time.Hour) // the old ones are past 90 days
	failN(t, db, 1, "new")
	_, failed, texts := failedTexts(t, db)
	if failed != 4 || len(texts) != 4 {
		t.Fatalf("%d failed (%v), want the 3 mid and the new one", failed, texts)
	}
	for _, s := range texts {
		if s[:3] == "old" {
			t.Errorf("%s outlived its 90 days", s)
		}
	}
}

// TestFailedListKeptByCount: the list keeps the MaxFailed most recent
// messages, also when a database already holds more than that.
func TestFailedListKeptByCount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	c := newClock()
	db, err := store.Open(path, testOptions(c))
	if err != nil {
		t.Fatal(err)
	}
	failN(t, db, 30, "a")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.MaxFailed = 10
	db, err = store.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	failN(t, db, 1, "b")
	_, failed, texts := failedTexts(t, db)
	if failed != 10 || texts[0] != "b-0" || texts[9] != "a-21" {
		t.Fatalf("%d failed: %v", failed, texts)
	}
	failN(t, db, 25, "c")
	_, failed, texts = failedTexts(t, db)
	if failed != 10 || texts[0] != "c-24" || texts[9] != "c-15" {
		t.Fatalf("%d failed: %v", failed, texts)
	}
}
