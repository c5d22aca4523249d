package branchbot

import (
	"fmt"
	"strings"
	"time"
)

// Day is a calendar date in the branch's zone, as the number of days since
// 1970-01-01, so that "the day after" is d+1 and the days between two dates
// are a subtraction. A member's study record is kept per Day.
type Day int32

const secondsPerDay = 24 * 60 * 60

// dayLayout is how a Day is written: ISO 8601, as in idempotency keys such
// as "study/2026-11-25/m17".
const dayLayout = "2006-01-02"

// DayOf returns the local date of instant t in loc. A nil loc means UTC.
func DayOf(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return dayOfDate(y, m, d)
}

// dayOfDate returns the Day of a date; time.Date normalizes out-of-range
// months and days, so dayOfDate(2026, 13, 1) is 2027-01-01.
func dayOfDate(y int, m time.Month, d int) Day {
	// Midnight UTC is a whole number of days after the epoch, so the
	// division is exact even before 1970.
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / secondsPerDay)
}

// Date returns the year, month and day of d.
func (d Day) Date() (year int, month time.Month, day int) {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().Date()
}

// Weekday returns the day of the week of d.
func (d Day) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(((int(d)+int(time.Thursday))%7 + 7) % 7)
}

// Time returns the first instant of date d in loc (nil means UTC). That is
// local midnight on most days; where a zone skips midnight (clocks jumping
// from 23:59:59 to 01:00, as some zones do on DST days) it is the instant of
// the jump. In the rare zone that skipped the whole date (Pacific/Apia on
// 2011-12-30) it is the first instant after it.
func (d Day) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	// midnight is d's midnight in seconds of local clock time. Walk the
	// zone's periods (spans of constant UTC offset) from well before it; in
	// each, the clock reads midnight at u = midnight - offset. The first
	// period that contains u, or that starts after the clock has already
	// passed midnight, holds the first instant of d.
	midnight := int64(d) * secondsPerDay
	from := midnight - 30*60*60 // no zone is ahead of UTC by 30 hours
	for {
		t := time.Unix(from, 0).In(loc)
		_, offset := t.Zone()
		u := max(midnight-int64(offset), from)
		_, end := t.ZoneBounds()
		if end.IsZero() || u < end.Unix() || end.Unix() <= from {
			return time.Unix(u, 0).In(loc)
		}
		from = end.Unix()
	}
}

// String returns d as "2026-11-25".
func (d Day) String() string {
	return string(d.appendText(make([]byte, 0, len(dayLayout))))
}

// appendText appends the day as String writes it.
func (d Day) appendText(b []byte) []byte {
	return time.Unix(int64(d)*secondsPerDay, 0).UTC().AppendFormat(b, dayLayout)
}

// ParseDay reads a date written as "2026-11-25".
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(dayLayout, s)
	if err != nil {
		return 0, fmt.Errorf("parse day %q: want YYYY-MM-DD", s)
	}
	return dayOfDate(t.Date()), nil
}

// DayStatus is what a member's day was. The zero value, DayDue, is also what
// a day with no record is: study was due and has not been done.
type DayStatus uint8

// The statuses of a day.
const (
	DayDue       DayStatus = iota // due and not done (yet)
	DayDone                       // the member studied
	DayRest                       // a branch rest day or a weekend: not due
	DaySkip                       // the member used a skip day from the monthly budget
	DayPaused                     // the member paused study (leave, illness, travel)
	DayBotMissed                  // the bot was down and could not prompt: not the member's fault
)

var dayStatusNames = [...]string{"due", "done", "rest", "skip", "paused", "bot-missed"}

// String returns the status's name, such as "done" or "bot-missed".
func (s DayStatus) String() string {
	if int(s) < len(dayStatusNames) {
		return dayStatusNames[s]
	}
	return fmt.Sprintf("DayStatus(%d)", uint8(s))
}

// DefaultSkipBudget is how many missed days a month a member may miss
// without breaking their streak, when StreakRules does not say.
const DefaultSkipBudget = 2

// StreakRules describes which days count. The zero value means: every day
// is due, and two missed days a month are forgiven.
type StreakRules struct {
	// RestDays are the branch's days off (public holidays and the like).
	RestDays map[Day]bool
	// Weekends makes Saturdays and Sundays rest days.
	Weekends bool
	// SkipBudget is how many missed due days per calendar month become
	// skips instead of breaking the streak. Zero means DefaultSkipBudget;
	// a negative value means none.
	SkipBudget int
}

func (r StreakRules) budget() int {
	switch {
	case r.SkipBudget == 0:
		return DefaultSkipBudget
	case r.SkipBudget < 0:
		return 0
	}
	return r.SkipBudget
}

// rest reports whether day d is not due under the rules.
func (r StreakRules) rest(d Day) bool {
	if r.Weekends {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return true
		}
	}
	return r.RestDays[d]
}

// resolver applies StreakRules to days visited in order, keeping the count
// of skips used in the current month.
type resolver struct {
	rules     StreakRules
	budget    int
	today     Day
	nextMonth Day // first day of the month after the current one
	skips     int // skips used in the current month
}

