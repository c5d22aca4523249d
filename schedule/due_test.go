package schedule

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"

	// The tests name many zones; embed tzdata so that they also run on a
	// machine without /usr/share/zoneinfo. The system's copy wins if present.
	_ "time/tzdata"
)

// mustLoad loads an IANA zone or stops the test.
func mustLoad(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// mustTime parses an RFC 3339 instant or stops the test.
func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatalf("parse %s: %v", s, err)
	}
	return t
}

// clockAt is the clock time hour:minute.
func clockAt(hour, minute int) branchbot.ClockTime {
	return branchbot.ClockTime{Hour: hour, Minute: minute}
}

// date is a local calendar date.
type date struct {
	y int
	m time.Month
	d int
}

func (d date) String() string {
	return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// atCase is one expected firing: clock time clock on local date day in zone
// fires at the instant want.
type atCase struct {
	name  string
	zone  string
	day   date
	clock branchbot.ClockTime
	want  string // RFC 3339
}

// atCases covers ordinary days, the days the clocks change and the days
// around them. Zone facts are from the tzdata the tests run with (2025b).
var atCases = []atCase{
	// America/Los_Angeles: 2026-03-08 02:00 PST -> 03:00 PDT (10:00 UTC).
	{"LA day before spring forward", "America/Los_Angeles", date{2026, 3, 7}, clockAt(2, 30), "2026-03-07T10:30:00Z"},
	{"LA skipped 02:30 fires at 03:00 PDT", "America/Los_Angeles", date{2026, 3, 8}, clockAt(2, 30), "2026-03-08T10:00:00Z"},
	{"LA skipped 02:00 fires at 03:00 PDT", "America/Los_Angeles", date{2026, 3, 8}, clockAt(2, 0), "2026-03-08T10:00:00Z"},
	{"LA skipped 02:59 fires at 03:00 PDT", "America/Los_Angeles", date{2026, 3, 8}, clockAt(2, 59), "2026-03-08T10:00:00Z"},
	{"LA 01:59 before the gap", "America/Los_Angeles", date{2026, 3, 8}, clockAt(1, 59), "2026-03-08T09:59:00Z"},
	{"LA 03:00 after the gap", "America/Los_Angeles", date{2026, 3, 8}, clockAt(3, 0), "2026-03-08T10:00:00Z"},
	{"LA 03:01 after the gap", "America/Los_Angeles", date{2026, 3, 8}, clockAt(3, 1), "2026-03-08T10:01:00Z"},
	{"LA day after spring forward", "America/Los_Angeles", date{2026, 3, 9}, clockAt(2, 30), "2026-03-09T09:30:00Z"},
	// America/Los_Angeles: 2026-11-01 02:00 PDT -> 01:00 PST (09:00 UTC).
	{"LA day before fall back", "America/Los_Angeles", date{2026, 10, 31}, clockAt(1, 30), "2026-10-31T08:30:00Z"},
	{"LA repeated 01:30 fires at 01:30 PDT", "America/Los_Angeles", date{2026, 11, 1}, clockAt(1, 30), "2026-11-01T08:30:00Z"},
	{"LA repeated 01:00 fires at 01:00 PDT", "America/Los_Angeles", date{2026, 11, 1}, clockAt(1, 0), "2026-11-01T08:00:00Z"},
	{"LA repeated 01:59 fires at 01:59 PDT", "America/Los_Angeles", date{2026, 11, 1}, clockAt(1, 59), "2026-11-01T08:59:00Z"},
	{"LA 00:59 before the overlap", "America/Los_Angeles", date{2026, 11, 1}, clockAt(0, 59), "2026-11-01T07:59:00Z"},
	{"LA 02:00 after the overlap", "America/Los_Angeles", date{2026, 11, 1}, clockAt(2, 0), "2026-11-01T10:00:00Z"},
	{"LA day after fall back", "America/Los_Angeles", date{2026, 11, 2}, clockAt(1, 30), "2026-11-02T09:30:00Z"},
	{"LA midnight", "America/Los_Angeles", date{2026, 6, 1}, clockAt(0, 0), "2026-06-01T07:00:00Z"},
	{"LA last minute", "America/Los_Angeles", date{2026, 12, 31}, clockAt(23, 59), "2027-01-01T07:59:00Z"},
	// Asia/Shanghai: UTC+8 all year, no daylight saving.
	{"Shanghai on LA spring-forward date", "Asia/Shanghai", date{2026, 3, 8}, clockAt(2, 30), "2026-03-07T18:30:00Z"},
	{"Shanghai on LA fall-back date", "Asia/Shanghai", date{2026, 11, 1}, clockAt(1, 30), "2026-10-31T17:30:00Z"},
	{"Shanghai morning", "Asia/Shanghai", date{2026, 7, 1}, clockAt(7, 45), "2026-06-30T23:45:00Z"},
	{"Shanghai new year midnight", "Asia/Shanghai", date{2027, 1, 1}, clockAt(0, 0), "2026-12-31T16:00:00Z"},
	// Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST -> 01:00 GMT.
	{"London day before spring forward", "Europe/London", date{2026, 3, 28}, clockAt(1, 30), "2026-03-28T01:30:00Z"},
	{"London skipped 01:30 fires at 02:00 BST", "Europe/London", date{2026, 3, 29}, clockAt(1, 30), "2026-03-29T01:00:00Z"},
	{"London 00:59 before the gap", "Europe/London", date{2026, 3, 29}, clockAt(0, 59), "2026-03-29T00:59:00Z"},
	{"London 02:00 after the gap", "Europe/London", date{2026, 3, 29}, clockAt(2, 0), "2026-03-29T01:00:00Z"},
	{"London day after spring forward", "Europe/London", date{2026, 3, 30}, clockAt(1, 30), "2026-03-30T00:30:00Z"},
	{"London repeated 01:30 fires in BST", "Europe/London", date{2026, 10, 25}, clockAt(1, 30), "2026-10-25T00:30:00Z"},
	{"London 02:00 after the overlap", "Europe/London", date{2026, 10, 25}, clockAt(2, 0), "2026-10-25T02:00:00Z"},
	// Australia/Lord_Howe shifts by 30 minutes: 2026-10-04 02:00 +1030 -> 02:30 +11;
	// 2026-04-05 02:00 +11 -> 01:30 +1030.
	{"Lord Howe skipped 02:15 fires at 02:30", "Australia/Lord_Howe", date{2026, 10, 4}, clockAt(2, 15), "2026-10-03T15:30:00Z"},
	{"Lord Howe skipped 02:00 fires at 02:30", "Australia/Lord_Howe", date{2026, 10, 4}, clockAt(2, 0), "2026-10-03T15:30:00Z"},
	{"Lord Howe 01:59 before the gap", "Australia/Lord_Howe", date{2026, 10, 4}, clockAt(1, 59), "2026-10-03T15:29:00Z"},
	{"Lord Howe 02:30 after the gap", "Australia/Lord_Howe", date{2026, 10, 4}, clockAt(2, 30), "2026-10-03T15:30:00Z"},
	{"Lord Howe day before the gap", "Australia/Lord_Howe", date{2026, 10, 3}, clockAt(2, 15), "2026-10-02T15:45:00Z"},
	{"Lord Howe day after the gap", "Australia/Lord_Howe", date{2026, 10, 5}, clockAt(2, 15), "2026-10-04T15:15:00Z"},
	{"Lord Howe repeated 01:45 fires at +11", "Australia/Lord_Howe", date{2026, 4, 5}, clockAt(1, 45), "2026-04-04T14:45:00Z"},
	{"Lord Howe 02:00 after the overlap", "Australia/Lord_Howe", date{2026, 4, 5}, clockAt(2, 0), "2026-04-04T15:30:00Z"},
	// America/Santiago skips midnight: 2026-09-05 24:00 -04 -> 2026-09-06 01:00 -03;
	// it repeats 23:00-24:00 on 2026-04-04.
	{"Santiago skipped midnight fires at 01:00", "America/Santiago", date{2026, 9, 6}, clockAt(0, 0), "2026-09-06T04:00:00Z"},
	{"Santiago skipped 00:30 fires at 01:00", "America/Santiago", date{2026, 9, 6}, clockAt(0, 30), "2026-09-06T04:00:00Z"},
	{"Santiago 01:00 after the gap", "America/Santiago", date{2026, 9, 6}, clockAt(1, 0), "2026-09-06T04:00:00Z"},
	{"Santiago 23:59 before the gap", "America/Santiago", date{2026, 9, 5}, clockAt(23, 59), "2026-09-06T03:59:00Z"},
	{"Santiago repeated 23:30 fires at -03", "America/Santiago", date{2026, 4, 4}, clockAt(23, 30), "2026-04-05T02:30:00Z"},
	{"Santiago midnight after the overlap", "America/Santiago", date{2026, 4, 5}, clockAt(0, 0), "2026-04-05T04:00:00Z"},
	// America/Havana skips midnight: 2026-03-08 00:00 CST -> 01:00 CDT;
	// it repeats 00:00-01:00 on 2026-11-01.
	{"Havana skipped 00:30 fires at 01:00 CDT", "America/Havana", date{2026, 3, 8}, clockAt(0, 30), "2026-03-08T05:00:00Z"},
	{"Havana repeated 00:30 fires in CDT", "America/Havana", date{2026, 11, 1}, clockAt(0, 30), "2026-11-01T04:30:00Z"},
	// America/Nuuk skips the last hour of 2026-03-28 (22:59:59 -02 -> 00:00 -01
	// on the 29th): there is no instant after the gap on the 28th, so the
	// skipped times fire at the last minute before the jump.
	{"Nuuk skipped 23:30 fires at 22:59 the same day", "America/Nuuk", date{2026, 3, 28}, clockAt(23, 30), "2026-03-29T00:59:00Z"},
	{"Nuuk 22:59 before the gap", "America/Nuuk", date{2026, 3, 28}, clockAt(22, 59), "2026-03-29T00:59:00Z"},
	{"Nuuk midnight after the gap", "America/Nuuk", date{2026, 3, 29}, clockAt(0, 0), "2026-03-29T01:00:00Z"},
	{"Nuuk 23:30 the next day", "America/Nuuk", date{2026, 3, 29}, clockAt(23, 30), "2026-03-30T00:30:00Z"},
	{"Nuuk repeated 23:30 fires at -01", "America/Nuuk", date{2026, 10, 24}, clockAt(23, 30), "2026-10-25T00:30:00Z"},
	// The last days of leap years served by a zone's TZ rule, where
	// time.Time.ZoneBounds reports a wrong end (https://go.dev/issue/81583).
	// Host tzdata lists transitions to 2037, Go's embedded copy to about 2007.
	{"LA last day of leap year 2040", "America/Los_Angeles", date{2040, 12, 31}, clockAt(7, 45), "2040-12-31T15:45:00Z"},
	{"LA day before last of 2040", "America/Los_Angeles", date{2040, 12, 30}, clockAt(20, 0), "2040-12-31T04:00:00Z"},
	{"Sydney last day of leap year 2040", "Australia/Sydney", date{2040, 12, 31}, clockAt(11, 3), "2040-12-31T00:03:00Z"},
	{"Sydney last day of leap year 2028", "Australia/Sydney", date{2028, 12, 31}, clockAt(11, 3), "2028-12-31T00:03:00Z"},
	{"Shanghai last day of leap year 2040", "Asia/Shanghai", date{2040, 12, 31}, clockAt(7, 45), "2040-12-30T23:45:00Z"},
}

func TestAt(t *testing.T) {
	for _, tt := range atCases {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			want := mustTime(t, tt.want)
			got := At(tt.day.y, tt.day.m, tt.day.d, tt.clock, loc)
			if !got.Equal(want) {
				t.Errorf("At(%v, %v, %s) = %v (%v), want %v (%v)",
					tt.day, tt.clock, tt.zone, got.UTC(), got, want, want.In(loc))
			}
			if got.Location() != loc {
				t.Errorf("At returned a time in %v, want %v", got.Location(), loc)
			}
			if y, m, d := LocalDate(got, loc); (date{y, m, d}) != tt.day {
				t.Errorf("At(%v, %v) fell on local date %v", tt.day, tt.clock, date{y, m, d})
			}
		})
	}
}

