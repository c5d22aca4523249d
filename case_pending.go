package branchbot

// TalkStep is the question the bot asked a talker logging a talk, whose
// answer it waits for.
type TalkStep string

// The questions of logging a talk, in the order they are asked.
const (
	StepDate         TalkStep = "date"          // on which day (buttons or typed)
	StepMode         TalkStep = "mode"          // 面谈, 电话 or 走访 (buttons)
	StepSummary      TalkStep = "summary"       // a short summary (typed)
	StepFollowUp     TalkStep = "follow_up"     // follow-up needed? (buttons)
	StepFollowUpDate TalkStep = "follow_up_day" // by which day (typed)
)

// The questions of a secretary's change to a case from the buttons of
// /talks: the reason, typed, of a reassignment to TalkDraft.To or of a
// cancellation.
const (
	StepReassignReason TalkStep = "reassign_reason"
	StepCancelReason   TalkStep = "cancel_reason"
)

// TalkDraft is a talk being logged, question by question: what was
// answered so far and the question waiting. It is stored per talker, so
// that the questions survive a restart of the bot.
type TalkDraft struct {
	CaseID  int64    `json:"case"`
	Step    TalkStep `json:"step"`
	Day     Day      `json:"day,omitempty"`
	Mode    TalkMode `json:"mode,omitempty"`
	Summary string   `json:"summary,omitempty"`
	// To is the talker a case is being reassigned to.
	To int64 `json:"to,omitempty"`
}
