package bot

// Rendering of the messages queued by their live name (Outgoing.Live),
// when the sender sends them: the scheduler's study prompts and nudges,
// and the author's status message of a broadcast.

import (
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// liveRender fills in the text (and for study messages the buttons) of o,
// queued under the live name l.
type liveRender func(b *Bot, o *branchbot.Outgoing, l branchbot.Live) error

// liveRenders is the one way from each kind of live name to what it shows.
var liveRenders = map[branchbot.LiveKind]liveRender{
	branchbot.LivePrompt:          (*Bot).renderPrompt,
	branchbot.LiveNudge:           (*Bot).renderNudge,
	branchbot.LiveBroadcastStatus: (*Bot).renderStatus,
	branchbot.LiveMeetingStatus:   (*Bot).renderMeetingStatus,
}

// renderLive renders o by its live name. A name it cannot read leaves the
// text o was queued with, if any: a study message has none, and fails.
func (b *Bot) renderLive(o *branchbot.Outgoing) error {
	l, err := branchbot.ParseLive(o.Live)
	render := liveRenders[l.Kind]
	if err != nil || render == nil {
		if o.Text != "" {
			return nil
		}
		return fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	return render(b, o, l)
}

// renderPrompt renders a study prompt the scheduler queued.
func (b *Bot) renderPrompt(o *branchbot.Outgoing, l branchbot.Live) error {
	p, sec, err := b.studyOf(o, l)
	if err != nil {
		return err
	}
	now := b.now().In(b.opts.Location)
	setRendered(o, b.Renderer().PromptAt(p, l.Day, sec, l.Section, l.Late, l.Repeat, now.Hour()*60+now.Minute()))
	if l.Repeat > 0 && o.ReplyKey == "" {
		// The reading is in the day's first prompt: the short one that
		// comes again after ⏰ replies to it (bot/snooze.go).
		o.ReplyKey = branchbot.PromptKey(l.Day, o.MemberID, 0)
	}
	return nil
}

// renderNudge renders an evening nudge the scheduler queued.
func (b *Bot) renderNudge(o *branchbot.Outgoing, l branchbot.Live) error {
	p, sec, err := b.studyOf(o, l)
	if err != nil {
		return err
	}
	setRendered(o, b.Renderer().Nudge(p, l.Day, sec, l.Section))
	return nil
}

// renderStatus renders the author's status message of a broadcast. If the
// broadcast cannot be read, the message keeps the text it was queued with.
func (b *Bot) renderStatus(o *branchbot.Outgoing, l branchbot.Live) error {
	_ = b.db.View(func(tx *store.Tx) error {
		bc, err := tx.Broadcast(l.Broadcast)
		if err != nil {
			return err
		}
		o.Text = b.statusText(tx, bc)
		return nil
	})
	return nil
}

func setRendered(o *branchbot.Outgoing, full branchbot.Outgoing) {
	o.Text, o.ParseMode, o.Keyboard, o.Entities = full.Text, full.ParseMode, full.Keyboard, full.Entities
}

// studyOf returns the member's plan and the section a study message
// names. A message whose day is over is a *staleError (see
// branchbot.Live.Stale); one that can no longer be shown, because the
// member or daily study is gone, wraps errUnrenderable.
func (b *Bot) studyOf(o *branchbot.Outgoing, l branchbot.Live) (*branchbot.StudyPlan, *branchbot.Section, error) {
	if l.Stale(branchbot.DayOf(b.now(), b.opts.Location)) {
		return nil, nil, &staleError{day: l.Day, prompt: l.Kind == branchbot.LivePrompt}
	}
	rules := b.opts.Study
	if rules == nil || rules.Handbook == nil || len(rules.Handbook.Sections) == 0 {
		return nil, nil, fmt.Errorf("%w: daily study is off", errUnrenderable)
	}
	var p *branchbot.StudyPlan
	if err := b.db.View(func(tx *store.Tx) error {
		var err error
		p, err = tx.StudyPlan(o.MemberID)
		return err
	}); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errUnrenderable, err)
	}
	secs := rules.Handbook.Sections
	index := ((l.Section % len(secs)) + len(secs)) % len(secs) // the handbook may have shrunk
	return p, &secs[index], nil
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

// dropStale discards a study message whose day is over. For a prompt that
// never went out, the day is recorded as missed by the bot unless the
// member did something with it (branchbot.StudyDay.MissByBot), and the
// secretaries are told once a day.
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
	if !rec.MissByBot() {
		return nil
	}
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