// TestAtDateThatDoesNotExist pins the documented exception: Samoa skipped
// 2011-12-30 entirely, jumping from 23:59:59 on the 29th (-10) to 00:00 on
// the 31st (+14).
func TestAtDateThatDoesNotExist(t *testing.T) {
	loc := mustLoad(t, "Pacific/Apia")
	tests := []struct {
		name  string
		day   date
		clock branchbot.ClockTime
		want  string
	}{
		{"skipped date fires at the last minute before the jump", date{2011, 12, 30}, clockAt(7, 45), "2011-12-30T09:59:00Z"},
		{"day before", date{2011, 12, 29}, clockAt(7, 45), "2011-12-29T17:45:00Z"},
		{"day after", date{2011, 12, 31}, clockAt(7, 45), "2011-12-30T17:45:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := At(tt.day.y, tt.day.m, tt.day.d, tt.clock, loc)
			if want := mustTime(t, tt.want); !got.Equal(want) {
				t.Errorf("At(%v, %v) = %v (%v), want %v", tt.day, tt.clock, got.UTC(), got, want)
			}
		})
	}
}

func TestNextChange(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	jump := mustTime(t, "2026-03-08T10:00:00Z").Unix() // 02:00 PST -> 03:00 PDT
	pst := -8 * 60 * 60
	tests := []struct {
		name string
		s, u int64
		want int64
	}{
		{"change inside", jump - 86400, jump + 3600, jump},
		{"change at u", jump - 86400, jump, jump},
		{"change just after s", jump - 1, jump + 86400, jump},
		{"no change up to u", jump - 86400, jump - 1, jump},
		{"no change, far from any", jump - 5*86400, jump - 4*86400, jump - 4*86400 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextChange(tt.s, tt.u, pst, la); got != tt.want {
				t.Errorf("nextChange = %v, want %v", time.Unix(got, 0).UTC(), time.Unix(tt.want, 0).UTC())
			}
		})
	}
}

