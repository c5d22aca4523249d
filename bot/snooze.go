package bot

// ⏰: putting the day's prompt off. A snooze brings the prompt back only at
// a time it can be sent (branchbot.StudyRules.SnoozeUntil), so ⏰ is not
// offered when there is none left today and is refused if pressed then.
// The prompt that comes again is short, a reply to the day's first prompt
// that holds the reading, so the reading is not repeated; the scheduler
// takes the buttons off the prompt before it when it comes.

import (
	"errors"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// snoozePress handles ⏰: the prompt comes again at the time the rules
// allow, at most MaxSnoozes times a day.
func (r *request) snoozePress(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) error {
	d, err := strconv.ParseInt(cb.Arg, 10, 32)
	if err != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	day, today := branchbot.Day(d), r.today()
	rules := r.b.opts.Study
	// A press on another day's prompt needs no record to refuse.
	var p *branchbot.StudyPlan
	var rec branchbot.StudyDay
	if day == today {
		if p, err = r.studyPlan(r.member); err != nil {
			return err
		}
		if rec, err = r.tx.StudyDay(p.MemberID, day); err != nil {
			return err
		}
	}
	switch err := rules.Snooze(&rec, day, today, r.minuteNow()); {
	case errors.Is(err, branchbot.ErrPromptOver):
		r.answer(cq, T(r.lang, "snooze.stale"), true)
		return nil
	case errors.Is(err, branchbot.ErrAlreadyDone):
		r.answer(cq, T(r.lang, "done.already", dayName(r.lang, day, today)), false)
		return nil
	case errors.Is(err, branchbot.ErrSnoozeLimit):
		r.answer(cq, T(r.lang, "snooze.max"), true)
		return nil
	case errors.Is(err, branchbot.ErrSnoozeTooLate):
		r.answer(cq, T(r.lang, "snooze.toolate", clock((r.minuteNow()+rules.SnoozeLength())%(24*60))), true)
		return r.dropSnooze(p, rec, day, msgID)
	case err != nil:
		return err
	}
	if err := r.tx.PutStudyDay(p.MemberID, day, rec); err != nil {
		return err
	}
	rd := r.b.Renderer()
	idx, sec := r.daySection(p, rec)
	repeat := max(int(rec.Prompts)-1, 0)
	text, kb := rd.snoozedView(r.lang, p.MemberID, day, sec, idx, rec.Late, repeat, int(rec.At))
	chat := r.member.ChatID()
	edited := false
	if rec.Prompts > 0 {
		key := branchbot.PromptKey(day, p.MemberID, repeat)
		if dl, ok := r.tx.Delivered(key); ok && dl.ChatID == chat && dl.MessageID == msgID {
			edited = true
		}
		if err := r.send(&branchbot.Outgoing{ChatID: chat, EditKey: key, Text: text, Keyboard: kb}); err != nil {
			return err
		}
	}
	if !edited && msgID != 0 {
		// A prompt of the day other than the latest: its buttons go.
		if err := r.send(&branchbot.Outgoing{ChatID: chat, Edit: msgID, KeyboardOnly: true}); err != nil {
			return err
		}
	}
	r.answer(cq, T(r.lang, "snooze.done", clock(int(rec.At))), false)
	return nil
}

// daySection is the index and section of the day of record rec.
func (r *request) daySection(p *branchbot.StudyPlan, rec branchbot.StudyDay) (int, *branchbot.Section) {
	hb := r.hb()
	idx := p.DaySection(hb, rec)
	if idx < 0 {
		return idx, &branchbot.Section{}
	}
	return idx, &hb.Sections[idx]
}

// dropSnooze takes ⏰ off the pressed prompt when the day has no room for
// a snooze, keeping ✅ (and 📖 全文).
func (r *request) dropSnooze(p *branchbot.StudyPlan, rec branchbot.StudyDay, day branchbot.Day, msgID int) error {
	if msgID == 0 {
		return nil
	}
	idx, sec := r.daySection(p, rec)
	row := []branchbot.Button{doneButton(r.lang, p.MemberID, day)}
	if sec.Long() {
		row = append(row, fullButton(r.lang, p.MemberID, idx))
	}
	return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true, Keyboard: [][]branchbot.Button{row}})
}

// snoozedView is a prompt after ⏰: the first keeps its reading, a short
// one that came again keeps its heading, and both say when the prompt
// comes again instead of the call to act; ✅ stays so the member can
// still mark it done. A reading too long for one message was prompted in
// several, and the edit replaces only the last: it then shows the heading.
func (rd *Renderer) snoozedView(l branchbot.Lang, memberID int64, day branchbot.Day, sec *branchbot.Section, index int, late bool, repeat, at int) (string, [][]branchbot.Button) {
	head, snoozed := rd.header(l, sec, index, late), "\n\n"+T(l, "prompt.snoozed", clock(at))
	text := head + snoozed
	if repeat == 0 {
		if full := head + rd.body(l, sec) + snoozed; branchbot.UTF16Len(full) <= branchbot.MaxMessageLen {
			text = full
		}
	}
	row := []branchbot.Button{doneButton(l, memberID, day)}
	if sec.Long() {
		row = append(row, fullButton(l, memberID, index))
	}
	return text, [][]branchbot.Button{row}
}

// againText is the prompt that comes again after ⏰: the heading and the
// call to act, the reading being in the day's first prompt, which it
// replies to.
func (rd *Renderer) againText(l branchbot.Lang, sec *branchbot.Section, index int, late bool) string {
	var sb strings.Builder
	sb.WriteString(T(l, "prompt.again"))
	sb.WriteByte('\n')
	sb.WriteString(rd.header(l, sec, index, late))
	sb.WriteString("\n\n")
	sb.WriteString(T(l, "prompt.again.short"))
	return sb.String()
}
