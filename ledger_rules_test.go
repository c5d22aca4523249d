package branchbot

import "testing"

func TestStudyMark(t *testing.T) {
	for _, c := range []struct {
		name     string
		sd       StudyDay
		resolved DayStatus
		today    bool
		want     StudyMark
		due      bool
	}{
		{"done", StudyDay{Status: DayDone}, DayDone, false, MarkDone, true},
		{"done after the nudge", StudyDay{Status: DayDone, Nudged: true}, DayDone, false, MarkLate, true},
		{"missed", StudyDay{}, DayDue, false, MarkMissed, true},
		{"today, not yet", StudyDay{}, DayDue, true, MarkPending, false},
		{"nudged, not done", StudyDay{Nudged: true}, DayDue, false, MarkMissed, true},
		{"bot down", StudyDay{Status: DayBotMissed}, DayBotMissed, false, MarkBotMissed, false},
		{"leave", StudyDay{Status: DayPaused}, DayPaused, false, MarkLeave, false},
		{"rest day", StudyDay{}, DayRest, false, MarkRest, false},
		{"forgiven skip", StudyDay{}, DaySkip, false, MarkSkip, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.sd.Mark(c.resolved, c.today)
			if got != c.want || got.Due() != c.due {
				t.Errorf("Mark = %d (due %v), want %d (due %v)", got, got.Due(), c.want, c.due)
			}
		})
	}
}

func TestLedgerScope(t *testing.T) {
	branchMt := &Meeting{Audience: AudienceAll}
	group1 := &Meeting{Audience: AudienceGroup, Group: "一组"}
	group2 := &Meeting{Audience: AudienceGroup, Group: "二组"}
	for _, c := range []struct {
		m                       Member
		branch, own, other, rec bool
	}{
		{Member{Role: RoleSecretary}, true, true, true, true},
		{Member{Role: RoleCommittee}, true, true, true, false},
		{Member{Role: RoleLeader, Group: "一组"}, false, true, false, false},
		{Member{Role: RoleMember, Group: "一组"}, false, true, false, false},
	} {
		m := c.m
		if m.SeesMeeting(branchMt) != c.branch || m.SeesMeeting(group1) != c.own || m.SeesMeeting(group2) != c.other || m.KeepsRecords() != c.rec {
			t.Errorf("%s: branch %v own %v other %v records %v", m.Role, m.SeesMeeting(branchMt), m.SeesMeeting(group1), m.SeesMeeting(group2), m.KeepsRecords())
		}
	}
}