// localDay returns the instants, one a minute, that fall on local date day
// in loc.
func localDay(day date, loc *time.Location) []time.Time {
	midnight := time.Date(day.y, day.m, day.d, 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for u := midnight.Add(-15 * time.Hour); u.Before(midnight.Add(39 * time.Hour)); u = u.Add(time.Minute) {
		if y, m, d := LocalDate(u, loc); (date{y, m, d}) == day {
			out = append(out, u)
		}
	}
	return out
}

// TestDueTodayFiresOncePerDay checks the rule members rely on: polled every
// minute of the local day, DueToday turns due exactly once, at the expected
// instant, and stays due until the day ends.
func TestDueTodayFiresOncePerDay(t *testing.T) {
	for _, tt := range atCases {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			want := mustTime(t, tt.want)
			var fired []time.Time
			wasDue := false
			for _, now := range localDay(tt.day, loc) {
				at, due := DueToday(now, tt.clock, loc)
				if !at.Equal(want) {
					t.Fatalf("DueToday(%v) at = %v, want %v", now, at, want)
				}
				if due && !wasDue {
					fired = append(fired, now)
				}
				if wasDue && !due {
					t.Fatalf("DueToday(%v) stopped being due", now)
				}
				wasDue = due
			}
			if len(fired) != 1 || !fired[0].Equal(want) {
				t.Errorf("fired at %v, want exactly once at %v", fired, want)
			}
		})
	}
}

