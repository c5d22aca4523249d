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
	// ErrLeaveReplaced means the word was for an earlier request of the
	// member's: they have asked for leave again since, and the newer
	// request is decided on its own message.
	ErrLeaveReplaced = errors.New("leave request replaced by a newer one")
	// ErrLeaveUnnumbered means the word does not say which request it is
	// for (a button sent before requests were numbered): it cannot be
	// told whether it was sent for the pending request or an earlier one.
	ErrLeaveUnnumbered = errors.New("leave request not named")
)

// DecideLeave records the organiser's word on the leave request numbered
// seq (the RSVP's LeaveSeq when the request was made), awaiting approval:
// granted or refused. A word for another request changes nothing
// (ErrLeaveReplaced), nor does one that names no request (seq 0:
// ErrLeaveUnnumbered). A leave already decided keeps its word.
func (r *RSVP) DecideLeave(grant bool, seq int) error {
	switch {
	case r.Answer != AnswerLeave || r.Approval == ApprovalNone:
		return fmt.Errorf("decide leave of member %d from meeting %d: %w", r.MemberID, r.MeetingID, ErrNoLeavePending)
	case seq > 0 && seq != r.LeaveSeq:
		return fmt.Errorf("decide leave %d of member %d from meeting %d (now %d): %w", seq, r.MemberID, r.MeetingID, r.LeaveSeq, ErrLeaveReplaced)
	case r.Approval != ApprovalPending:
		return fmt.Errorf("decide leave of member %d from meeting %d (%s): %w", r.MemberID, r.MeetingID, r.Approval, ErrLeaveDecided)
	case seq <= 0:
		return fmt.Errorf("decide leave of member %d from meeting %d: %w", r.MemberID, r.MeetingID, ErrLeaveUnnumbered)
	}
	r.Approval = ApprovalRefused
	if grant {
		r.Approval = ApprovalGranted
	}
	return nil
}
