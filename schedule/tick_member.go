package schedule

// What a Tick does for one member: the day's prompt, a re-prompt after a
// snooze, the evening nudge, a day missed by the bot, and queueing them.

import (
	"slices"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// due queues what is due today for the member of p.
func (t *tick) due(p *branchbot.StudyPlan) error {
	if t.day < p.JoinedDay || p.PausedOn(t.day) || p.DoneDay == t.day {
		return nil
	}
	sl := t.slotOf(p)
	if sl == nil {
		return nil
	}
	rec, err := t.record(p)
	if err != nil {
		return err
	}
	if rec.Status != branchbot.DayDue {
		return nil // the member studied, skipped or paused, or the bot missed the day
	}
	if !rec.Prompted {
		return t.prompt(p, sl, rec)
	}
	if rec.Prompts >= 1 && int(rec.Prompts) <= branchbot.MaxSnoozes && rec.Snoozes >= rec.Prompts {
		return t.reprompt(p, sl, rec)
	}
	return t.nudge(p, sl, rec)
}

// prompt queues the day's first prompt once the member's time has come.
func (t *tick) prompt(p *branchbot.StudyPlan, sl *slot, rec *branchbot.StudyDay) error {
	switch {
	case t.now.Before(sl.at):
		return nil
	case !t.now.Before(sl.cutoff):
		if rec.MissByBot() {
			t.botMissed(t.day)
		}
		return nil
	case t.quiet:
		return nil
	}
	if t.dry {
		return errWouldWrite
	}
	if t.s.beforePrompt != nil {
		t.s.beforePrompt(p)
	}
	index := int(p.Section) % len(t.s.rules.Handbook.Sections)
	late := t.now.Sub(sl.at) > LateAfter
	k := kindPrompt
	if late {
		k = kindLatePrompt
	}
	t.enqueue(p, branchbot.PromptKey(t.day, p.MemberID, 0), branchbot.PromptLive(t.day, index, late, 0), k)
	rec.Prompted, rec.Late, rec.Prompts, rec.Section = true, late, 1, uint16(index+1)
	t.standIn(p, sl.nudge)
	return nil
}

// reprompt queues the prompt again when the member's snooze has run out.
func (t *tick) reprompt(p *branchbot.StudyPlan, sl *slot, rec *branchbot.StudyDay) error {
	if int(rec.At) >= 24*60 || t.quiet || !t.now.Before(sl.cutoff) {
		return nil
	}
	at := At(t.y, t.m, t.d, branchbot.ClockFromMinutes(int(rec.At)), t.s.loc)
	if t.now.Before(at) {
		return nil
	}
	if t.dry {
		return errWouldWrite
	}
	repeat := int(rec.Prompts)
	live := branchbot.PromptLive(t.day, t.section(p, rec), t.now.Sub(at) > LateAfter, repeat)
	t.enqueue(p, branchbot.PromptKey(t.day, p.MemberID, repeat), live, kindReprompt)
	t.buttonsOff(p, repeat) // snooze.go
	rec.Prompts++
	t.standIn(p, t.nudgeAfter(at))
	return nil
}

// nudge queues the evening nudge, at the first firing of the Nudge spec
// after the member's last prompt was due.
func (t *tick) nudge(p *branchbot.StudyPlan, sl *slot, rec *branchbot.StudyDay) error {
	if p.NudgedDay == t.day || t.quiet || t.s.nudge == nil {
		return nil
	}
	when := sl.nudge
	if rec.Prompts > 1 && int(rec.At) < 24*60 {
		when = t.nudgeAfter(At(t.y, t.m, t.d, branchbot.ClockFromMinutes(int(rec.At)), t.s.loc))
	}
	if when.IsZero() || t.now.Before(when) {
		return nil
	}
	if t.dry {
		return errWouldWrite
	}
	t.enqueue(p, branchbot.NudgeKey(t.day, p.MemberID), branchbot.NudgeLive(t.day, t.section(p, rec)), kindNudge)
	rec.Nudged = true
	p.NudgedDay = t.day
	return nil
}

// botMissed counts a day of the current plan recorded as missed by the
// bot.
func (t *tick) botMissed(d branchbot.Day) {
	t.res.BotMissed++
	t.planMissed = true
	m := &t.missed
	if m.Days == 0 || d < m.First {
		m.First = d
	}
	m.Last = max(m.Last, d)
	m.Days++
}

// standIn lets a prompt that goes out at or after the time of the nudge
// that would follow it take the nudge's place: it is the reminder, and a
// nudge a minute later would only repeat it.
func (t *tick) standIn(p *branchbot.StudyPlan, nudge time.Time) {
	if !nudge.IsZero() && !t.now.Before(nudge) {
		p.NudgedDay = t.day
	}
}

// section returns the index of the section prompted today.
func (t *tick) section(p *branchbot.StudyPlan, rec *branchbot.StudyDay) int {
	n := len(t.s.rules.Handbook.Sections)
	if rec.Section > 0 {
		return (int(rec.Section) - 1) % n
	}
	return int(p.Section) % n
}

// enqueue keeps the study message named live, under its idempotency key,
// to be queued at the end of the pass. Only the name is queued: the sender
// renders the text and buttons when the message goes out (bot/live.go), so
// a morning's fan-out writes a few dozen bytes per member.
func (t *tick) enqueue(p *branchbot.StudyPlan, key, live string, k kind) {
	o := branchbot.Outgoing{
		Key:       key,
		ChatID:    p.ChatID,
		MemberID:  p.MemberID,
		Live:      live,
		CreatedAt: t.now,
		// NotBefore stays zero: it is on the sender's clock, which paces
		// Telegram's limits in real time; due now means send now.
	}
	t.queue = append(t.queue, queued{o: o, kind: k})
}

// flush queues the messages the part decided, in the order of their keys,
// and counts those not queued before. The order is for bbolt: the keys
// (member ids zero-padded) of a part all sort after those of the parts
// before it, into the last leaf, and in key order each is appended to it
// rather than inserted between those already there.
func (t *tick) flush() error {
	order := make([]*queued, len(t.queue))
	for i := range t.queue {
		order[i] = &t.queue[i]
	}
	slices.SortFunc(order, func(a, b *queued) int { return strings.Compare(a.o.Key, b.o.Key) })
	for _, q := range order {
		ok, err := t.tx.Enqueue(&q.o)
		if err != nil {
			return err
		}
		if !ok {
			continue // queued before this Tick: a plan was behind the outbox
		}
		switch q.kind {
		case kindPrompt:
			t.res.Prompts++
		case kindLatePrompt:
			t.res.LatePrompts++
			t.res.Prompts++
		case kindReprompt:
			t.res.Reprompts++
		case kindNudge:
			t.res.Nudges++
		case kindEdit: // not a message of its own
		}
	}
	clear(t.queue) // let the texts go
	t.queue = t.queue[:0]
	return nil
}
