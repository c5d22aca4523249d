package branchbot

import "time"

// MeetingMaterials are what the organiser attached to a meeting for those
// who were not there: a text, or a photo or document (a Telegram file id)
// with a caption.
type MeetingMaterials struct {
	Text     string `json:"text,omitempty"`
	Photo    string `json:"photo,omitempty"`
	Document string `json:"doc,omitempty"`
	// V counts the attachments: materials attached again after the
	// meeting go out again, once each.
	V int `json:"v,omitempty"`
}

// Empty reports whether nothing is attached.
func (m MeetingMaterials) Empty() bool { return m.Text == "" && m.Photo == "" && m.Document == "" }

// MeetingFollowUp is what happens around and after a meeting: its sign-in
// code and opening, its materials, the make-up tasks and their reminders.
type MeetingFollowUp struct {
	MeetingID int64 `json:"mt"`
	// Code is the sign-in code read out in the room.
	Code string `json:"code,omitempty"`
	// Opened is the meeting's version whose sign-in opening is done
	// with (sent, or passed while the bot was down).
	Opened    int              `json:"opened,omitempty"`
	Materials MeetingMaterials `json:"materials,omitzero"`
	// ClosedAt is when the make-up tasks went out (zero before); Due is
	// when the make-up is due.
	ClosedAt time.Time `json:"closed,omitzero"`
	Due      time.Time `json:"due,omitzero"`
	// Reminded is the number of the last make-up reminder done with.
	Reminded int  `json:"reminded,omitempty"`
	Overdue  bool `json:"overdue,omitempty"`
}

// Closed reports whether the make-up tasks went out.
func (f *MeetingFollowUp) Closed() bool { return !f.ClosedAt.IsZero() }

// FollowUpDue is what is due for a meeting's follow-up at one instant.
type FollowUpDue struct {
	// Open: the sign-in window is open and the opening was not sent;
	// OpenPassed: it closed before the opening could go (the bot was
	// down), so it is only recorded.
	Open, OpenPassed bool
	// Close: the meeting is over; the make-up tasks are due.
	Close bool
	// Remind is the number of the make-up reminder due, 0 for none.
	Remind int
	// Late marks a reminder sent a while after its time.
	Late bool
	// Overdue: the make-up is due and the organiser is to be told who
	// did not.
	Overdue bool
	// Done: nothing is left to do (cancelled, or overdue told).
	Done bool
}

// Any reports whether anything is due.
func (d FollowUpDue) Any() bool { return d != FollowUpDue{} }

// FollowUpStep decides what is due for meeting mt's follow-up f at now.
// Nothing goes in the quiet hours but the sign-in opening (the meeting is
// on). A make-up reminder goes a day after the tasks, and each day after
// until they are due; one whose time passed while the bot was down goes
// late, and only the latest of them.
func (f *MeetingFollowUp) FollowUpStep(mt *Meeting, now time.Time, c CheckinRules, quiet QuietHours, loc *time.Location) FollowUpDue {
	var d FollowUpDue
	switch mt.State {
	case MeetingCancelled:
		return FollowUpDue{Done: true}
	case MeetingScheduled:
	default:
		return d
	}
	if f.Opened != mt.Version && !now.Before(mt.CheckinOpens(c)) {
		if now.Before(mt.CheckinCloses(c)) {
			d.Open = true
		} else {
			d.OpenPassed = true
		}
	}
	if quiet.Contains(ClockOf(now, loc)) {
		return d
	}
	if !f.Closed() {
		d.Close = !now.Before(mt.Over(c))
		return d
	}
	if now.Before(f.Due) {
		n := int(now.Sub(f.ClosedAt) / (24 * time.Hour))
		if n > f.Reminded {
			d.Remind = n
			d.Late = now.Sub(f.ClosedAt.Add(time.Duration(n)*24*time.Hour)) > MeetingLateAfter
		}
		return d
	}
	d.Overdue, d.Done = !f.Overdue, true
	return d
}