func TestDueToday(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	shanghai := mustLoad(t, "Asia/Shanghai")
	tests := []struct {
		name    string
		now     string
		clock   branchbot.ClockTime
		loc     *time.Location
		wantAt  string
		wantDue bool
	}{
		{"before the gap", "2026-03-08T09:59:00Z", clockAt(2, 30), la, "2026-03-08T10:00:00Z", false},
		{"at the jump", "2026-03-08T10:00:00Z", clockAt(2, 30), la, "2026-03-08T10:00:00Z", true},
		{"late on the previous local day", "2026-03-08T07:59:00Z", clockAt(2, 30), la, "2026-03-07T10:30:00Z", true},
		{"first 01:30 not reached", "2026-11-01T08:29:00Z", clockAt(1, 30), la, "2026-11-01T08:30:00Z", false},
		{"first 01:30 reached", "2026-11-01T08:30:00Z", clockAt(1, 30), la, "2026-11-01T08:30:00Z", true},
		{"second 01:30 is the same firing", "2026-11-01T09:30:00Z", clockAt(1, 30), la, "2026-11-01T08:30:00Z", true},
		{"Shanghai before", "2026-06-30T23:44:59Z", clockAt(7, 45), shanghai, "2026-06-30T23:45:00Z", false},
		{"Shanghai exactly", "2026-06-30T23:45:00Z", clockAt(7, 45), shanghai, "2026-06-30T23:45:00Z", true},
		{"Shanghai new local day", "2026-06-30T16:00:00Z", clockAt(7, 45), shanghai, "2026-06-30T23:45:00Z", false},
		{"now given in another zone", "2026-07-01T09:00:00+09:00", clockAt(7, 45), shanghai, "2026-06-30T23:45:00Z", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, due := DueToday(mustTime(t, tt.now), tt.clock, tt.loc)
			if want := mustTime(t, tt.wantAt); !at.Equal(want) || due != tt.wantDue {
				t.Errorf("DueToday(%s, %v) = %v, %v; want %v, %v", tt.now, tt.clock, at.UTC(), due, want, tt.wantDue)
			}
		})
	}
}

