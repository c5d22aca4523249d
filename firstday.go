package branchbot

import "errors"

// ErrBeforeFirstDay means a day before the member's first study day was
// to be marked done: no section was prompted for it, so none can count as
// studied.
var ErrBeforeFirstDay = errors.New("day is before the member's first study day")

// FirstStudyDay is the first study day of a member whose prompt comes at
// minute prompt of the local day, when they join, or set their time before
// their first study day, at minute now of day today: today if the prompt
// is still ahead (this very minute counts) and before the cutoff, else
// tomorrow. A joining member is thus never sent a prompt late, and one who
// picks a later time the evening they join is prompted that evening. A
// prompt minute below 0 (not known) counts as ahead; nil rules have no
// cutoff.
func (r *StudyRules) FirstStudyDay(today Day, now, prompt int) Day {
	switch {
	case prompt < 0:
		return today
	case prompt < now:
		return today + 1
	case r != nil && r.CutoffMinute > 0 && prompt >= r.CutoffMinute:
		return today + 1
	}
	return today
}

// NotStarted reports whether the plan's member has had no study day yet
// on day today, whose record is rec: their first study day is after today,
// or is today and nothing has happened on it (no prompt, nothing marked,
// no pause). Such a member's first study day follows their study time
// (FirstStudyDay). A plan from before first study days were kept
// (JoinedDay 0) has started.
func (p *StudyPlan) NotStarted(today Day, rec StudyDay) bool {
	switch {
	case p.JoinedDay == 0 || p.JoinedDay < today:
		return false
	case p.JoinedDay > today:
		return true
	}
	return !rec.Prompted && rec.Status == DayDue
}

// FirstPromptDay is the first day from day from on which a study prompt is
// due under the rules (not a rest day or, if weekends are off, a
// weekend), looking a year ahead at most.
func (r *StudyRules) FirstPromptDay(from Day) Day {
	if r == nil {
		return from
	}
	for d := from; d < from+366; d++ {
		if r.StudyDue(d) {
			return d
		}
	}
	return from
}
