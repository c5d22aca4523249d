package branchbot

import (
	"fmt"
	"time"
)

// Day is a calendar date in the branch's zone, as the number of days since
// 1970-01-01, so that "the day after" is d+1 and the days between two dates
// are a subtraction. A member's study record is kept per Day.
type Day int32

const secondsPerDay = 24 * 60 * 60

// dayLayout is how a Day is written: ISO 8601, as in idempotency keys such
// as "study/2026-11-25/m0000000017".
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
