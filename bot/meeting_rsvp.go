package bot

// Answers to a meeting: 参加, and 请假 with a reason (a button, or typed),
// which the organiser (and a group's leader) is told of, and may approve
// when the branch asks for approval.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// rsvpPress handles 参加 (mtya), 请假 (mtyl: the reasons are offered) and
// a reason (mtlr) on a member's notice, reminder or /meetings.
func (r *request) rsvpPress(cq *models.CallbackQuery, action string, mt *branchbot.Meeting, v int, reason string, msgID int) error {
	l := r.lang
	switch {
	case mt.State == branchbot.MeetingCancelled:
		r.answer(cq, T(l, "mt.is.cancelled", mt.ID), true)
		return nil
	case mt.State != branchbot.MeetingScheduled || !mt.Invites(r.member):
		r.answer(cq, T(l, "button.stale"), false)
		return nil
	case v != mt.Version:
		r.answer(cq, T(l, "mt.is.moved", mt.ID), true)
		return nil
	case !r.now.Before(mt.Start):
		r.answer(cq, T(l, "mt.is.started", mt.ID), true)
		return nil
	}
	rsvp, err := r.tx.RSVP(mt.ID, r.member.ID)
	if err != nil {
		return err
	}
	switch action {
	case "mtyl":
		r.answer(cq, "", false)
		var row []branchbot.Button
		for _, lr := range branchbot.LeaveReasons {
			row = append(row, branchbot.Button{Text: T(l, "mt.reason."+string(lr)), Data: meetingCallback("mtlr", r.member.ID, mt, string(lr))})
		}
		return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true, Keyboard: [][]branchbot.Button{row}})
	case "mtya":
		rsvp.Attend(r.now, mt.Version)
		r.answer(cq, T(l, "mt.attend.cb"), false)
	case "mtlr":
		lr := branchbot.LeaveReason(reason)
		if !validReason(lr) {
			r.answer(cq, T(l, "button.stale"), false)
			return nil
		}
		if lr == branchbot.LeaveOther {
			r.answer(cq, "", false)
			if err := r.tx.AskLeaveReason(r.member.ID, mt.ID); err != nil {
				return err
			}
			return r.say("mt.reason.ask", mt.ID)
		}
		rsvp.Leave(lr, "", r.now, mt.Version, r.b.opts.Meetings.LeaveApproval)
		r.answer(cq, T(l, "mt.leave.cb"), false)
	}
	if err := r.saveRSVP(mt, rsvp); err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true, Keyboard: rsvpButtons(l, r.member.ID, mt, rsvp)})
}

func validReason(lr branchbot.LeaveReason) bool {
	for _, x := range branchbot.LeaveReasons {
		if x == lr {
			return true
		}
	}
	return false
}

// saveRSVP writes an answer, tells the organiser of a leave and updates
// their status message.
func (r *request) saveRSVP(mt *branchbot.Meeting, rsvp *branchbot.RSVP) error {
	if err := r.tx.PutRSVP(rsvp); err != nil {
		return err
	}
	detail := fmt.Sprintf("#%d v%d %s", mt.ID, mt.Version, rsvp.Answer)
	if rsvp.Answer == branchbot.AnswerLeave {
		detail += fmt.Sprintf(" (%s %q)", rsvp.Reason, rsvp.Note)
		if err := r.tellMeetingLeave(mt, rsvp); err != nil {
			return err
		}
	}
	if err := r.audit("meeting.rsvp", detail, false); err != nil {
		return err
	}
	return r.b.queueMeetingStatus(r.tx, mt)
}

// reasonText is a leave's reason as people read it.
func reasonText(l branchbot.Lang, rsvp *branchbot.RSVP) string {
	if rsvp.Reason == branchbot.LeaveOther && rsvp.Note != "" {
		return rsvp.Note
	}
	return T(l, "mt.reason."+string(rsvp.Reason))
}

