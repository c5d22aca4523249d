package bot

// /meetings, and the reminders the scheduler queues (rendered here).

import (
	"fmt"
	"slices"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// maxListed is how many upcoming meetings /meetings shows.
const maxListed = 10

// meetingsList handles /meetings: each upcoming meeting the member is
// invited to, with their answer and the buttons to change it, and those
// they organise, with their status.
func (r *request) meetingsList(_ []string) error {
	ms, err := r.tx.UpcomingMeetings()
	if err != nil {
		return err
	}
	n := 0
	for _, mt := range ms {
		if n == maxListed || !mt.Upcoming(r.now) {
			continue
		}
		switch {
		case mt.Invites(r.member):
			rsvp, err := r.tx.RSVP(mt.ID, r.member.ID)
			if err != nil {
				return err
			}
			text := r.b.meetingCard(mt, r.lang) + "\n" + T(r.lang, "mt.yours", answerText(r.lang, rsvp))
			o := &branchbot.Outgoing{Text: text}
			if r.now.Before(mt.Start) {
				o.Keyboard = rsvpButtons(r.lang, r.member.ID, mt, rsvp)
			}
			if err := r.send(o); err != nil {
				return err
			}
		case mt.CreatedBy == r.member.ID:
			if err := r.send(&branchbot.Outgoing{Text: r.b.meetingStatusText(r.tx, mt, r.lang)}); err != nil {
				return err
			}
		default:
			continue
		}
		n++
	}
	if n == 0 {
		return r.say("mt.none")
	}
	return nil
}

// answerText is a member's answer as they read it.
func answerText(l branchbot.Lang, rsvp *branchbot.RSVP) string {
	switch rsvp.Answer {
	case branchbot.AnswerAttend:
		return T(l, "mt.ans.attend")
	case branchbot.AnswerLeave:
		s := T(l, "mt.ans.leave", reasonText(l, rsvp))
		if rsvp.Approval != branchbot.ApprovalNone {
			s += T(l, "mt.approval."+string(rsvp.Approval))
		}
		return s
	}
	return T(l, "mt.ans.none")
}

// MeetingReminder renders a reminder of a meeting to member m, lead before
// it starts (late when the bot was down at its time): those who have not
// answered are asked again; everyone gets the buttons to change their
// answer. The scheduler fills in the chat, member and key.
func (b *Bot) MeetingReminder(mt *branchbot.Meeting, m *branchbot.Member, rsvp *branchbot.RSVP, lead time.Duration, late bool) branchbot.Outgoing {
	l := langOf(m, b.opts.Language)
	head := T(l, "mt.remind", b.leadText(l, lead))
	if late {
		head = T(l, "bc.head.late", head)
	}
	text := head + "\n\n" + b.meetingCard(mt, l) + "\n\n"
	if rsvp.Answer == branchbot.AnswerNone {
		text += T(l, "mt.ask")
	} else {
		text += T(l, "mt.yours", answerText(l, rsvp))
	}
	if lead == slices.Min(mt.Leads) {
		// The last reminder lists the agenda.
		if items := b.agendaLines(l, mt); items != "" {
			text += "\n\n" + items
		}
	}
	return branchbot.Outgoing{
		Text:     text,
		ReplyKey: branchbot.MeetingNoticeKey(mt.ID, mt.Version, m.ID),
		Keyboard: rsvpButtons(l, m.ID, mt, rsvp),
	}
}

// leadText is "24 小时" / "2 hours", or minutes under an hour.
func (b *Bot) leadText(l branchbot.Lang, lead time.Duration) string {
	if lead >= time.Hour && lead%time.Hour == 0 {
		return T(l, "mt.lead.hours", int(lead/time.Hour))
	}
	return T(l, "mt.lead.minutes", int(lead/time.Minute))
}

// MeetingMissed tells a meeting's organiser that n reminders could not go
// out before it started because the bot was down, and updates the status.
func (b *Bot) MeetingMissed(tx *store.Tx, mt *branchbot.Meeting, n int) error {
	if err := tx.Audit(branchbot.AuditEntry{Action: "meeting", Detail: fmt.Sprintf("bot down: %d reminder(s) of #%d missed", n, mt.ID)}); err != nil {
		return err
	}
	if m, err := tx.Member(mt.CreatedBy); err == nil {
		if err := tellMember(tx, b.opts.Language, m, branchbot.MeetingMissedKey(mt.ID, mt.Version, m.ID), "mt.missed", mt.ID, mt.Title, n); err != nil {
			return err
		}
	}
	return b.queueMeetingStatus(tx, mt)
}
