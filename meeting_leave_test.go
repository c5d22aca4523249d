package branchbot

import (
	"errors"
	"testing"
)

func TestDecideLeave(t *testing.T) {
	tests := []struct {
		name    string
		rsvp    RSVP
		grant   bool
		want    Approval
		wantErr error
	}{
		{"pending, granted", RSVP{Answer: AnswerLeave, Approval: ApprovalPending}, true, ApprovalGranted, nil},
		{"pending, refused", RSVP{Answer: AnswerLeave, Approval: ApprovalPending}, false, ApprovalRefused, nil},
		{"granted stays granted", RSVP{Answer: AnswerLeave, Approval: ApprovalGranted}, false, ApprovalGranted, ErrLeaveDecided},
		{"refused stays refused", RSVP{Answer: AnswerLeave, Approval: ApprovalRefused}, true, ApprovalRefused, ErrLeaveDecided},
		{"no approval asked", RSVP{Answer: AnswerLeave}, true, ApprovalNone, ErrNoLeavePending},
		{"attending", RSVP{Answer: AnswerAttend, Approval: ApprovalPending}, true, ApprovalPending, ErrNoLeavePending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rsvp
			if err := r.DecideLeave(tt.grant); !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if r.Approval != tt.want {
				t.Errorf("approval %s, want %s", r.Approval, tt.want)
			}
		})
	}
}
