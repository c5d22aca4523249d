package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestSetLastUpdateIDOnlyMovesForward(t *testing.T) {
	db := newDB(t)
	steps := []struct {
		set, want int64
	}{
		{0, 0},
		{10, 10},
		{11, 11},
		{5, 11},  // a redelivered old update
		{11, 11}, // the same one again
		{-1, 11},
		{1 << 40, 1 << 40},
	}
	for _, s := range steps {
		t.Run(fmt.Sprint("set ", s.set), func(t *testing.T) {
			update(t, db, func(tx *store.Tx) error { return tx.SetLastUpdateID(s.set) })
			view(t, db, func(tx *store.Tx) error {
				if got := tx.LastUpdateID(); got != s.want {
					t.Errorf("LastUpdateID() = %d, want %d", got, s.want)
				}
				return nil
			})
		})
	}
}

// TestUpdateIsAllOrNothing checks the exactly-once contract: a handler's
// effect, its replies and the update id commit together or not at all.
func TestUpdateIsAllOrNothing(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error { return tx.SetLastUpdateID(100) })

	// apply is what a handler does with update id: join a member, reply,
	// audit, and record the update, then fail or not.
	apply := func(id int64, fail error) error {
		return db.Update(func(tx *store.Tx) error {
			if id <= tx.LastUpdateID() {
				return nil // redelivered: already applied
			}
			m := &branchbot.Member{Name: fmt.Sprint("党员", id), TelegramID: id, Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			if _, err := tx.Enqueue(&branchbot.Outgoing{Key: fmt.Sprint("welcome/", id), ChatID: id, Text: "欢迎"}); err != nil {
				return err
			}
			if err := tx.Audit(branchbot.AuditEntry{ActorTG: id, Action: "join"}); err != nil {
				return err
			}
			if _, err := tx.Mark(fmt.Sprint("joined/", id)); err != nil {
				return err
			}
			if err := tx.SetLastUpdateID(id); err != nil {
				return err
			}
			return fail
		})
	}
	state := func() (last int64, members, queued, audit int) {
		view(t, db, func(tx *store.Tx) error {
			last = tx.LastUpdateID()
			ms, err := tx.Members()
			members = len(ms)
			queued, _ = tx.OutboxStats()
			es, _ := tx.LatestAudit(100)
			audit = len(es)
			return err
		})
		return
	}

	boom := errors.New("handler failed")
	if err := apply(101, boom); !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the handler's error", err)
	}
	if last, members, queued, audit := state(); last != 100 || members != 0 || queued != 0 || audit != 0 {
		t.Errorf("after a failed handler: last update %d, %d members, %d queued, %d audit entries; want 100 and nothing", last, members, queued, audit)
	}

	// Redelivered, the update applies now, once.
	for range 3 {
		if err := apply(101, nil); err != nil {
			t.Fatal(err)
		}
	}
	if last, members, queued, audit := state(); last != 101 || members != 1 || queued != 1 || audit != 1 {
		t.Errorf("after applying 101 three times: last update %d, %d members, %d queued, %d audit entries; want 101, 1, 1, 1", last, members, queued, audit)
	}
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.MemberByTelegramID(101); err != nil {
			t.Errorf("the applied update's member: %v", err)
		}
		return nil
	})
}

func TestRecordFailedUpdate(t *testing.T) {
	db, c := newDBClock(t)
	update(t, db, func(tx *store.Tx) error { return tx.SetLastUpdateID(50) })
	c.Advance(time.Minute)
	update(t, db, func(tx *store.Tx) error {
		return tx.RecordFailedUpdate(store.FailedUpdate{ID: 52, Reason: "panic: index out of range", Raw: []byte(`{"update_id":52}`)})
	})
	at := t0.Add(time.Hour)
	update(t, db, func(tx *store.Tx) error {
		// An older update failing later does not move the id back.
		return tx.RecordFailedUpdate(store.FailedUpdate{ID: 51, Time: at, Reason: "second"})
	})
	view(t, db, func(tx *store.Tx) error {
		if got := tx.LastUpdateID(); got != 52 {
			t.Errorf("LastUpdateID() = %d, want 52: a failed update counts as applied", got)
		}
		fs, err := tx.FailedUpdates()
		if err != nil {
			return err
		}
		if len(fs) != 2 {
			t.Fatalf("%d failed updates, want 2", len(fs))
		}
		if fs[0].ID != 51 || !fs[0].Time.Equal(at) || fs[0].Reason != "second" {
			t.Errorf("FailedUpdates()[0] = %+v", fs[0])
		}
		if fs[1].ID != 52 || !fs[1].Time.Equal(t0.Add(time.Minute)) || string(fs[1].Raw) != `{"update_id":52}` {
			t.Errorf("FailedUpdates()[1] = %+v", fs[1])
		}
		return nil
	})
}

func TestMark(t *testing.T) {
	db := newDB(t)
	mark := func(name string) bool {
		t.Helper()
		var fresh bool
		update(t, db, func(tx *store.Tx) error {
			var err error
			fresh, err = tx.Mark(name)
			return err
		})
		return fresh
	}
	if !mark("bootstrap/1001") {
		t.Error("first Mark reported false")
	}
	if mark("bootstrap/1001") {
		t.Error("second Mark reported true")
	}
	if !mark("bootstrap/1002") {
		t.Error("Mark of another name reported false")
	}
	update(t, db, func(tx *store.Tx) error {
		if fresh, err := tx.Mark("x"); !fresh || err != nil {
			t.Errorf("Mark = %v, %v; want true", fresh, err)
		}
		if fresh, err := tx.Mark("x"); fresh || err != nil {
			t.Errorf("Mark in the same transaction = %v, %v; want false", fresh, err)
		}
		return nil
	})
	// A rolled-back mark is not a mark.
	_ = db.Update(func(tx *store.Tx) error {
		_, _ = tx.Mark("rolled back")
		return errors.New("fail")
	})
	if !mark("rolled back") {
		t.Error("Mark after a rolled-back Mark reported false")
	}
	// Marks live beside the schema version and the last update id
	// without disturbing them.
	view(t, db, func(tx *store.Tx) error {
		if tx.LastUpdateID() != 0 {
			t.Errorf("LastUpdateID() = %d after marks", tx.LastUpdateID())
		}
		return nil
	})
}

func TestBatch(t *testing.T) {
	db := newDB(t)
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- db.Batch(func(tx *store.Tx) error {
				_, err := tx.Enqueue(&branchbot.Outgoing{Key: fmt.Sprint("batch/", i), ChatID: int64(i), Text: "x"})
				return err
			})
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := queued(t, db); len(got) != n {
		t.Errorf("%d messages queued by %d Batch calls", len(got), n)
	}
}
