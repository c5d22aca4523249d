package config

import (
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
)

func TestTalksConfig(t *testing.T) {
	const ok = "branch: {name: x, secretaries: [1]}"
	cfg, err := Parse("config.yaml", []byte(lines(ok, "talks:", "  due_days: {hospital: 2}", "  committee_for_groups:",
		"    - {group: 第一党小组, member: 赵支委}", "  coverage: 6 months", "study:", "  rest_days: [2026-10-01]")), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.CaseRules()
	if r.DueIn(branchbot.CaseHospital) != 2 || r.DueIn(branchbot.CaseFamily) != 7 || !r.Calendar.Enabled ||
		r.RemindAt != (branchbot.ClockTime{Hour: 9}) || r.Rule(branchbot.CaseDiscipline) != branchbot.AssignSecretary ||
		r.Rule(branchbot.CaseHospital) != branchbot.AssignGroupLeader || r.CommitteeForGroups["第一党小组"] != "赵支委" ||
		r.Coverage != 6 || r.ContactMonths() != 3 {
		t.Errorf("rules: %+v", r)
	}

	_, err = Parse("config.yaml", []byte(lines(ok, "quiet_hours: {from: \"22:00\", to: \"07:00\"}", "talks:",
		"  due_days:", "    family: 0", "  assign:", "    hospital: leader", "  remind_at: \"06:30\"",
		"  committee_for_groups:", "    - {group: 一组, member: 甲}", "    - {group: 一组, member: \"\"}", "  coverage: weekly", "  contact_period: \"\"")), env(nil))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`config.yaml:5: talks.due_days.family: must be from 1 to 90 days, got 0`,
		`config.yaml:7: talks.assign.hospital: must be one of "secretary", "group_leader", "committee_for_group", got "leader"`,
		`config.yaml:8: talks.remind_at: 06:30 is in the quiet hours (22:00 to 07:00); choose a time outside them`,
		`config.yaml:11: talks.committee_for_groups[1].group: group "一组" is named twice (first at item 0)`,
		`config.yaml:11: talks.committee_for_groups[1].member: required`,
		`config.yaml:12: talks.coverage: "weekly" is not a period`,
		`config.yaml:13: talks.contact_period: "" is not a period`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}
