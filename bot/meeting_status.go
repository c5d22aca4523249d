package bot

// The organiser's status message of a meeting: who is coming, who asked
// for leave and why, who has not answered. It is queued by its live name
// and rendered when it goes out, so it shows the answers as they are then.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// statusNames is how many names each list of the status message shows.
const statusNames = 40

// queueMeetingStatus queues an edit of the organiser's status message. The
// message is rendered from every invited member when it goes out, so it is
// not rendered here, and an edit still waiting is replaced rather than
// followed: each answer costs the same however many are invited, and a
// burst of answers makes one edit. An edit already on its way when it is
// replaced is sent all the same; the new one, rendered after it, shows the
// answer that replaced it.
//
// A meeting the scheduler created has no preview to edit: its status
// message is sent (StatusKey) and then edited by that key.
func (b *Bot) queueMeetingStatus(tx *store.Tx, mt *branchbot.Meeting) error {
	if mt.AuthorChat == 0 || (mt.StatusMsg == 0 && mt.StatusKey == "") {
		return nil
	}
	live := branchbot.MeetingLive(mt.ID)
	if mt.StatusOut != 0 {
		old, err := tx.Outgoing(mt.StatusOut)
		switch {
		case err == nil && old.Live == live && old.Key != "":
			return nil // the message itself still waits: it shows the answers when it goes out
		case err == nil && old.Live == live:
			if err := tx.Discard(old); err != nil {
				return err
			}
		case err != nil && !errors.Is(err, branchbot.ErrNotFound):
			return err
		}
	}
	l := b.opts.Language
	if m, err := tx.Member(mt.CreatedBy); err == nil {
		l = langOf(m, l)
	}
	o := &branchbot.Outgoing{
		ChatID:   mt.AuthorChat,
		MemberID: mt.CreatedBy,
		Edit:     mt.StatusMsg,
		Live:     live,
		// What it shows if the meeting cannot be read when it goes out.
		Text: T(l, "mt.status.head", mt.ID) + "\n" + b.meetingCard(mt, l),
	}
	if mt.StatusMsg == 0 {
		if _, sent := tx.Delivered(mt.StatusKey); sent {
			o.EditKey = mt.StatusKey
		} else {
			o.Key = mt.StatusKey
		}
	}
	if _, err := enqueue(tx, o); err != nil {
		return err
	}
	mt.StatusOut = o.ID
	return tx.PutMeeting(mt)
}

// fillMeetingStatus sets the text and buttons of the status message.
func (b *Bot) fillMeetingStatus(tx *store.Tx, mt *branchbot.Meeting, o *branchbot.Outgoing) {
	l := b.opts.Language
	if m, err := tx.Member(mt.CreatedBy); err == nil {
		l = langOf(m, l)
	}
	o.Text, o.Keyboard = b.meetingStatusText(tx, mt, l), nil
	if mt.State == branchbot.MeetingScheduled && b.now().Before(mt.Start) {
		o.Keyboard = [][]branchbot.Button{{
			{Text: T(l, "mt.btn.move"), Data: meetingCallback("mtmv", mt.CreatedBy, mt, "")},
			{Text: T(l, "mt.btn.cancelmt"), Data: meetingCallback("mtcx", mt.CreatedBy, mt, "")},
		}}
	}
}

// meetingStatusText renders the status of a meeting in language l.
func (b *Bot) meetingStatusText(tx *store.Tx, mt *branchbot.Meeting, l branchbot.Lang) string {
	head := T(l, "mt.status.head", mt.ID)
	if mt.State == branchbot.MeetingCancelled {
		head = T(l, "mt.status.cancelled", mt.ID)
	}
	lines := []string{head, b.meetingCard(mt, l)}
	rs, err1 := tx.RSVPs(mt.ID)
	ms, err2 := invited(tx, mt)
	if err1 != nil || err2 != nil {
		return strings.Join(lines, "\n")
	}
	var coming, leave, silent []string
	for _, m := range ms {
		rsvp := rs[m.ID]
		name := memberName(l, m, m.ID)
		switch {
		case rsvp == nil || rsvp.Answer == branchbot.AnswerNone:
			if !m.Bound() || m.Unreachable {
				name += T(l, "mt.status.unreach")
			}
			silent = append(silent, name)
		case rsvp.Answer == branchbot.AnswerAttend:
			coming = append(coming, name)
		default:
			item := name + " — " + reasonText(l, rsvp)
			if rsvp.Approval != branchbot.ApprovalNone {
				item += T(l, "mt.approval."+string(rsvp.Approval))
			}
			leave = append(leave, item)
		}
	}
	lines = append(lines, "", T(l, "mt.status.counts", len(coming), len(leave), len(silent), len(ms)))
	if mt.Missed > 0 {
		lines = append(lines, T(l, "mt.status.missed", mt.Missed))
	}
	lines = append(lines, b.attendStatus(tx, mt, l)...) // meeting_attendance.go
	section := func(key string, names []string) {
		if len(names) == 0 {
			return
		}
		lines = append(lines, "", T(l, key, len(names)))
		if len(names) > statusNames {
			names = append(names[:statusNames:statusNames], fmt.Sprintf(T(l, "mt.status.more"), len(names)-statusNames))
		}
		lines = append(lines, names...)
	}
	section("mt.status.leave", leave)
	section("mt.status.silent", silent)
	section("mt.status.coming", coming)
	return strings.Join(lines, "\n")
}

// renderMeetingStatus renders the organiser's status message when it goes
// out; if the meeting cannot be read, it keeps the text it was queued with.
func (b *Bot) renderMeetingStatus(o *branchbot.Outgoing, l branchbot.Live) error {
	_ = b.db.View(func(tx *store.Tx) error {
		mt, err := tx.Meeting(l.Meeting)
		if err != nil {
			return err
		}
		b.fillMeetingStatus(tx, mt, o)
		return nil
	})
	return nil
}