func TestLocalDate(t *testing.T) {
	tests := []struct {
		name string
		t    string
		zone string
		want date
	}{
		{"LA just before midnight", "2026-03-08T07:59:59Z", "America/Los_Angeles", date{2026, 3, 7}},
		{"LA midnight", "2026-03-08T08:00:00Z", "America/Los_Angeles", date{2026, 3, 8}},
		{"Shanghai is a day ahead", "2026-12-31T16:00:00Z", "Asia/Shanghai", date{2027, 1, 1}},
		{"UTC", "2026-12-31T16:00:00Z", "UTC", date{2026, 12, 31}},
		{"Havana day starts at 01:00", "2026-03-08T05:00:00Z", "America/Havana", date{2026, 3, 8}},
		{"Havana last instant before", "2026-03-08T04:59:59Z", "America/Havana", date{2026, 3, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, m, d := LocalDate(mustTime(t, tt.t), mustLoad(t, tt.zone))
			if got := (date{y, m, d}); got != tt.want {
				t.Errorf("LocalDate(%s, %s) = %v, want %v", tt.t, tt.zone, got, tt.want)
			}
		})
	}
}

// propertyZones are zones with varied rules: no daylight saving, one-hour,
// 30-minute and two-hour shifts, transitions at midnight and at the end of
// the day, and offsets that are not whole hours. Zones that skipped a whole
// date (Pacific/Apia, Pacific/Fakaofo in 2011) are left out: At's property
// does not hold for a date that does not exist.
var propertyZones = []string{
	"UTC", "Asia/Shanghai", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tehran",
	"America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "America/Santiago",
	"America/Havana", "America/Asuncion", "America/Nuuk", "America/Scoresbysund",
	"America/St_Johns", "Europe/London", "Europe/Berlin", "Europe/Moscow",
	"Atlantic/Azores", "Africa/Cairo", "Africa/Casablanca", "Asia/Beirut",
	"Asia/Gaza", "Australia/Lord_Howe", "Australia/Sydney", "Pacific/Auckland",
	"Pacific/Chatham", "Pacific/Norfolk", "Antarctica/Troll",
}

