package bot

// Sign-in (签到): when a meeting's window opens the invited get a message
// with a 签到 button, or, when the branch asks for codes, are told to send
// /checkin with the code the organiser reads out in the room (the
// organiser gets it in the same moment). Outside the window sign-in is
// refused with the reason.

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// CheckinRules are the branch's sign-in window, code rule and make-up
// time, with the defaults filled in.
func (b *Bot) CheckinRules() branchbot.CheckinRules {
	o := b.opts.Meetings
	return branchbot.CheckinRules{Before: o.CheckinBefore, After: o.CheckinAfter, Code: o.CheckinCode, MakeupDays: o.MakeupDays}.WithDefaults()
}

// newCheckinCode makes four random digits.
func newCheckinCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(10000))
	if err != nil {
		panic(fmt.Sprintf("bot: crypto/rand: %v", err)) // never fails on supported platforms
	}
	return fmt.Sprintf("%04d", n.Int64())
}

// CheckinOpen tells the invited who are not on leave that sign-in to mt
// is open, and the organiser (with the code when the branch asks for
// one); it makes the code. It implements schedule.MeetingFollowUps.
func (b *Bot) CheckinOpen(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error) {
	rules := b.CheckinRules()
	if rules.Code && f.Code == "" {
		gen := b.opts.Meetings.NewCheckinCode
		if gen == nil {
			gen = newCheckinCode
		}
		f.Code = gen()
		if err := tx.PutFollowUp(f); err != nil { // the status message shows it
			return 0, err
		}
	}
	ms, err := invited(tx, mt)
	if err != nil {
		return 0, err
	}
	def, n := b.opts.Language, 0
	closes := mt.CheckinCloses(rules).In(b.opts.Location).Format("15:04")
	for _, m := range ms {
		if !m.Bound() || m.Unreachable {
			continue
		}
		rsvp, err := tx.RSVP(mt.ID, m.ID)
		if err != nil {
			return 0, err
		}
		if rsvp.Answer == branchbot.AnswerLeave {
			continue
		}
		l := langOf(m, def)
		o := &branchbot.Outgoing{Key: branchbot.MeetingCheckinKey(mt.ID, mt.Version, m.ID), ChatID: m.ChatID(), MemberID: m.ID}
		if rules.Code {
			o.Text = T(l, "mk.open.code", mt.ID, mt.Title, closes)
		} else {
			o.Text = T(l, "mk.open", mt.ID, mt.Title, closes)
			o.Keyboard = [][]branchbot.Button{{{Text: T(l, "mk.btn.checkin"), Data: meetingCallback("mtci", m.ID, mt, "")}}}
		}
		ok, err := enqueue(tx, o)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	if org, err := tx.Member(mt.CreatedBy); err == nil && org.Bound() && !org.Unreachable {
		l := langOf(org, def)
		text := T(l, "mk.open.org", mt.ID, mt.Title, closes)
		if rules.Code {
			text = T(l, "mk.open.orgcode", mt.ID, mt.Title, f.Code, closes)
		}
		o := &branchbot.Outgoing{Key: branchbot.MeetingCheckinKey(mt.ID, mt.Version, org.ID), ChatID: org.ChatID(), MemberID: org.ID, Text: text}
		if _, err := enqueue(tx, o); err != nil {
			return 0, err
		}
	}
	return n, b.queueMeetingStatus(tx, mt)
}

// checkin handles /checkin [CODE]: sign-in to the meeting whose window is
// open now, found by its code when the branch asks for one.
func (r *request) checkin(args []string) error {
	rules := r.b.CheckinRules()
	var open []*branchbot.Meeting
	var next, last *branchbot.Meeting
	ids, err := r.tx.FollowUpMeetings()
	if err != nil {
		return err
	}
	for _, id := range ids {
		mt, err := r.tx.Meeting(id)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		if !mt.Invites(r.member) {
			continue
		}
		switch err := mt.CanCheckIn(r.now, rules); {
		case err == nil:
			open = append(open, mt)
		case errors.Is(err, branchbot.ErrCheckinNotYet) && mt.State == branchbot.MeetingScheduled:
			if next == nil || mt.Start.Before(next.Start) {
				next = mt
			}
		case errors.Is(err, branchbot.ErrCheckinOver) && mt.State == branchbot.MeetingScheduled:
			if last == nil || mt.Start.After(last.Start) {
				last = mt
			}
		}
	}
	code := strings.Join(args, "")
	switch {
	case len(open) == 0 && next != nil:
		return r.refuseCheckin("mk.notyet", next.ID, next.Title, r.b.clockText(next.CheckinOpens(rules)))
	case len(open) == 0 && last != nil:
		return r.refuseCheckin("mk.over", last.ID, last.Title, r.b.clockText(last.CheckinCloses(rules)))
	case len(open) == 0:
		return r.refuseCheckin("mk.none")
	case rules.Code && code == "":
		return r.say("mk.needcode")
	case rules.Code:
		for _, mt := range open {
			if f, err := r.tx.FollowUp(mt.ID); err != nil {
				return err
			} else if f.Code != "" && f.Code == code {
				return r.checkInTo(mt)
			}
		}
		if err := r.audit("refused", fmt.Sprintf("/checkin with a wrong code %q", excerpt(code, 16)), true); err != nil {
			return err
		}
		return r.say("mk.badcode")
	case len(open) == 1:
		return r.checkInTo(open[0])
	}
	// Several open at once: which one?
	if id, err := strconv.ParseInt(code, 10, 64); err == nil {
		for _, mt := range open {
			if mt.ID == id {
				return r.checkInTo(mt)
			}
		}
	}
	var kb [][]branchbot.Button
	for _, mt := range open {
		kb = append(kb, []branchbot.Button{{Text: fmt.Sprintf("#%d %s", mt.ID, excerpt(mt.Title, 30)), Data: meetingCallback("mtci", r.member.ID, mt, "")}})
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "mk.which"), Keyboard: kb})
}

