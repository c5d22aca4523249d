package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// After a meeting: who came (sign-in, 签到, in a window around the start,
// with a code read out in the room when the branch asks for one), who was
// on leave, who made up for it (补课) and who is simply absent.
//
//	window opens ─ sign-in ─ window closes, meeting ends (Over)
//	   ─→ materials and make-up tasks to the absent and on leave
//	   ─→ a make-up reminder a day until Due ─→ the overdue told to the organiser

// Presence is what a member's part in a meeting came to.
type Presence string

// The presences, in the order reports show them.
const (
	PresenceAttended Presence = "attended" // signed in, or so corrected
	PresenceLeave    Presence = "leave"    // on leave, not made up (yet)
	PresenceMadeUp   Presence = "madeup"   // absent or on leave, then made up
	PresenceAbsent   Presence = "absent"   // neither there nor excused
)

// Presences are the presences in report order.
var Presences = []Presence{PresenceAttended, PresenceLeave, PresenceMadeUp, PresenceAbsent}

// ParsePresence reads a presence as the secretary writes it, in English or
// Chinese.
func ParsePresence(word string) (Presence, bool) {
	switch strings.ToLower(strings.TrimSpace(word)) {
	case "present", "attended", "出席", "到会", "参加":
		return PresenceAttended, true
	case "leave", "请假":
		return PresenceLeave, true
	case "madeup", "made-up", "补课", "已补课":
		return PresenceMadeUp, true
	case "absent", "缺席":
		return PresenceAbsent, true
	}
	return "", false
}

// CheckinRules are the branch's rules of sign-in and make-up.
type CheckinRules struct {
	// Before and After bound the sign-in window around the start.
	Before, After time.Duration
	// Code asks for the code read out in the room: a press at home does
	// not count.
	Code bool
	// MakeupDays is how long the absent have to make up.
	MakeupDays int
}

// The defaults of CheckinRules.
const (
	DefaultCheckinBefore = 30 * time.Minute
	DefaultCheckinAfter  = 30 * time.Minute
	DefaultMakeupDays    = 7
)

// WithDefaults fills in the zero fields.
func (c CheckinRules) WithDefaults() CheckinRules {
	if c.Before <= 0 {
		c.Before = DefaultCheckinBefore
	}
	if c.After <= 0 {
		c.After = DefaultCheckinAfter
	}
	if c.MakeupDays <= 0 {
		c.MakeupDays = DefaultMakeupDays
	}
	return c
}

// Errors of sign-in.
var (
	// ErrCheckinNotYet means sign-in was tried before the window opened.
	ErrCheckinNotYet = errors.New("sign-in has not opened")
	// ErrCheckinOver means sign-in was tried after the window closed.
	ErrCheckinOver = errors.New("sign-in has closed")
)

// CheckinOpens is when sign-in to the meeting opens.
func (mt *Meeting) CheckinOpens(c CheckinRules) time.Time { return mt.Start.Add(-c.Before) }

// CheckinCloses is when sign-in to the meeting closes.
func (mt *Meeting) CheckinCloses(c CheckinRules) time.Time { return mt.Start.Add(c.After) }

// Over is when the meeting's attendance is settled: the later of its end
// and the close of sign-in.
func (mt *Meeting) Over(c CheckinRules) time.Time {
	if end, cl := mt.End(), mt.CheckinCloses(c); end.After(cl) {
		return end
	}
	return mt.CheckinCloses(c)
}

// CanCheckIn reports whether sign-in to the meeting is open at now:
// ErrMeetingCancelled, ErrCheckinNotYet or ErrCheckinOver if not.
func (mt *Meeting) CanCheckIn(now time.Time, c CheckinRules) error {
	switch {
	case mt.State == MeetingCancelled:
		return fmt.Errorf("check in to meeting %d: %w", mt.ID, ErrMeetingCancelled)
	case mt.State != MeetingScheduled || now.Before(mt.CheckinOpens(c)):
		return fmt.Errorf("check in to meeting %d: %w", mt.ID, ErrCheckinNotYet)
	case !now.Before(mt.CheckinCloses(c)):
		return fmt.Errorf("check in to meeting %d: %w", mt.ID, ErrCheckinOver)
	}
	return nil
}

// Attendance is one member's record of a meeting: their sign-in, the
// secretary's correction and their make-up. A record exists for every
// member invited once the meeting is over.
type Attendance struct {
	MeetingID int64     `json:"mt"`
	MemberID  int64     `json:"m"`
	CheckedIn time.Time `json:"in,omitzero"`
	// Set is the secretary's correction, which overrides the rest.
	Set   Presence  `json:"set,omitempty"`
	SetBy int64     `json:"set_by,omitempty"`
	SetAt time.Time `json:"set_at,omitzero"`
	// MadeUp is when the member said they made up; Note is their words.
	MadeUp time.Time `json:"madeup,omitzero"`
	Note   string    `json:"note,omitempty"`
}

// Presence is what the record comes to, given the member's answer to the
// notice (nil for none): the correction if any, else signed in, made up,
// on leave (not refused), absent.
func (a *Attendance) Presence(rsvp *RSVP) Presence {
	switch {
	case a.Set != "":
		return a.Set
	case !a.CheckedIn.IsZero():
		return PresenceAttended
	case !a.MadeUp.IsZero():
		return PresenceMadeUp
	case rsvp != nil && rsvp.Answer == AnswerLeave && rsvp.Approval != ApprovalRefused:
		return PresenceLeave
	}
	return PresenceAbsent
}

// OwesMakeup reports whether a member of presence p has a make-up to do.
func OwesMakeup(p Presence) bool { return p == PresenceAbsent || p == PresenceLeave }

// MakeUp records the member's make-up at at, with their note: a
// correction to absent or on leave gives way to it.
func (a *Attendance) MakeUp(at time.Time, note string) {
	a.MadeUp, a.Note = at, note
	if OwesMakeup(a.Set) {
		a.Set = ""
	}
}

// Correct records the secretary's correction to p by member by at at.
func (a *Attendance) Correct(p Presence, by int64, at time.Time) {
	a.Set, a.SetBy, a.SetAt = p, by, at
}
