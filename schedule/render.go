package schedule

import (
	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// Renderer writes the messages the scheduler queues. Package bot implements
// it, in the member's language; cmd wires it in. The scheduler sets ChatID,
// MemberID, Key and CreatedAt on what it returns, and clears NotBefore (a
// message that is due goes out as soon as the sender can send it), so a
// Renderer need set only the text, the parse mode and the keyboard.
//
// The scheduler calls it inside a store transaction, once per message, for
// up to every member of the branch in one Tick: it must be quick, must not
// block and must not talk to Telegram.
type Renderer interface {
	// Prompt is the study prompt of day for the member of p: sec is the
	// section to study and index its place in the handbook. late is set
	// when the prompt goes out more than LateAfter after the member's time
	// (the bot was down, or quiet hours held it back). repeat is 0 for the
	// day's first prompt and n for the n-th prompt after a snooze.
	Prompt(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int, late bool, repeat int) branchbot.Outgoing
	// Nudge is the evening reminder to a member who was prompted on day and
	// has not studied yet; sec and index are the section prompted.
	Nudge(p *branchbot.StudyPlan, day branchbot.Day, sec *branchbot.Section, index int) branchbot.Outgoing
}

// MissedReporter tells the branch what a Tick recorded as missed by the
// bot (DayBotMissed): the prompts that could not go out while it was down.
// Package bot implements it, telling the secretaries. It is called inside
// the Tick's store transaction, once per Tick that recorded any: it may
// queue messages and write the audit log, and must not talk to Telegram.
type MissedReporter interface {
	BotMissed(tx *store.Tx, m branchbot.MissedByBot) error
}
