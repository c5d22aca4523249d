package branchbot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(d, hh, mm int) time.Time { return time.Date(2026, 12, d, hh, mm, 0, 0, shanghai) }

func scheduled(start time.Time, armed time.Time) *branchbot.Meeting {
	mt := &branchbot.Meeting{ID: 7, State: branchbot.MeetingDraft, Audience: branchbot.AudienceAll, Start: start,
		Length: time.Hour, Leads: branchbot.DefaultMeetingReminders}
	if err := mt.Confirm(armed); err != nil {
		panic(err)
	}
	return mt
}

func TestCanOrganise(t *testing.T) {
	sec := &branchbot.Member{ID: 1, Role: branchbot.RoleSecretary}
	lead := &branchbot.Member{ID: 2, Role: branchbot.RoleLeader, Group: "一组"}
	mem := &branchbot.Member{ID: 3, Role: branchbot.RoleMember, Group: "一组"}
	for _, c := range []struct {
		name            string
		m               *branchbot.Member
		audience, group string
		ok              bool
	}{
		{"secretary all", sec, branchbot.AudienceAll, "", true},
		{"secretary group", sec, branchbot.AudienceGroup, "二组", true},
		{"leader own group", lead, branchbot.AudienceGroup, "一组", true},
		{"leader other group", lead, branchbot.AudienceGroup, "二组", false},
		{"leader all", lead, branchbot.AudienceAll, "", false},
		{"member own group", mem, branchbot.AudienceGroup, "一组", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := branchbot.CanOrganise(c.m, c.audience, c.group)
			if (err == nil) != c.ok || (err != nil && !errors.Is(err, branchbot.ErrMeetingNotYours)) {
				t.Errorf("CanOrganise = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

func TestMeetingTransitions(t *testing.T) {
	now := at(1, 10, 0)
	mt := scheduled(at(5, 15, 0), now)
	if mt.Version != 1 || mt.State != branchbot.MeetingScheduled {
		t.Fatalf("after confirm: %+v", mt)
	}
	if err := mt.Confirm(now); !errors.Is(err, branchbot.ErrMeetingNotDraft) {
		t.Errorf("second confirm: %v", err)
	}
	mt.Reminded = []time.Duration{24 * time.Hour}
	if err := mt.Move(now, at(6, 9, 0), "三楼"); err != nil {
		t.Fatal(err)
	}
	if mt.Version != 2 || mt.Place != "三楼" || len(mt.Reminded) != 0 || !mt.ArmedAt.Equal(now) {
		t.Errorf("after move: %+v", mt)
	}
	if err := mt.Move(now, at(1, 9, 0), ""); !errors.Is(err, branchbot.ErrMeetingPast) {
		t.Errorf("move to the past: %v", err)
	}
	if err := mt.Cancel(at(6, 9, 1), "x"); !errors.Is(err, branchbot.ErrMeetingStarted) {
		t.Errorf("cancel after start: %v", err)
	}
	if err := mt.Cancel(now, "雨"); err != nil || mt.State != branchbot.MeetingCancelled {
		t.Fatalf("cancel: %v %s", err, mt.State)
	}
	for _, err := range []error{mt.Cancel(now, ""), mt.Move(now, at(7, 9, 0), "")} {
		if !errors.Is(err, branchbot.ErrMeetingCancelled) {
			t.Errorf("change of a cancelled meeting: %v", err)
		}
	}
	if mt.ReminderStep(2*time.Hour, at(6, 7, 0), branchbot.QuietHours{}, shanghai) != branchbot.ReminderDone {
		t.Error("a cancelled meeting has reminders")
	}
}

func TestReminderAtQuietHours(t *testing.T) {
	quiet := branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	mt := scheduled(at(5, 8, 0), at(1, 10, 0))
	if got, want := mt.ReminderAt(24*time.Hour, quiet, shanghai), at(4, 8, 0); !got.Equal(want) {
		t.Errorf("24 h reminder at %s, want %s", got, want)
	}
	// 06:00 is in the quiet hours: the last minute before they start.
	if got, want := mt.ReminderAt(2*time.Hour, quiet, shanghai), at(4, 21, 59); !got.Equal(want) {
		t.Errorf("2 h reminder at %s, want %s", got, want)
	}
	if got, want := mt.ReminderAt(2*time.Hour, branchbot.QuietHours{}, shanghai), at(5, 6, 0); !got.Equal(want) {
		t.Errorf("without quiet hours at %s, want %s", got, want)
	}
}

func TestReminderStep(t *testing.T) {
	quiet := branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	mt := scheduled(at(5, 15, 0), at(1, 10, 0))
	for _, c := range []struct {
		name string
		lead time.Duration
		now  time.Time
		want branchbot.ReminderStep
	}{
		{"before", 24 * time.Hour, at(4, 14, 59), branchbot.ReminderWait},
		{"on time", 24 * time.Hour, at(4, 15, 0), branchbot.ReminderSend},
		{"late", 24 * time.Hour, at(4, 18, 0), branchbot.ReminderLate},
		{"late in quiet hours waits", 24 * time.Hour, at(4, 23, 0), branchbot.ReminderWait},
		{"started: missed", 2 * time.Hour, at(5, 15, 0), branchbot.ReminderMissed},
		{"second on time", 2 * time.Hour, at(5, 13, 0), branchbot.ReminderSend},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := mt.ReminderStep(c.lead, c.now, quiet, shanghai); got != c.want {
				t.Errorf("step = %d, want %d", got, c.want)
			}
		})
	}
	mt.Reminded = []time.Duration{24 * time.Hour}
	if got := mt.ReminderStep(24*time.Hour, at(4, 15, 0), quiet, shanghai); got != branchbot.ReminderDone {
		t.Errorf("done reminder: step %d", got)
	}
	// Confirmed an hour before: both reminder times are before the notice.
	late := scheduled(at(5, 15, 0), at(5, 14, 0))
	if got := late.ReminderStep(2*time.Hour, at(5, 14, 0), quiet, shanghai); got != branchbot.ReminderSkip {
		t.Errorf("reminder before the notice: step %d", got)
	}
	if !mt.FirstLead(24*time.Hour) || mt.FirstLead(2*time.Hour) {
		t.Error("FirstLead")
	}
}

func TestMeetingInvitesAndLeave(t *testing.T) {
	mt := &branchbot.Meeting{CreatedBy: 1, Audience: branchbot.AudienceGroup, Group: "一组"}
	org := &branchbot.Member{ID: 1, Role: branchbot.RoleSecretary}
	in := &branchbot.Member{ID: 2, Group: "一组", Role: branchbot.RoleMember}
	out := &branchbot.Member{ID: 3, Group: "二组", Role: branchbot.RoleMember}
	leader := &branchbot.Member{ID: 4, Group: "一组", Role: branchbot.RoleLeader}
	if mt.Invites(org) || !mt.Invites(in) || mt.Invites(out) {
		t.Error("Invites")
	}
	if !mt.ToldOfLeave(org) || !mt.ToldOfLeave(leader) || mt.ToldOfLeave(in) {
		t.Error("ToldOfLeave")
	}
	var r branchbot.RSVP
	r.Leave(branchbot.LeaveSick, "", at(1, 1, 1), 2, true)
	if r.Answer != branchbot.AnswerLeave || r.Approval != branchbot.ApprovalPending || r.Version != 2 {
		t.Errorf("leave: %+v", r)
	}
	r.Attend(at(1, 1, 2), 2)
	if r.Answer != branchbot.AnswerAttend || r.Reason != "" || r.Approval != "" {
		t.Errorf("attend: %+v", r)
	}
}

func TestMeetingKeys(t *testing.T) {
	if got := branchbot.MeetingNoticeKey(12, 2, 17); got != "mtg/12/v2/m0000000017" {
		t.Errorf("notice key %q", got)
	}
	if got := branchbot.MeetingReminderKey(12, 1, 2*time.Hour, 17); got != "mtr/12/v1/l120/m0000000017" {
		t.Errorf("reminder key %q", got)
	}
	l, err := branchbot.ParseLive(branchbot.MeetingLive(12))
	if err != nil || l.Kind != branchbot.LiveMeetingStatus || l.Meeting != 12 || l.String() != "mts/12" {
		t.Errorf("live %+v %v", l, err)
	}
	for _, bad := range []string{"mts/0", "mts/012", "mts/-1", "mts/"} {
		if _, err := branchbot.ParseLive(bad); err == nil {
			t.Errorf("ParseLive(%q) accepted", bad)
		}
	}
	ks := branchbot.MeetingKinds(branchbot.DefaultMeetingKinds())
	for _, w := range []string{"主题党日", "themed_day", "Themed Branch Day"} {
		if k, ok := ks.Lookup(w); !ok || k.Kind != branchbot.MeetingThemedDay {
			t.Errorf("Lookup(%q) = %v %v", w, k.Kind, ok)
		}
	}
	if k, _ := ks.Lookup("一事一议研学"); k.Length != 20*time.Minute || k.Audience != branchbot.AudienceGroup {
		t.Errorf("case study defaults %+v", k)
	}
}
