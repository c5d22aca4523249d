package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// TestMeetingKindsConfigured: /meeting's usage lists the kinds the branch
// configured, not the defaults; a kind is named in one line by its id or
// either name, a multi-word English name as it is or with hyphens, in
// any case.
func TestMeetingKindsConfigured(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, _, _ := meetingSetup(t, clk)
	kinds := append(branchbot.DefaultMeetingKinds()[:3:3], branchbot.MeetingKindSpec{
		Kind: "security_day", NameZH: "保密教育日", NameEN: "Security Education Day",
		Audience: branchbot.AudienceAll, Length: time.Hour, Reminders: branchbot.DefaultMeetingReminders,
	})
	h.restart(func() { h.opts.Meetings.Kinds = kinds })

	u := h.sayAndWait(secretary, "/meeting 支委会", "用法")
	if !strings.Contains(u.Text, "类型：主题党日、党课、支委会、保密教育日。") || strings.Contains(u.Text, "党员大会") {
		t.Errorf("usage:\n%s", u.Text)
	}
	h.sayAndWait(secretary, "/lang en", "English")
	u = h.sayAndWait(secretary, "/meeting committee", "Usage")
	if !strings.Contains(u.Text, "Kinds: themed_day, lesson, committee, security_day;") {
		t.Errorf("English usage:\n%s", u.Text)
	}

	for i, line := range []string{
		"/meeting security education day 12-05 15:00 Keeping secrets",
		"/meeting Security-Education-Day 12-06 15:00 Keeping secrets",
		"/meeting SECURITY_DAY 12-07 15:00 Keeping secrets",
		"/meeting 保密教育日 12-08 15:00 Keeping secrets",
		"/meeting committee meeting 12-09 15:00 The year's work",
	} {
		h.sayAndWait(secretary, line, "preview")
		var mt *branchbot.Meeting
		h.view(func(tx *store.Tx) (err error) { mt, err = tx.Meeting(int64(i + 1)); return err })
		want := branchbot.MeetingKind("security_day")
		if i == 4 {
			want = branchbot.MeetingCommittee
		}
		if mt.Kind != want || mt.Title == "" || strings.Contains(mt.Title, "ecurity") || strings.Contains(mt.Title, "meeting") {
			t.Errorf("%s: kind %s, title %q", line, mt.Kind, mt.Title)
		}
	}
}
