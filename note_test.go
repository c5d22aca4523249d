package branchbot

import "testing"

func TestNotesSpan(t *testing.T) {
	for _, tt := range []struct {
		name        string
		day         Day
		week        bool
		first, last Day
	}{
		{"no day: the last week", 0, false, d0 - 6, d0},
		{"no day, week", 0, true, d0 - 6, d0},
		{"a day", d0 - 10, false, d0 - 10, d0 - 10},
		{"a week ending on a day", d0 - 10, true, d0 - 16, d0 - 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if first, last := NotesSpan(tt.day, d0, tt.week); first != tt.first || last != tt.last {
				t.Errorf("NotesSpan = %s…%s, want %s…%s", first, last, tt.first, tt.last)
			}
		})
	}
}

func TestParseDayNear(t *testing.T) {
	day := func(s string) Day {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tt := range []struct {
		in, today, want string
	}{
		{"2026-12-05", "2026-11-25", "2026-12-05"},
		{"12-05", "2026-11-25", "2026-12-05"},
		{"12-5", "2026-11-25", "2026-12-05"},
		{"12/05", "2026-11-25", "2026-12-05"},
		{"12月5日", "2026-11-25", "2026-12-05"},
		{"01-05", "2026-12-20", "2027-01-05"},
		{"12-28", "2027-01-03", "2026-12-28"},
		{"11-01", "2026-11-25", "2026-11-01"},
		{"02-29", "2027-11-25", "2028-02-29"},
	} {
		got, err := ParseDayNear(tt.in, day(tt.today))
		if err != nil || got != day(tt.want) {
			t.Errorf("ParseDayNear(%q, %s) = %s, %v; want %s", tt.in, tt.today, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "出差", "13-01", "12-32", "2026-13-01", "123-1", "12-", "-5", "1.2.3"} {
		if d, err := ParseDayNear(bad, day("2026-11-25")); err == nil {
			t.Errorf("ParseDayNear(%q) = %s, want an error", bad, d)
		}
	}
}
