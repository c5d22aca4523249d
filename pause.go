package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// A pause of a member's study is leave (请假): it needs a reason, the
// member's group leader and the secretaries are told, and reports show the
// days it covers, which the scheduler records as DayPaused, with the
// reason. The plan holds the pause running now (Paused, PausedFrom,
// PausedUntil); each pause's reason and span are kept as a Leave, so that
// a report of a past month still names them.

// Leave is one pause of a member's study: from its first day to its last,
// with the reason the member gave.
type Leave struct {
	From Day `json:"from"` // the first day of leave: the day it was asked
	// Until is the last day of leave, inclusive; 0 while it runs until
	// the member resumes.
	Until  Day       `json:"until,omitempty"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"` // when it was asked or last changed
}

// Covers reports whether day d is within the leave.
func (l *Leave) Covers(d Day) bool { return l.From <= d && (l.Until == 0 || d <= l.Until) }

// MaxLeaveReason bounds the reason of a pause, in characters.
const MaxLeaveReason = 200

// The refusals of a pause.
var (
	// ErrNoReason means a pause was asked without a reason.
	ErrNoReason = errors.New("a pause needs a reason")
	// ErrReasonTooLong means the reason of a pause is longer than
	// MaxLeaveReason characters.
	ErrReasonTooLong = errors.New("reason of a pause too long")
)

// CheckLeaveReason tidies the reason of a pause (spaces trimmed, lines
// joined) and refuses an empty one (ErrNoReason) or one over
// MaxLeaveReason characters (ErrReasonTooLong).
func CheckLeaveReason(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		return "", ErrNoReason
	case n > MaxLeaveReason:
		return "", fmt.Errorf("%w: %d characters, at most %d", ErrReasonTooLong, n, MaxLeaveReason)
	}
	return s, nil
}

// TakeLeave pauses plan p from today until day until (inclusive; 0 until
// resumed) for reason, at instant at, and returns the leave to keep. rec is
// the member's record of today: a day not yet done becomes DayPaused, a
// day of leave. A member already on leave today changes their leave: its
// first day stays, its end and reason are the new ones. The refusals are
// those of CheckLeaveReason and Pause (ErrDayPassed); p and rec are
// unchanged then.
func (p *StudyPlan) TakeLeave(rec *StudyDay, until, today Day, reason string, at time.Time) (Leave, error) {
	reason, err := CheckLeaveReason(reason)
	if err != nil {
		return Leave{}, fmt.Errorf("pause: %w", err)
	}
	from := today
	if p.PausedOn(today) && p.PausedFrom != 0 && p.PausedFrom <= today {
		from = p.PausedFrom
	}
	if err := p.Pause(until, today); err != nil {
		return Leave{}, err
	}
	p.PausedFrom = from
	if rec.Status == DayDue {
		rec.Status = DayPaused
	}
	return Leave{From: from, Until: until, Reason: reason, At: at}, nil
}

// EndLeave resumes plan p on day today (see Resume, which may turn today's
// record rec back to due). It returns the first day of the leave that was
// running, and its last day now: today if today stays a day of leave, else
// yesterday. running is false when no leave ran today (never paused, or a
// dated pause already over): the leave kept then is left as it is. A last
// day before the first means the leave had no day at all.
func (p *StudyPlan) EndLeave(rec *StudyDay, today Day) (from, last Day, running bool) {
	running = p.PausedOn(today)
	from = p.PausedFrom
	p.Resume(rec)
	p.PausedFrom = 0
	last = today
	if rec.Status != DayPaused {
		last = today - 1
	}
	return from, last, running
}
