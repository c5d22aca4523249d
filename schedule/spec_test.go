package schedule

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/branchbot/branchbot"
)

// mustParseSpec parses a spec or stops the test.
func mustParseSpec(tb testing.TB, s string, loc *time.Location) *Spec {
	tb.Helper()
	sp, err := ParseSpec(s, loc)
	if err != nil {
		tb.Fatalf("ParseSpec(%q): %v", s, err)
	}
	return sp
}

func TestParseSpec(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	tests := []struct {
		name       string
		in         string
		defaultLoc *time.Location
		wantString string
		wantZone   string
	}{
		{"default zone", "30 2 * * *", la, "CRON_TZ=America/Los_Angeles 30 2 * * *", "America/Los_Angeles"},
		{"CRON_TZ prefix", "CRON_TZ=Asia/Shanghai 45 7 * * 1-5", la, "CRON_TZ=Asia/Shanghai 45 7 * * 1-5", "Asia/Shanghai"},
		{"CRON_TZ without a default", "CRON_TZ=Asia/Shanghai 45 7 * * *", nil, "CRON_TZ=Asia/Shanghai 45 7 * * *", "Asia/Shanghai"},
		{"TZ prefix", "TZ=Europe/London 0 9 * * *", la, "CRON_TZ=Europe/London 0 9 * * *", "Europe/London"},
		{"extra spaces", "  CRON_TZ=UTC   0  9 *\t* *  ", la, "CRON_TZ=UTC 0 9 * * *", "UTC"},
		{"names and steps", "*/15 9-17 * jan-mar mon-fri", la, "CRON_TZ=America/Los_Angeles */15 9-17 * jan-mar mon-fri", "America/Los_Angeles"},
		{"lists", "0,30 7,19 1,15 * *", la, "CRON_TZ=America/Los_Angeles 0,30 7,19 1,15 * *", "America/Los_Angeles"},
		{"leap day", "0 0 29 2 *", la, "CRON_TZ=America/Los_Angeles 0 0 29 2 *", "America/Los_Angeles"},
		{"31st in some months", "0 0 31 2,3 *", la, "CRON_TZ=America/Los_Angeles 0 0 31 2,3 *", "America/Los_Angeles"},
		{"day of month or of week", "0 0 30 2 1", la, "CRON_TZ=America/Los_Angeles 0 0 30 2 1", "America/Los_Angeles"},
		{"question mark", "0 12 ? * 0", la, "CRON_TZ=America/Los_Angeles 0 12 ? * 0", "America/Los_Angeles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := mustParseSpec(t, tt.in, tt.defaultLoc)
			if got := sp.String(); got != tt.wantString {
				t.Errorf("String() = %q, want %q", got, tt.wantString)
			}
			if got := sp.Location().String(); got != tt.wantZone {
				t.Errorf("Location() = %s, want %s", got, tt.wantZone)
			}
		})
	}
}

