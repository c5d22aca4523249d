package branchbot

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the machine's zoneinfo
)

func mustDay(t testing.TB, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDayOf(t *testing.T) {
	shanghai := mustLoc(t, "Asia/Shanghai")
	newYork := mustLoc(t, "America/New_York")
	tests := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"epoch", time.Unix(0, 0), time.UTC, "1970-01-01"},
		{"nil location is UTC", time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), nil, "2026-11-25"},
		{"last second of the day in Shanghai", time.Date(2026, 11, 25, 15, 59, 59, 999999999, time.UTC), shanghai, "2026-11-25"},
		{"midnight in Shanghai is 16:00 UTC", time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC), shanghai, "2026-11-26"},
		{"same instant in New York", time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC), newYork, "2026-11-25"},
		{"the zone of t does not matter", time.Date(2026, 11, 26, 0, 30, 0, 0, shanghai), time.UTC, "2026-11-25"},
		{"before 1970", time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC), time.UTC, "1969-12-31"},
		{"leap day", time.Date(2028, 2, 29, 12, 0, 0, 0, shanghai), shanghai, "2028-02-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DayOf(tt.t, tt.loc).String(); got != tt.want {
				t.Errorf("DayOf(%v) = %s, want %s", tt.t, got, tt.want)
			}
		})
	}
}

func TestDayNumbers(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want Day
		wd   time.Weekday
	}{
		{"epoch", "1970-01-01", 0, time.Thursday},
		{"day before the epoch", "1969-12-31", -1, time.Wednesday},
		{"a week before the epoch", "1969-12-25", -7, time.Thursday},
		{"reference day", "2026-11-25", 20782, time.Wednesday},
		{"leap day", "2028-02-29", 21243, time.Tuesday},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustDay(t, tt.s)
			if d != tt.want {
				t.Errorf("ParseDay(%q) = %d, want %d", tt.s, d, tt.want)
			}
			if got := d.String(); got != tt.s {
				t.Errorf("String() = %q, want %q", got, tt.s)
			}
			if got := d.Weekday(); got != tt.wd {
				t.Errorf("Weekday() = %v, want %v", got, tt.wd)
			}
		})
	}
}

func TestDayWeekdayAndDateAgreeWithTime(t *testing.T) {
	for d := mustDay(t, "1960-01-01"); d < mustDay(t, "2040-01-01"); d++ {
		tm := time.Unix(int64(d)*secondsPerDay, 0).UTC()
		if got, want := d.Weekday(), tm.Weekday(); got != want {
			t.Fatalf("%s: Weekday() = %v, want %v", d, got, want)
		}
		y, m, dd := d.Date()
		if wy, wm, wd := tm.Date(); y != wy || m != wm || dd != wd {
			t.Fatalf("%s: Date() = %d-%d-%d", d, y, m, dd)
		}
	}
}

func TestParseDayErrors(t *testing.T) {
	tests := []struct {
		name string
		s    string
	}{
		{"empty", ""},
		{"month 13", "2026-13-01"},
		{"February 30", "2026-02-30"},
		{"two-digit year", "26-11-25"},
		{"with a time", "2026-11-25T00:00:00Z"},
		{"slashes", "2026/11/25"},
		{"no padding", "2026-1-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d, err := ParseDay(tt.s); err == nil {
				t.Errorf("ParseDay(%q) = %s, want an error", tt.s, d)
			}
		})
	}
}

func FuzzParseDay(f *testing.F) {
	f.Add("2026-11-25")
	f.Add("1969-12-31")
	f.Add("0001-01-01")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDay(%q).String() = %q", s, got)
		}
	})
}

