package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func auditOf(tb testing.TB, db *store.DB) []branchbot.AuditEntry {
	tb.Helper()
	var es []branchbot.AuditEntry
	view(tb, db, func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error { es = append(es, e); return nil })
	})
	return es
}

// TestStrangerAuditBounded: a stranger adds at most StrangerAuditEntries
// a day; the rest are counted in one entry when their window ends, and a
// new window has room again.
func TestStrangerAuditBounded(t *testing.T) {
	db, clk := newDBClock(t)
	const tg = 9001
	for range 100 {
		update(t, db, func(tx *store.Tx) error {
			return tx.Audit(branchbot.AuditEntry{ActorTG: tg, Action: "refused", Detail: "/broadcast from a stranger", Refused: true})
		})
		clk.Advance(time.Minute)
	}
	// Members' and system entries are never bounded.
	update(t, db, func(tx *store.Tx) error {
		for range 10 {
			if err := tx.Audit(branchbot.AuditEntry{ActorTG: 1001, ActorID: 1, Action: "invite"}); err != nil {
				return err
			}
			if err := tx.Audit(branchbot.AuditEntry{Action: "catchup"}); err != nil {
				return err
			}
		}
		return nil
	})
	if n := len(auditOf(t, db)); n != branchbot.StrangerAuditEntries+20 {
		t.Fatalf("%d entries, want %d", n, branchbot.StrangerAuditEntries+20)
	}

	clk.Advance(branchbot.StrangerWindow)
	update(t, db, func(tx *store.Tx) error {
		return tx.Audit(branchbot.AuditEntry{ActorTG: tg, Action: "refused", Detail: "again", Refused: true})
	})
	es := auditOf(t, db)
	if len(es) != branchbot.StrangerAuditEntries+22 {
		t.Fatalf("%d entries after the window, want the count and the new one", len(es))
	}
	sum, again := es[len(es)-2], es[len(es)-1]
	want := 100 - branchbot.StrangerAuditEntries
	if sum.Action != "stranger" || sum.ActorTG != tg || !strings.HasPrefix(sum.Detail, strconv.Itoa(want)+" more attempts not logged") {
		t.Errorf("summary %+v", sum)
	}
	if again.Detail != "again" {
		t.Errorf("last %+v", again)
	}
}

// TestStrangersSwept: the records of strangers who went away are closed
// (their count written) and removed by the next stranger's visit a window
// later, so they do not pile up.
func TestStrangersSwept(t *testing.T) {
	db, clk := newDBClock(t)
	for tg := int64(1); tg <= 50; tg++ {
		update(t, db, func(tx *store.Tx) error {
			for range 5 {
				if err := tx.Audit(branchbot.AuditEntry{ActorTG: 8000 + tg, Action: "join", Refused: true}); err != nil {
					return err
				}
			}
			_, err := tx.AnswerStranger(8000+tg, true)
			return err
		})
	}
	clk.Advance(branchbot.StrangerWindow + time.Minute)
	update(t, db, func(tx *store.Tx) error {
		ok, err := tx.AnswerStranger(9999, true)
		if !ok {
			t.Error("a new stranger may not be answered")
		}
		return err
	})
	summaries := 0
	for _, e := range auditOf(t, db) {
		if e.Action == "stranger" {
			summaries++
		}
	}
	if summaries != 50 {
		t.Errorf("%d summaries written by the sweep, want 50", summaries)
	}
	// A swept stranger starts afresh.
	update(t, db, func(tx *store.Tx) error {
		for _, want := range []bool{true, false} {
			if ok, err := tx.AnswerStranger(8001, true); err != nil || ok != want {
				t.Errorf("answer = %v, %v; want %v", ok, err, want)
			}
		}
		return nil
	})
}

func TestStrangerAnswers(t *testing.T) {
	db, clk := newDBClock(t)
	var got []bool
	update(t, db, func(tx *store.Tx) error {
		for _, onlyFirst := range []bool{true, true, false, false, false, true} {
			ok, err := tx.AnswerStranger(77, onlyFirst)
			if err != nil {
				return err
			}
			got = append(got, ok)
		}
		return nil
	})
	want := []bool{true, false, true, true, false, false} // 3 answers, the standing reply once
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("answers %v, want %v", got, want)
		}
	}
	clk.Advance(branchbot.StrangerWindow)
	update(t, db, func(tx *store.Tx) error {
		if ok, err := tx.AnswerStranger(77, true); err != nil || !ok {
			t.Errorf("next day: %v, %v", ok, err)
		}
		return nil
	})
}
