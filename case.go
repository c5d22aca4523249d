package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A case is a duty with a subject, an assignee, a due date, reminders,
// escalation and a log: a conversation that is due (谈心谈话) when
// something happens in a member's life. The engine is general so that
// standing contacts and care visits can later be cases of other kinds.

// CaseKind is what made a case due.
type CaseKind string

// The kinds of conversation-due case, the "five must-talks" (五个必谈).
const (
	CaseWeddingFuneral CaseKind = "wedding_funeral" // 婚丧嫁娶
	CaseFamily         CaseKind = "family"          // 家庭变故
	CaseHospital       CaseKind = "hospital"        // 生病住院
	CaseCommendation   CaseKind = "commendation"    // 评优表彰
	CaseDiscipline     CaseKind = "discipline"      // 批评处分
)

// CaseKinds lists the kinds of case in the order menus show them.
var CaseKinds = []CaseKind{CaseWeddingFuneral, CaseFamily, CaseHospital, CaseCommendation, CaseDiscipline}

// caseKindZH are the Chinese names of the kinds.
var caseKindZH = map[CaseKind]string{
	CaseWeddingFuneral: "婚丧嫁娶",
	CaseFamily:         "家庭变故",
	CaseHospital:       "生病住院",
	CaseCommendation:   "评优表彰",
	CaseDiscipline:     "批评处分",
	CaseContact:        "五联走访",
}

// ErrUnknownCaseKind means a kind ParseCaseKind does not know.
var ErrUnknownCaseKind = errors.New("unknown kind of case")

// ParseCaseKind reads a kind by its English or Chinese name.
func ParseCaseKind(s string) (CaseKind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range CaseKinds {
		if s == string(k) || s == caseKindZH[k] {
			return k, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownCaseKind, s)
}

// ZH is the kind's Chinese name.
func (k CaseKind) ZH() string { return caseKindZH[k] }

// CaseState is where a case is in its life.
type CaseState string

// The states of a case.
const (
	// CaseDraft is opened by /event and shown for confirmation.
	CaseDraft CaseState = "draft"
	// CaseOpen is confirmed: the talker is told and reminded.
	CaseOpen CaseState = "open"
	// CaseDone has its talk logged.
	CaseDone CaseState = "done"
	// CaseCancelled was dropped: a draft not confirmed, or an open case
	// the secretary cancelled with a reason.
	CaseCancelled CaseState = "cancelled"
)

// TalkMode is how a talk was held.
type TalkMode string

// The modes of a talk.
const (
	ModeInPerson TalkMode = "in_person" // 面谈
	ModePhone    TalkMode = "phone"     // 电话
	ModeVisit    TalkMode = "visit"     // 走访
)

// TalkModes lists the modes in the order buttons show them.
var TalkModes = []TalkMode{ModeInPerson, ModePhone, ModeVisit}

// ParseTalkMode reads a mode by its English or Chinese name.
func ParseTalkMode(s string) (TalkMode, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "in_person", "面谈":
		return ModeInPerson, true
	case "phone", "电话":
		return ModePhone, true
	case "visit", "走访":
		return ModeVisit, true
	}
	return "", false
}

// CaseLogKind is what a log entry of a case records.
type CaseLogKind string

// The kinds of log entry.
const (
	LogTalk     CaseLogKind = "talk"     // the talk was held
	LogReassign CaseLogKind = "reassign" // another talker took the case
	LogCancel   CaseLogKind = "cancel"   // the case was cancelled
)

// CaseLog is one entry of a case's log.
type CaseLog struct {
	Kind CaseLogKind `json:"kind"`
	At   time.Time   `json:"at"`   // when it was recorded
	By   int64       `json:"by"`   // member id of who recorded it
	Day  Day         `json:"day"`  // the day of the talk
	Mode TalkMode    `json:"mode"` // how the talk was held
	// Text is the summary of a talk or the reason of a change.
	Text string `json:"text,omitempty"`
	// From and To are the talkers before and after a reassignment.
	From int64 `json:"from,omitempty"`
	To   int64 `json:"to,omitempty"`
	// FollowUp is the case opened to follow this talk up, if any.
	FollowUp int64 `json:"follow_up,omitempty"`
}

// Case is one conversation that is due with a member.
type Case struct {
	ID       int64     `json:"id"`
	Kind     CaseKind  `json:"kind"`
	State    CaseState `json:"state"`
	Subject  int64     `json:"subject"` // member id of the member concerned
	Note     string    `json:"note,omitempty"`
	Assignee int64     `json:"assignee"` // member id of the talker
	OpenedBy int64     `json:"opened_by"`
	OpenedAt time.Time `json:"opened_at"`
	// Due is the last day the talk is due on.
	Due Day `json:"due"`
	// FollowUpOf is the case whose talk asked for this one.
	FollowUpOf int64 `json:"follow_up_of,omitempty"`
	// RemindedOn is the last day the talker was reminded.
	RemindedOn Day `json:"reminded_on,omitempty"`
	// EscalatedAt is when the secretaries were first told it is overdue.
	EscalatedAt time.Time `json:"escalated,omitzero"`
	// ClosedAt is when it was done or cancelled.
	ClosedAt time.Time `json:"closed,omitzero"`
	Log      []CaseLog `json:"log,omitempty"`
	// Contact is the standing contact a visit is due to, for a case of
	// kind CaseContact, which is about no member (Subject 0).
	Contact *ContactRef `json:"contact,omitempty"`
	// RemindFrom, if set, is the first day the talker is reminded on.
	RemindFrom Day `json:"remind_from,omitempty"`
}

// Open reports whether the case still waits for its talk.
func (c *Case) Open() bool { return c.State == CaseOpen }
