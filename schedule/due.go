package schedule

import (
	"time"

	"github.com/branchbot/branchbot"
)

// At returns the instant on local date (y, m, d) in loc at which clock time c
// fires. There is exactly one such instant per date, always, and it falls on
// that local date:
//
//   - normally it is the instant the local clock reads c;
//   - if the clocks skip c that day (a spring-forward gap), it is the instant
//     the clock jumps, the first valid instant after the gap;
//   - if the clocks repeat c that day (a fall-back overlap), it is the first
//     occurrence;
//   - if the gap runs to the end of the day, so that the jump lands on the next
//     date, it is the last minute before the jump.
//
// The one exception is a date that does not exist at all in loc (Pacific/Apia
// skipped 2011-12-30): its firing is the last minute before the jump over it,
// on the day before.
//
// c is expected to be valid, as branchbot.ParseClock returns it; like time.Date, At
// normalizes out-of-range values, so 24:00 is 00:00 on the following date.
// The result is expressed in loc. At panics if loc is nil, as time.Date does.
func At(y int, m time.Month, d int, c branchbot.ClockTime, loc *time.Location) time.Time {
	if loc == nil {
		panic("schedule: At: nil Location")
	}
	return fireAt(wallClock(y, m, d, c.Hour, c.Minute), loc)
}

// DueToday reports the instant c fires on the local day (in loc) containing
// now, and whether now has reached it. Because the answer depends only on now,
// a check that runs late still sees the day's firing as due, and a check that
// runs twice sees the same instant twice: the caller records what it has
// already sent.
func DueToday(now time.Time, c branchbot.ClockTime, loc *time.Location) (at time.Time, due bool) {
	y, m, d := LocalDate(now, loc)
	at = At(y, m, d, c, loc)
	return at, !now.Before(at)
}

// LocalDate returns the local calendar date of t in loc.
func LocalDate(t time.Time, loc *time.Location) (y int, m time.Month, d int) {
	return t.In(loc).Date()
}

// A wall time is a reading of a local clock, with no zone attached, counted
// in seconds as if it were a Unix time in UTC. Unlike instants, wall times
// are simple to do arithmetic on: every civil day has 86400 of them.

// wallClock returns the wall time of hour:minute on date (y, m, d), normalized as
// time.Date normalizes.
func wallClock(y int, m time.Month, d, hour, minute int) int64 {
	return time.Date(y, m, d, hour, minute, 0, 0, time.UTC).Unix()
}

// wallOf returns the wall time t shows in loc, truncated to the second.
func wallOf(t time.Time, loc *time.Location) int64 {
	_, off := t.In(loc).Zone()
	return t.Unix() + int64(off)
}

// lookBack bounds how far before a wall time its instant can be: the local
// clock runs at most 14 hours ahead of UTC today, and offsets in the oldest
// tzdata history stay within about 16 hours of UTC, so 26 hours is ample.
const lookBack = 26 * 60 * 60

// fireAt returns the instant at which the local time wall fires in loc, by
// the rules documented on At.
func fireAt(wall int64, loc *time.Location) time.Time {
	u := firstAtOrAfter(wall, loc)
	at := time.Unix(u, 0).In(loc)
	// The local clock read wall itself, or jumped over it at u. If the jump
	// crossed midnight, u belongs to the next date; fire at the last minute
	// of wall's own date instead.
	if floorDiv(wallOf(at, loc), 86400) > floorDiv(wall, 86400) {
		at = at.Add(-time.Minute)
	}
	return at
}

// firstAtOrAfter returns the earliest instant, in Unix seconds, at which the
// local clock of loc reads wall or later. When the clock reads wall, that is
// its first occurrence; when the clock skips wall, that is the instant it
// jumps. It walks the zone's periods of constant offset forward from a point
// safely before wall: within a period the local clock runs evenly, so the
// answer is either the instant wall-offset, or the start of a period whose
// clock begins past wall.
func firstAtOrAfter(wall int64, loc *time.Location) int64 {
	s := wall - lookBack
	// A zone changes offset a few times a year at most, so a handful of
	// periods cover the 26 hours or so searched; the bound only guards
	// against a malformed zone.
	for range 64 {
		t := time.Unix(s, 0).In(loc)
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		u := max(wall-int64(off), s)
		if end.IsZero() {
			return u
		}
		e := end.Unix()
		if e <= s {
			// ZoneBounds must end after t, but for years served by the
			// zone's TZ rule (after its last listed transition) it reports
			// the end of a leap year a day early, so on 31 December it
			// ends before t (https://go.dev/issue/81583). Find the next
			// change of offset another way.
			e = nextChange(s, u, off, loc)
		}
		if u < e {
			return u
		}
		s = e
	}
	return s
}

// nextChange returns the first instant after s, and no later than u, at which
// loc's offset is no longer off, or u+1 if the offset at u is still off. It
// assumes the offset changes at most once between s and u, which holds where
// it is used: in years governed by a zone's TZ rule, whose transitions are
// months apart.
func nextChange(s, u int64, off int, loc *time.Location) int64 {
	offsetAt := func(sec int64) int {
		_, o := time.Unix(sec, 0).In(loc).Zone()
		return o
	}
	if offsetAt(u) == off {
		return u + 1
	}
	lo, hi := s, u // offset off at lo, another at hi
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if offsetAt(mid) == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// floorDiv divides rounding toward negative infinity, so that wall times
// before 1970 fall on the right day.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