func TestParseSpecErrors(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	tests := []struct {
		name       string
		in         string
		defaultLoc *time.Location
		wantField  string
		wantMsg    string // the whole message, or a prefix ending in ": "
	}{
		{"minute out of range", "61 7 * * *", la, "minute", `cron spec "61 7 * * *": minute: 61 out of range 0-59`},
		{"hour out of range", "0 24 * * *", la, "hour", `cron spec "0 24 * * *": hour: 24 out of range 0-23`},
		{"hour range end out of range", "0 7-25 * * *", la, "hour", `cron spec "0 7-25 * * *": hour: 25 out of range 0-23`},
		{"day of month zero", "0 7 0 * *", la, "day of month", `cron spec "0 7 0 * *": day of month: 0 out of range 1-31`},
		{"month 13", "0 7 * 13 *", la, "month", `cron spec "0 7 * 13 *": month: 13 out of range 1-12`},
		{"day of week 7", "0 7 * * 7", la, "day of week", `cron spec "0 7 * * 7": day of week: 7 out of range 0-6 (Sunday is 0)`},
		{"not a number", "x 7 * * *", la, "minute", `cron spec "x 7 * * *": minute: failed to parse int from x: `},
		{"zero step", "0 7 */0 * *", la, "day of month", `cron spec "0 7 */0 * *": day of month: step of range should be a positive number: */0`},
		{"backward range", "0 7 5-1 * *", la, "day of month", `cron spec "0 7 5-1 * *": day of month: beginning of range (5) beyond end of range (1): 5-1`},
		{"unknown name", "0 7 * * funday", la, "day of week", `cron spec "0 7 * * funday": day of week: failed to parse int from funday: `},
		{"empty list", ", 0 1 1 0", la, "minute", `cron spec ", 0 1 1 0": minute: empty item in list ","`},
		{"empty list item", "0 7,,19 * * *", la, "hour", `cron spec "0 7,,19 * * *": hour: empty item in list "7,,19"`},
		{"zone inside a field", "0 TZ=UTC * * *", la, "hour", `cron spec "0 TZ=UTC * * *": hour: unexpected "TZ=UTC"`},
		{"four fields", "0 7 * *", la, "", `cron spec "0 7 * *": want 5 fields (minute hour day-of-month month day-of-week), found 4`},
		{"six fields", "0 0 7 * * *", la, "", `cron spec "0 0 7 * * *": want 5 fields (minute hour day-of-month month day-of-week), found 6`},
		{"empty", "", la, "", `cron spec "": want 5 fields (minute hour day-of-month month day-of-week), found 0`},
		// robfig/cron v3.0.1 panics on this one (slice bounds out of range).
		{"zone and nothing else", "CRON_TZ=Asia/Shanghai", la, "", `cron spec "CRON_TZ=Asia/Shanghai": want 5 fields (minute hour day-of-month month day-of-week), found 0`},
		{"empty zone", "CRON_TZ= 0 7 * * *", la, "", `cron spec "CRON_TZ= 0 7 * * *": empty time zone name: write CRON_TZ=Zone, such as CRON_TZ=Asia/Shanghai`},
		{"unknown zone", "CRON_TZ=Mars/Olympus 0 7 * * *", la, "", `cron spec "CRON_TZ=Mars/Olympus 0 7 * * *": time zone "Mars/Olympus": `},
		{"no zone at all", "0 7 * * *", nil, "", `cron spec "0 7 * * *": no time zone: prefix the spec with CRON_TZ=Zone or pass a default location`},
		{"descriptor", "@daily", la, "", `cron spec "@daily": descriptors such as @daily are not supported: write 5 fields, minute hour day-of-month month day-of-week`},
		{"every", "CRON_TZ=UTC @every 1h", la, "", `cron spec "CRON_TZ=UTC @every 1h": descriptors such as @daily are not supported: `},
		{"30 February", "0 0 30 2 *", la, "", `cron spec "0 0 30 2 *": never fires: no month in the spec has that day of month`},
		{"31 April and June", "0 0 31 4,6 *", la, "", `cron spec "0 0 31 4,6 *": never fires: no month in the spec has that day of month`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp, err := ParseSpec(tt.in, tt.defaultLoc)
			if err == nil {
				t.Fatalf("ParseSpec(%q) = %v, want an error", tt.in, sp)
			}
			if strings.HasSuffix(tt.wantMsg, ": ") {
				if !strings.HasPrefix(err.Error(), tt.wantMsg) {
					t.Errorf("error = %q, want it to start with %q", err, tt.wantMsg)
				}
			} else if err.Error() != tt.wantMsg {
				t.Errorf("error = %q, want %q", err, tt.wantMsg)
			}
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a *SpecError", err)
			}
			if se.Spec != tt.in || se.Field != tt.wantField {
				t.Errorf("SpecError{Spec: %q, Field: %q}, want {%q, %q}", se.Spec, se.Field, tt.in, tt.wantField)
			}
		})
	}
}

