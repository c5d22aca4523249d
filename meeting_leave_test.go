package branchbot

import (
	"errors"
	"testing"
	"time"
)

func TestDecideLeave(t *testing.T) {
	tests := []struct {
		name    string
		rsvp    RSVP
		grant   bool
		seq     int
		want    Approval
		wantErr error
	}{
		{"pending, granted", RSVP{Answer: AnswerLeave, Approval: ApprovalPending, LeaveSeq: 1}, true, 1, ApprovalGranted, nil},
		{"pending, refused", RSVP{Answer: AnswerLeave, Approval: ApprovalPending, LeaveSeq: 1}, false, 1, ApprovalRefused, nil},
		{"granted stays granted", RSVP{Answer: AnswerLeave, Approval: ApprovalGranted, LeaveSeq: 1}, false, 1, ApprovalGranted, ErrLeaveDecided},
		{"refused stays refused", RSVP{Answer: AnswerLeave, Approval: ApprovalRefused, LeaveSeq: 1}, true, 1, ApprovalRefused, ErrLeaveDecided},
		{"no approval asked", RSVP{Answer: AnswerLeave, LeaveSeq: 1}, true, 1, ApprovalNone, ErrNoLeavePending},
		{"attending", RSVP{Answer: AnswerAttend, Approval: ApprovalPending, LeaveSeq: 1}, true, 1, ApprovalPending, ErrNoLeavePending},
		{"earlier request, newer pending", RSVP{Answer: AnswerLeave, Approval: ApprovalPending, LeaveSeq: 2}, true, 1, ApprovalPending, ErrLeaveReplaced},
		{"earlier request, newer decided", RSVP{Answer: AnswerLeave, Approval: ApprovalRefused, LeaveSeq: 2}, true, 1, ApprovalRefused, ErrLeaveReplaced},
		{"later number than any request", RSVP{Answer: AnswerLeave, Approval: ApprovalPending, LeaveSeq: 2}, true, 3, ApprovalPending, ErrLeaveReplaced},
		{"unnumbered, pending", RSVP{Answer: AnswerLeave, Approval: ApprovalPending, LeaveSeq: 2}, true, 0, ApprovalPending, ErrLeaveUnnumbered},
		{"unnumbered, kept before numbering", RSVP{Answer: AnswerLeave, Approval: ApprovalPending}, true, 0, ApprovalPending, ErrLeaveUnnumbered},
		{"unnumbered, decided", RSVP{Answer: AnswerLeave, Approval: ApprovalGranted, LeaveSeq: 1}, false, 0, ApprovalGranted, ErrLeaveDecided},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rsvp
			if err := r.DecideLeave(tt.grant, tt.seq); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if r.Approval != tt.want {
				t.Errorf("approval %s, want %s", r.Approval, tt.want)
			}
			if r.LeaveSeq != tt.rsvp.LeaveSeq {
				t.Errorf("LeaveSeq %d, want %d unchanged", r.LeaveSeq, tt.rsvp.LeaveSeq)
			}
		})
	}
}

// TestLeaveNumbersRequests: every request for leave gets the next number,
// whatever came between; a refused request asked again is a new request,
// and the word for the first no longer decides it.
func TestLeaveNumbersRequests(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	r := RSVP{MeetingID: 1, MemberID: 2}
	r.Leave(LeaveSick, "", at, 1, true)
	if r.LeaveSeq != 1 || r.Approval != ApprovalPending {
		t.Fatalf("first request: %+v", r)
	}
	first := r.LeaveSeq
	if err := r.DecideLeave(false, first); err != nil {
		t.Fatal(err)
	}
	r.Leave(LeaveTrip, "", at.Add(time.Minute), 1, true)
	if r.LeaveSeq != 2 || r.Approval != ApprovalPending {
		t.Fatalf("second request: %+v", r)
	}
	if err := r.DecideLeave(true, first); !errors.Is(err, ErrLeaveReplaced) || r.Approval != ApprovalPending {
		t.Fatalf("the first request's word on the second: %v, %s", err, r.Approval)
	}
	r.Attend(at.Add(2*time.Minute), 1)
	r.Leave(LeavePersonal, "", at.Add(3*time.Minute), 1, false)
	if r.LeaveSeq != 3 {
		t.Errorf("after attend and leave again: LeaveSeq %d, want 3", r.LeaveSeq)
	}
}
