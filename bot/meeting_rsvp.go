package bot

// Answers to a meeting: 参加, and 请假 with a reason (a button, or typed),
// which the organiser (and a group's leader) is told of, and may approve
// when the branch asks for approval.

import (
	"errors"
	"fmt"
	"strconv"
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
		_, err := enqueue(r.tx, r.b.leaveTold(m, r.member, mt, rsvp))
		return err
	})
}

// leaveTold is the message telling m of asker's leave request; when it
// awaits approval and m may decide, it carries 批准 / 不批准 naming the
// request (its LeaveSeq), so they decide that request and no other.
func (b *Bot) leaveTold(m, asker *branchbot.Member, mt *branchbot.Meeting, rsvp *branchbot.RSVP) *branchbot.Outgoing {
	l := langOf(m, b.opts.Language)
	o := &branchbot.Outgoing{ChatID: m.ChatID(), MemberID: m.ID,
		Text: T(l, "mt.leave.told", asker.Name, mt.ID, mt.Title, reasonText(l, rsvp))}
	if rsvp.Approval == branchbot.ApprovalPending && branchbot.CanOrganise(m, mt.Audience, mt.Group) == nil {
		extra := leaveRequestArg(asker.ID, rsvp.LeaveSeq)
		o.Keyboard = [][]branchbot.Button{{
			{Text: T(l, "mt.btn.approve"), Data: meetingCallback("mtap", m.ID, mt, extra)},
			{Text: T(l, "mt.btn.refuse"), Data: meetingCallback("mtrf", m.ID, mt, extra)},
		}}
	}
	return o
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

// approvePress handles the organiser's 批准 / 不批准 of a leave request.
func (r *request) approvePress(cq *models.CallbackQuery, grant bool, mt *branchbot.Meeting, extra string, msgID int) error {
	memberID, seq, ok := parseLeaveRequestArg(extra)
	if !ok || branchbot.CanOrganise(r.member, mt.Audience, mt.Group) != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	rsvp, err := r.tx.RSVP(mt.ID, memberID)
	if err != nil {
		return err
	}
	switch err := rsvp.DecideLeave(grant, seq); {
	case errors.Is(err, branchbot.ErrLeaveDecided):
		// An older button, or the other organiser's copy: the word given
		// stands, and this message loses its buttons too.
		r.answer(cq, T(r.lang, "mt.leave.decided", T(r.lang, "mt.approval."+string(rsvp.Approval))), true)
		return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true})
	case errors.Is(err, branchbot.ErrLeaveReplaced):
		// The member asked again since: the newer request has a message
		// of its own; this one's buttons go.
		r.answer(cq, T(r.lang, "mt.leave.replaced"), true)
		return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true})
	case errors.Is(err, branchbot.ErrLeaveUnnumbered):
		return r.unnumberedLeavePress(cq, mt, rsvp, msgID)
	case err != nil:
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
	if err := r.audit("meeting.leave", fmt.Sprintf("#%d member #%d request %d: %s", mt.ID, memberID, seq, rsvp.Approval), false); err != nil {
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

// unnumberedLeavePress answers a 批准 / 不批准 that names no request (sent
// before requests were numbered) while a request is pending: it may have
// been sent for an earlier request, so it decides nothing. Its buttons go,
// and the pending request is sent to the presser again with buttons that
// name it.
func (r *request) unnumberedLeavePress(cq *models.CallbackQuery, mt *branchbot.Meeting, rsvp *branchbot.RSVP, msgID int) error {
	r.answer(cq, T(r.lang, "mt.leave.unnumbered"), true)
	if err := r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true}); err != nil {
		return err
	}
	asker, err := r.tx.Member(rsvp.MemberID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	_, err = enqueue(r.tx, r.b.leaveTold(r.member, asker, mt, rsvp))
	return err
}

// leaveRequestArg is the extra of a leave's decision buttons: the member
// and the number of their request, "MEMBER.SEQ".
func leaveRequestArg(memberID int64, seq int) string {
	return strconv.FormatInt(memberID, 10) + "." + strconv.Itoa(seq)
}

// parseLeaveRequestArg reads what leaveRequestArg wrote; a bare "MEMBER"
// (buttons sent before requests were numbered) reads with seq 0.
func parseLeaveRequestArg(extra string) (memberID int64, seq int, ok bool) {
	m, s, numbered := strings.Cut(extra, ".")
	memberID, err := strconv.ParseInt(m, 10, 64)
	if err != nil || memberID <= 0 {
		return 0, 0, false
	}
	if !numbered {
		return memberID, 0, true
	}
	seq, err = strconv.Atoi(s)
	if err != nil || seq <= 0 {
		return 0, 0, false
	}
	return memberID, seq, true
}
