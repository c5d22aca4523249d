package branchbot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

// TestPresence: a correction wins, then sign-in, the make-up, the leave
// (unless refused), else absent; a make-up clears a correction to absent.
func TestPresence(t *testing.T) {
	leave := &branchbot.RSVP{Answer: branchbot.AnswerLeave}
	refused := &branchbot.RSVP{Answer: branchbot.AnswerLeave, Approval: branchbot.ApprovalRefused}
	in := at(5, 15, 0)
	for _, c := range []struct {
		name string
		a    branchbot.Attendance
		rsvp *branchbot.RSVP
		want branchbot.Presence
	}{
		{"nothing", branchbot.Attendance{}, nil, branchbot.PresenceAbsent},
		{"leave", branchbot.Attendance{}, leave, branchbot.PresenceLeave},
		{"leave refused", branchbot.Attendance{}, refused, branchbot.PresenceAbsent},
		{"signed in on leave", branchbot.Attendance{CheckedIn: in}, leave, branchbot.PresenceAttended},
		{"made up", branchbot.Attendance{MadeUp: in}, leave, branchbot.PresenceMadeUp},
		{"corrected", branchbot.Attendance{CheckedIn: in, Set: branchbot.PresenceAbsent}, nil, branchbot.PresenceAbsent},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.Presence(c.rsvp); got != c.want {
				t.Errorf("presence %s, want %s", got, c.want)
			}
		})
	}
	a := branchbot.Attendance{Set: branchbot.PresenceAbsent}
	a.MakeUp(in, "note")
	if a.Presence(nil) != branchbot.PresenceMadeUp {
		t.Errorf("made up after a correction to absent: %s", a.Presence(nil))
	}
	for word, want := range map[string]branchbot.Presence{"出席": branchbot.PresenceAttended, "present": branchbot.PresenceAttended,
		"缺席": branchbot.PresenceAbsent, "请假": branchbot.PresenceLeave, "补课": branchbot.PresenceMadeUp, "MadeUp": branchbot.PresenceMadeUp} {
		if got, ok := branchbot.ParsePresence(word); !ok || got != want {
			t.Errorf("ParsePresence(%q) = %s %v", word, got, ok)
		}
	}
	if _, ok := branchbot.ParsePresence("maybe"); ok {
		t.Error("ParsePresence took maybe")
	}
}

// TestCheckinWindow: open from 30 minutes before the start to 30 after;
// a short meeting is over when sign-in closes, a long one at its end.
func TestCheckinWindow(t *testing.T) {
	rules := branchbot.CheckinRules{}.WithDefaults()
	mt := &branchbot.Meeting{ID: 1, State: branchbot.MeetingScheduled, Start: at(5, 15, 0), Length: 20 * time.Minute}
	for _, c := range []struct {
		now  time.Time
		want error
	}{
		{at(5, 14, 29), branchbot.ErrCheckinNotYet},
		{at(5, 14, 30), nil},
		{at(5, 15, 29), nil},
		{at(5, 15, 30), branchbot.ErrCheckinOver},
	} {
		if err := mt.CanCheckIn(c.now, rules); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("at %s: %v, want %v", c.now.Format("15:04"), err, c.want)
		}
	}
	if got := mt.Over(rules); !got.Equal(at(5, 15, 30)) {
		t.Errorf("short meeting over at %s", got)
	}
	mt.Length = 2 * time.Hour
	if got := mt.Over(rules); !got.Equal(at(5, 17, 0)) {
		t.Errorf("long meeting over at %s", got)
	}
	mt.State = branchbot.MeetingCancelled
	if err := mt.CanCheckIn(at(5, 15, 0), rules); !errors.Is(err, branchbot.ErrMeetingCancelled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestFollowUpStep walks a meeting's follow-up: opening, a missed
// opening, the end (not in the quiet hours), a reminder a day, late after
// downtime, the overdue, and a cancellation.
func TestFollowUpStep(t *testing.T) {
	rules := branchbot.CheckinRules{}.WithDefaults()
	quiet := branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	mt := &branchbot.Meeting{ID: 1, State: branchbot.MeetingScheduled, Version: 1, Start: at(5, 20, 0), Length: 2 * time.Hour}
	f := &branchbot.MeetingFollowUp{MeetingID: 1}
	step := func(now time.Time) branchbot.FollowUpDue { return f.FollowUpStep(mt, now, rules, quiet, shanghai) }
	if d := step(at(5, 19, 29)); d.Any() {
		t.Errorf("before the window %+v", d)
	}
	if d := step(at(5, 19, 30)); !d.Open || d.Close {
		t.Errorf("window %+v", d)
	}
	if d := step(at(5, 20, 31)); !d.OpenPassed || d.Open {
		t.Errorf("window passed %+v", d)
	}
	f.Opened = 1
	// Over at 22:00, in the quiet hours: the tasks wait for 07:00.
	if d := step(at(5, 23, 0)); d.Any() {
		t.Errorf("in the quiet hours %+v", d)
	}
	if d := step(at(6, 7, 0)); !d.Close {
		t.Errorf("after the quiet hours %+v", d)
	}
	f.ClosedAt, f.Due = at(6, 7, 0), at(13, 7, 0)
	if d := step(at(6, 12, 0)); d.Any() {
		t.Errorf("same day %+v", d)
	}
	if d := step(at(7, 7, 0)); d.Remind != 1 || d.Late {
		t.Errorf("a day after %+v", d)
	}
	f.Reminded = 1
	if d := step(at(10, 9, 0)); d.Remind != 4 || !d.Late {
		t.Errorf("after downtime %+v", d)
	}
	f.Reminded = 4
	if d := step(at(13, 7, 0)); !d.Overdue || !d.Done || d.Remind != 0 {
		t.Errorf("due %+v", d)
	}
	f.Overdue = true
	if d := step(at(14, 7, 0)); d.Overdue || !d.Done {
		t.Errorf("after due %+v", d)
	}
	mt.State = branchbot.MeetingCancelled
	if d := step(at(5, 19, 30)); d != (branchbot.FollowUpDue{Done: true}) {
		t.Errorf("cancelled %+v", d)
	}
}
