package branchbot

// SnoozeUntil is the minute of the local day at which a snooze pressed at
// minute brings the prompt back: SnoozeLength later or, if that falls in
// quiet hours which end later the same day, when they end. ok is false
// when that is not before the cutoff (or the end of the day, without
// one), or the quiet hours run on past midnight: the prompt could not come
// again today, so ⏰ is neither offered nor accepted.
func (r *StudyRules) SnoozeUntil(minute int) (at int, ok bool) {
	at = minute + r.SnoozeLength()
	if at < 24*60 && r.Quiet.Contains(ClockFromMinutes(at)) {
		end := r.Quiet.To.Minutes()
		if end <= at {
			return 0, false // quiet until tomorrow
		}
		at = end
	}
	limit := 24 * 60
	if r.CutoffMinute > 0 && r.CutoffMinute < limit {
		limit = r.CutoffMinute
	}
	if at >= limit {
		return 0, false
	}
	return at, true
}

// CanSnooze reports whether the prompt sent as the repeat-th of its day
// (0 for the first) may offer ⏰ at minute: the day has a snooze left and
// the prompt could come again today (SnoozeUntil).
func (r *StudyRules) CanSnooze(repeat, minute int) bool {
	if repeat >= MaxSnoozes {
		return false
	}
	_, ok := r.SnoozeUntil(minute)
	return ok
}
