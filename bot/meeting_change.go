package bot

// Calling a meeting off and moving it: everyone invited is told, and the
// buttons of the earlier notices and reminders are taken away.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// meetingByArg finds the meeting named by "12" or "#12" and checks that
// the asker may change it; ok is false when the asker has been answered.
func (r *request) meetingByArg(w string) (*branchbot.Meeting, bool, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
	if err != nil || id <= 0 {
		return nil, false, r.say("mt.change.usage")
	}
	mt, err := r.tx.Meeting(id)
	if errors.Is(err, branchbot.ErrNotFound) || (err == nil && mt.State == branchbot.MeetingDraft) {
		return nil, false, r.say("mt.notfound", id)
	} else if err != nil {
		return nil, false, err
	}
	if err := branchbot.CanOrganise(r.member, mt.Audience, mt.Group); err != nil {
		if err := r.audit("refused", fmt.Sprintf("change meeting #%d: %v", id, err), true); err != nil {
			return nil, false, err
		}
		return nil, false, r.say("mt.notyours")
	}
	return mt, true, nil
}

// meetingCancelCommand handles "/meeting cancel ID [REASON]".
func (r *request) meetingCancelCommand(line string) error {
	_, pos := nextWord(line, 0) // "cancel"
	w, pos := nextWord(line, pos)
	mt, ok, err := r.meetingByArg(w)
	if !ok {
		return err
	}
	return r.cancelMeeting(mt, strings.TrimSpace(line[pos:]))
}

// meetingMoveCommand handles "/meeting move ID [YYYY-]MM-DD HH:MM [@ PLACE]".
func (r *request) meetingMoveCommand(line string) error {
	_, pos := nextWord(line, 0) // "move"
	w, pos := nextWord(line, pos)
	mt, ok, err := r.meetingByArg(w)
	if !ok {
		return err
	}
	dateW, end := nextWord(line, pos)
	clockW, end := nextWord(line, end)
	start, okTime := meetingTime(dateW, clockW, r.now, r.b.opts.Location)
	if !okTime {
		return r.say("mt.badtime", strings.TrimSpace(dateW+" "+clockW))
	}
	place := ""
	if rest := strings.TrimSpace(line[end:]); rest != "" {
		_, size := firstRune(rest)
		if c, _ := firstRune(rest); c != '@' && c != '＠' {
			return r.say("mt.change.usage")
		}
		place = strings.TrimSpace(rest[size:])
	}
	old := mt.Version
	if err := mt.Move(r.now, start, place); err != nil {
		return r.sayChangeRefused(mt, err)
	}
	if err := r.b.unbutton(r.tx, mt, old); err != nil {
		return err
	}
	if err := r.b.announceMeeting(r.tx, mt); err != nil {
		return err
	}
	if err := r.audit("meeting.move", fmt.Sprintf("v%d: %s", mt.Version, r.b.meetingDetail(mt)), false); err != nil {
		return err
	}
	return r.say("mt.moved", mt.ID, r.b.meetingWhen(mt, r.lang), mt.Invited)
}

func (r *request) sayChangeRefused(mt *branchbot.Meeting, err error) error {
	switch {
	case errors.Is(err, branchbot.ErrMeetingCancelled):
		return r.say("mt.is.cancelled", mt.ID)
	case errors.Is(err, branchbot.ErrMeetingStarted):
		return r.say("mt.is.started", mt.ID)
	case errors.Is(err, branchbot.ErrMeetingPast):
		return r.say("mt.past")
	}
	return err
}

// cancelMeeting calls a scheduled meeting off: each invited member is
// told, the buttons of their earlier messages go, the group chat hears of
// it, and the status message says so.
func (r *request) cancelMeeting(mt *branchbot.Meeting, reason string) error {
	if err := mt.Cancel(r.now, reason); err != nil {
		return r.sayChangeRefused(mt, err)
	}
	if err := r.tx.PutMeeting(mt); err != nil {
		return err
	}
	ms, err := invited(r.tx, mt)
	if err != nil {
		return err
	}
	def := r.b.opts.Language
	for _, m := range ms {
		if !m.Bound() || m.Unreachable {
			continue
		}
		l := langOf(m, def)
		o := &branchbot.Outgoing{Key: branchbot.MeetingCancelKey(mt.ID, m.ID), ChatID: m.ChatID(), MemberID: m.ID,
			Text: r.b.cancelText(mt, l)}
		if _, err := enqueue(r.tx, o); err != nil {
			return err
		}
	}
	for v := 1; v <= mt.Version; v++ {
		if err := r.b.unbutton(r.tx, mt, v); err != nil {
			return err
		}
	}
	if mt.GroupChat && r.b.opts.GroupChat != 0 {
		o := &branchbot.Outgoing{Key: branchbot.MeetingGroupKey(mt.ID, 0), ChatID: r.b.opts.GroupChat, Text: r.b.cancelText(mt, def)}
		if _, err := enqueue(r.tx, o); err != nil {
			return err
		}
	}
	if err := r.audit("meeting.cancel", fmt.Sprintf("#%d: %q", mt.ID, reason), false); err != nil {
		return err
	}
	if err := r.b.queueMeetingStatus(r.tx, mt); err != nil {
		return err
	}
	return r.say("mt.cancelled", mt.ID)
}

func (b *Bot) cancelText(mt *branchbot.Meeting, l branchbot.Lang) string {
	text := T(l, "mt.head.cancelled", b.opts.BranchName) + "\n\n" + b.meetingCard(mt, l)
	if mt.CancelReason != "" {
		text += "\n" + T(l, "mt.cancel.reason", mt.CancelReason)
	}
	return text
}

// unbutton takes the 参加 / 请假 buttons off the messages of version v of
// a meeting that reached the members: the notice and the reminders.
func (b *Bot) unbutton(tx *store.Tx, mt *branchbot.Meeting, v int) error {
	ms, err := invited(tx, mt)
	if err != nil {
		return err
	}
	for _, m := range ms {
		keys := []string{branchbot.MeetingNoticeKey(mt.ID, v, m.ID)}
		for _, lead := range mt.Leads {
			keys = append(keys, branchbot.MeetingReminderKey(mt.ID, v, lead, m.ID))
		}
		for _, key := range keys {
			d, ok := tx.Delivered(key)
			if !ok || d.MessageID == 0 {
				continue
			}
			o := &branchbot.Outgoing{ChatID: d.ChatID, MemberID: m.ID, Edit: d.MessageID, KeyboardOnly: true}
			if _, err := enqueue(tx, o); err != nil {
				return err
			}
		}
	}
	return nil
}
