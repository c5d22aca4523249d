package branchbot

import (
	"testing"
	"time"
)

func pday(s string) Day {
	d, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		in          string
		months      int
		first, last string
		label       string
	}{
		{"2026-06-30", PeriodHalf, "2026-01-01", "2026-06-30", "2026-H1"},
		{"2026-07-01", PeriodHalf, "2026-07-01", "2026-12-31", "2026-H2"},
		{"2026-11-15", PeriodQuarter, "2026-10-01", "2026-12-31", "2026-Q4"},
		{"2028-02-29", PeriodMonth, "2028-02-01", "2028-02-29", "2028-02"},
		{"2026-03-01", PeriodYear, "2026-01-01", "2026-12-31", "2026"},
		{"2026-03-01", 2, "2026-03-01", "2026-04-30", "2026-03..2026-04"},
	} {
		first, last := PeriodOf(pday(tc.in), tc.months)
		if first != pday(tc.first) || last != pday(tc.last) || PeriodLabel(first, tc.months) != tc.label {
			t.Errorf("PeriodOf(%s, %d) = %s..%s %q, want %s..%s %q", tc.in, tc.months, first, last, PeriodLabel(first, tc.months), tc.first, tc.last, tc.label)
		}
	}
	for in, want := range map[string]int{"month": 1, "quarter": 3, "half": 6, "year": 12, "6 months": 6, "半年": 6, "2个月": 2, "1 month": 1, "13 months": 0, "weekly": 0, "0 months": 0} {
		if got, ok := ParsePeriodMonths(in); got != want || ok != (want != 0) {
			t.Errorf("ParsePeriodMonths(%q) = %d, %v, want %d", in, got, ok, want)
		}
	}
	for in, want := range map[string][2]string{"2026-Q3": {"2026-07-01", "2026-09-30"}, "2026-02": {"2026-02-01", "2026-02-28"}, "2026-Q5": {}, "26-01": {}} {
		first, last, ok := ParseReportPeriod(in)
		if ok != (want[0] != "") || (ok && (first != pday(want[0]) || last != pday(want[1]))) {
			t.Errorf("ParseReportPeriod(%q) = %s..%s %v", in, first, last, ok)
		}
	}
}

// TestUncoveredAcrossABoundary: a talk on the last day of a half-year
// covers the member in that half and not in the next; a cancelled case,
// an open one and a contact visit cover nobody.
func TestUncoveredAcrossABoundary(t *testing.T) {
	a, b := &Member{ID: 1, Name: "甲"}, &Member{ID: 2, Name: "乙"}
	talked := &Case{ID: 1, Subject: 1, State: CaseDone, Log: []CaseLog{{Kind: LogTalk, Day: pday("2026-06-30")}}}
	open := &Case{ID: 2, Subject: 2, State: CaseOpen}
	visit := &Case{ID: 3, Kind: CaseContact, State: CaseDone, Assignee: 2, Log: []CaseLog{{Kind: LogTalk, Day: pday("2026-06-01")}}}
	cases := []*Case{talked, open, visit}
	h1f, h1l := PeriodOf(pday("2026-06-30"), PeriodHalf)
	if got := Uncovered([]*Member{a, b}, cases, h1f, h1l); len(got) != 1 || got[0] != b {
		t.Errorf("H1 uncovered: %v", got)
	}
	h2f, h2l := PeriodOf(pday("2026-07-01"), PeriodHalf)
	if got := Uncovered([]*Member{a, b}, cases, h2f, h2l); len(got) != 2 {
		t.Errorf("H2 uncovered: %v", got)
	}
	r := &CaseRules{Coverage: PeriodHalf}
	if _, _, show := r.CoverageWindow(pday("2026-05-31")); show {
		t.Error("coverage shown in May for a half ending in June")
	}
	if first, _, show := r.CoverageWindow(pday("2026-06-01")); !show || first != h1f {
		t.Error("coverage not shown in June")
	}
	if _, _, show := (&CaseRules{}).CoverageWindow(pday("2026-06-01")); show {
		t.Error("coverage shown when not configured")
	}
}

func TestContactVisitRemindsNearItsDue(t *testing.T) {
	r := &CaseRules{Calendar: WorkCalendar{Enabled: true}}
	first, last := PeriodOf(pday("2026-10-01"), PeriodQuarter)
	c := r.ContactVisit(&Contact{ID: 4, Cadre: 9, Kind: ContactVillage, Name: "东村"}, first, last, time.Now())
	// 2026-12-31 is a Thursday: five working days before it is the 24th.
	if c.Due != last || c.RemindFrom != pday("2026-12-24") || c.Assignee != 9 || c.Contact.Name != "东村" {
		t.Errorf("visit: %+v", c)
	}
	if r.RemindDue(c, first, pday("2026-12-23")) || !r.RemindDue(c, first, pday("2026-12-24")) {
		t.Error("reminders do not start on RemindFrom")
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]int64{"500": 50000, "500元": 50000, "¥200.5": 20050, "1,000.25": 100025, "0": 0, "abc": 0, "1.234": 0, "-5": 0} {
		if got, ok := ParseAmount(in); got != want || ok != (want != 0) {
			t.Errorf("ParseAmount(%q) = %d, %v", in, got, ok)
		}
	}
	if FormatCents(20050) != "200.50" || FormatCents(50000) != "500" {
		t.Error(FormatCents(20050), FormatCents(50000))
	}
}
