package branchbot

import "time"

// WorkCalendar says which days are working days: with Enabled, Mondays to
// Fridays that are not among the branch's rest days (the study
// configuration's rest_days); without it, every day.
type WorkCalendar struct {
	Enabled  bool
	RestDays map[Day]bool
}

// WorkDay reports whether d is a working day.
func (w WorkCalendar) WorkDay(d Day) bool {
	if !w.Enabled {
		return true
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !w.RestDays[d]
}

// AddDays is the n-th working day after from (from itself for n <= 0):
// the due day of something due in n working days.
func (w WorkCalendar) AddDays(from Day, n int) Day {
	d := from
	// A calendar of nothing but rest days would never end: a year of
	// them is a configuration no branch has, and stops the walk.
	for limit := 0; n > 0 && limit < 366+n; limit++ {
		d++
		if w.WorkDay(d) {
			n--
		}
	}
	return d
}

// NextWorkDay is the first working day after d.
func (w WorkCalendar) NextWorkDay(d Day) Day { return w.AddDays(d, 1) }
