package schedule

import (
	"errors"

	"github.com/branchbot/branchbot"
)

// errPartFull stops a part of Tick's writing pass once it has changed
// tickPart plans.
var errPartFull = errors.New("part full")

// tickPart is how many members' plans a Tick changes in one store
// transaction at most. A morning's prompts for a large branch are queued a
// part at a time, so that the store's write lock is free between parts
// for what members do meanwhile (a ✅ pressed during the fan-out waits for
// one part, not the whole morning), and so that the memory a transaction
// holds until it commits stays bounded. Chosen by measurement
// (BenchmarkTickParts, BenchmarkPressesDuringFanout): smaller parts cost
// a commit each, larger ones hold the lock and the memory longer.
var tickPart = 1024

// add returns the sum of two results.
func (r TickResult) add(o TickResult) TickResult {
	return TickResult{
		Prompts: r.Prompts + o.Prompts, LatePrompts: r.LatePrompts + o.LatePrompts,
		Reprompts: r.Reprompts + o.Reprompts, Nudges: r.Nudges + o.Nudges, BotMissed: r.BotMissed + o.BotMissed,
	}
}

// addMissed sums up the days missed by the bot recorded by two parts of a
// Tick.
func addMissed(a, b branchbot.MissedByBot) branchbot.MissedByBot {
	switch {
	case b.Days == 0:
		return a
	case a.Days == 0:
		return b
	}
	a.First, a.Last = min(a.First, b.First), max(a.Last, b.Last)
	a.Days += b.Days
	a.Members += b.Members
	return a
}
