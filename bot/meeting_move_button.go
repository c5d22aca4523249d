package bot

// The 改时间/地点 button of the organiser's status message: it answers
// with the /meeting move command of the meeting as it stands, in a code
// span the organiser taps to copy, changes and sends. A move needs a new
// date and time typed anyway, so a guided flow would ask for exactly that.

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// meetingMoveTexts are the sentences of the move button.
var meetingMoveTexts = map[string][2]string{
	"mt.btn.move": {"改时间/地点", "Change time or place"},
	"mt.move.hint": {
		"改时间或地点：点一下下面的命令即可复制，改好日期、时间或地点后发给我。所有参会党员都会收到改期通知。",
		"To change the time or place, tap the command below to copy it, change the date, time or place, and send it to me. Everyone invited is told of the change.",
	},
}

// moveCommand is the /meeting move command that keeps meeting mt as it
// is: the organiser edits what changes.
func (b *Bot) moveCommand(mt *branchbot.Meeting) string {
	s := mt.Start.In(b.opts.Location)
	cmd := fmt.Sprintf("/meeting move %d %s %s", mt.ID, s.Format("2006-01-02"), s.Format("15:04"))
	if mt.Place != "" {
		cmd += " @ " + mt.Place
	}
	return cmd
}

// movePress answers the 改时间/地点 button (mtmv) of meeting mt, which the
// presser may organise.
func (r *request) movePress(cq *models.CallbackQuery, mt *branchbot.Meeting) error {
	switch {
	case mt.State == branchbot.MeetingCancelled:
		r.answer(cq, T(r.lang, "mt.is.cancelled", mt.ID), true)
		return nil
	case mt.State != branchbot.MeetingScheduled:
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	case !r.now.Before(mt.Start):
		r.answer(cq, T(r.lang, "mt.is.started", mt.ID), true)
		return nil
	}
	r.answer(cq, "", false)
	head := T(r.lang, "mt.move.hint") + "\n\n"
	cmd := r.b.moveCommand(mt)
	return r.send(&branchbot.Outgoing{Text: head + cmd, Entities: []branchbot.Entity{
		{Type: "code", Offset: branchbot.UTF16Len(head), Length: branchbot.UTF16Len(cmd)},
	}})
}
