package branchbot

import (
	"testing"
	"time"
)

func TestRSVPInDigest(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, sh) }
	first, last := DayOf(at(16, 0), sh), DayOf(at(22, 0), sh) // Mon 16 … Sun 22 November
	now := at(23, 8)
	mt := func(start time.Time, st MeetingState) *Meeting { return &Meeting{ID: 1, State: st, Start: start} }
	leave := func(asked time.Time, ap Approval) *RSVP { return &RSVP{Answer: AnswerLeave, At: asked, Approval: ap} }
	tests := []struct {
		name string
		mt   *Meeting
		r    *RSVP
		want bool
	}{
		{"asked on the week's first morning", mt(at(25, 15), MeetingScheduled), leave(at(16, 0), ApprovalNone), true},
		{"asked late on its last day", mt(at(25, 15), MeetingScheduled), leave(at(22, 23).Add(59*time.Minute), ApprovalGranted), true},
		{"asked the week before, decided", mt(at(20, 15), MeetingScheduled), leave(at(15, 23), ApprovalGranted), false},
		{"asked the week before, no approval asked", mt(at(20, 15), MeetingScheduled), leave(at(15, 23), ApprovalNone), false},
		{"asked the week before, still pending", mt(at(20, 15), MeetingScheduled), leave(at(15, 23), ApprovalPending), true},
		{"asked after the week, pending", mt(at(25, 15), MeetingScheduled), leave(at(23, 7), ApprovalPending), true},
		{"asked after the week, not pending", mt(at(25, 15), MeetingScheduled), leave(at(23, 7), ApprovalNone), false},
		{"pending, meeting long over", mt(at(16, 15).Add(-PendingLeaveCarry), MeetingScheduled), leave(at(1, 9), ApprovalPending), false},
		{"meeting called off", mt(at(25, 15), MeetingCancelled), leave(at(17, 9), ApprovalPending), false},
		{"attending", mt(at(25, 15), MeetingScheduled), &RSVP{Answer: AnswerAttend, At: at(17, 9)}, false},
		{"no answer", mt(at(25, 15), MeetingScheduled), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.InDigest(tt.mt, first, last, now, sh); got != tt.want {
				t.Errorf("InDigest %v, want %v", got, tt.want)
			}
			if tt.want && tt.mt.Start.Before(LeaveDigestFrom(first, now, sh)) {
				t.Errorf("meeting at %s starts before LeaveDigestFrom %s, yet its leave is in the digest", tt.mt.Start, LeaveDigestFrom(first, now, sh))
			}
		})
	}
}

func TestSortMeetingLeaves(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	m1 := &Meeting{ID: 1, Start: t0.Add(48 * time.Hour)}
	m2 := &Meeting{ID: 2, Start: t0.Add(24 * time.Hour)}
	lv := func(mt *Meeting, name string, ap Approval, asked time.Duration) MeetingLeave {
		return MeetingLeave{Meeting: mt, Member: &Member{Name: name}, RSVP: &RSVP{Answer: AnswerLeave, Approval: ap, At: t0.Add(-asked)}}
	}
	ls := []MeetingLeave{
		lv(m2, "甲", ApprovalGranted, time.Hour),
		lv(m1, "乙", ApprovalPending, time.Hour),
		lv(m2, "丙", ApprovalNone, 2*time.Hour),
		lv(m2, "丁", ApprovalPending, time.Hour),
		lv(m1, "戊", ApprovalPending, 2*time.Hour),
	}
	SortMeetingLeaves(ls)
	var got []string
	for _, l := range ls {
		got = append(got, l.Member.Name)
	}
	want := []string{"丁", "戊", "乙", "丙", "甲"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v", got, want)
		}
	}
}
