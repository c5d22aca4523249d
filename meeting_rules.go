package branchbot

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// The life of a meeting:
//
//	draft ─ confirm ─→ scheduled ─ move (Version+1) ─→ scheduled
//	  │                    │
//	  └──── cancel ────────┴─→ cancelled

// Errors of the meeting rules.
var (
	// ErrMeetingNotDraft means a meeting was asked to change in a way only
	// a draft can: it has been confirmed or cancelled since.
	ErrMeetingNotDraft = errors.New("meeting is no longer a draft")
	// ErrMeetingCancelled means a cancelled meeting was asked to change.
	ErrMeetingCancelled = errors.New("meeting is cancelled")
	// ErrMeetingStarted means a meeting that has started was asked to
	// move or be cancelled.
	ErrMeetingStarted = errors.New("meeting has started")
	// ErrMeetingPast means a meeting was set to start in the past.
	ErrMeetingPast = errors.New("meeting time is in the past")
	// ErrMeetingNotYours means a member may not schedule or change a
	// meeting for that audience.
	ErrMeetingNotYours = errors.New("not allowed to organise this meeting")
)

// CanOrganise reports whether member m may schedule, move or cancel a
// meeting for the audience (and group): a secretary any; a group leader
// their own group's meetings only.
func CanOrganise(m *Member, audience, group string) error {
	switch {
	case m.Is(RoleSecretary):
		return nil
	case m.Role == RoleLeader && audience == AudienceGroup && group != "" && group == m.Group:
		return nil
	}
	return fmt.Errorf("%s to %s %s: %w", m.Role, audience, group, ErrMeetingNotYours)
}

// Confirm confirms a draft at now: it becomes scheduled, version 1, with
// its reminders armed. A meeting that is not a draft is refused with
// ErrMeetingNotDraft, one whose start has passed with ErrMeetingPast.
func (mt *Meeting) Confirm(now time.Time) error {
	if mt.State != MeetingDraft {
		return fmt.Errorf("confirm meeting %d (%s): %w", mt.ID, mt.State, ErrMeetingNotDraft)
	}
	if !mt.Start.After(now) {
		return fmt.Errorf("confirm meeting %d: %w", mt.ID, ErrMeetingPast)
	}
	mt.State, mt.Version, mt.ArmedAt, mt.Reminded = MeetingScheduled, 1, now, nil
	return nil
}

// Cancel calls the meeting off at now (a draft is simply dropped). A
// cancelled meeting is refused with ErrMeetingCancelled, one that has
// started with ErrMeetingStarted.
func (mt *Meeting) Cancel(now time.Time, reason string) error {
	if err := mt.checkChange(now); err != nil {
		return fmt.Errorf("cancel meeting %d: %w", mt.ID, err)
	}
	mt.State, mt.CancelReason = MeetingCancelled, reason
	return nil
}

// Move changes the time and, if place is not empty, the place of a
// scheduled meeting at now: the version goes up and the reminders are
// armed again for the new time. A draft changes without a new version.
func (mt *Meeting) Move(now, start time.Time, place string) error {
	if err := mt.checkChange(now); err != nil {
		return fmt.Errorf("move meeting %d: %w", mt.ID, err)
	}
	if !start.After(now) {
		return fmt.Errorf("move meeting %d: %w", mt.ID, ErrMeetingPast)
	}
	mt.Start = start
	if place != "" {
		mt.Place = place
	}
	if mt.State == MeetingScheduled {
		mt.Version++
		mt.ArmedAt, mt.Reminded = now, nil
	}
	return nil
}

func (mt *Meeting) checkChange(now time.Time) error {
	switch {
	case mt.State == MeetingCancelled:
		return ErrMeetingCancelled
	case mt.State == MeetingScheduled && !now.Before(mt.Start):
		return ErrMeetingStarted
	}
	return nil
}

// Upcoming reports whether the meeting is confirmed and has not ended at
// now.
func (mt *Meeting) Upcoming(now time.Time) bool {
	return mt.State == MeetingScheduled && now.Before(mt.End())
}

// ReminderAt is when the reminder of lead time lead goes out: lead before
// the start, or, if that falls in the quiet hours, the last minute before
// they begin (so it goes the evening before, not at night).
func (mt *Meeting) ReminderAt(lead time.Duration, quiet QuietHours, loc *time.Location) time.Time {
	return beforeQuiet(mt.Start.Add(-lead), quiet, loc)
}

// ReminderStep is what the scheduler does about one reminder at a given
// instant.
type ReminderStep uint8

// The steps of a reminder.
const (
	ReminderWait   ReminderStep = iota // not due yet (or in quiet hours)
	ReminderSend                       // due: send it
	ReminderLate                       // due a while ago (the bot was down): send it marked late
	ReminderMissed                     // the meeting started before it could go: record it as missed
	ReminderSkip                       // would fall before the notice itself: nothing to send
	ReminderDone                       // already done with
)

// MeetingLateAfter is how long after its time a reminder counts as late.
const MeetingLateAfter = 10 * time.Minute

// ReminderStep decides the reminder of lead time lead at now: a reminder
// whose time came is sent (late if it is past MeetingLateAfter) as long as
// the meeting has not started, else it is missed; in quiet hours it
// waits. A reminder whose time was before the meeting was announced is
// skipped: the notice has just told them.
func (mt *Meeting) ReminderStep(lead time.Duration, now time.Time, quiet QuietHours, loc *time.Location) ReminderStep {
	if mt.State != MeetingScheduled || slices.Contains(mt.Reminded, lead) {
		return ReminderDone
	}
	return reminderStep(mt.ReminderAt(lead, quiet, loc), mt.ArmedAt, mt.Start, now, quiet, loc)
}

// FirstLead reports whether lead is the meeting's first (longest)
// reminder, the one that asks those who have not answered.
func (mt *Meeting) FirstLead(lead time.Duration) bool {
	return len(mt.Leads) > 0 && lead == slices.Max(mt.Leads)
}

// ToldOfLeave reports whether m is told when an invited member asks for
// leave: the organiser, and for a group meeting the group's leader.
func (mt *Meeting) ToldOfLeave(m *Member) bool {
	if m.ID == mt.CreatedBy {
		return true
	}
	return mt.Audience == AudienceGroup && m.Role == RoleLeader && m.Group == mt.Group
}

// Leave records a leave with its reason (note for LeaveOther) at at, for
// the meeting's current version; approval says whether the branch asks
// for the organiser's approval. Each call is a new request: LeaveSeq goes
// up by one.
func (r *RSVP) Leave(reason LeaveReason, note string, at time.Time, version int, approval bool) {
	r.Answer, r.Reason, r.Note, r.At, r.Version = AnswerLeave, reason, note, at, version
	r.LeaveSeq++
	r.Approval = ApprovalNone
	if approval {
		r.Approval = ApprovalPending
	}
}

// Attend records that the member is coming.
func (r *RSVP) Attend(at time.Time, version int) {
	r.Answer, r.Reason, r.Note, r.Approval, r.At, r.Version = AnswerAttend, "", "", ApprovalNone, at, version
}
