package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestAudit(t *testing.T) {
	db, c := newDBClock(t)
	given := t0.Add(-time.Hour)
	for i := range 5 {
		c.Advance(time.Minute)
		update(t, db, func(tx *store.Tx) error {
			e := branchbot.AuditEntry{ActorTG: 1001, ActorID: 1, Action: fmt.Sprint("action", i), Refused: i == 3}
			if i == 4 {
				e.Time = given
			}
			return tx.Audit(e)
		})
	}
	// A rolled-back entry leaves no trace and no gap in the sequence.
	_ = db.Update(func(tx *store.Tx) error {
		_ = tx.Audit(branchbot.AuditEntry{Action: "rolled back"})
		return errors.New("fail")
	})

	view(t, db, func(tx *store.Tx) error {
		var all []branchbot.AuditEntry
		if err := tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			all = append(all, e)
			return nil
		}); err != nil {
			return err
		}
		if len(all) != 5 {
			t.Fatalf("ForEachAudit saw %d entries, want 5", len(all))
		}
		for i, e := range all {
			wantTime := t0.Add(time.Duration(i+1) * time.Minute)
			if i == 4 {
				wantTime = given
			}
			if e.Seq != uint64(i+1) || e.Action != fmt.Sprint("action", i) || !e.Time.Equal(wantTime) || e.Refused != (i == 3) {
				t.Errorf("entry %d = %+v; want seq %d at %v", i, e, i+1, wantTime)
			}
		}

		tests := []struct {
			n    int
			want []uint64
		}{
			{0, nil},
			{1, []uint64{5}},
			{3, []uint64{5, 4, 3}},
			{50, []uint64{5, 4, 3, 2, 1}},
		}
		for _, tt := range tests {
			es, err := tx.LatestAudit(tt.n)
			if err != nil {
				return err
			}
			var seqs []uint64
			for _, e := range es {
				seqs = append(seqs, e.Seq)
			}
			if fmt.Sprint(seqs) != fmt.Sprint(tt.want) {
				t.Errorf("LatestAudit(%d) = %v, want %v", tt.n, seqs, tt.want)
			}
		}

		stop := errors.New("stop")
		seen := 0
		err := tx.ForEachAudit(func(branchbot.AuditEntry) error {
			seen++
			return stop
		})
		if !errors.Is(err, stop) || seen != 1 {
			t.Errorf("ForEachAudit = %v after %d entries, want stop after 1", err, seen)
		}
		return nil
	})

	update(t, db, func(tx *store.Tx) error { return tx.Audit(branchbot.AuditEntry{Action: "after rollback"}) })
	view(t, db, func(tx *store.Tx) error {
		es, err := tx.LatestAudit(1)
		if err == nil && (len(es) != 1 || es[0].Seq != 6) {
			t.Errorf("entry after a rolled-back one: %+v, want seq 6", es)
		}
		return err
	})
}
