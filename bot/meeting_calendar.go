package bot

// 📅 on a meeting's notice: the meeting as an .ics file. The file is made
// when the message goes out (the meeting as it is then) and uploaded as
// a document; the outbox keeps only its live name, "mtcal/ID/LANG".

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/ical"
	"github.com/branchbot/branchbot/store"
)

// calendarLive is the prefix of the live name of a meeting's .ics file.
const calendarLive = "mtcal/"

// calendarPress handles 📅: the .ics file of the meeting, to the member.
func (r *request) calendarPress(cq *models.CallbackQuery, mt *branchbot.Meeting) error {
	if mt.State != branchbot.MeetingScheduled {
		r.answer(cq, T(r.lang, "mt.is.cancelled", mt.ID), true)
		return nil
	}
	r.answer(cq, "", false)
	return r.send(&branchbot.Outgoing{
		Text:     T(r.lang, "cal.caption", mt.ID, mt.Title),
		Document: fmt.Sprintf("meeting-%d.ics", mt.ID),
		Live:     calendarLive + strconv.FormatInt(mt.ID, 10) + "/" + string(r.lang),
	})
}

// MeetingCalendar is the .ics file of meetings ms in language l, for the
// bot's 📅 and for branchbot calendar.
func (b *Bot) MeetingCalendar(ms []*branchbot.Meeting, l branchbot.Lang) ([]byte, error) {
	c := ical.Calendar{Branch: b.opts.BranchName, Kinds: b.meetingKinds(), Location: b.opts.Location, Lang: l, Now: b.now()}
	return c.Bytes(ms)
}

// sendCalendar uploads the .ics file a message queued under a calendar
// live name names; done is false for any other message.
func (s *sender) sendCalendar(ctx context.Context, o *branchbot.Outgoing) (id int, done bool, err error) {
	rest, ok := strings.CutPrefix(o.Live, calendarLive)
	if !ok {
		return 0, false, nil
	}
	idW, lang, _ := strings.Cut(rest, "/")
	mid, perr := strconv.ParseInt(idW, 10, 64)
	if perr != nil {
		return 0, true, fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	var mt *branchbot.Meeting
	err = s.b.db.View(func(tx *store.Tx) error {
		mt, err = tx.Meeting(mid)
		return err
	})
	if err != nil {
		return 0, true, fmt.Errorf("%w: %q: %v", errUnrenderable, o.Live, err)
	}
	data, err := s.b.MeetingCalendar([]*branchbot.Meeting{mt}, branchbot.Lang(lang))
	if err != nil {
		return 0, true, err
	}
	msg, err := s.b.api.SendDocument(ctx, &tg.SendDocumentParams{
		ChatID:   o.ChatID,
		Document: &models.InputFileUpload{Filename: o.Document, Data: bytes.NewReader(data)},
		Caption:  o.Text,
	})
	if err != nil {
		return 0, true, err
	}
	return msg.ID, true, nil
}
