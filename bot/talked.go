package bot

// /talked CASE (or ✅ on a case's notice or reminder) logs a talk
// question by question: the day, the mode, a short summary, and whether
// it needs a follow-up (by a day, which opens a follow-up case). The
// question waiting is stored per talker (store.TalkDraft), so it
// survives a restart.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// talked handles /talked CASE.
func (r *request) talked(args []string) error {
	if len(args) != 1 {
		return r.say("talked.usage")
	}
	c, ok, err := r.readableCase(args[0], "/talked")
	if !ok {
		return err
	}
	return r.startTalk(c)
}

func (r *request) startTalk(c *branchbot.Case) error {
	if !c.Open() {
		return r.say("case.closed", c.ID)
	}
	if err := r.tx.PutTalkDraft(r.member.ID, &branchbot.TalkDraft{CaseID: c.ID, Step: branchbot.StepDate}); err != nil {
		return err
	}
	today := r.today()
	btn := func(key string, d branchbot.Day) branchbot.Button {
		return branchbot.Button{Text: T(r.lang, key), Data: r.cb("ctd", c.ID, strconv.Itoa(int(d)))}
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "talked.date", c.ID),
		Keyboard: [][]branchbot.Button{{btn("talked.today", today), btn("talked.yesterday", today-1)}}})
}

// cb is the callback data of a case button for the asker: "ID.VALUE".
func (r *request) cb(action string, id int64, value string) string {
	return branchbot.Callback{Action: action, Owner: r.member.ID, Arg: strconv.FormatInt(id, 10) + "." + value}.MustEncode()
}

// caseButton handles the buttons of logging a talk; ok is false for any
// other action.
func (r *request) caseButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "ctalk", "ctd", "ctm", "ctf":
	default:
		return r.eventButton(cq, cb, msgID)
	}
	idText, value, _ := strings.Cut(cb.Arg, ".")
	c, found, err := r.readableCaseQuiet(idText, "button "+cb.Action)
	if err != nil {
		return true, err
	}
	if !found {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	r.answer(cq, "", false)
	if cb.Action == "ctalk" {
		return true, r.startTalk(c)
	}
	d, ok, err := r.tx.TalkDraft(r.member.ID)
	if err != nil {
		return true, err
	}
	if !ok || d.CaseID != c.ID || !c.Open() {
		return true, r.editTo(msgID, T(r.lang, "button.stale"))
	}
	switch {
	case cb.Action == "ctd" && d.Step == branchbot.StepDate:
		day, err := strconv.Atoi(value)
		if err != nil {
			return true, nil
		}
		return true, r.talkDay(c, d, branchbot.Day(day))
	case cb.Action == "ctm" && d.Step == branchbot.StepMode:
		mode, ok := branchbot.ParseTalkMode(value)
		if !ok {
			return true, nil
		}
		d.Mode, d.Step = mode, branchbot.StepSummary
		if err := r.tx.PutTalkDraft(r.member.ID, d); err != nil {
			return true, err
		}
		return true, r.say("talked.summary")
	case cb.Action == "ctf" && d.Step == branchbot.StepFollowUp:
		if value == "1" {
			d.Step = branchbot.StepFollowUpDate
			if err := r.tx.PutTalkDraft(r.member.ID, d); err != nil {
				return true, err
			}
			return true, r.say("talked.followup.date")
		}
		return true, r.finishTalk(c, d, 0)
	}
	return true, nil
}

// readableCaseQuiet is readableCase for a button: no answer in the chat,
// the refusal audited.
func (r *request) readableCaseQuiet(arg, how string) (*branchbot.Case, bool, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	c, err := r.tx.Case(id)
	if err != nil || c.State == branchbot.CaseDraft {
		return nil, false, nil // a guessed number: as if not found
	}
	if !branchbot.MayReadCase(r.member, c) {
		return nil, false, r.audit("refused", fmt.Sprintf("case #%d by %s: not the talker", c.ID, how), true)
	}
	return c, true, nil
}

// talkDay takes the day of the talk and asks for the mode.
func (r *request) talkDay(c *branchbot.Case, d *branchbot.TalkDraft, day branchbot.Day) error {
	opened := branchbot.DayOf(c.OpenedAt, r.b.opts.Location)
	if day < opened || day > r.today() {
		return r.say("talked.baddate", opened)
	}
	d.Day, d.Step = day, branchbot.StepMode
	if err := r.tx.PutTalkDraft(r.member.ID, d); err != nil {
		return err
	}
	var row []branchbot.Button
	for _, m := range branchbot.TalkModes {
		row = append(row, branchbot.Button{Text: T(r.lang, "case.mode."+string(m)), Data: r.cb("ctm", c.ID, string(m))})
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "talked.mode"), Keyboard: [][]branchbot.Button{row}})
}

