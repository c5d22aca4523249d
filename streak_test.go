package branchbot

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// statuses reads a compact record, one character a day: x done, . due,
// r rest, s skip, p paused, b bot-missed. Spaces are ignored so weeks can be
// grouped.
func statuses(s string) []DayStatus {
	var out []DayStatus
	for _, c := range s {
		switch c {
		case 'x':
			out = append(out, DayDone)
		case '.':
			out = append(out, DayDue)
		case 'r':
			out = append(out, DayRest)
		case 's':
			out = append(out, DaySkip)
		case 'p':
			out = append(out, DayPaused)
		case 'b':
			out = append(out, DayBotMissed)
		case ' ':
		default:
			panic("bad status " + string(c))
		}
	}
	return out
}

// compact writes statuses the way statuses reads them.
func compact(days []DayStatus) string {
	var b strings.Builder
	for _, s := range days {
		b.WriteByte("x.rspb"[map[DayStatus]int{DayDone: 0, DayDue: 1, DayRest: 2, DaySkip: 3, DayPaused: 4, DayBotMissed: 5}[s]])
	}
	return b.String()
}

func TestComputeStreaks(t *testing.T) {
	none := StreakRules{SkipBudget: -1}
	tests := []struct {
		name  string
		first string // first day of the record
		days  string // see statuses
		today string // empty: the last day of days
		rules StreakRules
		want  StreakStats
	}{
		{
			name:  "new member, today pending",
			first: "2026-11-25", days: ".",
			want: StreakStats{DueThisMonth: 1},
		},
		{
			name:  "new member, today done",
			first: "2026-11-25", days: "x",
			want: StreakStats{Current: 1, Longest: 1, DoneThisMonth: 1, DueThisMonth: 1},
		},
		{
			name:  "today before first",
			first: "2026-11-25", days: "", today: "2026-11-24",
			want: StreakStats{},
		},
		{
			name:  "ten days done",
			first: "2026-11-16", days: "xxxxxxxxxx",
			want: StreakStats{Current: 10, Longest: 10, DoneThisMonth: 10, DueThisMonth: 10},
		},
		{
			name:  "today pending does not break",
			first: "2026-11-20", days: "xxxxx.",
			want: StreakStats{Current: 5, Longest: 5, DoneThisMonth: 5, DueThisMonth: 6},
		},
		{
			name:  "today pending with the budget spent does not break",
			first: "2026-11-20", days: "..xxx.", rules: StreakRules{SkipBudget: 2},
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 3, DueThisMonth: 6, SkipsUsedThisMonth: 2},
		},
		{
			name:  "a miss within the budget is forgiven",
			first: "2026-11-20", days: "xxx.xx",
			want: StreakStats{Current: 5, Longest: 5, DoneThisMonth: 5, DueThisMonth: 6, SkipsUsedThisMonth: 1},
		},
		{
			name:  "two misses forgiven by default",
			first: "2026-11-18", days: "xx.xx.xx",
			want: StreakStats{Current: 6, Longest: 6, DoneThisMonth: 6, DueThisMonth: 8, SkipsUsedThisMonth: 2},
		},
		{
			name:  "the third miss in a month breaks",
			first: "2026-11-16", days: "xx.xx.xx.xx",
			want: StreakStats{Current: 2, Longest: 6, DoneThisMonth: 8, DueThisMonth: 11, SkipsUsedThisMonth: 2},
		},
		{
			name:  "no budget: the first miss breaks",
			first: "2026-11-20", days: "xxx.xx", rules: none,
			want: StreakStats{Current: 2, Longest: 3, DoneThisMonth: 5, DueThisMonth: 6},
		},
		{
			name:  "larger budget",
			first: "2026-11-16", days: "xx.xx.xx.xx", rules: StreakRules{SkipBudget: 3},
			want: StreakStats{Current: 8, Longest: 8, DoneThisMonth: 8, DueThisMonth: 11, SkipsUsedThisMonth: 3},
		},
		{
			name:  "a miss yesterday with no budget ends the streak at zero",
			first: "2026-11-20", days: "xxxxx..", rules: none,
			want: StreakStats{Current: 0, Longest: 5, DoneThisMonth: 5, DueThisMonth: 7},
		},
		{
			name: "the budget resets with the month",
			// Oct 28-31: three misses, the third breaks; Nov 1-2 missed
			// but forgiven by November's budget.
			first: "2026-10-27", days: "x...x ..xx",
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 2, DueThisMonth: 4, SkipsUsedThisMonth: 2},
		},
		{
			name: "each month has its own budget",
			// Oct 30-31 forgiven; Nov 1-3: two forgiven, the third breaks.
			first: "2026-10-29", days: "x.. ...xx",
			want: StreakStats{Current: 2, Longest: 2, DoneThisMonth: 2, DueThisMonth: 5, SkipsUsedThisMonth: 2},
		},
		{
			name: "a streak runs across the month boundary",
			// Oct 31 missed (October's budget), Nov 1 missed (November's).
			first: "2026-10-25", days: "xxxxxx. .xx",
			want: StreakStats{Current: 8, Longest: 8, DoneThisMonth: 2, DueThisMonth: 3, SkipsUsedThisMonth: 1},
		},
		{
			name: "year boundary",
			// Dec 30-31 forgiven by December, Jan 1 by January.
			first: "2026-12-28", days: "xx.. .x",
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 1, DueThisMonth: 2, SkipsUsedThisMonth: 1},
		},
		{
			name: "weekends are not due",
			// 2026-11-16 is a Monday. Weekends missed: not due, not skips.
			first: "2026-11-16", days: "xxxxx.. xxxxx.. x", rules: StreakRules{Weekends: true, SkipBudget: -1},
			want: StreakStats{Current: 11, Longest: 11, DoneThisMonth: 11, DueThisMonth: 11},
		},
		{
			name:  "without the weekend rule a weekend miss counts",
			first: "2026-11-16", days: "xxxxx.. xxxxx.. x", rules: none,
			want: StreakStats{Current: 1, Longest: 5, DoneThisMonth: 11, DueThisMonth: 15},
		},
		{
			name:  "studying on a weekend adds to the streak",
			first: "2026-11-16", days: "xxxxxx. xx", rules: StreakRules{Weekends: true, SkipBudget: -1},
			want: StreakStats{Current: 8, Longest: 8, DoneThisMonth: 8, DueThisMonth: 8},
		},
		{
			name: "today on a weekend, not done",
			// 2026-11-21 is a Saturday.
			first: "2026-11-16", days: "xxxxx.", rules: StreakRules{Weekends: true, SkipBudget: -1},
			want: StreakStats{Current: 5, Longest: 5, DoneThisMonth: 5, DueThisMonth: 5},
		},
		{
			name:  "rest days are not due",
			first: "2026-09-29", days: "xx....... .x", rules: StreakRules{SkipBudget: -1, RestDays: map[Day]bool{
				mustDay(t, "2026-10-01"): true, mustDay(t, "2026-10-02"): true, mustDay(t, "2026-10-03"): true,
				mustDay(t, "2026-10-04"): true, mustDay(t, "2026-10-05"): true, mustDay(t, "2026-10-06"): true,
				mustDay(t, "2026-10-07"): true, mustDay(t, "2026-10-08"): false,
			}},
			// Oct 8 is not a rest day (false in the map) and was missed.
			want: StreakStats{Current: 1, Longest: 2, DoneThisMonth: 1, DueThisMonth: 2},
		},
		{
			name:  "recorded rest, paused and bot-missed days neither add nor break",
			first: "2026-11-20", days: "xrpbxpp", rules: none,
			want: StreakStats{Current: 2, Longest: 2, DoneThisMonth: 2, DueThisMonth: 2},
		},
		{
			name:  "a member's own skips use the budget",
			first: "2026-11-20", days: "xsx.x.x",
			want: StreakStats{Current: 1, Longest: 3, DoneThisMonth: 4, DueThisMonth: 7, SkipsUsedThisMonth: 2},
		},
		{
			name:  "a member's skips past the budget are still honoured",
			first: "2026-11-20", days: "xsssx", rules: StreakRules{SkipBudget: 1},
			want: StreakStats{Current: 2, Longest: 2, DoneThisMonth: 2, DueThisMonth: 5, SkipsUsedThisMonth: 3},
		},
		{
			name:  "a skip today counts",
			first: "2026-11-20", days: "xxs",
			want: StreakStats{Current: 2, Longest: 2, DoneThisMonth: 2, DueThisMonth: 3, SkipsUsedThisMonth: 1},
		},
		{
			name:  "longest run is earlier",
			first: "2026-11-01", days: "xxxxxxx .x", rules: none,
			want: StreakStats{Current: 1, Longest: 7, DoneThisMonth: 8, DueThisMonth: 9},
		},
		{
			name:  "days missing from the record are due",
			first: "2026-11-20", days: "xxx", today: "2026-11-25", rules: none,
			want: StreakStats{Current: 0, Longest: 3, DoneThisMonth: 3, DueThisMonth: 6},
		},
		{
			name:  "days missing from the record can be forgiven",
			first: "2026-11-20", days: "xxx", today: "2026-11-25",
			// Nov 23-24 forgiven, Nov 25 (today) pending.
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 3, DueThisMonth: 6, SkipsUsedThisMonth: 2},
		},
		{
			name:  "days after today are ignored",
			first: "2026-11-20", days: "xxx.xxxx", today: "2026-11-22",
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 3, DueThisMonth: 3},
		},
		{
			name:  "this month counts only today's month",
			first: "2026-10-20", days: "xxxxxxxxxxxx xx",
			want: StreakStats{Current: 14, Longest: 14, DoneThisMonth: 2, DueThisMonth: 2},
		},
		{
			name:  "studying on a rest day counts as due and done",
			first: "2026-11-20", days: "xxx", rules: StreakRules{RestDays: map[Day]bool{mustDay(t, "2026-11-21"): true}},
			want: StreakStats{Current: 3, Longest: 3, DoneThisMonth: 3, DueThisMonth: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := mustDay(t, tt.first)
			days := statuses(tt.days)
			today := first + Day(len(days)) - 1
			if tt.today != "" {
				today = mustDay(t, tt.today)
			}
			got := ComputeStreaks(first, days, today, tt.rules)
			if got != tt.want {
				t.Errorf("ComputeStreaks(%s, %q, %s) =\n %+v, want\n %+v", first, tt.days, today, got, tt.want)
			}
			if got.Longest < got.Current || got.DoneThisMonth > got.DueThisMonth {
				t.Errorf("inconsistent stats %+v", got)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name  string
		first string
		days  string
		today string
		rules StreakRules
		want  string
	}{
		{
			name:  "budget covers the first misses of the month",
			first: "2026-11-20", days: "x...x.", today: "2026-11-25",
			want: "xss.x.",
		},
		{
			name:  "weekends become rest, not skips",
			first: "2026-11-20", days: "x...x.", today: "2026-11-25", rules: StreakRules{Weekends: true},
			// Nov 21-22 are a weekend; Nov 23 is forgiven; today stays due.
			want: "xrrsx.",
		},
		{
			name:  "rest days",
			first: "2026-11-20", days: ".", today: "2026-11-22",
			rules: StreakRules{SkipBudget: -1, RestDays: map[Day]bool{mustDay(t, "2026-11-21"): true}},
			want:  ".r.",
		},
		{
			name:  "recorded statuses are kept",
			first: "2026-11-20", days: "xrspb", today: "2026-11-24",
			want: "xrspb",
		},
		{
			name:  "today before first",
			first: "2026-11-20", days: "x", today: "2026-11-19",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rules.Resolve(mustDay(t, tt.first), statuses(tt.days), mustDay(t, tt.today))
			if s := compact(got); s != tt.want {
				t.Errorf("Resolve() = %q, want %q", s, tt.want)
			}
		})
	}
	t.Run("does not change its input", func(t *testing.T) {
		days := statuses("x..x")
		StreakRules{}.Resolve(mustDay(t, "2026-11-20"), days, mustDay(t, "2026-11-23"))
		if s := compact(days); s != "x..x" {
			t.Errorf("input became %q", s)
		}
	})
}