func TestDayTime(t *testing.T) {
	tests := []struct {
		name string
		zone string
		day  string
		want string // RFC 3339 in the zone
	}{
		{"Shanghai", "Asia/Shanghai", "2026-11-25", "2026-11-25T00:00:00+08:00"},
		{"UTC", "UTC", "2026-11-25", "2026-11-25T00:00:00Z"},
		{"before 1970", "UTC", "1969-12-31", "1969-12-31T00:00:00Z"},
		{"New York, DST starts at 2:00", "America/New_York", "2026-03-08", "2026-03-08T00:00:00-05:00"},
		{"Kathmandu +05:45", "Asia/Kathmandu", "2026-11-25", "2026-11-25T00:00:00+05:45"},
		{"Kiritimati +14", "Pacific/Kiritimati", "2026-11-25", "2026-11-25T00:00:00+14:00"},
		// Havana springs forward at midnight: 00:00 does not exist and
		// the day starts at 01:00 CDT.
		{"Havana, midnight skipped", "America/Havana", "2023-03-12", "2023-03-12T01:00:00-04:00"},
		// Havana falls back from 01:00 CDT to 00:00 CST: midnight happens
		// twice, and the day starts at the first one.
		{"Havana, midnight twice", "America/Havana", "2023-11-05", "2023-11-05T00:00:00-04:00"},
		// Santiago springs forward at 24:00 on Saturday: Sunday starts at
		// 01:00 -03.
		{"Santiago, Sunday starts at 01:00", "America/Santiago", "2025-09-07", "2025-09-07T01:00:00-03:00"},
		// Santiago falls back at 24:00 on Saturday to 23:00 -04: Saturday
		// gets an extra hour, and Sunday starts at 00:00 -04 after it.
		{"Santiago, fall back across midnight", "America/Santiago", "2025-04-06", "2025-04-06T00:00:00-04:00"},
		// Samoa skipped 2011-12-30 entirely; the first instant after it is
		// midnight of the 31st.
		{"Apia, skipped date", "Pacific/Apia", "2011-12-30", "2011-12-31T00:00:00+14:00"},
		{"Apia, day before the skip", "Pacific/Apia", "2011-12-29", "2011-12-29T00:00:00-10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoc(t, tt.zone)
			got := mustDay(t, tt.day).Time(loc)
			if s := got.Format(time.RFC3339); s != tt.want {
				t.Errorf("Time() = %s, want %s", s, tt.want)
			}
			if got.Location() != loc {
				t.Errorf("Time() is in %v, want %v", got.Location(), loc)
			}
		})
	}
	t.Run("nil location is UTC", func(t *testing.T) {
		if got := mustDay(t, "2026-11-25").Time(nil); !got.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("Time(nil) = %v", got)
		}
	})
}

// TestDayTimeIsFirstInstant checks, for every day of several decades in zones
// with odd transitions, that Time is on that day (or, for a date the zone
// skipped, on a later one) and the second before it is on an earlier one.
func TestDayTimeIsFirstInstant(t *testing.T) {
	zones := []struct {
		name    string
		skipped string // the one date the zone skipped in the range, if any
	}{
		{"Asia/Shanghai", ""}, {"UTC", ""}, {"America/New_York", ""}, {"Europe/London", ""},
		{"America/Havana", ""}, {"America/Santiago", ""}, {"Asia/Beirut", ""},
		{"Pacific/Apia", "2011-12-30"}, {"Australia/Lord_Howe", ""}, {"Asia/Kathmandu", ""},
		{"Pacific/Kiritimati", "1994-12-31"}, {"America/Sao_Paulo", ""}, {"Africa/Casablanca", ""},
	}
	from, to := mustDay(t, "1990-01-01"), mustDay(t, "2040-01-01")
	for _, zone := range zones {
		t.Run(zone.name, func(t *testing.T) {
			loc := mustLoc(t, zone.name)
			var skipped []string
			for d := from; d < to; d++ {
				start := d.Time(loc)
				switch got := DayOf(start, loc); {
				case got < d:
					t.Fatalf("%s: Time() = %v, on %s", d, start, got)
				case got > d:
					if got != d+1 || !start.Equal((d + 1).Time(loc)) {
						t.Fatalf("%s: Time() = %v, on %s", d, start, got)
					}
					skipped = append(skipped, d.String())
				}
				if before := DayOf(start.Add(-time.Second), loc); before >= d {
					t.Fatalf("%s: Time() = %v, but a second earlier is %s", d, start, before)
				}
			}
			if got := strings.Join(skipped, ","); got != zone.skipped {
				t.Errorf("skipped dates %q, want %q", got, zone.skipped)
			}
		})
	}
}