// talkText takes a typed answer to the question waiting, if there is
// one; handled is false when the member is logging no talk.
func (r *request) talkText(text string) (handled bool, err error) {
	d, ok, err := r.tx.TalkDraft(r.member.ID)
	if err != nil || !ok {
		return false, err
	}
	c, err := r.tx.Case(d.CaseID)
	if err != nil || !c.Open() || !branchbot.MayReadCase(r.member, c) {
		return false, r.tx.DeleteTalkDraft(r.member.ID)
	}
	text = strings.TrimSpace(text)
	if handled, err := r.caseReasonText(c, d, text); handled {
		return true, err // a reason for the buttons of /talks
	}
	switch d.Step {
	case branchbot.StepDate:
		day, ok := r.parseTalkDay(text, false)
		if !ok {
			return true, r.say("talked.baddate", branchbot.DayOf(c.OpenedAt, r.b.opts.Location))
		}
		return true, r.talkDay(c, d, day)
	case branchbot.StepSummary:
		if text == "" {
			return true, r.say("talked.summary")
		}
		d.Summary, d.Step = text, branchbot.StepFollowUp
		if err := r.tx.PutTalkDraft(r.member.ID, d); err != nil {
			return true, err
		}
		return true, r.send(&branchbot.Outgoing{Text: T(r.lang, "talked.followup"), Keyboard: [][]branchbot.Button{{
			{Text: T(r.lang, "talked.followup.no"), Data: r.cb("ctf", c.ID, "0")},
			{Text: T(r.lang, "talked.followup.yes"), Data: r.cb("ctf", c.ID, "1")},
		}}})
	case branchbot.StepFollowUpDate:
		day, ok := r.parseTalkDay(text, true)
		if !ok || day <= r.today() {
			return true, r.say("talked.followup.bad")
		}
		return true, r.finishTalk(c, d, day)
	}
	return true, r.say("talked.press")
}

// parseTalkDay reads a day typed as 2026-10-05, 10-05, today or
// yesterday; a month and day alone is this year's, or for a day ahead
// (ahead) next year's once this year's has passed.
func (r *request) parseTalkDay(s string, ahead bool) (branchbot.Day, bool) {
	today := r.today()
	switch strings.ToLower(s) {
	case "today", "今天":
		return today, true
	case "yesterday", "昨天":
		return today - 1, true
	}
	if d, err := branchbot.ParseDay(s); err == nil {
		return d, true
	}
	y, _, _ := today.Date()
	t, err := time.Parse("2006-1-2", fmt.Sprintf("%d-%s", y, s))
	if err != nil {
		return 0, false
	}
	d := branchbot.DayOf(t, time.UTC)
	if ahead && d <= today {
		d = branchbot.DayOf(t.AddDate(1, 0, 0), time.UTC)
	}
	return d, true
}

// finishTalk logs the talk and, for a follow-up by day followUp (0 for
// none), opens the follow-up case for the same talker.
func (r *request) finishTalk(c *branchbot.Case, d *branchbot.TalkDraft, followUp branchbot.Day) error {
	opened := branchbot.DayOf(c.OpenedAt, r.b.opts.Location)
	if err := c.LogTalk(r.member.ID, d.Day, opened, r.today(), d.Mode, d.Summary, r.now); err != nil {
		return err
	}
	text := T(r.lang, "talked.done", c.ID, d.Day, T(r.lang, "case.mode."+string(d.Mode)))
	if followUp != 0 {
		f := &branchbot.Case{Kind: c.Kind, State: branchbot.CaseOpen, Subject: c.Subject, Assignee: c.Assignee,
			OpenedBy: r.member.ID, OpenedAt: r.now, Due: followUp, FollowUpOf: c.ID, Contact: c.Contact,
			Note: T(branchbot.LangZH, "case.followup.note", c.ID)}
		if err := r.tx.CreateCase(f); err != nil {
			return err
		}
		c.Log[len(c.Log)-1].FollowUp = f.ID
		text += T(r.lang, "talked.done.followup", f.ID, f.Due)
		if err := r.audit("case.open", fmt.Sprintf("#%d %s about #%d, talker #%d, due %s, follow-up of #%d", f.ID, f.Kind, f.Subject, f.Assignee, f.Due, c.ID), false); err != nil {
			return err
		}
	}
	if err := r.tx.PutCase(c); err != nil {
		return err
	}
	if err := r.tx.DeleteTalkDraft(r.member.ID); err != nil {
		return err
	}
	if err := r.audit("case.done", fmt.Sprintf("#%d on %s, %s", c.ID, d.Day, d.Mode), false); err != nil {
		return err
	}
	return r.say(text)
}