// TestSpecStringRoundTrip checks that String reads back, through ParseSpec
// with any default zone and through robfig/cron, as the same schedule.
func TestSpecStringRoundTrip(t *testing.T) {
	la := mustLoad(t, "America/Los_Angeles")
	shanghai := mustLoad(t, "Asia/Shanghai")
	from := mustTime(t, "2026-03-01T00:00:00Z")
	to := mustTime(t, "2026-03-15T00:00:00Z")
	tests := []struct {
		name string
		in   string
	}{
		{"default zone", "30 2 * * *"},
		{"explicit zone", "TZ=Europe/London 0,30 1 * * *"},
		{"weekdays", "*/20 6-8 * * mon-fri"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := mustParseSpec(t, tt.in, la)
			back := mustParseSpec(t, sp.String(), shanghai)
			if back.String() != sp.String() || back.Location().String() != sp.Location().String() {
				t.Errorf("%q read back as %q in %v", sp, back, back.Location())
			}
			if a, b := sp.Occurrences(from, to), back.Occurrences(from, to); fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("occurrences differ after the round trip:\n%v\n%v", a, b)
			}
			rb, err := cron.ParseStandard(sp.String())
			if err != nil {
				t.Fatalf("robfig/cron cannot parse %q: %v", sp, err)
			}
			if got := rb.(*cron.SpecSchedule).Location; got.String() != sp.Location().String() {
				t.Errorf("robfig/cron reads %q in %v, want %v", sp, got, sp.Location())
			}
		})
	}
}

