package schedule

import (
	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MissedReporter tells the branch what a Tick recorded as missed by the
// bot (DayBotMissed): the prompts that could not go out while it was down.
// Package bot implements it, telling the secretaries. It is called inside
// the Tick's store transaction, once per Tick that recorded any: it may
// queue messages and write the audit log, and must not talk to Telegram.
type MissedReporter interface {
	BotMissed(tx *store.Tx, m branchbot.MissedByBot) error
}