// bruteFire finds the firing instant of c on day in loc by scanning every
// minute, independently of At: the first minute whose local reading is c or
// later; inGap reports that the clock jumped over c. Offsets and transitions
// are whole minutes in every zone since 1972, so minutes suffice.
func bruteFire(day date, c branchbot.ClockTime, loc *time.Location) (at time.Time, inGap bool) {
	target := time.Date(day.y, day.m, day.d, c.Hour, c.Minute, 0, 0, time.UTC)
	for u := target.Add(-15 * time.Hour); u.Before(target.Add(15 * time.Hour)); u = u.Add(time.Minute) {
		l := u.In(loc)
		reads := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), 0, 0, time.UTC)
		if reads.Before(target) {
			continue
		}
		if reads.Equal(target) {
			return u.In(loc), false
		}
		if reads.YearDay() != target.YearDay() {
			// The jump landed on the next date: the last minute before it.
			u = u.Add(-time.Minute)
		}
		return u.In(loc), true
	}
	panic("bruteFire: no instant found")
}

// randomCase picks a zone, a date and a clock time. Half the picks land near
// one of the zone's transitions, where the rules matter.
func randomCase(r *rand.Rand, locs []*time.Location) (*time.Location, date, branchbot.ClockTime) {
	loc := locs[r.IntN(len(locs))]
	year := 2000 + r.IntN(61)
	instant := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	if r.IntN(2) == 0 {
		if _, end := instant.In(loc).ZoneBounds(); !end.IsZero() && end.Year() <= year+1 {
			instant = end.Add(time.Duration(r.IntN(2*60*60+1)-60*60) * time.Second)
		}
	}
	l := instant.In(loc)
	minute := l.Hour()*60 + l.Minute() + r.IntN(181) - 90
	minute = min(max(minute, 0), 24*60-1)
	return loc, date{l.Year(), l.Month(), l.Day()}, branchbot.ClockFromMinutes(minute)
}

// TestAtProperty checks, for many random zones, dates and clock times, that
// At returns an instant on the requested local date whose local clock reads
// c unless the clocks skip c that day, and that it agrees with a brute-force
// scan.
func TestAtProperty(t *testing.T) {
	locs := make([]*time.Location, len(propertyZones))
	for i, name := range propertyZones {
		locs[i] = mustLoad(t, name)
	}
	n := 2000
	if testing.Short() {
		n = 200
	}
	r := rand.New(rand.NewPCG(2026, 3))
	gaps := 0
	for range n {
		loc, day, c := randomCase(r, locs)
		got := At(day.y, day.m, day.d, c, loc)
		want, inGap := bruteFire(day, c, loc)
		name := loc.String() + " " + day.String() + " " + c.String()
		if y, m, d := LocalDate(got, loc); (date{y, m, d}) != day {
			t.Errorf("%s: At = %v, on local date %v", name, got, date{y, m, d})
		}
		l := got.In(loc)
		reads := clockAt(l.Hour(), l.Minute())
		if !inGap && (reads != c || l.Second() != 0 || l.Nanosecond() != 0) {
			t.Errorf("%s: At = %v, whose clock reads %v", name, got, l.Format(time.TimeOnly))
		}
		if !got.Equal(want) {
			t.Errorf("%s: At = %v, brute force = %v (in gap: %t)", name, got, want, inGap)
		}
		if inGap {
			gaps++
		}
	}
	// The picks near transitions must exercise the gap rule, or the
	// property says little.
	if gaps == 0 {
		t.Errorf("none of %d cases fell in a gap", n)
	}
	t.Logf("%d cases, %d in a gap", n, gaps)
}

func BenchmarkAt(b *testing.B) {
	la := mustLoad(b, "America/Los_Angeles")
	benchmarks := []struct {
		name  string
		day   date
		clock branchbot.ClockTime
	}{
		{"ordinary day", date{2026, 6, 15}, clockAt(7, 45)},
		{"skipped time", date{2026, 3, 8}, clockAt(2, 30)},
		{"repeated time", date{2026, 11, 1}, clockAt(1, 30)},
	}
	for _, bm := range benchmarks {
		b.Run(strings.ReplaceAll(bm.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				At(bm.day.y, bm.day.m, bm.day.d, bm.clock, la)
			}
		})
	}
}