func TestSpecNext(t *testing.T) {
	tests := []struct {
		name string
		spec string
		zone string
		from string
		want []string // successive calls to Next, RFC 3339
	}{
		{
			"LA 02:30 across spring forward", "30 2 * * *", "America/Los_Angeles", "2026-03-06T20:00:00Z",
			[]string{"2026-03-07T10:30:00Z", "2026-03-08T10:00:00Z", "2026-03-09T09:30:00Z"},
		},
		{
			"LA 01:30 across fall back", "30 1 * * *", "America/Los_Angeles", "2026-10-30T20:00:00Z",
			[]string{"2026-10-31T08:30:00Z", "2026-11-01T08:30:00Z", "2026-11-02T09:30:00Z"},
		},
		{
			"LA from inside the repeated hour", "30 1 * * *", "America/Los_Angeles", "2026-11-01T09:15:00Z",
			[]string{"2026-11-02T09:30:00Z"},
		},
		{
			"LA from the jump itself", "30 2 * * *", "America/Los_Angeles", "2026-03-08T10:00:00Z",
			[]string{"2026-03-09T09:30:00Z"},
		},
		{
			"LA from just before the jump", "30 2 * * *", "America/Los_Angeles", "2026-03-08T09:59:59.999Z",
			[]string{"2026-03-08T10:00:00Z"},
		},
		{
			"LA two skipped times fire once", "0,30 2 * * *", "America/Los_Angeles", "2026-03-07T09:00:00Z",
			[]string{"2026-03-07T10:00:00Z", "2026-03-07T10:30:00Z", "2026-03-08T10:00:00Z", "2026-03-09T09:00:00Z"},
		},
		{
			"LA skipped time and the time after the gap fire once", "30 2,3 * * *", "America/Los_Angeles", "2026-03-08T08:00:00Z",
			[]string{"2026-03-08T10:00:00Z", "2026-03-08T10:30:00Z", "2026-03-09T09:30:00Z"},
		},
		{
			"LA half-hourly in the repeated hour", "*/30 1 * * *", "America/Los_Angeles", "2026-11-01T07:00:00Z",
			[]string{"2026-11-01T08:00:00Z", "2026-11-01T08:30:00Z", "2026-11-02T09:00:00Z"},
		},
		{
			"LA hourly across spring forward", "0 * * * *", "America/Los_Angeles", "2026-03-08T08:30:00Z",
			[]string{"2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z", "2026-03-08T11:00:00Z"},
		},
		{
			"LA hourly across fall back", "0 * * * *", "America/Los_Angeles", "2026-11-01T07:30:00Z",
			[]string{"2026-11-01T08:00:00Z", "2026-11-01T10:00:00Z", "2026-11-01T11:00:00Z"},
		},
		{
			"Shanghai weekdays", "45 7 * * 1-5", "Asia/Shanghai", "2026-03-05T12:00:00Z",
			[]string{"2026-03-05T23:45:00Z", "2026-03-08T23:45:00Z", "2026-03-09T23:45:00Z"},
		},
		{
			"London 01:30 across spring forward", "30 1 * * *", "Europe/London", "2026-03-27T12:00:00Z",
			[]string{"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		},
		{
			"Lord Howe 02:15 across the 30-minute gap", "15 2 * * *", "Australia/Lord_Howe", "2026-10-02T00:00:00Z",
			[]string{"2026-10-02T15:45:00Z", "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"},
		},
		{
			"Lord Howe 01:45 across the 30-minute overlap", "45 1 * * *", "Australia/Lord_Howe", "2026-04-03T00:00:00Z",
			[]string{"2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"},
		},
		{
			"Santiago skipped midnight", "0 0 * * *", "America/Santiago", "2026-09-05T12:00:00Z",
			[]string{"2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z"},
		},
		{
			"Havana skipped midnight", "30 0 * * *", "America/Havana", "2026-03-07T12:00:00Z",
			[]string{"2026-03-08T05:00:00Z", "2026-03-09T04:30:00Z"},
		},
		{
			"Nuuk gap at the end of the day", "30 23 * * *", "America/Nuuk", "2026-03-27T12:00:00Z",
			[]string{"2026-03-28T01:30:00Z", "2026-03-29T00:59:00Z", "2026-03-30T00:30:00Z"},
		},
		{
			"first of the month or Mondays", "0 9 1 * 1", "Asia/Shanghai", "2026-01-28T00:00:00Z",
			[]string{"2026-02-01T01:00:00Z", "2026-02-02T01:00:00Z", "2026-02-09T01:00:00Z"},
		},
		{
			"LA across the end of leap year 2040", "45 7 * * *", "America/Los_Angeles", "2040-12-30T00:00:00Z",
			[]string{"2040-12-30T15:45:00Z", "2040-12-31T15:45:00Z", "2041-01-01T15:45:00Z"},
		},
		{
			"leap day", "0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z",
			[]string{"2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"},
		},
		{
			"leap day across 2100", "0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z",
			[]string{"2104-02-29T00:00:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			sp := mustParseSpec(t, tt.spec, loc)
			at := mustTime(t, tt.from)
			for i, w := range tt.want {
				next := sp.Next(at)
				if want := mustTime(t, w); !next.Equal(want) {
					t.Fatalf("call %d: Next(%v) = %v (%v), want %v (%v)",
						i+1, at.UTC(), next.UTC(), next, want, want.In(loc))
				}
				if next.Location() != loc {
					t.Errorf("Next returned a time in %v, want %v", next.Location(), loc)
				}
				at = next
			}
		})
	}
}

// TestSpecOccurrencesYear lists a whole year of a daily spec and checks that
// it fires exactly once on each of the 365 local dates of 2026, at the
// instant At gives for that date, and at the spec's own local time except on
// the dates listed.
func TestSpecOccurrencesYear(t *testing.T) {
	tests := []struct {
		name       string
		spec       string
		zone       string
		clock      branchbot.ClockTime
		exceptions map[date]string // local dates whose firing reads otherwise: "15:04 -0700"
	}{
		{"LA 02:30", "30 2 * * *", "America/Los_Angeles", clockAt(2, 30), map[date]string{
			{2026, 3, 8}: "03:00 -0700",
		}},
		{"LA 01:30", "30 1 * * *", "America/Los_Angeles", clockAt(1, 30), nil},
		{"Shanghai 07:45", "45 7 * * *", "Asia/Shanghai", clockAt(7, 45), nil},
		{"London 01:30", "30 1 * * *", "Europe/London", clockAt(1, 30), map[date]string{
			{2026, 3, 29}: "02:00 +0100",
		}},
		{"Lord Howe 02:15", "15 2 * * *", "Australia/Lord_Howe", clockAt(2, 15), map[date]string{
			{2026, 10, 4}: "02:30 +1100",
		}},
		{"Santiago midnight", "0 0 * * *", "America/Santiago", clockAt(0, 0), map[date]string{
			{2026, 9, 6}: "01:00 -0300",
		}},
		{"Havana 00:30", "30 0 * * *", "America/Havana", clockAt(0, 30), map[date]string{
			{2026, 3, 8}: "01:00 -0400",
		}},
		{"Nuuk 23:30", "30 23 * * *", "America/Nuuk", clockAt(23, 30), map[date]string{
			{2026, 3, 28}: "22:59 -0200",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := mustLoad(t, tt.zone)
			sp := mustParseSpec(t, tt.spec, loc)
			// (from, to] covers exactly the local dates of 2026: no zone
			// here changes its clocks at new year.
			from := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
			to := time.Date(2027, 1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
			got := sp.Occurrences(from, to)
			if len(got) != 365 {
				t.Fatalf("%d occurrences in 2026, want 365", len(got))
			}
			want := date{2026, 1, 1}
			for i, at := range got {
				y, m, d := LocalDate(at, loc)
				if (date{y, m, d}) != want {
					t.Fatalf("occurrence %d is %v, on local date %v; want %v", i, at, date{y, m, d}, want)
				}
				if a := At(y, m, d, tt.clock, loc); !at.Equal(a) {
					t.Errorf("%v: Occurrences gives %v, At gives %v", want, at, a)
				}
				wantClock := tt.clock.String() + at.Format(" -0700")
				if s, ok := tt.exceptions[want]; ok {
					wantClock = s
				}
				if reads := at.Format("15:04 -0700"); reads != wantClock {
					t.Errorf("%v: fires at %s, want %s", want, reads, wantClock)
				}
				next := time.Date(want.y, want.m, want.d+1, 0, 0, 0, 0, time.UTC)
				want = date{next.Year(), next.Month(), next.Day()}
			}
		})
	}
}

func TestSpecOccurrencesBounds(t *testing.T) {
	utc := mustParseSpec(t, "0 * * * *", time.UTC)
	from := mustTime(t, "2026-01-01T00:00:00Z")
	tests := []struct {
		name      string
		from, to  time.Time
		wantLen   int
		wantFirst string
		wantLast  string
	}{
		{"empty window", from, from, 0, "", ""},
		{"backward window", from, from.Add(-time.Hour), 0, "", ""},
		{"excludes from, includes to", from, from.Add(3 * time.Hour), 3, "2026-01-01T01:00:00Z", "2026-01-01T03:00:00Z"},
		{"window cut to MaxWindow", from, from.Add(10 * 365 * 24 * time.Hour), int(MaxWindow / time.Hour), "2026-01-01T01:00:00Z", from.Add(MaxWindow).Format(time.RFC3339)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := utc.Occurrences(tt.from, tt.to)
			if len(got) != tt.wantLen {
				t.Fatalf("%d occurrences, want %d", len(got), tt.wantLen)
			}
			if tt.wantLen == 0 {
				return
			}
			if first := got[0].Format(time.RFC3339); first != tt.wantFirst {
				t.Errorf("first = %s, want %s", first, tt.wantFirst)
			}
			if last := got[len(got)-1].Format(time.RFC3339); last != tt.wantLast {
				t.Errorf("last = %s, want %s", last, tt.wantLast)
			}
		})
	}
}

// robfigNexts lists the firings of robfig/cron's own schedule in (from, to].
func robfigNexts(tb testing.TB, spec string, from, to time.Time) []time.Time {
	tb.Helper()
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		tb.Fatalf("robfig/cron: %v", err)
	}
	var out []time.Time
	for t := sched.Next(from); !t.IsZero() && !t.After(to); t = sched.Next(t) {
		out = append(out, t)
	}
	return out
}

// TestSpecAgreesWithRobfig checks that on days without a clock change Next
// gives exactly what robfig/cron's own Next gives, for a week in several
// zones, and for all of 2026 in a zone without daylight saving.
func TestSpecAgreesWithRobfig(t *testing.T) {
	specs := []string{
		"30 7 * * *",
		"45 7 * * 1-5",
		"0 0 * * *",
		"59 23 * * *",
		"*/15 9-17 * * mon-fri",
		"0,30 * * * *",
		"0 12 1,15 * *",
		"0 9 1 * 1",
		"5 4 * * sun",
		"0 */6 * jan *",
	}
	windows := []struct {
		zone     string
		from, to string
	}{
		// 12-19 January 2026: no zone below changes its clocks.
		{"America/Los_Angeles", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"},
		{"Europe/London", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"},
		{"Australia/Lord_Howe", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"},
		{"America/Santiago", "2026-01-12T00:00:00Z", "2026-01-19T00:00:00Z"},
		{"Asia/Shanghai", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"},
	}
	for _, w := range windows {
		for _, spec := range specs {
			t.Run(w.zone+" "+spec, func(t *testing.T) {
				sp := mustParseSpec(t, spec, mustLoad(t, w.zone))
				from, to := mustTime(t, w.from), mustTime(t, w.to)
				got := sp.Occurrences(from, to)
				want := robfigNexts(t, sp.String(), from, to)
				if len(got) == 0 {
					t.Fatalf("no occurrences")
				}
				if len(got) != len(want) {
					t.Fatalf("%d occurrences, robfig/cron has %d", len(got), len(want))
				}
				for i := range got {
					if !got[i].Equal(want[i]) {
						t.Fatalf("occurrence %d: %v, robfig/cron has %v", i, got[i], want[i])
					}
				}
			})
		}
	}
}

// TestSpecIsCronSchedule checks that robfig/cron's runner can be handed a
// *Spec, so that it triggers by this package's daylight-saving rules.
func TestSpecIsCronSchedule(t *testing.T) {
	var sched cron.Schedule = mustParseSpec(t, "30 2 * * *", mustLoad(t, "America/Los_Angeles"))
	from := mustTime(t, "2026-03-08T08:00:00Z")
	if got, want := sched.Next(from), mustTime(t, "2026-03-08T10:00:00Z"); !got.Equal(want) {
		t.Errorf("Next(%v) = %v, want %v", from, got, want)
	}
}

func BenchmarkSpecNext(b *testing.B) {
	la := mustLoad(b, "America/Los_Angeles")
	benchmarks := []struct {
		name string
		spec string
		from string
	}{
		{"daily ordinary day", "45 7 * * *", "2026-06-15T20:00:00Z"},
		{"daily skipped time", "30 2 * * *", "2026-03-08T08:00:00Z"},
		{"daily repeated time", "30 1 * * *", "2026-11-01T09:15:00Z"},
		{"every minute", "* * * * *", "2026-06-15T20:00:30Z"},
		{"weekly", "0 9 * * 1", "2026-06-16T20:00:00Z"},
	}
	for _, bm := range benchmarks {
		b.Run(strings.ReplaceAll(bm.name, " ", "_"), func(b *testing.B) {
			sp := mustParseSpec(b, bm.spec, la)
			from := mustTime(b, bm.from)
			for b.Loop() {
				sp.Next(from)
			}
		})
	}
}

func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{
		"30 2 * * *", "CRON_TZ=Asia/Shanghai 45 7 * * 1-5", "TZ=UTC 0 0 29 2 *",
		"61 7 * * *", "CRON_TZ=Asia/Shanghai", "@daily", "*/0 * * * *", "0 0 30 2 *", ", 00 1 1 0",
	} {
		f.Add(s)
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		f.Fatal(err)
	}
	from := time.Date(2026, 3, 7, 0, 0, 0, 0, la)
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSpec(s, la)
		if err != nil {
			var se *SpecError
			if !errors.As(err, &se) {
				t.Fatalf("ParseSpec(%q) error %v is not a *SpecError", s, err)
			}
			return
		}
		back, err := ParseSpec(sp.String(), time.UTC)
		if err != nil || back.String() != sp.String() {
			t.Fatalf("ParseSpec(%q).String() = %q, which reads back as %v, %v", s, sp, back, err)
		}
		if next := sp.Next(from); next.IsZero() || !next.After(from) {
			t.Fatalf("%q: Next(%v) = %v", s, from, next)
		}
	})
}
