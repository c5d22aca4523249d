package schedule

import "time"

// quietHours are the minutes of the local day from from up to, not
// including, to; they wrap midnight when to <= from. Equal bounds mean no
// quiet time at all.
type quietHours struct{ from, to int }

// contains reports whether the local clock reading minute (of the day) is
// in the quiet hours.
func (q *quietHours) contains(minute int) bool {
	switch {
	case q == nil || q.from == q.to:
		return false
	case q.from < q.to:
		return q.from <= minute && minute < q.to
	}
	return minute >= q.from || minute < q.to
}

// minuteOf is the minute of the day c reads.
func minuteOf(c ClockTime) int { return c.Hour*60 + c.Minute }

// clockOf is the clock time of a minute of the day.
func clockOf(minute int) ClockTime { return ClockTime{Hour: minute / 60, Minute: minute % 60} }

// wallMinute is the minute of the day the local clock of loc reads at t.
func wallMinute(t time.Time, loc *time.Location) int {
	h, m, _ := t.In(loc).Clock()
	return h*60 + m
}
