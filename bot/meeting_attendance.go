package bot

// /attendance MEETING MEMBER present|absent|leave|madeup: the organiser's
// correction of a member's attendance, audited with what it was before.

import (
	"fmt"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func (r *request) attendance(args []string) error {
	if len(args) < 3 {
		return r.say("mk.att.usage")
	}
	p, ok := branchbot.ParsePresence(args[len(args)-1])
	if !ok {
		return r.say("mk.att.usage")
	}
	mt, ok, err := r.organisedMeeting(args[0])
	if !ok {
		return err
	}
	rules := r.b.CheckinRules()
	if r.now.Before(mt.CheckinOpens(rules)) {
		return r.say("mk.att.notyet", mt.ID, r.b.clockText(mt.CheckinOpens(rules)))
	}
	m, ok, err := r.findMember(strings.Join(args[1:len(args)-1], " "))
	if !ok {
		return err
	}
	if !mt.Invites(m) {
		return r.say("mk.att.notinvited", m.Name, mt.ID)
	}
	a, _, err := r.tx.Attendance(mt.ID, m.ID)
	if err != nil {
		return err
	}
	rsvp, err := r.tx.RSVP(mt.ID, m.ID)
	if err != nil {
		return err
	}
	was := a.Presence(rsvp)
	a.Correct(p, r.member.ID, r.now)
	if err := r.tx.PutAttendance(a); err != nil {
		return err
	}
	if err := r.audit("meeting.attendance", fmt.Sprintf("#%d member #%d %s: %s → %s", mt.ID, m.ID, m.Name, was, p), false); err != nil {
		return err
	}
	// Corrected to owing a make-up after the tasks went out: theirs goes
	// now (once: the keys see to that).
	f, err := r.tx.FollowUp(mt.ID)
	if err != nil {
		return err
	}
	if f.Closed() && branchbot.OwesMakeup(p) {
		if _, err := r.b.sendMakeup(r.tx, mt, f, owing{m, p}); err != nil {
			return err
		}
	}
	if err := r.b.queueMeetingStatus(r.tx, mt); err != nil {
		return err
	}
	return r.say("mk.att.done", m.Name, mt.ID, T(r.lang, "mk.p."+string(was)), T(r.lang, "mk.p."+string(p)))
}

// attendStatus is the sign-in and make-up lines of a meeting's status
// message: the code, who signed in, and once it is over the presences and
// the make-ups overdue.
func (b *Bot) attendStatus(tx *store.Tx, mt *branchbot.Meeting, l branchbot.Lang) []string {
	f, err1 := tx.FollowUp(mt.ID)
	as, err2 := tx.Attendances(mt.ID)
	rs, err3 := tx.RSVPs(mt.ID)
	if err1 != nil || err2 != nil || err3 != nil || mt.State != branchbot.MeetingScheduled {
		return nil
	}
	var lines []string
	if f.Code != "" {
		lines = append(lines, T(l, "mk.st.code", f.Code))
	}
	counts := map[branchbot.Presence]int{}
	var overdue []string
	in := 0
	for _, a := range as {
		if !a.CheckedIn.IsZero() {
			in++
		}
		p := a.Presence(rs[a.MemberID])
		counts[p]++
		if branchbot.OwesMakeup(p) && f.Closed() && !b.now().Before(f.Due) {
			if m, err := tx.Member(a.MemberID); err == nil {
				overdue = append(overdue, m.Name)
			}
		}
	}
	switch {
	case f.Closed():
		lines = append(lines, T(l, "mk.st.over", counts[branchbot.PresenceAttended], counts[branchbot.PresenceLeave],
			counts[branchbot.PresenceMadeUp], counts[branchbot.PresenceAbsent]))
	case in > 0 || f.Opened != 0:
		lines = append(lines, T(l, "mk.st.in", in))
	}
	if len(overdue) > 0 {
		lines = append(lines, T(l, "mk.st.overdue", len(overdue), strings.Join(overdue, T(l, "mk.sep"))))
	}
	return lines
}

// attendButton handles 签到 (mtci) and 已补课 (mtmu); ok is false for an
// action that is not one of them.
func (r *request) attendButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "mtci", "mtmu":
	default:
		return false, nil
	}
	mt, _, _, err := r.pressedMeeting(cq, cb.Arg)
	if mt == nil || err != nil {
		return true, err
	}
	if cb.Action == "mtci" {
		return true, r.checkinPress(cq, mt, msgID)
	}
	return true, r.makeupPress(cq, mt, msgID)
}
