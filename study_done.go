package branchbot

import (
	"errors"
	"fmt"
)

// The refusals of the study rules: a done press, reply or /done, a snooze,
// or a pause. Each is wrapped with the day concerned; the bot tells the
// member what to do instead.
var (
	// ErrDayNotYet means the day to mark done has not come yet.
	ErrDayNotYet = errors.New("study day has not come yet")
	// ErrDayTooLate means the day to mark done is past its grace period:
	// yesterday may be marked until StudyRules.GraceMinute, older days
	// never.
	ErrDayTooLate = errors.New("too late to mark the study day done")
	// ErrAlreadyDone means the day is already marked done; marking it
	// again changes nothing.
	ErrAlreadyDone = errors.New("study day already done")
	// ErrPromptOver means a snooze was pressed on a prompt of another day.
	ErrPromptOver = errors.New("study prompt is over")
	// ErrSnoozeLimit means the day's prompt was put off MaxSnoozes times.
	ErrSnoozeLimit = errors.New("study prompt put off too many times")
	// ErrSnoozeTooLate means the prompt put off would come back in the
	// quiet hours, after the cutoff or after the day (see SnoozeUntil),
	// when it could not be sent.
	ErrSnoozeTooLate = errors.New("study prompt cannot come again today")
	// ErrDayPassed means a pause was asked to end on a day already past.
	ErrDayPassed = errors.New("day has already passed")
)

// DefaultSnoozeMinutes is how long ⏰ puts the prompt off when the rules do
// not say.
const DefaultSnoozeMinutes = 60

// SnoozeLength is how long ⏰ puts the prompt off, in minutes.
func (r *StudyRules) SnoozeLength() int {
	if r.SnoozeMinutes <= 0 {
		return DefaultSnoozeMinutes
	}
	return r.SnoozeMinutes
}

// DoneDay is the day a reply such as "已学" or /done marks when the member
// writes at minute of the local day today: today, except in the small
// hours before GraceMinute, when yesterday was prompted and not done and
// today's prompt has not come yet. record reads the member's record of a
// day; it is called only in those small hours.
func (r *StudyRules) DoneDay(today Day, minute int, record func(Day) (StudyDay, error)) (Day, error) {
	if minute >= r.GraceMinute {
		return today, nil
	}
	t, err := record(today)
	if err != nil || t.Prompted {
		return today, err
	}
	y, err := record(today - 1)
	if err != nil {
		return 0, err
	}
	if y.Prompted && y.Status != DayDone {
		return today - 1, nil
	}
	return today, nil
}

// CheckDone reports whether day d may be marked done at minute of the local
// day today: ErrDayNotYet for a day to come, ErrDayTooLate for a day before
// yesterday, or yesterday after GraceMinute.
func (r *StudyRules) CheckDone(d, today Day, minute int) error {
	switch {
	case d > today:
		return fmt.Errorf("mark %s done: %w", d, ErrDayNotYet)
	case d < today && !(d == today-1 && minute < r.GraceMinute):
		return fmt.Errorf("mark %s done: %w", d, ErrDayTooLate)
	}
	return nil
}

// MarkDone marks day d of plan p done in its record rec, at minute of the
// local day today, for minutes of study (0: the section's own). It records
// the section studied, moves the plan on to the next section (only from
// the one just studied, so that a /handbook move made since the prompt
// stands) and returns the index of the section studied, -1 for an empty
// handbook. Refusals are those of CheckDone, ErrBeforeFirstDay for a day
// before the plan's first study day, and ErrAlreadyDone; p and rec are
// unchanged then.
func (r *StudyRules) MarkDone(p *StudyPlan, rec *StudyDay, d, today Day, minute, minutes int) (int, error) {
	if err := r.CheckDone(d, today, minute); err != nil {
		return -1, err
	}
	if d < p.JoinedDay {
		return -1, fmt.Errorf("mark %s done: %w", d, ErrBeforeFirstDay)
	}
	if rec.Status == DayDone {
		return -1, fmt.Errorf("mark %s done: %w", d, ErrAlreadyDone)
	}
	h := r.Handbook
	idx := p.DaySection(h, *rec)
	sec := Section{}
	if idx >= 0 {
		sec = h.Sections[idx]
		rec.Section = uint16(idx + 1)
	}
	if minutes == 0 {
		minutes = sec.StudyMinutes()
	}
	rec.Status, rec.At, rec.Minutes = DayDone, uint16(minute), uint16(min(minutes, MaxDayMinutes))
	if d > p.DoneDay {
		p.DoneDay = d
	}
	if idx >= 0 && p.NextSection(h) == idx {
		p.Section = uint16(h.Next(idx))
	}
	return idx, nil
}

// Snooze puts the prompt of day d off at minute of the local day today:
// the prompt comes again at SnoozeUntil. It is refused with ErrPromptOver
// for a day other than today, ErrAlreadyDone for a day done,
// ErrSnoozeLimit after MaxSnoozes, and ErrSnoozeTooLate when the prompt
// could not come again today; rec is unchanged then.
func (r *StudyRules) Snooze(rec *StudyDay, d, today Day, minute int) error {
	switch {
	case d != today:
		return fmt.Errorf("snooze %s: %w", d, ErrPromptOver)
	case rec.Status == DayDone:
		return fmt.Errorf("snooze %s: %w", d, ErrAlreadyDone)
	case rec.Snoozes >= MaxSnoozes:
		return fmt.Errorf("snooze %s: %w", d, ErrSnoozeLimit)
	}
	at, ok := r.SnoozeUntil(minute)
	if !ok {
		return fmt.Errorf("snooze %s at %s: %w", d, ClockFromMinutes(minute), ErrSnoozeTooLate)
	}
	rec.Snoozes++
	rec.At = uint16(at)
	return nil
}

// NextSection is the index of the section the plan is at, read as the
// scheduler reads it (modulo the handbook's length, for a handbook that
// has shrunk); -1 for an empty handbook.
func (p *StudyPlan) NextSection(h *Handbook) int {
	if len(h.Sections) == 0 {
		return -1
	}
	return int(p.Section) % len(h.Sections)
}

// DaySection is the index of the section of a day: the one prompted, else
// the one the plan is at; -1 for an empty handbook.
func (p *StudyPlan) DaySection(h *Handbook, rec StudyDay) int {
	if rec.Section > 0 && len(h.Sections) > 0 {
		return (int(rec.Section) - 1) % len(h.Sections)
	}
	return p.NextSection(h)
}

// Pause stops the plan's prompts until day until (inclusive), or until
// resumed when until is 0. A last day before today is refused with
// ErrDayPassed.
func (p *StudyPlan) Pause(until, today Day) error {
	if until != 0 && until < today {
		return fmt.Errorf("pause until %s: %w", until, ErrDayPassed)
	}
	p.Paused, p.PausedUntil = true, until
	return nil
}

// Resume starts the plan's prompts again. The scheduler marks a paused
// member's day paused when it opens the day; back before the prompt, they
// are due again today, so Resume turns today's record rec back to due and
// reports whether it changed it.
func (p *StudyPlan) Resume(rec *StudyDay) bool {
	p.Paused, p.PausedUntil = false, 0
	if rec.Status == DayPaused && !rec.Prompted {
		rec.Status = DayDue
		return true
	}
	return false
}
