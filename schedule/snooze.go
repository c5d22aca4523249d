package schedule

import "github.com/branchbot/branchbot"

// buttonsOff queues, after the prompt that comes again as the repeat-th of
// the day, the edit that takes the buttons off the prompt before it: the
// member then has one set of buttons for the day, on the latest prompt,
// and the earlier one keeps its text (the first keeps the reading the
// short prompt after a snooze replies to). Telegram is asked to change
// the keyboard only; a prompt never delivered is left alone.
func (t *tick) buttonsOff(p *branchbot.StudyPlan, repeat int) {
	o := branchbot.Outgoing{
		Key:          branchbot.PromptButtonsOffKey(t.day, p.MemberID, repeat),
		ChatID:       p.ChatID,
		MemberID:     p.MemberID,
		EditKey:      branchbot.PromptKey(t.day, p.MemberID, repeat-1),
		KeyboardOnly: true,
		CreatedAt:    t.now,
	}
	t.queue = append(t.queue, queued{o: o, kind: kindEdit})
}
