package store_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// sendBroadcast stores a broadcast in state sending to ms, with a copy of
// each queued under its key, as the bot does when the secretary confirms.
func sendBroadcast(t *testing.T, db *store.DB, ms []*branchbot.Member) *branchbot.Broadcast {
	t.Helper()
	b := &branchbot.Broadcast{Kind: branchbot.BroadcastNotice, Audience: branchbot.AudienceAll, Text: "通知", Ack: true}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateBroadcast(b); err != nil {
			return err
		}
		b.State, b.SentAt, b.Total = branchbot.BroadcastSending, tx.Now(), len(ms)
		for _, m := range ms {
			if err := tx.PutRecipient(&branchbot.Recipient{BroadcastID: b.ID, MemberID: m.ID, State: branchbot.RecipientQueued}); err != nil {
				return err
			}
			if _, err := tx.Enqueue(&branchbot.Outgoing{Key: branchbot.BroadcastKey(b.ID, m.ID), ChatID: m.ChatID(), MemberID: m.ID, Text: b.Text}); err != nil {
				return err
			}
		}
		return tx.PutBroadcast(b)
	})
	return b
}

func readBroadcast(t *testing.T, db *store.DB, id int64) (*branchbot.Broadcast, map[int64]*branchbot.Recipient) {
	t.Helper()
	var b *branchbot.Broadcast
	rs := map[int64]*branchbot.Recipient{}
	view(t, db, func(tx *store.Tx) error {
		var err error
		if b, err = tx.Broadcast(id); err != nil {
			return err
		}
		all, err := tx.Recipients(id)
		for _, r := range all {
			rs[r.MemberID] = r
		}
		return err
	})
	return b, rs
}

// TestBroadcastDeliveryFollowsOutbox checks that the outbox's own records
// of a copy (sent, refused, dropped for an unreachable member) settle the
// recipient once, with the broadcast's counts in step, and that an
// acknowledgement proves delivery.
func TestBroadcastDeliveryFollowsOutbox(t *testing.T) {
	db, clk := newDBClock(t)
	ms := createMembers(t, db, "甲", "乙", "丙", "丁")
	b := sendBroadcast(t, db, ms)
	var queued []branchbot.Outgoing
	view(t, db, func(tx *store.Tx) (err error) { queued, err = tx.Outbox(0, 10); return err })
	if len(queued) != 4 {
		t.Fatalf("%d queued", len(queued))
	}
	clk.Advance(time.Minute)
	var touched []int64
	update(t, db, func(tx *store.Tx) error {
		for range 2 { // twice: the second changes nothing
			if err := tx.MarkSent(&queued[0], branchbot.Delivery{ChatID: queued[0].ChatID, MessageID: 7, SentAt: tx.Now()}); err != nil {
				return err
			}
		}
		if err := tx.FailOutgoing(&queued[1], "Bad Request: something"); err != nil {
			return err
		}
		// A member found unreachable: flagged first, then their
		// messages are dropped.
		ms[2].Unreachable = true
		if err := tx.PutMember(ms[2]); err != nil {
			return err
		}
		if _, err := tx.DropChat(ms[2].ChatID(), "unreachable: blocked"); err != nil {
			return err
		}
		touched = tx.BroadcastsTouched()
		return nil
	})
	if len(touched) != 1 || touched[0] != b.ID {
		t.Errorf("touched %v", touched)
	}
	got, rs := readBroadcast(t, db, b.ID)
	if got.Sent != 1 || got.Failed != 1 || got.Unreachable != 1 || got.Settled() != 3 {
		t.Errorf("counts %+v", got)
	}
	if r := rs[ms[0].ID]; r.State != branchbot.RecipientSent || !r.SentAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("sent %+v", r)
	}
	if r := rs[ms[1].ID]; r.State != branchbot.RecipientFailed || r.Why != "Bad Request: something" {
		t.Errorf("failed %+v", r)
	}
	if r := rs[ms[2].ID]; r.State != branchbot.RecipientUnreachable {
		t.Errorf("unreachable %+v", r)
	}

	// An acknowledgement counts once; one from a member whose copy was
	// recorded as failed (the answer was lost) moves it to sent.
	update(t, db, func(tx *store.Tx) error {
		for _, m := range []*branchbot.Member{ms[0], ms[0], ms[1]} {
			if _, err := tx.AckBroadcast(b.ID, m.ID, tx.Now()); err != nil {
				return err
			}
		}
		_, err := tx.AckBroadcast(b.ID, 999, tx.Now())
		if !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("ack by a stranger: %v", err)
		}
		return nil
	})
	got, rs = readBroadcast(t, db, b.ID)
	if got.Sent != 2 || got.Failed != 0 || got.Unreachable != 1 || got.Acked != 2 {
		t.Errorf("counts after acks %+v", got)
	}
	if r := rs[ms[1].ID]; r.State != branchbot.RecipientSent || r.AckedAt.IsZero() || r.Why != "" {
		t.Errorf("acked after failure %+v", r)
	}
	// A late MarkSent of a copy already settled changes nothing.
	update(t, db, func(tx *store.Tx) error {
		return tx.MarkSent(&queued[1], branchbot.Delivery{ChatID: queued[1].ChatID, MessageID: 8, SentAt: tx.Now()})
	})
	if again, _ := readBroadcast(t, db, b.ID); !reflect.DeepEqual(again, got) {
		t.Errorf("late MarkSent changed %+v into %+v", got, again)
	}
}

