package store_test

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// schema5Outbox takes the file at path back to schema 5, where the outbox,
// the failed list and the deliveries are JSON: it empties those buckets,
// writes the given values, JSON-encoded unless they are already []byte or
// string, and sets the schema version.
func schema5Outbox(t *testing.T, path string, outbox, failed map[uint64]any, keys map[string]any) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	encode := func(v any) []byte {
		switch v := v.(type) {
		case string:
			return []byte(v)
		case []byte:
			return v
		}
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"outbox", "outbox_failed", "out_keys"} {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return err
			}
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		// Failed messages keep the id the outbox's sequence gave them.
		var last uint64
		for name, recs := range map[string]map[uint64]any{"outbox": outbox, "outbox_failed": failed} {
			b := tx.Bucket([]byte(name))
			for id, v := range recs {
				if err := b.Put(binary.BigEndian.AppendUint64(nil, id), encode(v)); err != nil {
					return err
				}
				last = max(last, id)
			}
		}
		if err := tx.Bucket([]byte("outbox")).SetSequence(last); err != nil {
			return err
		}
		b := tx.Bucket([]byte("out_keys"))
		for k, v := range keys {
			if err := b.Put([]byte(k), encode(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 5)
}

// utcTimes returns o with its times in UTC, as the binary records give
// them back.
func utcTimes(o branchbot.Outgoing) branchbot.Outgoing {
	for _, t := range []*time.Time{&o.CreatedAt, &o.NotBefore, &o.Deadline, &o.FailedAt} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	return o
}

// TestMigrateOutboxToBinary opens a schema 5 file, whose outbox, failed
// list and deliveries are JSON, and reads every record back.
func TestMigrateOutboxToBinary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	db.Close()

	cst := time.FixedZone("CST", 8*3600)
	created := time.Date(2026, 3, 10, 7, 46, 0, 0, time.UTC)
	full := branchbot.Outgoing{
		ID: 1, Key: "broadcast/3/m7", ChatID: -1001234567890, MemberID: 7, Edit: 55, EditKey: "broadcast/3/progress",
		Text: "<b>通知</b>", ParseMode: "HTML", Entities: []branchbot.Entity{{Type: "bold", Offset: 0, Length: 2, Language: "zh"}},
		Photo: "AgAC", Document: "BQAC", Keyboard: [][]branchbot.Button{{{Text: "✅ 已学", Data: "v1:done"}}, {{Text: "链接", URL: "https://example.org"}}},
		KeyboardOnly: true, ReplyKey: "study/p/20522/m7/0", Live: "broadcast/3", Silent: true,
		CreatedAt: time.Date(2026, 3, 10, 15, 46, 0, 0, cst), NotBefore: created.Add(time.Minute), Deadline: created.Add(24 * time.Hour),
		Attempts: 2, LastError: "Too Many Requests",
	}
	// A live study prompt as the JSON encoding wrote it.
	prompt := `{"id":2,"key":"study/p/20522/m8/0","chat":5000000008,"member":8,"live":"study/prompt/20522/5/0/0","created":"2026-03-10T07:46:00Z"}`
	failed := branchbot.Outgoing{ID: 3, ChatID: 9, Text: "再见", CreatedAt: created, Attempts: 5, LastError: "Forbidden: bot was blocked by the user", FailedAt: created.Add(time.Hour)}
	delivered := branchbot.Delivery{ChatID: 5000000009, MessageID: 321, SentAt: created.Add(time.Second)}
	schema5Outbox(t, path,
		map[uint64]any{1: full, 2: prompt},
		map[uint64]any{3: failed},
		map[string]any{"study/p/20522/m8/0": "", "study/p/20521/m9/0": delivered, "broadcast/3/progress": branchbot.Delivery{ChatID: 1, MessageID: 2}})

	db = openAt(t, path)
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migrating, want %d", got, store.SchemaVersion)
	}
	view(t, db, func(tx *store.Tx) error {
		out, err := tx.Outbox(0, 10)
		if err != nil {
			return err
		}
		wantPrompt := branchbot.Outgoing{ID: 2, Key: "study/p/20522/m8/0", ChatID: 5000000008, MemberID: 8, Live: "study/prompt/20522/5/0/0", CreatedAt: created}
		if want := []branchbot.Outgoing{utcTimes(full), wantPrompt}; !reflect.DeepEqual(out, want) {
			t.Errorf("outbox after migrating:\n got %+v\nwant %+v", out, want)
		}
		if o, err := tx.Outgoing(2); err != nil || !reflect.DeepEqual(*o, wantPrompt) {
			t.Errorf("Outgoing(2) = %+v, %v; want %+v", o, err, wantPrompt)
		}
		fs, err := tx.FailedOutgoing(10)
		if err != nil {
			return err
		}
		if want := []branchbot.Outgoing{failed}; !reflect.DeepEqual(fs, want) {
			t.Errorf("failed after migrating:\n got %+v\nwant %+v", fs, want)
		}
		if d, ok := tx.Delivered("study/p/20521/m9/0"); !ok || d != delivered {
			t.Errorf("Delivered = %+v, %v; want %+v", d, ok, delivered)
		}
		if d, ok := tx.Delivered("broadcast/3/progress"); !ok || d != (branchbot.Delivery{ChatID: 1, MessageID: 2}) {
			t.Errorf("Delivered with no time = %+v, %v", d, ok)
		}
		if d, ok := tx.Delivered("study/p/20522/m8/0"); ok {
			t.Errorf("a queued key reads as delivered: %+v", d)
		}
		return nil
	})
	// The keys, queued or delivered, still make enqueueing idempotent.
	update(t, db, func(tx *store.Tx) error {
		for _, k := range []string{"study/p/20522/m8/0", "study/p/20521/m9/0"} {
			if enqueue(t, tx, &branchbot.Outgoing{Key: k, ChatID: 1, Text: "again"}) {
				t.Errorf("key %s enqueued again after migrating", k)
			}
		}
		if o := (&branchbot.Outgoing{ChatID: 1, Text: "new"}); !enqueue(t, tx, o) || o.ID != 4 {
			t.Errorf("a new message after migrating got id %d, want 4", o.ID)
		}
		return nil
	})
	db.Close()
	// The converted file passes Open's checks and holds the same records.
	db = openAt(t, path)
	if got := queued(t, db); len(got) != 3 || got[0].Text != full.Text || got[2].Text != "new" {
		t.Errorf("outbox after reopening: %+v", got)
	}
}

// TestMigrateOutboxRefusesBadRecord checks that a JSON record the
// migration cannot convert stops Open with ErrCorrupt and leaves the file
// as it was, rather than losing a message.
func TestMigrateOutboxRefusesBadRecord(t *testing.T) {
	tests := []struct {
		name   string
		outbox map[uint64]any
		keys   map[string]any
	}{
		{"message of the wrong shape", map[uint64]any{1: `{"id":"one","chat":1}`}, nil},
		{"delivery of the wrong shape", nil, map[string]any{"k": `[1,2]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "branch.db")
			db := openAt(t, path)
			db.Close()
			schema5Outbox(t, path, tt.outbox, nil, tt.keys)
			before := stateOf(t, path)
			db, err := store.Open(path, testOptions(newClock()))
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("Open: %v, want ErrCorrupt", err)
			}
			assertUnchanged(t, path, before)
		})
	}
}
