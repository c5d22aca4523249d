package branchbot

// QuietHours is the daily period in which nothing is sent unprompted:
// from From up to, not including, To, such as 22:00 to 07:00. It wraps
// midnight when To is not after From. Equal ends, as in the zero value,
// mean no quiet hours at all.
type QuietHours struct {
	From, To ClockTime
}

// Enabled reports whether q is a period at all.
func (q QuietHours) Enabled() bool { return q.From != q.To }

// Contains reports whether the local clock reading c is in the quiet
// hours.
func (q QuietHours) Contains(c ClockTime) bool {
	minute, from, to := c.Minutes(), q.From.Minutes(), q.To.Minutes()
	switch {
	case from == to:
		return false
	case from < to:
		return from <= minute && minute < to
	}
	return minute >= from || minute < to // wraps midnight
}

// Awake is the span of the day, [from, to) in minutes, outside the quiet
// hours that a member's own study time can take: after they end and before
// they begin. Quiet hours in the middle of the day leave the whole day.
// ok is false when there are no quiet hours.
func (q QuietHours) Awake() (from, to int, ok bool) {
	from, to = 0, 24*60
	if !q.Enabled() {
		return from, to, false
	}
	qf, qt := q.From.Minutes(), q.To.Minutes()
	switch {
	case qf > qt: // wraps midnight: 22:00–07:00
		from, to = qt, qf
	case qf == 0: // 00:00–06:00
		from = qt
	case qt == 24*60 || qt == 0:
		to = qf
	}
	return from, to, true
}
