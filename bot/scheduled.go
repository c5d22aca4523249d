package bot

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// Scheduled is the Renderer a running bot gives the scheduler. Its
// messages carry only the name of what to show (Outgoing.Live): the sender
// renders the prompt or nudge when it sends it. A morning's fan-out to a
// large branch thus queues a few dozen bytes per member instead of a
// reading each, and a prompt shows the handbook as it is when it goes out.
type Scheduled struct{ b *Bot }

// Scheduled returns the bot's Renderer for the scheduler.
func (b *Bot) Scheduled() *Scheduled { return &Scheduled{b: b} }

// Prompt names the study prompt of day for the plan's member.
func (s *Scheduled) Prompt(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int, late bool, repeat int) branchbot.Outgoing {
	return branchbot.Outgoing{Live: promptLive(day, index, late, repeat)}
}

// promptLive is the name of a prompt, "study/prompt/DAY/INDEX/LATE/REPEAT",
// with the day as its number and LATE 0 or 1.
func promptLive(day branchbot.Day, index int, late bool, repeat int) string {
	b := make([]byte, 0, 32)
	b = append(b, "study/prompt/"...)
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(index), 10)
	if late {
		b = append(b, "/1/"...)
	} else {
		b = append(b, "/0/"...)
	}
	return string(strconv.AppendInt(b, int64(repeat), 10))
}

// Nudge names the evening nudge of day for the plan's member.
func (s *Scheduled) Nudge(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int) branchbot.Outgoing {
	return branchbot.Outgoing{Live: fmt.Sprintf("study/nudge/%d/%d", day, index)}
}

// BotMissed tells the secretaries what the scheduler recorded as missed by
// the bot while it was down, and writes it to the audit log.
func (s *Scheduled) BotMissed(tx *store.Tx, m branchbot.MissedByBot) error {
	span := m.First.String()
	if m.Last != m.First {
		span += " – " + m.Last.String()
	}
	detail := fmt.Sprintf("bot down: %d prompt(s) to %d member(s) recorded as missed by the bot (%s)", m.Days, m.Members, span)
	if err := tx.Audit(branchbot.AuditEntry{Action: "study", Detail: detail}); err != nil {
		return err
	}
	key := "study/botmissed/" + strconv.FormatInt(m.At.Unix(), 10)
	return tellSecretaries(tx, s.b.opts.Language, 0, key, "study.botmissed", m.Members, m.Days, span)
}

// dropStale discards a study message whose day is over. For a prompt that
// never went out, the day is recorded as missed by the bot unless the
// member did something with it, and the secretaries are told once a day.
func (b *Bot) dropStale(tx *store.Tx, o *branchbot.Outgoing, e *staleError) error {
	if err := tx.Discard(o); err != nil {
		return err
	}
	if !e.prompt {
		return nil
	}
	rec, err := tx.StudyDay(o.MemberID, e.day)
	if err != nil {
		return err
	}
	if rec.Status != branchbot.DayDue {
		return nil
	}
	rec.Status = branchbot.DayBotMissed
	if err := tx.PutStudyDay(o.MemberID, e.day, rec); err != nil {
		return err
	}
	// Once a day, not once a message: telling walks every member, and a
	// long outage can leave a whole branch's prompts stale.
	key := "study/stale/" + e.day.String()
	if first, err := tx.Mark(key); err != nil || !first {
		return err
	}
	return tellSecretaries(tx, b.opts.Language, 0, key, "study.stale", e.day.String())
}

// errUnrenderable is a queued study message that can no longer be shown:
// the member or daily study is gone. No retry will help.
var errUnrenderable = errors.New("study message can no longer be rendered")

// staleError is a study message whose day is over by the time it could go
// out: after a crash between queueing and sending, say, with the bot down
// past midnight. It is not sent; a prompt's day counts as missed by the
// bot, not by the member.
type staleError struct {
	day    branchbot.Day
	prompt bool
}

func (e *staleError) Error() string {
	return fmt.Sprintf("study message of %s, a day that is over", e.day)
}

// renderStudy fills in the text and buttons of a message Scheduled named.
func (b *Bot) renderStudy(o *branchbot.Outgoing) error {
	var kind string
	var day, index, late, repeat int
	if n, _ := fmt.Sscanf(o.Live, "study/prompt/%d/%d/%d/%d", &day, &index, &late, &repeat); n == 4 {
		kind = "prompt"
	} else if n, _ := fmt.Sscanf(o.Live, "study/nudge/%d/%d", &day, &index); n == 2 {
		kind = "nudge"
	} else {
		return fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	if d := branchbot.Day(day); d < branchbot.DayOf(b.now(), b.opts.Location) {
		return &staleError{day: d, prompt: kind == "prompt"}
	}
	rules := b.opts.Study
	if rules == nil || rules.Handbook == nil || len(rules.Handbook.Sections) == 0 {
		return fmt.Errorf("%w: daily study is off", errUnrenderable)
	}
	var p *branchbot.StudyPlan
	if err := b.db.View(func(tx *store.Tx) error {
		var err error
		p, err = tx.StudyPlan(o.MemberID)
		return err
	}); err != nil {
		return fmt.Errorf("%w: %v", errUnrenderable, err)
	}
	secs := rules.Handbook.Sections
	index = ((index % len(secs)) + len(secs)) % len(secs) // the handbook may have shrunk
	var full branchbot.Outgoing
	if kind == "prompt" {
		full = b.Prompt(p, branchbot.Day(day), &secs[index], index, late == 1, repeat)
	} else {
		full = b.Nudge(p, branchbot.Day(day), &secs[index], index)
	}
	o.Text, o.ParseMode, o.Keyboard, o.Entities = full.Text, full.ParseMode, full.Keyboard, full.Entities
	return nil
}
