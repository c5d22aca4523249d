package branchbot

import (
	"slices"
	"strconv"
	"strings"
)

// AssignRule says who is given a new case of a kind.
type AssignRule string

// The rules of assignment.
const (
	// AssignSecretary gives the case to the secretary.
	AssignSecretary AssignRule = "secretary"
	// AssignGroupLeader gives it to the leader of the member's group.
	AssignGroupLeader AssignRule = "group_leader"
	// AssignCommittee gives it to the committee member responsible for
	// the member's group (CaseRules.CommitteeForGroups).
	AssignCommittee AssignRule = "committee_for_group"
)

// ParseAssignRule reads an assignment rule by name.
func ParseAssignRule(s string) (AssignRule, bool) {
	switch r := AssignRule(s); r {
	case AssignSecretary, AssignGroupLeader, AssignCommittee:
		return r, true
	}
	return "", false
}

// Defaults of CaseRules.
const (
	DefaultDueDays         = 7
	DefaultHospitalDueDays = 3
)

// DefaultRemindAt is when talkers are reminded by default: 09:00.
var DefaultRemindAt = ClockTime{Hour: 9}

// CaseRules are the branch's rules for conversation-due cases, read by
// the bot (opening, assignment, who may read) and the scheduler
// (reminders and escalation).
type CaseRules struct {
	// DueDays is how many days after it is opened a case of a kind is
	// due; a kind left out is due in DefaultDueDays
	// (DefaultHospitalDueDays for a hospital stay).
	DueDays map[CaseKind]int
	// Calendar counts the due days, and the days talkers are reminded on.
	Calendar WorkCalendar
	// RemindAt is the local time talkers are reminded at on a working
	// day, and the secretaries get their digest.
	RemindAt ClockTime
	// Assign says who gets a case of a kind; a kind left out follows
	// DefaultAssign.
	Assign map[CaseKind]AssignRule
	// CommitteeForGroups names, per party group, the committee member
	// responsible for it: by name, or by Telegram user id.
	CommitteeForGroups map[string]string
	// Coverage is the period, in months, in which every member is to
	// have had at least one talk; 0 checks nothing.
	Coverage int
	// ContactPeriod is the period, in months, in which each standing
	// contact is visited; 0 means DefaultContactPeriod.
	ContactPeriod int
}

// ContactMonths is the period of the visits of standing contacts.
func (r *CaseRules) ContactMonths() int {
	if r.ContactPeriod > 0 {
		return r.ContactPeriod
	}
	return DefaultContactPeriod
}

// DefaultAssign is who gets a case when the rules do not say: the
// secretary for discipline, the group leader for a hospital stay, the
// committee member responsible for the group otherwise.
func DefaultAssign(k CaseKind) AssignRule {
	switch k {
	case CaseDiscipline:
		return AssignSecretary
	case CaseHospital:
		return AssignGroupLeader
	}
	return AssignCommittee
}

// DueIn is how many (working) days a case of kind k has.
func (r *CaseRules) DueIn(k CaseKind) int {
	if n, ok := r.DueDays[k]; ok && n > 0 {
		return n
	}
	if k == CaseHospital {
		return DefaultHospitalDueDays
	}
	return DefaultDueDays
}

// Due is the due day of a case of kind k opened on day opened.
func (r *CaseRules) Due(k CaseKind, opened Day) Day {
	return r.Calendar.AddDays(opened, r.DueIn(k))
}

// Rule is the assignment rule for kind k.
func (r *CaseRules) Rule(k CaseKind) AssignRule {
	if a, ok := r.Assign[k]; ok {
		return a
	}
	return DefaultAssign(k)
}

// MayOpenCase reports whether opener may open a case about subject: a
// secretary or committee member about anyone, a group leader about the
// members of their own group; nobody about themselves.
func MayOpenCase(opener, subject *Member) bool {
	switch {
	case opener.ID == subject.ID:
		return false
	case opener.Is(RoleCommittee):
		return true
	case opener.Is(RoleLeader):
		return opener.Group != "" && opener.Group == subject.Group
	}
	return false
}

// MayTalk reports whether m may be the talker of a case about subject:
// a group leader or above, who is not the subject.
func MayTalk(m, subject *Member) bool {
	return m.ID != subject.ID && m.Is(RoleLeader)
}

// MayReadCase reports whether m may read case c: a secretary or the
// talker, and never the member the case is about.
func MayReadCase(m *Member, c *Case) bool {
	if m == nil || m.ID == c.Subject {
		return false
	}
	return m.Role == RoleSecretary || m.ID == c.Assignee
}

// Talker chooses who is given a case of kind k about subject, among the
// branch's members: by the kind's rule, falling back from the group
// leader to the committee member for the group to the secretary when the
// one the rule names does not exist, has not joined or is the subject.
// It returns nil only when there is no secretary but the subject.
func (r *CaseRules) Talker(k CaseKind, subject *Member, members []*Member) *Member {
	ok := func(m *Member) bool { return m != nil && m.Bound() && MayTalk(m, subject) }
	rule := r.Rule(k)
	if rule == AssignGroupLeader && subject.Group != "" {
		for _, m := range members {
			if m.Role == RoleLeader && m.Group == subject.Group && ok(m) {
				return m
			}
		}
		rule = AssignCommittee
	}
	if rule == AssignCommittee {
		if m := r.committeeFor(subject.Group, members); ok(m) {
			return m
		}
	}
	return firstSecretary(members, ok)
}

// committeeFor is the member CommitteeForGroups names for group, or nil.
func (r *CaseRules) committeeFor(group string, members []*Member) *Member {
	who, found := r.CommitteeForGroups[group]
	if !found || group == "" {
		return nil
	}
	who = strings.TrimSpace(who)
	tg, err := strconv.ParseInt(who, 10, 64)
	for _, m := range members {
		if m.Name == who || (err == nil && tg > 0 && m.TelegramID == tg) {
			return m
		}
	}
	return nil
}

// firstSecretary is the secretary with the lowest id that ok accepts.
func firstSecretary(members []*Member, ok func(*Member) bool) *Member {
	var best *Member
	for _, m := range members {
		if m.Role == RoleSecretary && ok(m) && (best == nil || m.ID < best.ID) {
			best = m
		}
	}
	return best
}

// Overdue reports whether open case c is past its due day on today.
func (c *Case) Overdue(today Day) bool { return c.Open() && today > c.Due }

// DaysLeft is how many calendar days c has until its due day on today;
// negative once overdue.
func (c *Case) DaysLeft(today Day) int { return int(c.Due - today) }

// RemindDue reports whether the talker of c is to be reminded on today:
// a working day after the one it was opened on (opened, in the branch's
// days: the talker was told that day), not before its RemindFrom, on
// which no reminder went yet.
func (r *CaseRules) RemindDue(c *Case, opened, today Day) bool {
	return c.Open() && today > opened && today >= c.RemindFrom && c.RemindedOn < today && r.Calendar.WorkDay(today)
}

// EscalateDue reports whether the secretaries are to be told that c is
// overdue on today: the first working day after its due day.
func (r *CaseRules) EscalateDue(c *Case, today Day) bool {
	return c.Overdue(today) && c.EscalatedAt.IsZero() && r.Calendar.WorkDay(today)
}

// SortCases orders cases by due day, then id.
func SortCases(cs []*Case) {
	slices.SortFunc(cs, func(a, b *Case) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		return int(a.ID - b.ID)
	})
}
