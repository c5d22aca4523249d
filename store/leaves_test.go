package store_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestLeaves(t *testing.T) {
	db := newDB(t)
	ms := createMembers(t, db, "甲", "乙")
	const d0 = branchbot.Day(20_000)
	at := time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)
	update(t, db, func(tx *store.Tx) error {
		for _, l := range []branchbot.Leave{
			{From: d0 - 40, Until: d0 - 35, Reason: "上月出差", At: at},
			{From: d0 - 3, Until: d0 - 1, Reason: "生病住院", At: at},
			{From: d0 + 2, Reason: "探亲", At: at},
		} {
			if err := tx.PutLeave(ms[0].ID, l); err != nil {
				return err
			}
		}
		if err := tx.PutLeave(ms[1].ID, branchbot.Leave{From: d0, Until: d0 + 1, Reason: "培训"}); err != nil {
			return err
		}
		if err := tx.PutLeave(ms[1].ID, branchbot.Leave{From: d0, Until: d0 - 1, Reason: "x"}); !errors.Is(err, store.ErrLeaveWithoutDay) {
			t.Errorf("a leave ending before it begins: %v", err)
		}
		return nil
	})
	reasons := func(ls []branchbot.Leave) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Reason)
		}
		return out
	}
	view(t, db, func(tx *store.Tx) error {
		for _, c := range []struct {
			first, last branchbot.Day
			want        []string
		}{
			{d0 - 30, d0 + 10, []string{"生病住院", "探亲"}},
			{d0 - 1, d0 + 1, []string{"生病住院"}},
			{d0 + 100, d0 + 101, []string{"探亲"}}, // open-ended
			{d0 - 50, d0 - 36, []string{"上月出差"}},
			{d0 - 34, d0 - 4, nil},
		} {
			got, err := tx.Leaves(ms[0].ID, c.first, c.last)
			if err != nil {
				return err
			}
			if g := reasons(got); len(g) != len(c.want) || (len(g) > 0 && g[0] != c.want[0]) || (len(g) > 1 && g[1] != c.want[1]) {
				t.Errorf("Leaves(%s, %s) = %q, want %q", c.first, c.last, g, c.want)
			}
		}
		return nil
	})
	// Ending the open leave keeps its days; ending one before its first
	// day drops it.
	update(t, db, func(tx *store.Tx) error {
		if err := tx.EndLeave(ms[0].ID, d0+2, d0+5); err != nil {
			return err
		}
		if err := tx.EndLeave(ms[1].ID, d0, d0-1); err != nil {
			return err
		}
		return tx.EndLeave(ms[1].ID, d0-9, d0) // none kept: no error
	})
	view(t, db, func(tx *store.Tx) error {
		if got, _ := tx.Leaves(ms[0].ID, d0+6, d0+100); len(got) != 0 {
			t.Errorf("an ended leave still covers later days: %+v", got)
		}
		if got, _ := tx.Leaves(ms[0].ID, d0+5, d0+5); len(got) != 1 || got[0].Until != d0+5 || got[0].Reason != "探亲" || !got[0].At.Equal(at) {
			t.Errorf("ended leave: %+v", got)
		}
		if got, _ := tx.Leaves(ms[1].ID, 0, d0+100); len(got) != 0 {
			t.Errorf("a leave resumed before its first day is kept: %+v", got)
		}
		return nil
	})
}

// TestMigrateLeaves opens a schema 10 file, with no leaves bucket and a
// study plan of 40 bytes as it was written then: the bucket is made, the
// old plan decodes as it was with no first day of pause, and is written
// back in the new size.
func TestMigrateLeaves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	ms := createMembers(t, db, "甲")
	id := ms[0].ID
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// A schema 10 plan: chat 1001, active, paused until day 20010, at 07:45,
	// section 2, open on day 20000, done on 19999, joined on 19990.
	old := make([]byte, 40)
	copy(old[0:8], []byte{0, 0, 0, 0, 0, 0, 0x03, 0xe9})
	old[8] = 1 | 4
	old[9], old[10] = 0x01, 0xd1 // 465
	old[12] = 2
	put32 := func(off int, v uint32) {
		old[off], old[off+1], old[off+2], old[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put32(13, 20010)
	put32(17, 20000)
	put32(25, 19999)
	put32(33, 19990)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("study_leaves")); err != nil {
			return err
		}
		k := []byte{0, 0, 0, 0, 0, 0, 0, byte(id)}
		return tx.Bucket([]byte("study_plans")).Put(k, old)
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 10)

	db, err = store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migrating, want %d", got, store.SchemaVersion)
	}
	want := branchbot.StudyPlan{MemberID: id, ChatID: 1001, Active: true, Paused: true, PausedUntil: 20010,
		Minute: 465, Section: 2, DayOpen: 20000, DoneDay: 19999, JoinedDay: 19990}
	update(t, db, func(tx *store.Tx) error {
		p, err := tx.StudyPlan(id)
		if err != nil {
			return err
		}
		if *p != want {
			t.Errorf("old plan decodes as %+v, want %+v", *p, want)
		}
		p.PausedFrom = 20005
		if err := tx.PutStudyPlan(p); err != nil {
			return err
		}
		return tx.PutLeave(id, branchbot.Leave{From: 20005, Until: 20010, Reason: "出差"})
	})
	view(t, db, func(tx *store.Tx) error {
		p, err := tx.StudyPlan(id)
		if err != nil {
			return err
		}
		want.PausedFrom = 20005
		if *p != want {
			t.Errorf("plan written back reads %+v, want %+v", *p, want)
		}
		if ls, err := tx.Leaves(id, 20000, 20020); err != nil || len(ls) != 1 {
			t.Errorf("leaves after the migration: %+v, %v", ls, err)
		}
		return nil
	})
}
