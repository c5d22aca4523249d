package branchbot

import (
	"errors"
	"testing"
	"time"
)

// TestRegisterProposed: the items typed while scheduling become agenda
// items at confirmation under the agenda's rules: on time as ordinary
// items after any already there, late (a secretary's) after the deadline;
// a committee member's after the deadline are refused and stay proposed.
func TestRegisterProposed(t *testing.T) {
	start := time.Date(2026, 12, 10, 7, 0, 0, 0, time.UTC)
	sec := &Member{ID: 1, Role: RoleSecretary}
	com := &Member{ID: 2, Role: RoleCommittee}
	newMeeting := func() *Meeting {
		return &Meeting{ID: 1, Kind: MeetingCommittee, State: MeetingScheduled, Start: start,
			Items: []AgendaItem{{N: 1, Text: "先有"}}, Proposed: []string{"甲", "乙"}}
	}

	mt := newMeeting()
	its, err := mt.RegisterProposed(sec, start.Add(-72*time.Hour), 0)
	if err != nil || len(its) != 2 || its[0].N != 2 || its[1].Text != "乙" || its[1].Late {
		t.Fatalf("on time: %+v %v", its, err)
	}
	if len(mt.Items) != 3 || mt.Proposed != nil {
		t.Errorf("on time: items %+v, proposed %q", mt.Items, mt.Proposed)
	}

	mt = newMeeting()
	if its, err = mt.RegisterProposed(sec, start.Add(-time.Hour), 0); err != nil || len(its) != 2 || !its[0].Late || !its[1].Late {
		t.Errorf("late: %+v %v", its, err)
	}

	mt = newMeeting()
	its, err = mt.RegisterProposed(com, start.Add(-time.Hour), 0)
	if !errors.Is(err, ErrAgendaClosed) || len(its) != 0 || len(mt.Items) != 1 || len(mt.Proposed) != 2 {
		t.Errorf("refused: %+v %v, items %+v, proposed %q", its, err, mt.Items, mt.Proposed)
	}

	if GuideTakesAgenda(MeetingCommittee, &Member{Role: RoleLeader}) || GuideTakesAgenda(MeetingLesson, sec) || !GuideTakesAgenda(MeetingAssembly, com) {
		t.Error("GuideTakesAgenda")
	}
}
