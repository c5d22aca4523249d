package bot

// The buttons of a meeting's preview, notice and status message.

import (
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// pressedMeeting is the meeting a button names, with the version and the
// extra its data carries; a meeting that is gone (or data that is not a
// meeting's) is answered as a stale button and returns nil.
func (r *request) pressedMeeting(cq *models.CallbackQuery, arg string) (*branchbot.Meeting, int, string, error) {
	id, v, extra, ok := parseMeetingArg(arg)
	mt, err := r.tx.Meeting(id)
	if !ok || errors.Is(err, branchbot.ErrNotFound) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil, 0, "", nil
	} else if err != nil {
		return nil, 0, "", err
	}
	return mt, v, extra, nil
}

// meetingButton handles the buttons of meetings; ok is false for an
// action that is not one of them.
func (r *request) meetingButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "mtgo", "mtno", "mtau", "mtcx", "mtmv", "mtya", "mtyl", "mtlr", "mtap", "mtrf", "mtag", "mtmi", "mtic":
	default:
		return false, nil
	}
	mt, v, extra, err := r.pressedMeeting(cq, cb.Arg)
	if mt == nil || err != nil {
		return true, err
	}
	switch cb.Action {
	case "mtya", "mtyl", "mtlr":
		return true, r.rsvpPress(cq, cb.Action, mt, v, extra, msgID)
	case "mtap", "mtrf":
		return true, r.approvePress(cq, cb.Action == "mtap", mt, extra, msgID)
	case "mtag":
		return true, r.agendaPress(cq, mt)
	case "mtmi":
		return true, r.minutesPress(cq, mt, extra)
	case "mtic":
		return true, r.calendarPress(cq, mt)
	}
	if err := branchbot.CanOrganise(r.member, mt.Audience, mt.Group); err != nil {
		r.answer(cq, T(r.lang, "mt.notyours"), true)
		return true, r.audit("refused", "meeting button "+cb.Action+": "+err.Error(), true)
	}
	if cb.Action == "mtmv" {
		return true, r.movePress(cq, mt)
	}
	if cb.Action == "mtcx" {
		r.answer(cq, "", false)
		return true, r.cancelMeeting(mt, "")
	}
	if mt.State != branchbot.MeetingDraft {
		r.answer(cq, T(r.lang, "mt.already", mt.ID), false)
		return true, nil
	}
	switch cb.Action {
	case "mtno":
		if err := mt.Cancel(r.now, ""); err != nil {
			return true, err
		}
		if err := r.tx.PutMeeting(mt); err != nil {
			return true, err
		}
		r.answer(cq, "", false)
		if err := r.audit("meeting.drop", fmt.Sprintf("#%d", mt.ID), false); err != nil {
			return true, err
		}
		return true, r.editTo(msgID, T(r.lang, "mt.dropped", mt.ID))
	case "mtau":
		if err := r.nextMeetingAudience(mt); err != nil {
			return true, err
		}
		if err := r.tx.PutMeeting(mt); err != nil {
			return true, err
		}
		r.answer(cq, "", false)
		text, kb, err := r.meetingPreview(mt)
		if err != nil {
			return true, err
		}
		return true, r.send(&branchbot.Outgoing{Edit: msgID, Text: text, Keyboard: kb})
	}
	// mtgo
	if err := mt.Confirm(r.now); errors.Is(err, branchbot.ErrMeetingPast) {
		r.answer(cq, T(r.lang, "mt.past"), true)
		return true, nil
	} else if err != nil {
		return true, err
	}
	r.answer(cq, "", false)
	mt.StatusMsg, mt.AuthorChat = msgID, r.chat
	if err := r.registerProposed(mt); err != nil { // meeting_guide_agenda.go
		return true, err
	}
	if err := r.b.announceMeeting(r.tx, mt); err != nil {
		return true, err
	}
	return true, r.audit("meeting", fmt.Sprintf("%s: %d invited", r.b.meetingDetail(mt), mt.Invited), false)
}
