package config

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestMeetingRhythmConfig(t *testing.T) {
	src := strings.Join([]string{
		"branch: {name: x, secretaries: [1]}",
		"meetings:",
		"  agenda_deadline: 3d",
		"  recurring:",
		"    - kind: 主题党日",
		"      spec: '0 14 1 * *'",
		"      place: 三楼",
		"    - kind: group",
		"      spec: 'CRON_TZ=Asia/Shanghai 0 19 10 * *'",
		"      audience: 第一党小组",
		"      ahead: 7d",
		"  cadence:",
		"    lesson: off",
		"    党员大会: month",
	}, "\n")
	cfg, err := Parse("config.yaml", []byte(src), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Meetings.AgendaDeadline.Duration() != 72*time.Hour {
		t.Errorf("agenda_deadline %s", cfg.Meetings.AgendaDeadline)
	}
	rs := cfg.RecurringMeetings()
	if len(rs) != 2 || rs[0].Kind != branchbot.MeetingThemedDay || rs[0].Ahead != 14*24*time.Hour || rs[0].Audience != "" ||
		rs[1].Audience != branchbot.AudienceGroup || rs[1].Group != "第一党小组" || rs[1].Ahead != 7*24*time.Hour {
		t.Fatalf("recurring %+v", rs)
	}
	want := map[branchbot.MeetingKind]branchbot.Cadence{
		branchbot.MeetingCommittee: branchbot.CadenceMonth, branchbot.MeetingGroup: branchbot.CadenceMonth,
		branchbot.MeetingAssembly: branchbot.CadenceMonth,
	}
	got := cfg.Cadences()
	if len(got) != len(want) {
		t.Errorf("cadences %v", got)
	}
	for k, c := range want {
		if got[k] != c {
			t.Errorf("cadence of %s: %s, want %s", k, got[k], c)
		}
	}
}

func TestMeetingRhythmConfigErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"deadline", "meetings: {agenda_deadline: 0s}", "meetings.agenda_deadline: must be from 1m to 30d"},
		{"kind", "meetings: {recurring: [{kind: picnic, spec: '0 9 * * *', audience: all}]}", `meetings.recurring[0].kind: unknown kind "picnic"`},
		{"spec", "meetings: {recurring: [{kind: lesson, spec: '0 9 * *'}]}", "meetings.recurring[0].spec:"},
		{"group without a group", "meetings: {recurring: [{kind: group, spec: '0 9 * * *'}]}", "meetings.recurring[0].audience: a group meeting is for one group"},
		{"ahead", "meetings: {recurring: [{kind: lesson, spec: '0 9 * * *', ahead: 90d}]}", "meetings.recurring[0].ahead: must be from 1h to 60d, got 90d"},
		{"cadence", "meetings: {cadence: {lesson: weekly}}", `meetings.cadence.lesson: must be one of "month", "quarter", "off", got "weekly"`},
		{"cadence kind", "meetings: {cadence: {picnic: month}}", `meetings.cadence.picnic: unknown kind "picnic"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("config.yaml", []byte("branch: {name: x, secretaries: [1]}\n"+c.src), noEnv)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}