// refuseCheckin answers a sign-in outside any window, and audits it.
func (r *request) refuseCheckin(key string, args ...any) error {
	if err := r.audit("refused", "/checkin: "+key, true); err != nil {
		return err
	}
	return r.say(key, args...)
}

// clockText is a time as people read it in the branch's zone.
func (b *Bot) clockText(t time.Time) string {
	return t.In(b.opts.Location).Format("01-02 15:04")
}

// checkInTo records the member's sign-in to mt and tells them.
func (r *request) checkInTo(mt *branchbot.Meeting) error {
	a, _, err := r.tx.Attendance(mt.ID, r.member.ID)
	if err != nil {
		return err
	}
	if !a.CheckedIn.IsZero() {
		return r.say("mk.already", mt.ID, a.CheckedIn.In(r.b.opts.Location).Format("15:04"))
	}
	a.CheckedIn = r.now
	if err := r.tx.PutAttendance(a); err != nil {
		return err
	}
	if err := r.audit("meeting.checkin", fmt.Sprintf("#%d", mt.ID), false); err != nil {
		return err
	}
	if err := r.b.queueMeetingStatus(r.tx, mt); err != nil {
		return err
	}
	return r.say("mk.done", mt.ID, mt.Title, r.now.In(r.b.opts.Location).Format("15:04"))
}

// checkinPress handles the 签到 button (mtci): refused outside the window,
// and when the branch asks for the code.
func (r *request) checkinPress(cq *models.CallbackQuery, mt *branchbot.Meeting, msgID int) error {
	rules := r.b.CheckinRules()
	l := r.lang
	err := mt.CanCheckIn(r.now, rules)
	switch {
	case !mt.Invites(r.member):
		r.answer(cq, T(l, "button.stale"), false)
		return nil
	case errors.Is(err, branchbot.ErrMeetingCancelled):
		r.answer(cq, T(l, "mt.is.cancelled", mt.ID), true)
		return nil
	case errors.Is(err, branchbot.ErrCheckinNotYet):
		r.answer(cq, T(l, "mk.notyet", mt.ID, mt.Title, r.b.clockText(mt.CheckinOpens(rules))), true)
		return r.audit("refused", fmt.Sprintf("sign-in to #%d before the window", mt.ID), true)
	case errors.Is(err, branchbot.ErrCheckinOver):
		r.answer(cq, T(l, "mk.over", mt.ID, mt.Title, r.b.clockText(mt.CheckinCloses(rules))), true)
		return r.audit("refused", fmt.Sprintf("sign-in to #%d after the window", mt.ID), true)
	case rules.Code:
		r.answer(cq, T(l, "mk.needcode"), true)
		return nil
	}
	r.answer(cq, T(l, "mk.btn.done"), false)
	if err := r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true}); err != nil {
		return err
	}
	return r.checkInTo(mt)
}
