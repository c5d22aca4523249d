package branchbot

// What counts as missed by the bot. A study day whose prompt could not
// reach the member is recorded as DayBotMissed and counts against nobody.
// The scheduler finds such days before it queues (the cutoff came first,
// or the bot was down all day); the sender finds them after (a queued
// study message whose day ended before it could go out). Both decide by
// the two rules here.

// Stale reports whether a study message named l, still queued on today,
// must not go out: its day is over. A prompt of a day that is over cannot
// be marked done, and a nudge for it would only confuse. Other live names
// are never stale.
func (l Live) Stale(today Day) bool {
	return (l.Kind == LivePrompt || l.Kind == LiveNudge) && l.Day < today
}

// MissByBot records on sd that the day's prompt could not reach the
// member. Only a day still due changes, to DayBotMissed; a day the member
// studied, skipped or paused keeps its status. It reports whether sd
// changed.
func (sd *StudyDay) MissByBot() bool {
	if sd.Status != DayDue {
		return false
	}
	sd.Status = DayBotMissed
	return true
}
