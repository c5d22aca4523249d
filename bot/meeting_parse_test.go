package bot

import (
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestParseMeeting(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	kinds := branchbot.MeetingKinds(branchbot.DefaultMeetingKinds())
	groups := []string{"第一党小组"}
	for _, c := range []struct {
		name, line   string
		kind         branchbot.MeetingKind
		audience     string
		start        time.Time
		title, place string
		bad          string
	}{
		{"plain", "2026-12-05 15:00 学习贯彻党章 @ 三楼会议室", branchbot.MeetingThemedDay, branchbot.AudienceAll,
			time.Date(2026, 12, 5, 15, 0, 0, 0, loc), "学习贯彻党章", "三楼会议室", ""},
		{"kind and group, no year", "党小组会 第一党小组 12-01 19:30 讨论", branchbot.MeetingGroup, branchbot.AudienceGroup,
			time.Date(2026, 12, 1, 19, 30, 0, 0, loc), "讨论", "", ""},
		{"no year, passed: next year", "支委会 11-19 09:00 年度计划＠办公室", branchbot.MeetingCommittee, branchbot.AudienceCommittee,
			time.Date(2027, 11, 19, 9, 0, 0, 0, loc), "年度计划", "办公室", ""},
		{"english kind and audience", "lesson committee 2026-11-21 08:00 Party lesson", branchbot.MeetingLesson, branchbot.AudienceCommittee,
			time.Date(2026, 11, 21, 8, 0, 0, 0, loc), "Party lesson", "", ""},
		{"english name of two words", "committee meeting 2026-11-21 08:00 The year's work", branchbot.MeetingCommittee, branchbot.AudienceCommittee,
			time.Date(2026, 11, 21, 8, 0, 0, 0, loc), "The year's work", "", ""},
		{"english name of three words, any case, and an audience", "Education Preparation  Meeting all 2026-11-21 08:00 x", branchbot.MeetingPrep, branchbot.AudienceAll,
			time.Date(2026, 11, 21, 8, 0, 0, 0, loc), "x", "", ""},
		{"hyphens and underscores for spaces", "member-assembly 2026-11-21 08:00 x", branchbot.MeetingAssembly, branchbot.AudienceAll,
			time.Date(2026, 11, 21, 8, 0, 0, 0, loc), "x", "", ""},
		{"an id with a hyphen, upper case", "CASE-STUDY 第一党小组 2026-11-21 08:00 x", branchbot.MeetingCase, branchbot.AudienceGroup,
			time.Date(2026, 11, 21, 8, 0, 0, 0, loc), "x", "", ""},
		{"the kind's first word alone is not a kind", "themed 2026-11-21 08:00 x", "", "", time.Time{}, "", "", "mt.badtime"},
		{"a kind's name only", "committee meeting", "", "", time.Time{}, "", "", "mt.usage"},
		{"past", "2026-11-19 09:00 x", "", "", time.Time{}, "", "", "mt.badtime"},
		{"no date", "学习", "", "", time.Time{}, "", "", "mt.badtime"},
		{"no title", "支委会 2026-12-05 15:00 @ 三楼", "", "", time.Time{}, "", "", "mt.notitle"},
		{"themed day without a title: the month's theme later", "2026-12-05 15:00 @ 三楼", branchbot.MeetingThemedDay, branchbot.AudienceAll,
			time.Date(2026, 12, 5, 15, 0, 0, 0, loc), "", "三楼", ""},
		{"empty", "", "", "", time.Time{}, "", "", "mt.usage"},
		{"bad day", "02-30 15:00 x", "", "", time.Time{}, "", "", "mt.badtime"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ml, bad, _ := parseMeeting(c.line, kinds, groups, now, loc)
			if bad != c.bad {
				t.Fatalf("bad = %q, want %q", bad, c.bad)
			}
			if bad != "" {
				return
			}
			if ml.kind.Kind != c.kind || ml.audience != c.audience || !ml.start.Equal(c.start) || ml.title != c.title || ml.place != c.place {
				t.Errorf("got %+v", ml)
			}
		})
	}
}
