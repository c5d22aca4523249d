package config

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// TalksConfig configures conversation-due cases (谈心谈话): when a case
// of each kind is due, who is given it, and when talkers are reminded.
type TalksConfig struct {
	// DueDays is, per kind, in how many days a case is due.
	DueDays TalkKindDays `yaml:"due_days"`
	// WorkingDays counts the due days, and the days talkers are
	// reminded on, in working days: not Saturdays, Sundays or
	// study.rest_days.
	WorkingDays bool `yaml:"working_days"`
	// RemindAt is when talkers are reminded, and secretaries get the
	// digest of overdue cases, on a working day.
	RemindAt ClockTime `yaml:"remind_at"`
	// Assign is, per kind, who is given a new case: "secretary",
	// "group_leader" or "committee_for_group".
	Assign TalkKindAssign `yaml:"assign"`
	// CommitteeForGroups names the committee member responsible for
	// each party group.
	CommitteeForGroups []GroupCommittee `yaml:"committee_for_groups,omitempty" item:"a group and a member"`
	// Coverage is the period in which every member is to have had at
	// least one talk (month, quarter, half, year or "N months"); empty
	// checks nothing.
	Coverage string `yaml:"coverage"`
	// ContactPeriod is how often each standing contact (五联) is due a
	// visit: month, quarter, half, year or "N months".
	ContactPeriod string `yaml:"contact_period"`
}

// TalkKindDays holds a number of days per kind of case.
type TalkKindDays struct {
	WeddingFuneral int `yaml:"wedding_funeral"`
	Family         int `yaml:"family"`
	Hospital       int `yaml:"hospital"`
	Commendation   int `yaml:"commendation"`
	Discipline     int `yaml:"discipline"`
}

// TalkKindAssign holds an assignment rule per kind of case.
type TalkKindAssign struct {
	WeddingFuneral string `yaml:"wedding_funeral"`
	Family         string `yaml:"family"`
	Hospital       string `yaml:"hospital"`
	Commendation   string `yaml:"commendation"`
	Discipline     string `yaml:"discipline"`
}

// GroupCommittee names the committee member responsible for a group.
type GroupCommittee struct {
	// Group is the party group's name, as in /members.
	Group string `yaml:"group"`
	// Member is the committee member's name, or Telegram user id.
	Member string `yaml:"member"`
}

func defaultTalks() TalksConfig {
	return TalksConfig{
		DueDays:       TalkKindDays{7, 7, branchbot.DefaultHospitalDueDays, 7, 7},
		WorkingDays:   true,
		RemindAt:      ClockTime{Hour: branchbot.DefaultRemindAt.Hour, Minute: branchbot.DefaultRemindAt.Minute, Set: true},
		ContactPeriod: "quarter",
		Assign: TalkKindAssign{
			WeddingFuneral: string(branchbot.AssignCommittee),
			Family:         string(branchbot.AssignCommittee),
			Hospital:       string(branchbot.AssignGroupLeader),
			Commendation:   string(branchbot.AssignCommittee),
			Discipline:     string(branchbot.AssignSecretary),
		},
	}
}

// maxDueDays bounds talks.due_days.
const maxDueDays = 90

func (k TalkKindDays) byKind() map[branchbot.CaseKind]int {
	return map[branchbot.CaseKind]int{
		branchbot.CaseWeddingFuneral: k.WeddingFuneral, branchbot.CaseFamily: k.Family, branchbot.CaseHospital: k.Hospital,
		branchbot.CaseCommendation: k.Commendation, branchbot.CaseDiscipline: k.Discipline,
	}
}

func (k TalkKindAssign) byKind() map[branchbot.CaseKind]string {
	return map[branchbot.CaseKind]string{
		branchbot.CaseWeddingFuneral: k.WeddingFuneral, branchbot.CaseFamily: k.Family, branchbot.CaseHospital: k.Hospital,
		branchbot.CaseCommendation: k.Commendation, branchbot.CaseDiscipline: k.Discipline,
	}
}

func (t *TalksConfig) validate(v *validator, quiet QuietHours) {
	days, assign := t.DueDays.byKind(), t.Assign.byKind()
	for _, k := range branchbot.CaseKinds {
		if n := days[k]; n < 1 || n > maxDueDays {
			v.errorf("talks.due_days."+string(k), "must be from 1 to %d days, got %d", maxDueDays, n)
		}
	}
	for _, k := range branchbot.CaseKinds {
		v.oneOf("talks.assign."+string(k), assign[k], string(branchbot.AssignSecretary), string(branchbot.AssignGroupLeader), string(branchbot.AssignCommittee))
	}
	if q := quiet.Hours(); q.Contains(t.RemindAt.Clock()) {
		v.errorf("talks.remind_at", "%s is in the quiet hours (%s to %s); choose a time outside them", t.RemindAt.Clock(), q.From, q.To)
	}
	if _, ok := branchbot.ParsePeriodMonths(t.Coverage); t.Coverage != "" && !ok {
		v.errorf("talks.coverage", "%s is not a period; write month, quarter, half, year or a number of months such as \"6 months\"", quote(t.Coverage))
	}
	if _, ok := branchbot.ParsePeriodMonths(t.ContactPeriod); !ok {
		v.errorf("talks.contact_period", "%s is not a period; write month, quarter, half, year or a number of months such as \"2 months\"", quote(t.ContactPeriod))
	}
	seen := map[string]int{}
	for i, g := range t.CommitteeForGroups {
		p := fmt.Sprintf("talks.committee_for_groups[%d]", i)
		if v.required(p+".group", g.Group) {
			if first, dup := seen[g.Group]; dup {
				v.errorf(p+".group", "group %s is named twice (first at item %d)", quote(g.Group), first)
			}
			seen[g.Group] = i
		}
		v.required(p+".member", g.Member)
	}
}

// CaseRules are the rules of conversation-due cases from talks, with the
// branch's rest days from study.rest_days.
func (c *Config) CaseRules() *branchbot.CaseRules {
	t := c.Talks
	r := &branchbot.CaseRules{
		DueDays:            t.DueDays.byKind(),
		Calendar:           branchbot.WorkCalendar{Enabled: t.WorkingDays, RestDays: c.RestDays()},
		RemindAt:           t.RemindAt.Clock(),
		Assign:             map[branchbot.CaseKind]branchbot.AssignRule{},
		CommitteeForGroups: map[string]string{},
	}
	r.Coverage, _ = branchbot.ParsePeriodMonths(t.Coverage)
	r.ContactPeriod, _ = branchbot.ParsePeriodMonths(t.ContactPeriod)
	for k, a := range t.Assign.byKind() {
		if rule, ok := branchbot.ParseAssignRule(a); ok {
			r.Assign[k] = rule
		}
	}
	for _, g := range t.CommitteeForGroups {
		r.CommitteeForGroups[g.Group] = g.Member
	}
	return r
}
