package branchbot

import (
	"errors"
	"testing"
	"time"
)

func day(t *testing.T, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseCaseKind(t *testing.T) {
	for in, want := range map[string]CaseKind{
		"hospital": CaseHospital, "生病住院": CaseHospital, "婚丧嫁娶": CaseWeddingFuneral,
		"Family": CaseFamily, "家庭变故": CaseFamily, "评优表彰": CaseCommendation, "批评处分": CaseDiscipline,
		"discipline": CaseDiscipline, " wedding_funeral ": CaseWeddingFuneral,
	} {
		got, err := ParseCaseKind(in)
		if err != nil || got != want {
			t.Errorf("ParseCaseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseCaseKind("birthday"); !errors.Is(err, ErrUnknownCaseKind) {
		t.Errorf("birthday: %v", err)
	}
}

func TestWorkCalendar(t *testing.T) {
	fri := day(t, "2026-10-02") // a Friday
	w := WorkCalendar{Enabled: true, RestDays: map[Day]bool{day(t, "2026-10-05"): true}}
	tests := []struct {
		name string
		cal  WorkCalendar
		n    int
		want string
	}{
		{"calendar days", WorkCalendar{}, 3, "2026-10-05"},
		{"over a weekend", WorkCalendar{Enabled: true}, 1, "2026-10-05"},
		{"over a weekend and a rest day", w, 1, "2026-10-06"},
		{"three working days", w, 3, "2026-10-08"},
		{"none", w, 0, "2026-10-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddDays(fri, tt.n); got.String() != tt.want {
				t.Errorf("AddDays(%s, %d) = %s, want %s", fri, tt.n, got, tt.want)
			}
		})
	}
	if w.WorkDay(day(t, "2026-10-03")) || w.WorkDay(day(t, "2026-10-05")) || !w.WorkDay(fri) {
		t.Error("WorkDay: Saturday and the rest day are not working days, Friday is")
	}
	all := WorkCalendar{Enabled: true, RestDays: map[Day]bool{}}
	for d := fri; d < fri+400; d++ {
		all.RestDays[d] = true
	}
	if got := all.AddDays(fri, 1); got <= fri {
		t.Errorf("a calendar of rest days: AddDays = %s", got)
	}
}

func TestCaseDue(t *testing.T) {
	fri := day(t, "2026-10-02")
	r := &CaseRules{Calendar: WorkCalendar{Enabled: true}}
	if got := r.Due(CaseHospital, fri); got.String() != "2026-10-07" {
		t.Errorf("hospital due %s, want 3 working days later 2026-10-07", got)
	}
	if got := r.Due(CaseFamily, fri); got.String() != "2026-10-13" {
		t.Errorf("family due %s, want 7 working days later 2026-10-13", got)
	}
	r = &CaseRules{DueDays: map[CaseKind]int{CaseFamily: 2}}
	if got := r.Due(CaseFamily, fri); got.String() != "2026-10-04" {
		t.Errorf("family due in 2 calendar days: %s", got)
	}
	if got := r.Due(CaseHospital, fri); got != fri+3 {
		t.Errorf("hospital default: %s", got)
	}
}

// branch is a small branch: a secretary, a committee member for group 1,
// a leader of each group, and members.
func branch() (sec, com, lead1, lead2, m1, m2, m3 *Member, all []*Member) {
	mk := func(id int64, name string, role Role, group string) *Member {
		return &Member{ID: id, Name: name, Role: role, Group: group, TelegramID: 100 + id}
	}
	sec = mk(1, "书记", RoleSecretary, "")
	com = mk(2, "支委", RoleCommittee, "")
	lead1 = mk(3, "组长一", RoleLeader, "一组")
	lead2 = mk(4, "组长二", RoleLeader, "二组")
	m1 = mk(5, "党员一", RoleMember, "一组")
	m2 = mk(6, "党员二", RoleMember, "二组")
	m3 = mk(7, "党员三", RoleMember, "三组")
	return sec, com, lead1, lead2, m1, m2, m3, []*Member{sec, com, lead1, lead2, m1, m2, m3}
}

func TestCaseTalker(t *testing.T) {
	sec, com, lead1, lead2, m1, m2, m3, all := branch()
	r := &CaseRules{CommitteeForGroups: map[string]string{"一组": "支委", "二组": "102"}}
	tests := []struct {
		name    string
		kind    CaseKind
		subject *Member
		want    *Member
	}{
		{"discipline goes to the secretary", CaseDiscipline, m1, sec},
		{"hospital goes to the group leader", CaseHospital, m1, lead1},
		{"hospital, other group", CaseHospital, m2, lead2},
		{"hospital, no leader nor committee member: the secretary", CaseHospital, m3, sec},
		{"family: committee member by name", CaseFamily, m1, com},
		{"family: committee member by telegram id", CaseFamily, m2, com},
		{"family: group without one: the secretary", CaseFamily, m3, sec},
		{"the leader's own hospital stay: the committee member", CaseHospital, lead1, com},
		{"the secretary's own discipline: nobody else", CaseDiscipline, sec, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Talker(tt.kind, tt.subject, all)
			if got != tt.want {
				t.Errorf("Talker = %v, want %v", got, tt.want)
			}
		})
	}
	r.Assign = map[CaseKind]AssignRule{CaseCommendation: AssignGroupLeader}
	if got := r.Talker(CaseCommendation, m2, all); got != lead2 {
		t.Errorf("configured rule: got %v", got)
	}
	lead1.TelegramID = 0 // not joined: cannot be told
	if got := r.Talker(CaseHospital, m1, all); got != com {
		t.Errorf("leader not joined: got %v, want the committee member", got)
	}
}