func TestBroadcastIndexes(t *testing.T) {
	db, clk := newDBClock(t)
	ms := createMembers(t, db, "甲")
	draft := &branchbot.Broadcast{Kind: branchbot.BroadcastNotice, State: branchbot.BroadcastDraft, Text: "草稿"}
	update(t, db, func(tx *store.Tx) error { return tx.CreateBroadcast(draft) })
	sent := sendBroadcast(t, db, ms)
	clk.Advance(time.Hour)
	dir := &branchbot.Broadcast{Kind: branchbot.BroadcastDirective, Text: "指示"}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateBroadcast(dir); err != nil {
			return err
		}
		dir.State, dir.SentAt = branchbot.BroadcastSent, tx.Now()
		if err := tx.PutRecipient(&branchbot.Recipient{BroadcastID: dir.ID, MemberID: ms[0].ID, State: branchbot.RecipientSent}); err != nil {
			return err
		}
		return tx.PutBroadcast(dir)
	})
	view(t, db, func(tx *store.Tx) error {
		recent, err := tx.RecentBroadcasts(10)
		if err != nil || len(recent) != 2 || recent[0].ID != dir.ID || recent[1].ID != sent.ID {
			t.Errorf("recent %v %v", recent, err)
		}
		open, err := tx.OpenBroadcasts()
		if err != nil || len(open) != 2 || open[0].ID != sent.ID {
			t.Errorf("open %v %v", open, err)
		}
		ds, err := tx.Directives(ms[0].ID, t0)
		if err != nil || len(ds) != 1 || ds[0].Broadcast.ID != dir.ID || ds[0].Recipient.State != branchbot.RecipientSent {
			t.Errorf("directives %+v %v", ds, err)
		}
		if ds, _ := tx.Directives(ms[0].ID, t0.Add(2*time.Hour)); len(ds) != 0 {
			t.Errorf("directives sent before since: %+v", ds)
		}
		return nil
	})
	// Reporting closes a broadcast.
	update(t, db, func(tx *store.Tx) error {
		b, err := tx.Broadcast(sent.ID)
		if err != nil {
			return err
		}
		b.ReportedAt = tx.Now()
		return tx.PutBroadcast(b)
	})
	view(t, db, func(tx *store.Tx) error {
		if open, _ := tx.OpenBroadcasts(); len(open) != 1 || open[0].ID != dir.ID {
			t.Errorf("open after report %v", open)
		}
		return nil
	})
}

// TestMigrateToBroadcasts opens a file of schema 2, from before
// broadcasts, and finds it migrated with its data kept.
func TestMigrateToBroadcasts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	createMembers(t, db, "老成员")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Make it what schema 2 wrote.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"broadcasts", "broadcast_recipients", "broadcasts_open"} {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	setSchema(t, path, 2)

	db = openAt(t, path)
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migration", got)
	}
	ms := createMembers(t, db, "新成员")
	sendBroadcast(t, db, ms)
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.MemberByName("老成员"); err != nil {
			t.Errorf("old member lost: %v", err)
		}
		return nil
	})
}

// schemaOf2 reads the schema version of an open database through a
// backup, since the file is locked.
func schemaOf2(t *testing.T, db *store.DB) uint64 {
	t.Helper()
	p := filepath.Join(t.TempDir(), "copy.db")
	if _, err := db.Backup(p); err != nil {
		t.Fatal(err)
	}
	return schemaOf(t, p)
}
