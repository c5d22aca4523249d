package branchbot

// Who reads what of the branch's ledger (台账), and what a study day
// counts as there. The ledger is the records an inspection reads: a
// group leader keeps their group's study and meetings; the talk records,
// the notices with who read them and the audit log are the secretaries'.

// SeesMeeting reports whether meeting mt is in the member's reports and
// ledger: every meeting for the committee and secretaries, the meetings
// of their own group for a group leader.
func (m *Member) SeesMeeting(mt *Meeting) bool {
	return m.SeesBranch() || (mt.Audience == AudienceGroup && mt.Group == m.Group)
}

// KeepsRecords reports whether the member reads the records kept by the
// secretaries alone: talk records (谈心谈话记录), the notices with each
// member's delivery and reading, the quiz scores (考学成绩) and the audit
// log.
func (m *Member) KeepsRecords() bool { return m.Is(RoleSecretary) }

// StudyMark is what one day of a member's study counts as in the ledger.
type StudyMark uint8

// The marks of a study day.
const (
	MarkNone      StudyMark = iota // not a day of the member's (before they joined, or still to come)
	MarkDone                       // studied
	MarkLate                       // studied, only after the evening reminder (催学)
	MarkMissed                     // due and not studied
	MarkBotMissed                  // the bot was down and could not prompt: counts against nobody
	MarkLeave                      // on leave (请假)
	MarkRest                       // a rest day or weekend: not due
	MarkSkip                       // a skip day from the monthly budget
	MarkPending                    // today, not studied yet
)

// Mark is what day sd counts as in the ledger, given its status as
// resolved by StreakRules.Resolve (rest days and skip days settled) and
// whether it is today.
func (sd StudyDay) Mark(resolved DayStatus, today bool) StudyMark {
	switch resolved {
	case DayDone:
		if sd.Nudged {
			return MarkLate
		}
		return MarkDone
	case DayPaused:
		return MarkLeave
	case DayBotMissed:
		return MarkBotMissed
	case DayRest:
		return MarkRest
	case DaySkip:
		return MarkSkip
	}
	if today {
		return MarkPending
	}
	return MarkMissed
}

// Due reports whether a day of mark k was due: studied, missed or
// forgiven from the month's skip budget, as /report study counts them.
// Leave, rest days and the bot's misses are not.
func (k StudyMark) Due() bool {
	return k == MarkDone || k == MarkLate || k == MarkMissed || k == MarkSkip
}
