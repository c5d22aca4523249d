package branchbot

// The timing of a reminder ahead of something — a meeting's start, a
// quiz's deadline — shared by every kind that has one.

import "time"

// beforeQuiet is at, or, when at falls in the quiet hours, the minute
// they began: a reminder goes before them rather than in them.
func beforeQuiet(at time.Time, quiet QuietHours, loc *time.Location) time.Time {
	if !quiet.Contains(ClockOf(at, loc)) {
		return at
	}
	t := at.In(loc).Truncate(time.Minute)
	for i := 0; i < 24*60 && quiet.Contains(ClockOf(t, loc)); i++ {
		t = t.Add(-time.Minute)
	}
	return t
}

// reminderStep decides a reminder due at at, for something announced at
// armed that happens at end: one due before the announcement is skipped
// (the announcement has just told them), one not yet due waits, one
// whose end came is missed, none goes in the quiet hours, and one past
// due by more than MeetingLateAfter goes marked late.
func reminderStep(at, armed, end, now time.Time, quiet QuietHours, loc *time.Location) ReminderStep {
	switch {
	case at.Before(armed):
		return ReminderSkip
	case now.Before(at):
		return ReminderWait
	case !now.Before(end):
		return ReminderMissed
	case quiet.Contains(ClockOf(now, loc)):
		return ReminderWait
	case now.Sub(at) > MeetingLateAfter:
		return ReminderLate
	}
	return ReminderSend
}
