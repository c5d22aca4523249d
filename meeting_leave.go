package branchbot

import (
	"errors"
	"fmt"
)

// Errors of the organiser's word on a leave.
var (
	// ErrNoLeavePending means the answer is not a leave that waits for
	// approval: the member answered otherwise, or the branch does not ask
	// for approval.
	ErrNoLeavePending = errors.New("no leave awaiting approval")
	// ErrLeaveDecided means the leave was already approved or refused:
	// the word stands, and an older button (or the other organiser's copy)
	// cannot change it.
	ErrLeaveDecided = errors.New("leave already decided")
)

// DecideLeave records the organiser's word on a leave awaiting approval:
// granted or refused. A leave already decided keeps its word.
func (r *RSVP) DecideLeave(grant bool) error {
	switch {
	case r.Answer != AnswerLeave || r.Approval == ApprovalNone:
		return fmt.Errorf("decide leave of member %d from meeting %d: %w", r.MemberID, r.MeetingID, ErrNoLeavePending)
	case r.Approval != ApprovalPending:
		return fmt.Errorf("decide leave of member %d from meeting %d (%s): %w", r.MemberID, r.MeetingID, r.Approval, ErrLeaveDecided)
	}
	r.Approval = ApprovalRefused
	if grant {
		r.Approval = ApprovalGranted
	}
	return nil
}
