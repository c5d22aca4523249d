package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalidClock is wrapped by the errors ParseClock returns, so that a
// caller can tell a member's typing mistake from other failures.
var ErrInvalidClock = errors.New("invalid clock time")

// ClockTime is a local time of day: a member's chosen study time, the
// branch's cutoff, the ends of the quiet hours. It has minute precision
// and is read in the branch's time zone.
type ClockTime struct{ Hour, Minute int }

// ParseClock reads a time of day written as H:MM or HH:MM on a 24-hour
// clock: "7:45", "07:45" and "19:05" are accepted; "24:00", "7:60", "7.45"
// and "7:5" are not. The full-width colon "：" that Chinese input methods
// produce is accepted as well as ":", in chat and in the configuration
// alike.
func ParseClock(s string) (ClockTime, error) {
	bad := func(why string) (ClockTime, error) {
		return ClockTime{}, fmt.Errorf("%w %q: %s", ErrInvalidClock, s, why)
	}
	const want = "want HH:MM on a 24-hour clock, such as 07:45 or 19:05"
	hh, mm, ok := cutColon(s)
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 {
		return bad(want)
	}
	h, ok := digits(hh)
	if !ok {
		return bad(want)
	}
	m, ok := digits(mm)
	if !ok {
		return bad(want)
	}
	if h > 23 {
		return bad(fmt.Sprintf("hour %d out of range 0-23", h))
	}
	if m > 59 {
		return bad(fmt.Sprintf("minute %d out of range 0-59", m))
	}
	return ClockTime{Hour: h, Minute: m}, nil
}

// cutColon splits s around its first colon, ASCII or full-width.
func cutColon(s string) (before, after string, ok bool) {
	if before, after, ok = strings.Cut(s, ":"); ok {
		return before, after, true
	}
	return strings.Cut(s, "：")
}

// digits parses a short run of ASCII digits. Unlike strconv.Atoi it
// refuses signs and spaces, so "+7:45" and "-1:00" are rejected.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// String formats c as HH:MM, such as "07:45".
func (c ClockTime) String() string {
	return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute)
}

// Valid reports whether c is a time of day, 00:00 to 23:59, as ParseClock
// returns it.
func (c ClockTime) Valid() bool {
	return 0 <= c.Hour && c.Hour < 24 && 0 <= c.Minute && c.Minute < 60
}

// Minutes is the minute of the day c reads: 0 for 00:00, 1439 for 23:59.
func (c ClockTime) Minutes() int { return c.Hour*60 + c.Minute }

// ClockFromMinutes is the clock time of a minute of the day, the inverse
// of Minutes.
func ClockFromMinutes(minute int) ClockTime {
	return ClockTime{Hour: minute / 60, Minute: minute % 60}
}

// ClockOf is the clock time the local clock of loc reads at t, to the
// minute. A nil loc means UTC.
func ClockOf(t time.Time, loc *time.Location) ClockTime {
	if loc == nil {
		loc = time.UTC
	}
	h, m, _ := t.In(loc).Clock()
	return ClockTime{Hour: h, Minute: m}
}