// tellMeetingLeave tells the organiser, and a group meeting's leader, that a
// member asked for leave and why; with approval, they get the buttons.
func (r *request) tellMeetingLeave(mt *branchbot.Meeting, rsvp *branchbot.RSVP) error {
	return r.tx.ForEachMember(func(m *branchbot.Member) error {
		if !mt.ToldOfLeave(m) || !m.Bound() || m.Unreachable || m.ID == r.member.ID {
			return nil
		}
		l := langOf(m, r.b.opts.Language)
		o := &branchbot.Outgoing{ChatID: m.ChatID(), MemberID: m.ID,
			Text: T(l, "mt.leave.told", r.member.Name, mt.ID, mt.Title, reasonText(l, rsvp))}
		if rsvp.Approval == branchbot.ApprovalPending && branchbot.CanOrganise(m, mt.Audience, mt.Group) == nil {
			extra := fmt.Sprint(r.member.ID)
			o.Keyboard = [][]branchbot.Button{{
				{Text: T(l, "mt.btn.approve"), Data: meetingCallback("mtap", m.ID, mt, extra)},
				{Text: T(l, "mt.btn.refuse"), Data: meetingCallback("mtrf", m.ID, mt, extra)},
			}}
		}
		_, err := enqueue(r.tx, o)
		return err
	})
}

// leaveText takes a member's typed words as their leave reason, if they
// were asked for one; ok is false if they were not.
func (r *request) leaveText() (ok bool, err error) {
	id, asked, err := r.tx.LeaveReasonAsked(r.member.ID)
	if err != nil || !asked {
		return false, err
	}
	mt, err := r.tx.Meeting(id)
	if err != nil {
		return true, err
	}
	if mt.State != branchbot.MeetingScheduled || !r.now.Before(mt.Start) {
		return true, r.say("mt.is.over", mt.ID)
	}
	note := strings.TrimSpace(r.msg.Text)
	if n := []rune(note); len(n) > 200 {
		note = string(n[:200])
	}
	rsvp, err := r.tx.RSVP(mt.ID, r.member.ID)
	if err != nil {
		return true, err
	}
	rsvp.Leave(branchbot.LeaveOther, note, r.now, mt.Version, r.b.opts.Meetings.LeaveApproval)
	if err := r.saveRSVP(mt, rsvp); err != nil {
		return true, err
	}
	return true, r.say("mt.leave.recorded", mt.ID, note)
}

// approvePress handles the organiser's 批准 / 不批准 of a leave.
func (r *request) approvePress(cq *models.CallbackQuery, grant bool, mt *branchbot.Meeting, extra string, msgID int) error {
	var memberID int64
	if _, err := fmt.Sscan(extra, &memberID); err != nil || branchbot.CanOrganise(r.member, mt.Audience, mt.Group) != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	rsvp, err := r.tx.RSVP(mt.ID, memberID)
	if err != nil {
		return err
	}
	if err := rsvp.DecideLeave(grant); errors.Is(err, branchbot.ErrLeaveDecided) {
		// An older button, or the other organiser's copy: the word given
		// stands, and this message loses its buttons too.
		r.answer(cq, T(r.lang, "mt.leave.decided", T(r.lang, "mt.approval."+string(rsvp.Approval))), true)
		return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true})
	} else if err != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	key := "mt.leave.refused"
	if grant {
		key = "mt.leave.granted"
	}
	if err := r.tx.PutRSVP(rsvp); err != nil {
		return err
	}
	r.answer(cq, "", false)
	if err := r.audit("meeting.leave", fmt.Sprintf("#%d member #%d: %s", mt.ID, memberID, rsvp.Approval), false); err != nil {
		return err
	}
	if m, err := r.tx.Member(memberID); err == nil {
		if err := r.tell(m, key, mt.ID, mt.Title); err != nil {
			return err
		}
	}
	if err := r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true}); err != nil {
		return err
	}
	return r.b.queueMeetingStatus(r.tx, mt)
}
