package ledger_test

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/ledger"
	"github.com/branchbot/branchbot/store"
)

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in, label, first, last string
		ok                     bool
	}{
		{"2026-12", "2026-12", "2026-12-01", "2026-12-31", true},
		{"2026-q1", "2026-Q1", "2026-01-01", "2026-03-31", true},
		{"2026-Q4", "2026-Q4", "2026-10-01", "2026-12-31", true},
		{"2026-13", "", "", "", false},
		{"2026-Q5", "", "", "", false},
		{"12-2026", "", "", "", false},
	} {
		p, ok := ledger.ParsePeriod(c.in)
		if ok != c.ok || (ok && (p.Label != c.label || p.First.String() != c.first || p.Last.String() != c.last)) {
			t.Errorf("ParsePeriod(%q) = %+v %v", c.in, p, ok)
		}
	}
}

// TestLedgerCommitteeScope: a committee member reads the whole branch's
// study but not the records kept by the secretaries; the benchmark's
// branch has the register's totals as formulas Excel computes the same
// as the ledger wrote them.
func TestLedgerCommitteeScope(t *testing.T) {
	db, o := benchBranch(t, 20)
	o.Viewer = &branchbot.Member{ID: 999, Role: branchbot.RoleCommittee}
	p, _ := ledger.ParsePeriod("2026-12")
	var data []byte
	if err := db.View(func(tx *store.Tx) (err error) { data, err = ledger.Bytes(tx, p, o); return err }); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 4 || got[3] != "签到表" {
		t.Fatalf("committee's sheets %v", got)
	}
	rows, _ := f.GetRows("学习台账")
	if members := len(rows) - 4; members < 20 {
		t.Errorf("%d rows of members, want all 20", members)
	}
	// Row 5 is the first member; AH is 已学, AM 应学.
	for _, ref := range []string{"AH5", "AM5", "AN5"} {
		written, _ := f.GetCellValue("学习台账", ref, excelize.Options{RawCellValue: true})
		computed, err := f.CalcCellValue("学习台账", ref, excelize.Options{RawCellValue: true})
		w, _ := strconv.ParseFloat(written, 64)
		c, _ := strconv.ParseFloat(computed, 64)
		if err != nil || written == "" || math.Abs(w-c) > 1e-9 {
			t.Errorf("%s: written %q, computed %q (%v)", ref, written, computed, err)
		}
	}
}

// TestHeadingsInBothLanguages: every heading has its Chinese and English.
func TestHeadingsInBothLanguages(t *testing.T) {
	for _, k := range append(ledger.AuditColumns, "sheet.summary", "sheet.study", "study.legend", "chart.study", "sheet.quiz", "quiz.score", "quiz.head") {
		zh, en := ledger.Heading(branchbot.LangZH, k), ledger.Heading(branchbot.LangEN, k)
		if zh == k || en == k || zh == en && k != "audit.tg" {
			t.Errorf("%s: %q / %q", k, zh, en)
		}
	}
}
