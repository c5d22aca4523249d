package branchbot

import (
	"errors"
	"testing"
	"time"
)

func TestAddAgendaItem(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	sec := &Member{ID: 1, Role: RoleSecretary}
	com := &Member{ID: 2, Role: RoleCommittee}
	mem := &Member{ID: 3, Role: RoleMember}
	tests := []struct {
		name     string
		kind     MeetingKind
		m        *Member
		at       time.Time
		wantErr  error
		wantLate bool
	}{
		{"committee member on time", MeetingCommittee, com, start.Add(-49 * time.Hour), nil, false},
		{"committee member at the deadline", MeetingCommittee, com, start.Add(-48 * time.Hour), ErrAgendaClosed, false},
		{"secretary late", MeetingAssembly, sec, start.Add(-time.Hour), nil, true},
		{"member", MeetingCommittee, mem, start.Add(-72 * time.Hour), ErrAgendaNotYours, false},
		{"themed day", MeetingThemedDay, sec, start.Add(-72 * time.Hour), ErrNoAgenda, false},
		{"started", MeetingCommittee, sec, start, ErrMeetingStarted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mt := &Meeting{ID: 1, Kind: tt.kind, State: MeetingScheduled, Start: start}
			it, err := mt.AddAgendaItem(tt.m, "议题", tt.at, 0)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if len(mt.Items) != 0 {
					t.Error("a refused item was added")
				}
				return
			}
			if it.N != 1 || it.Late != tt.wantLate || it.MemberID != tt.m.ID {
				t.Errorf("item %+v", it)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	mt := &Meeting{ID: 1, Kind: MeetingCommittee, State: MeetingScheduled, Start: start}
	if _, err := mt.AddAgendaItem(&Member{ID: 1, Role: RoleSecretary}, "议题", start.Add(-72*time.Hour), 0); err != nil {
		t.Fatal(err)
	}
	if err := mt.Decide(1, "同意", 1, start.Add(-time.Minute)); !errors.Is(err, ErrNotHeldYet) {
		t.Errorf("before the start: %v", err)
	}
	if err := mt.Decide(2, "同意", 1, start); !errors.Is(err, ErrNoSuchItem) {
		t.Errorf("item 2: %v", err)
	}
	if err := mt.Decide(1, "同意", 1, start.Add(time.Hour)); err != nil || mt.Items[0].Decision != "同意" {
		t.Errorf("decide: %v %+v", err, mt.Items[0])
	}
}

func TestCadencePeriod(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC) // 2026-12-01 01:00 in Shanghai
	s, e, name := CadenceMonth.Period(at, loc)
	if name != "2026-12" || !s.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, loc)) || !e.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, loc)) {
		t.Errorf("month: %v %v %s", s, e, name)
	}
	s, e, name = CadenceQuarter.Period(at, loc)
	if name != "2026-Q4" || !s.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, loc)) || !e.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, loc)) {
		t.Errorf("quarter: %v %v %s", s, e, name)
	}
}
