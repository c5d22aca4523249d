package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestMeetingsConfigDefaults(t *testing.T) {
	cfg, err := Parse("config.yaml", []byte("branch:\n  name: b\n  secretaries: [1]\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.MeetingKinds(), branchbot.DefaultMeetingKinds(); !reflect.DeepEqual(got, want) {
		t.Errorf("kinds:\n got %+v\nwant %+v", got, want)
	}
	m := cfg.Meetings
	if m.LeaveApproval || m.CheckinCode || m.CheckinBefore.Duration() != 30*time.Minute || m.CheckinAfter.Duration() != 30*time.Minute {
		t.Errorf("meetings = %+v, want no approval, no code, 30m before and after", m)
	}
}

func TestMeetingsConfig(t *testing.T) {
	base := "branch:\n  name: b\n  secretaries: [1]\nmeetings:\n"
	tests := []struct {
		name, yaml string
		check      func(t *testing.T, cfg *Config)
		want       []string
	}{
		{"override part of a default kind", "  kinds:\n    themed_day:\n      reminders: [2h, 48h]\n      length: 3h\n", func(t *testing.T, cfg *Config) {
			k := cfg.MeetingKinds()[0]
			want := branchbot.MeetingKindSpec{Kind: branchbot.MeetingThemedDay, NameZH: "主题党日", NameEN: "themed branch day",
				Audience: branchbot.AudienceAll, Length: 3 * time.Hour, Reminders: []time.Duration{48 * time.Hour, 2 * time.Hour}}
			if !reflect.DeepEqual(k, want) {
				t.Errorf("themed_day = %+v, want %+v", k, want)
			}
			if n := len(cfg.MeetingKinds()); n != 7 {
				t.Errorf("%d kinds, want 7", n)
			}
		}, nil},
		{"add kinds in the file's order", "  kinds:\n    zz_talk:\n      name_zh: 谈心会\n      name_en: heart-to-heart\n" +
			"    democratic:\n      name_zh: 组织生活会\n      name_en: democratic life meeting\n      audience: committee\n      length: 150m\n      reminders: []\n",
			func(t *testing.T, cfg *Config) {
				ks := cfg.MeetingKinds()
				if len(ks) != 9 || ks[7].Kind != "zz_talk" || ks[8].Kind != "democratic" {
					t.Fatalf("kinds = %+v, want the 7 defaults then zz_talk, democratic", ks)
				}
				want := branchbot.MeetingKindSpec{Kind: "zz_talk", NameZH: "谈心会", NameEN: "heart-to-heart",
					Audience: branchbot.AudienceAll, Length: time.Hour, Reminders: branchbot.DefaultMeetingReminders}
				if !reflect.DeepEqual(ks[7], want) {
					t.Errorf("zz_talk = %+v, want %+v", ks[7], want)
				}
				if k := ks[8]; k.Audience != branchbot.AudienceCommittee || k.Length != 150*time.Minute || len(k.Reminders) != 0 {
					t.Errorf("democratic = %+v, want committee, 2h30m, no reminders", k)
				}
			}, nil},
		{"approval and sign-in", "  leave_approval: true\n  checkin_before: 15m\n  checkin_after: 0m\n  checkin_code: true\n", func(t *testing.T, cfg *Config) {
			m := cfg.Meetings
			if !m.LeaveApproval || !m.CheckinCode || m.CheckinBefore.Duration() != 15*time.Minute || m.CheckinAfter != 0 {
				t.Errorf("meetings = %+v", m)
			}
		}, nil},
		{"unknown audience", "  kinds:\n    lesson:\n      audience: everyone\n", nil,
			[]string{`config.yaml:7: meetings.kinds.lesson.audience: must be one of "all", "group", "committee", got "everyone"`}},
		{"bad length", "  kinds:\n    lesson:\n      length: 90\n", nil,
			[]string{`config.yaml:7: meetings.kinds.lesson.length: want a duration such as "50s" or "1h30m", got "90"`}},
		{"length out of range", "  kinds:\n    lesson:\n      length: 30s\n", nil,
			[]string{`config.yaml:7: meetings.kinds.lesson.length: must be whole minutes from 1m to 24h, got 30s`}},
		{"bad reminder", "  kinds:\n    lesson:\n      reminders:\n        - 24h\n        - soon\n", nil,
			[]string{`config.yaml:9: meetings.kinds.lesson.reminders[1]: want a duration such as "50s" or "1h30m", got "soon"`}},
		{"reminder too far and twice", "  kinds:\n    lesson:\n      reminders: [2h, 2h, 1000h]\n", nil,
			[]string{`config.yaml:7: meetings.kinds.lesson.reminders[1]: 2h0m0s is already a reminder of this kind`,
				`config.yaml:7: meetings.kinds.lesson.reminders[2]: must be whole minutes from 1m to 720h (30 days) before the start, got 1000h0m0s`}},
		{"new kind without names", "  kinds:\n    retreat:\n      length: 2h\n", nil,
			[]string{`config.yaml:6: meetings.kinds.retreat.name_zh: required`, `config.yaml:6: meetings.kinds.retreat.name_en: required`}},
		{"bad kind id", "  kinds:\n    Big Day:\n      name_zh: 大会\n      name_en: big day\n", nil,
			[]string{`config.yaml:6: meetings.kinds."Big Day": a kind's id must be`}},
		{"name taken", "  kinds:\n    study:\n      name_zh: 党课\n      name_en: study\n", nil,
			[]string{`config.yaml:7: meetings.kinds.study.name_zh: "党课" is also the name of kind lesson`}},
		{"id reads as another kind's name", "  kinds:\n    committee_meeting:\n      name_zh: 委员会议\n      name_en: council\n", nil,
			[]string{`config.yaml:6: meetings.kinds.committee_meeting: the id reads as "committee meeting", the name_en of kind committee: /meeting ignores case, '-', '_' and spaces`}},
		{"name reads as another kind's name", "  kinds:\n    talk:\n      name_zh: 谈心\n      name_en: Party-Lesson\n", nil,
			[]string{`config.yaml:8: meetings.kinds.talk.name_en: "Party-Lesson" reads as "party lesson", the name_en of kind lesson`}},
		{"name reads as another kind's id", "  kinds:\n    talk:\n      name_zh: 谈心\n      name_en: Themed  Day\n", nil,
			[]string{`config.yaml:8: meetings.kinds.talk.name_en: "Themed  Day" reads as "themed_day", the id of kind themed_day`}},
		{"zh name reads as another kind's en name", "  kinds:\n    talk:\n      name_zh: PARTY_LESSON\n      name_en: talk\n", nil,
			[]string{`config.yaml:7: meetings.kinds.talk.name_zh: "PARTY_LESSON" reads as "party lesson", the name_en of kind lesson`}},
		{"two added kinds", "  kinds:\n    talk:\n      name_zh: 谈心\n      name_en: heart talk\n    heart_talk:\n      name_zh: 交心\n      name_en: chat\n", nil,
			[]string{`config.yaml:9: meetings.kinds.heart_talk: the id reads as "heart talk", the name_en of kind talk`}},
		{"unknown key in a kind", "  kinds:\n    lesson:\n      lenght: 1h\n", nil,
			[]string{`config.yaml:7: meetings.kinds.lesson.lenght: unknown key (did you mean "length"?)`}},
		{"kinds not a mapping", "  kinds: [lesson]\n", nil,
			[]string{`config.yaml:5: meetings.kinds: want a mapping, got a list`}},
		{"empty window", "  checkin_before: 0s\n  checkin_after: 0s\n", nil,
			[]string{`config.yaml:6: meetings.checkin_after: the sign-in window is empty`}},
		{"window too long", "  checkin_before: 25h\n", nil,
			[]string{`config.yaml:5: meetings.checkin_before: must be whole minutes from 0m to 24h, got 25h0m0s`}},
		{"approval not a bool", "  leave_approval: maybe\n", nil,
			[]string{`config.yaml:5: meetings.leave_approval: want true or false, got "maybe"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("config.yaml", []byte(base+tt.yaml), noEnv)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, cfg)
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nlacks %q", err, w)
				}
			}
		})
	}
}

// TestMeetingsConfigLeavesDefaultsAlone checks that a file's override does
// not reach the defaults the next file starts from.
func TestMeetingsConfigLeavesDefaultsAlone(t *testing.T) {
	if _, err := Parse("a.yaml", []byte("branch:\n  name: b\n  secretaries: [1]\nmeetings:\n  kinds:\n    lesson:\n      name_zh: 讲党课\n"), noEnv); err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("b.yaml", []byte("branch:\n  name: b\n  secretaries: [1]\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.MeetingKinds()[1].NameZH; got != "党课" {
		t.Errorf("lesson is %q in the next file, want 党课", got)
	}
}
