package branchbot

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// PendingLeaveCarry is how long after its meeting's start a leave still
// awaiting the organiser's word stays in the weekly digest, whenever it
// was asked for.
const PendingLeaveCarry = 31 * 24 * time.Hour

// MeetingLeave is one member's leave from one meeting, as the weekly
// digest lists it.
type MeetingLeave struct {
	Meeting *Meeting
	Member  *Member
	RSVP    *RSVP
}

// LeaveDigestFrom is the earliest start of a meeting whose leave can be
// in the digest of days first… written at now (in loc): a leave is asked
// for before its meeting starts.
func LeaveDigestFrom(first Day, now time.Time, loc *time.Location) time.Time {
	from := first.Time(loc)
	if carry := now.Add(-PendingLeaveCarry); carry.Before(from) {
		return carry
	}
	return from
}

// InDigest reports whether the answer r to meeting mt is a leave for the
// weekly digest of days first…last written at now (in loc): asked for in
// those days, or still awaiting the organiser's word for a meeting that
// started at most PendingLeaveCarry before now. Leave from a meeting
// called off is in no digest.
func (r *RSVP) InDigest(mt *Meeting, first, last Day, now time.Time, loc *time.Location) bool {
	if r == nil || r.Answer != AnswerLeave || mt.State != MeetingScheduled {
		return false
	}
	if d := DayOf(r.At, loc); !r.At.IsZero() && d >= first && d <= last {
		return true
	}
	return r.Approval == ApprovalPending && !mt.Start.Before(now.Add(-PendingLeaveCarry))
}

// SortMeetingLeaves orders leaves for the digest: those awaiting
// approval first, as they wait for the reader; then by the meeting's
// start, the meeting, when the leave was asked for, and the member's
// name.
func SortMeetingLeaves(ls []MeetingLeave) {
	slices.SortStableFunc(ls, func(a, b MeetingLeave) int {
		pa, pb := a.RSVP.Approval == ApprovalPending, b.RSVP.Approval == ApprovalPending
		if pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(a.Meeting.Start.Compare(b.Meeting.Start), cmp.Compare(a.Meeting.ID, b.Meeting.ID),
			a.RSVP.At.Compare(b.RSVP.At), strings.Compare(a.Member.Name, b.Member.Name))
	})
}