// TestResolveAgreesWithComputeStreaks recomputes the streaks from the
// resolved days with the simple rule (done adds, due before today breaks,
// anything else is neutral) over random records.
func TestResolveAgreesWithComputeStreaks(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	first := mustDay(t, "2026-01-01")
	for i := range 500 {
		n := 1 + rng.IntN(120)
		days := make([]DayStatus, n)
		for j := range days {
			days[j] = DayStatus(rng.IntN(6))
			if rng.IntN(2) == 0 {
				days[j] = DayDone
			}
		}
		today := first + Day(n-1+rng.IntN(3))
		rules := StreakRules{Weekends: i%2 == 0, SkipBudget: rng.IntN(4) - 1}
		res := rules.Resolve(first, days, today)
		cur, longest := 0, 0
		for j, s := range res {
			switch {
			case s == DayDone:
				cur++
				longest = max(longest, cur)
			case s == DayDue && first+Day(j) < today:
				cur = 0
			}
		}
		got := ComputeStreaks(first, days, today, rules)
		if got.Current != cur || got.Longest != longest {
			t.Fatalf("record %q, today %s, rules %+v: ComputeStreaks = %+v, Resolve gives current %d, longest %d",
				compact(days), today, rules, got, cur, longest)
		}
	}
}

func TestStrip(t *testing.T) {
	tests := []struct {
		name  string
		first string
		days  string
		today string
		n     int
		want  string
	}{
		{"all kinds", "2026-11-20", "x.rspbx", "2026-11-26", 7, "■□····■"},
		{"last n only", "2026-11-20", "...xxx", "2026-11-25", 3, "■■■"},
		{"before first is not due", "2026-11-24", "xx", "2026-11-25", 5, "···■■"},
		{"today pending shows empty", "2026-11-24", "x.", "2026-11-25", 2, "■□"},
		{"missing days are due", "2026-11-20", "x", "2026-11-22", 3, "■□□"},
		{"days after today are ignored", "2026-11-20", "xx..", "2026-11-21", 2, "■■"},
		{"zero", "2026-11-20", "xx", "2026-11-21", 0, ""},
		{"negative", "2026-11-20", "xx", "2026-11-21", -3, ""},
		{"today before first", "2026-11-20", "xx", "2026-11-18", 2, "··"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Strip(mustDay(t, tt.first), statuses(tt.days), mustDay(t, tt.today), tt.n)
			if got != tt.want {
				t.Errorf("Strip() = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("resolved", func(t *testing.T) {
		first, today := mustDay(t, "2026-11-16"), mustDay(t, "2026-11-25")
		days := statuses("xx.xxx.xx.")
		res := StreakRules{Weekends: true}.Resolve(first, days, today)
		if got, want := Strip(first, res, today, 10), "■■·■■■·■■□"; got != want {
			t.Errorf("Strip(Resolve()) = %q, want %q", got, want)
		}
	})
	t.Run("30 days", func(t *testing.T) {
		first := mustDay(t, "2026-01-01")
		today := mustDay(t, "2026-11-25")
		got := Strip(first, nil, today, 30)
		if n := len([]rune(got)); n != 30 {
			t.Errorf("Strip() has %d days, want 30", n)
		}
	})
}

func TestDayStatusString(t *testing.T) {
	tests := []struct {
		s    DayStatus
		want string
	}{
		{DayDue, "due"}, {DayDone, "done"}, {DayRest, "rest"}, {DaySkip, "skip"},
		{DayPaused, "paused"}, {DayBotMissed, "bot-missed"}, {DayStatus(42), "DayStatus(42)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

// memberYear is a year of one member's record: studied on most days, with
// weekends, holidays, a paused week and scattered misses.
func memberYear(b *testing.B) (Day, []DayStatus, Day, StreakRules) {
	first := mustDay(b, "2026-01-01")
	rng := rand.New(rand.NewPCG(17, 2026))
	days := make([]DayStatus, 365)
	for i := range days {
		switch r := rng.IntN(20); {
		case r < 16:
			days[i] = DayDone
		case r < 19:
			days[i] = DayDue
		default:
			days[i] = DayBotMissed
		}
	}
	for i := 200; i < 207; i++ {
		days[i] = DayPaused
	}
	rest := map[Day]bool{}
	for _, s := range []string{"2026-01-01", "2026-02-17", "2026-02-18", "2026-04-05", "2026-05-01",
		"2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05"} {
		rest[mustDay(b, s)] = true
	}
	return first, days, first + 364, StreakRules{RestDays: rest, Weekends: true}
}

func BenchmarkComputeStreaksMemberYear(b *testing.B) {
	first, days, today, rules := memberYear(b)
	b.ReportAllocs()
	for b.Loop() {
		ComputeStreaks(first, days, today, rules)
	}
}

func BenchmarkStripMemberYear(b *testing.B) {
	first, days, today, rules := memberYear(b)
	res := rules.Resolve(first, days, today)
	b.ReportAllocs()
	for b.Loop() {
		Strip(first, res, today, 30)
	}
}

// Folding a record in two at the start of a month gives what folding it
// whole gives, whatever the record, the rules and the month.
func TestComputeStreaksFromMark(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	statuses := []DayStatus{DayDone, DayDone, DayDone, DayDue, DayDue, DayPaused, DayBotMissed, DaySkip}
	for c := range 3000 {
		first := Day(20000 + rng.IntN(400))
		today := first + Day(rng.IntN(500))
		days := make([]DayStatus, max(0, int(today-first)+1-rng.IntN(3))) // the last days may have no record
		for i := range days {
			days[i] = statuses[rng.IntN(len(statuses))]
		}
		rules := StreakRules{Weekends: rng.IntN(2) == 0, SkipBudget: rng.IntN(4) - 1, RestDays: map[Day]bool{}}
		for range rng.IntN(10) {
			rules.RestDays[first+Day(rng.IntN(500))] = true
		}
		// A month start after first, up to today.
		y, m, _ := (first + Day(rng.IntN(int(today-first)+1))).Date()
		mark := dayOfDate(y, m+1, 1)
		if mark > today {
			continue
		}
		whole := ComputeStreaks(first, days, today, rules)
		_, fold := ComputeStreaksFrom(StreakFold{}, first, days, today, rules, mark)
		var rest []DayStatus
		if n := int(mark - first); n < len(days) {
			rest = days[n:]
		}
		part, _ := ComputeStreaksFrom(fold, mark, rest, today, rules, mark)
		if part != whole {
			t.Fatalf("case %d: first %s, mark %s, today %s: from the mark %+v, whole %+v", c, first, mark, today, part, whole)
		}
	}
}

func TestStreakMarkBinary(t *testing.T) {
	m := StreakMark{First: 20000, Upto: 20300, Rules: 0xdeadbeefcafef00d, StreakFold: StreakFold{Run: 123, Longest: 456}}
	b, _ := m.MarshalBinary()
	var back StreakMark
	if err := back.UnmarshalBinary(b); err != nil || back != m {
		t.Fatalf("round trip: %v %+v", err, back)
	}
	if err := back.UnmarshalBinary(b[:20]); !errors.Is(err, ErrBadRecord) {
		t.Errorf("short record: %v", err)
	}
}

func TestFingerprint(t *testing.T) {
	a := StreakRules{RestDays: map[Day]bool{20001: true, 20002: true}}
	b := StreakRules{RestDays: map[Day]bool{20002: true, 20001: true, 20003: false}}
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("the same rules have different fingerprints")
	}
	for _, c := range []StreakRules{
		{RestDays: map[Day]bool{20001: true}},
		{RestDays: a.RestDays, Weekends: true},
		{RestDays: a.RestDays, SkipBudget: 3},
	} {
		if c.Fingerprint() == a.Fingerprint() {
			t.Errorf("%+v has the fingerprint of %+v", c, a)
		}
	}
	if (StreakRules{SkipBudget: DefaultSkipBudget}).Fingerprint() != (StreakRules{}).Fingerprint() {
		t.Error("the default budget spelled out changes the fingerprint")
	}
}

func TestSettledMonth(t *testing.T) {
	for _, tt := range []struct{ today, want string }{
		{"2026-11-26", "2026-09-01"}, // 70 days before: 2026-09-17
		{"2026-03-12", "2026-01-01"}, // 2026-01-01 exactly
		{"2026-03-11", "2025-12-01"},
	} {
		today, _ := ParseDay(tt.today)
		if got := SettledMonth(today).String(); got != tt.want {
			t.Errorf("SettledMonth(%s) = %s, want %s", tt.today, got, tt.want)
		}
	}
}
