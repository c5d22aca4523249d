package ledger_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/ledger"
	"github.com/branchbot/branchbot/store"
)

// benchBranch writes a branch of n members in 10 groups who studied most
// days of December 2026, with a note a week each and an audit entry
// each, and returns the database and the ledger's options on the 31st.
func benchBranch(tb testing.TB, n int) (*store.DB, ledger.Options) {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 12, 31, 20, 0, 0, 0, loc)
	db, err := store.Open(filepath.Join(tb.TempDir(), "bench.db"), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	first, _ := branchbot.ParseDay("2026-12-01")
	err = db.Update(func(tx *store.Tx) error {
		for i := range n {
			m := &branchbot.Member{Name: fmt.Sprintf("党员%04d", i), TelegramID: int64(10000 + i), Role: branchbot.RoleMember, Group: fmt.Sprintf("第%d党小组", i%10+1)}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			if err := tx.PutStudyPlan(&branchbot.StudyPlan{MemberID: m.ID, ChatID: m.TelegramID, Active: true, JoinedDay: first}); err != nil {
				return err
			}
			var month branchbot.StudyMonth
			for d := range 31 {
				st := branchbot.DayDone
				switch (i + d) % 9 {
				case 0:
					st = branchbot.DayDue
				case 1:
					st = branchbot.DayPaused
				}
				month.Days[d] = branchbot.StudyDay{Status: st, Nudged: (i+d)%7 == 0, Minutes: 10}
			}
			if err := tx.PutStudyMonth(m.ID, first, &month); err != nil {
				return err
			}
			for d := 0; d < 31; d += 7 {
				if err := tx.PutStudyNote(m.ID, first+branchbot.Day(d), "学习党章，体会很深。"); err != nil {
					return err
				}
			}
			if err := tx.Audit(branchbot.AuditEntry{ActorID: m.ID, Action: "join", Detail: fmt.Sprintf("#%d %s joined", m.ID, m.Name)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return db, ledger.Options{Branch: "测试支部", Lang: branchbot.LangZH, Location: loc, Now: now}
}

// BenchmarkLedgerMonth builds the ledger of a month of 1,000 members.
func BenchmarkLedgerMonth(b *testing.B) {
	db, o := benchBranch(b, 1000)
	p, _ := ledger.ParsePeriod("2026-12")
	b.ReportAllocs()
	var size int
	for b.Loop() {
		err := db.View(func(tx *store.Tx) error {
			data, err := ledger.Bytes(tx, p, o)
			size = len(data)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size), "bytes/file")
}