func TestCaseRights(t *testing.T) {
	sec, com, lead1, lead2, m1, m2, _, _ := branch()
	for _, tt := range []struct {
		opener, subject *Member
		want            bool
	}{
		{sec, m1, true}, {com, m2, true}, {lead1, m1, true}, {lead1, m2, false},
		{lead2, m2, true}, {m1, m2, false}, {sec, sec, false},
	} {
		if got := MayOpenCase(tt.opener, tt.subject); got != tt.want {
			t.Errorf("MayOpenCase(%s, %s) = %v", tt.opener.Name, tt.subject.Name, got)
		}
	}
	c := &Case{ID: 1, Subject: m1.ID, Assignee: lead1.ID, State: CaseOpen}
	for _, tt := range []struct {
		m    *Member
		want bool
	}{{sec, true}, {lead1, true}, {com, false}, {lead2, false}, {m1, false}, {m2, false}, {nil, false}} {
		if got := MayReadCase(tt.m, c); got != tt.want {
			t.Errorf("MayReadCase(%v) = %v", tt.m, got)
		}
	}
	// A secretary the case is about never reads it.
	c.Subject = sec.ID
	if MayReadCase(sec, c) {
		t.Error("the subject, though a secretary, reads the case")
	}
}

func TestCaseReminderAndEscalation(t *testing.T) {
	fri := day(t, "2026-10-02")
	r := &CaseRules{Calendar: WorkCalendar{Enabled: true}}
	c := &Case{ID: 1, Kind: CaseHospital, State: CaseOpen, Due: r.Due(CaseHospital, fri)}
	var reminded, escalated []string
	for d := fri; d <= fri+10; d++ {
		if r.RemindDue(c, fri, d) {
			reminded = append(reminded, d.String())
			c.RemindedOn = d
		}
		if r.EscalateDue(c, d) {
			escalated = append(escalated, d.String())
			c.EscalatedAt = time.Unix(1, 0)
		}
		if r.RemindDue(c, fri, d) {
			t.Errorf("%s: reminded twice", d)
		}
	}
	want := []string{"2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-12"}
	if len(reminded) != len(want) || reminded[0] != want[0] || reminded[5] != want[5] {
		t.Errorf("reminded on %v, want %v", reminded, want)
	}
	if len(escalated) != 1 || escalated[0] != "2026-10-08" {
		t.Errorf("escalated on %v, want [2026-10-08]", escalated)
	}
}

func TestCaseLife(t *testing.T) {
	now := time.Date(2026, 10, 2, 8, 0, 0, 0, time.UTC)
	today := DayOf(now, nil)
	c := &Case{ID: 3, State: CaseDraft, Assignee: 5}
	if err := c.LogTalk(5, today, today, today, ModePhone, "x", now); !errors.Is(err, ErrCaseClosed) {
		t.Errorf("log a draft: %v", err)
	}
	if err := c.Confirm(); err != nil {
		t.Fatal(err)
	}
	if err := c.Reassign(1, 6, " ", now); !errors.Is(err, ErrCaseNoReason) {
		t.Errorf("reassign without reason: %v", err)
	}
	c.RemindedOn = today
	if err := c.Reassign(1, 6, "出差", now); err != nil || c.Assignee != 6 || c.RemindedOn != 0 {
		t.Errorf("reassign: %v %+v", err, c)
	}
	if err := c.LogTalk(6, today+1, today, today, ModePhone, "x", now); !errors.Is(err, ErrBadTalkDay) {
		t.Errorf("a talk tomorrow: %v", err)
	}
	if err := c.LogTalk(6, today, today, today, ModeVisit, "谈了", now); err != nil || c.State != CaseDone {
		t.Fatalf("log: %v %s", err, c.State)
	}
	if l, ok := c.Talk(); !ok || l.Mode != ModeVisit || l.Text != "谈了" {
		t.Errorf("Talk() = %+v %v", l, ok)
	}
	if err := c.Cancel(1, "r", now); !errors.Is(err, ErrCaseClosed) {
		t.Errorf("cancel a done case: %v", err)
	}
}

func TestCaseKeys(t *testing.T) {
	d := day(t, "2026-10-02")
	k := CaseReminderKey(42, d)
	if k != "caser/42/2026-10-02" {
		t.Errorf("key %q", k)
	}
	id, got, ok := ParseCaseReminderKey(k)
	if !ok || id != 42 || got != d {
		t.Errorf("parse %q: %d %s %v", k, id, got, ok)
	}
	for _, bad := range []string{"caser/042/2026-10-02", "caser/4/2026-1-02", "caser/0/2026-10-02", "case/4/to1", "caser/4"} {
		if _, _, ok := ParseCaseReminderKey(bad); ok {
			t.Errorf("parsed %q", bad)
		}
	}
	if CaseDigestKey(d, 7) != "cased/2026-10-02/m0000000007" || CaseOpenedKey(3, 9) != "case/3/to9" {
		t.Error("digest or opened key")
	}
}