func newResolver(rules StreakRules, today Day) *resolver {
	return &resolver{rules: rules, budget: rules.budget(), today: today, nextMonth: -1 << 31}
}

// resolve returns the status of day d as the rules have it: a due day that
// is a rest day becomes DayRest, and a due day before today that was not
// done becomes DaySkip while the month's budget lasts. A member's own
// DaySkip uses the same budget (and is honoured even past it: the input is
// the record). Today, while still due, stays DayDue: it is pending, not
// missed. Days must be given in increasing order.
func (r *resolver) resolve(d Day, s DayStatus) DayStatus {
	if d >= r.nextMonth {
		y, m, _ := d.Date()
		r.nextMonth = dayOfDate(y, m+1, 1)
		r.skips = 0
	}
	switch s {
	case DaySkip:
		r.skips++
	case DayDue:
		switch {
		case r.rules.rest(d):
			return DayRest
		case d < r.today && r.skips < r.budget:
			r.skips++
			return DaySkip
		}
	}
	return s
}

// status returns the recorded status of day d: days[d-first], or DayDue for
// a day past the end of days (no record means not done).
func status(first Day, days []DayStatus, d Day) DayStatus {
	if i := int(d) - int(first); i < len(days) {
		return days[i]
	}
	return DayDue
}

// Resolve returns the statuses of the days from first to today as the rules
// see them: due days that fall on rest days become DayRest, and the first
// missed due days of each month (up to the skip budget, today excluded)
// become DaySkip. days[i] is the recorded status of day first+i; days past
// the end of days are DayDue, and entries after today are ignored. Pass the
// result to Strip so that weekends and forgiven days show as rest. It
// returns nil if today is before first.
func (r StreakRules) Resolve(first Day, days []DayStatus, today Day) []DayStatus {
	if today < first {
		return nil
	}
	out := make([]DayStatus, int(today)-int(first)+1)
	res := newResolver(r, today)
	for i := range out {
		d := first + Day(i)
		out[i] = res.resolve(d, status(first, days, d))
	}
	return out
}

// StreakStats summarises a member's study record.
type StreakStats struct {
	// Current is the number of done days in the run that reaches today.
	Current int
	// Longest is the number of done days in the longest run so far; it is
	// never less than Current.
	Longest int
	// DoneThisMonth counts the days of today's month the member studied.
	DoneThisMonth int
	// DueThisMonth counts the days of today's month, up to and including
	// today, on which study was due (forgiven skips included) or done: a
	// rest day the member studied anyway counts, so DoneThisMonth never
	// exceeds it.
	DueThisMonth int
	// SkipsUsedThisMonth counts the skip days of today's month, the
	// member's own and those the budget covered.
	SkipsUsedThisMonth int
}

// ComputeStreaks computes a member's streaks from their record: days[i] is
// the status of day first+i, ending at today (missing days count as DayDue,
// days after today are ignored).
//
// A streak counts done days. Rest, paused, bot-missed and skip days neither
// add to it nor break it. Within each calendar month, the first
// rules.SkipBudget due days the member did not do (today excluded) are
// forgiven as skips; any further one breaks the streak. Today, while still
// due, does not break the current streak: the member has until the day ends.
func ComputeStreaks(first Day, days []DayStatus, today Day, rules StreakRules) StreakStats {
	var st StreakStats
	if today < first {
		return st
	}
	ty, tm, _ := today.Date()
	monthStart := dayOfDate(ty, tm, 1)
	res := newResolver(rules, today)
	run := 0
	for i := range int(today) - int(first) + 1 {
		d := first + Day(i)
		s := res.resolve(d, status(first, days, d))
		switch s {
		case DayDone:
			run++
			st.Longest = max(st.Longest, run)
		case DayDue:
			if d < today {
				run = 0
			}
		}
		if d < monthStart {
			continue
		}
		switch s {
		case DayDone:
			st.DoneThisMonth++
			st.DueThisMonth++
		case DayDue:
			st.DueThisMonth++
		case DaySkip:
			st.DueThisMonth++
			st.SkipsUsedThisMonth++
		}
	}
	st.Current = run
	return st
}

// Strip renders the n days up to and including today, oldest first, one
// character a day: ■ done, □ due and not done, · not due (rest, paused,
// bot-missed, skip, or before first). It shows statuses as given, so pass
// them through StreakRules.Resolve first; today, while still due, shows □
// until the member marks it done. Days past the end of days show □; n <= 0
// gives "".
func Strip(first Day, days []DayStatus, today Day, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n * len("■"))
	for k := int64(today) - int64(n) + 1; k <= int64(today); k++ {
		if k < int64(first) {
			b.WriteString("·")
			continue
		}
		switch status(first, days, Day(k)) {
		case DayDone:
			b.WriteString("■")
		case DayDue:
			b.WriteString("□")
		default:
			b.WriteString("·")
		}
	}
	return b.String()
}
