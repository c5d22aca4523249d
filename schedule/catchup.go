package schedule

import "github.com/branchbot/branchbot"

// maxCatchUp is how many days back a Tick looks for days the bot missed.
// Older days are left as they are: after two months down, a record of each
// day would tell the secretary nothing more.
const maxCatchUp = 62

// open brings the plan to today. The day the plan was last looked at
// (DayOpen) and the days after it, which no Tick saw because the bot was
// down, are closed: a study day on which nothing happened is recorded as
// DayBotMissed, not the member's fault, or DayPaused if the member was
// paused. A day the member was prompted and did not study stays DayDue:
// that one was theirs. On a paused study day, today is recorded DayPaused.
func (t *tick) open(p *branchbot.StudyPlan) error {
	if p.DayOpen >= t.day {
		return nil
	}
	if p.DayOpen != 0 {
		for d := max(p.DayOpen, p.JoinedDay, t.day-maxCatchUp); d < t.day; d++ {
			if err := t.close(p, d); err != nil {
				return err
			}
		}
	}
	p.DayOpen = t.day
	if t.day >= p.JoinedDay && p.PausedOn(t.day) && t.studyDay(p, t.day) {
		rec, err := t.record(p)
		if err != nil {
			return err
		}
		if rec.Status == branchbot.DayDue {
			rec.Status = branchbot.DayPaused
		}
	}
	return nil
}

// close records what day d, now past, was for the member, if nothing did.
func (t *tick) close(p *branchbot.StudyPlan, d branchbot.Day) error {
	if !t.studyDay(p, d) {
		return nil
	}
	paused := p.PausedOn(d)
	if !paused && p.DoneDay == d {
		return nil
	}
	days := t.records(d)
	rec, err := days.Get(p.MemberID)
	if err != nil {
		return err
	}
	switch {
	case rec.Status != branchbot.DayDue:
		return nil
	case paused:
		rec.Status = branchbot.DayPaused
	case rec.Prompted:
		return nil // queued: if it never went out, the sender records it (bot.dropStale)
	default:
		rec.MissByBot()
		t.botMissed(d)
	}
	if t.dry {
		return errWouldWrite
	}
	return days.Put(p.MemberID, rec)
}
