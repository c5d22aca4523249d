package branchbot

import (
	"testing"
	"time"
)

func TestStudyCountAndSilent(t *testing.T) {
	mon := pday("2026-11-23") // a Monday
	rules := StreakRules{Weekends: true}
	week := []DayStatus{DayDue, DayDue, DayPaused, DayBotMissed, DaySkip, DayDue, DayDue} // Sat, Sun rest
	var sum Rate
	for i, s := range week {
		sum = sum.Add(rules.StudyCount(mon+Day(i), s))
	}
	if sum != (Rate{0, 3}) {
		t.Errorf("week counts %+v, want 0 of 3 (leave, bot-missed and weekend not due)", sum)
	}
	if !rules.Silent(mon, week) {
		t.Error("a member with days due and none done is not silent")
	}
	week[1] = DayDone
	if rules.Silent(mon, week) {
		t.Error("a member who studied once is silent")
	}
	onLeave := []DayStatus{DayPaused, DayPaused, DayPaused, DayPaused, DayPaused, DayRest, DayRest}
	if rules.Silent(mon, onLeave) {
		t.Error("a member on leave all week is silent")
	}
	if rules.Silent(mon+5, []DayStatus{DayDue, DayDue}) {
		t.Error("a weekend with weekends off is silent")
	}
}

func TestRatePercentAndChange(t *testing.T) {
	if p, ok := (Rate{2, 3}).Percent(); !ok || p != 66 {
		t.Errorf("2 of 3 = %d %v", p, ok)
	}
	if _, ok := (Rate{}).Percent(); ok {
		t.Error("nothing due has a percentage")
	}
	if d, ok := (Rate{9, 10}).Change(Rate{7, 10}); !ok || d != 20 {
		t.Errorf("90%% after 70%%: %d %v", d, ok)
	}
	if _, ok := (Rate{9, 10}).Change(Rate{}); ok {
		t.Error("a change from nothing due")
	}
}

func TestParseWeekly(t *testing.T) {
	for in, want := range map[string]Weekly{
		"Mon 08:30":    {time.Monday, ClockTime{8, 30}},
		"monday 8:30":  {time.Monday, ClockTime{8, 30}},
		"周五 17:00":     {time.Friday, ClockTime{17, 0}},
		" sun  07:05 ": {time.Sunday, ClockTime{7, 5}},
	} {
		got, err := ParseWeekly(in)
		if err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Mon", "08:30", "Xyz 08:30", "Mon 25:00"} {
		if _, err := ParseWeekly(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
	w := Weekly{time.Monday, ClockTime{8, 30}}
	if got := w.LastDay(pday("2026-11-25")); got != pday("2026-11-23") {
		t.Errorf("last Monday on or before Wed 11-25: %s", got)
	}
	if got := w.LastDay(pday("2026-11-23")); got != pday("2026-11-23") {
		t.Errorf("last Monday on or before Mon 11-23: %s", got)
	}
	if WeekStart(pday("2026-11-29")) != pday("2026-11-23") {
		t.Error("the week of Sunday 11-29 starts on Monday 11-23")
	}
}

func TestPeriodsOfReports(t *testing.T) {
	f, l, label := MonthOf(pday("2026-02-14"))
	if f != pday("2026-02-01") || l != pday("2026-02-28") || label != "2026-02" {
		t.Errorf("Feb: %s %s %s", f, l, label)
	}
	f, l, label = QuarterOf(pday("2026-12-31"))
	if f != pday("2026-10-01") || l != pday("2026-12-31") || label != "2026-Q4" {
		t.Errorf("Q4: %s %s %s", f, l, label)
	}
}

func TestRankLeague(t *testing.T) {
	rows := []LeagueRow{
		{Group: "丙", Study: Rate{50, 100}, Attendance: Rate{5, 10}},                    // 50
		{Group: "甲", Study: Rate{90, 100}, Attendance: Rate{9, 10}, Talks: Rate{1, 1}}, // 93.3
		{Group: "乙", Study: Rate{90, 100}, Attendance: Rate{10, 10}},                   // 95
		{Group: "丁"}, // nothing due
		{Group: "戊", Study: Rate{80, 100}, Attendance: Rate{6, 10}, Talks: Rate{0, 0}}, // 70
		{Group: "己", Study: Rate{60, 100}, Attendance: Rate{4, 10}, Talks: Rate{1, 2}}, // 50
	}
	red, black := RankLeague(rows)
	var order []string
	for _, r := range rows {
		order = append(order, r.Group)
	}
	// 丙 and 己 tie at 50: 己 studied more.
	want := []string{"乙", "甲", "戊", "己", "丙", "丁"}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
	if len(red) != 1 || red[0].Group != "乙" {
		t.Errorf("red %v", red)
	}
	if len(black) != 2 || black[0].Group != "己" || black[1].Group != "丙" {
		t.Errorf("black %v", black)
	}
	same := []LeagueRow{{Group: "a", Study: Rate{1, 2}}, {Group: "b", Study: Rate{2, 4}}}
	if r, b := RankLeague(same); r != nil || b != nil {
		t.Errorf("equal groups named: %v %v", r, b)
	}
}

func TestTalkOnTime(t *testing.T) {
	loc := time.UTC
	first, last, _ := QuarterOf(pday("2026-11-01"))
	c := &Case{State: CaseDone, Due: pday("2026-11-10"), ClosedAt: pday("2026-11-10").Time(loc).Add(20 * time.Hour)}
	if got := TalkOnTime(c, first, last, loc); got != (Rate{1, 1}) {
		t.Errorf("logged on its due day: %+v", got)
	}
	c.ClosedAt = c.ClosedAt.Add(24 * time.Hour)
	if got := TalkOnTime(c, first, last, loc); got != (Rate{0, 1}) {
		t.Errorf("logged a day late: %+v", got)
	}
	c.State = CaseOpen
	if got := TalkOnTime(c, first, last, loc); got != (Rate{0, 1}) {
		t.Errorf("still open: %+v", got)
	}
	c.State = CaseCancelled
	if got := TalkOnTime(c, first, last, loc); got != (Rate{}) {
		t.Errorf("cancelled: %+v", got)
	}
	c.State, c.Due = CaseDone, pday("2027-01-02")
	if got := TalkOnTime(c, first, last, loc); got != (Rate{}) {
		t.Errorf("due next quarter: %+v", got)
	}
}
