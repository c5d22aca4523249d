package branchbot

import (
	"strings"
	"time"
)

// MeetingKind is what a meeting is in the branch's rhythm (三会一课 and the
// themed day). The kinds are configurable; these are the defaults.
type MeetingKind string

// The default kinds of meeting.
const (
	MeetingThemedDay MeetingKind = "themed_day" // 主题党日: one theme a month
	MeetingLesson    MeetingKind = "lesson"     // 党课
	MeetingCommittee MeetingKind = "committee"  // 支委会
	MeetingGroup     MeetingKind = "group"      // 党小组会
	MeetingAssembly  MeetingKind = "assembly"   // 党员大会
	MeetingPrep      MeetingKind = "prep"       // 教育准备会: the month's theme and lesson prepared
	MeetingCase      MeetingKind = "case_study" // 一事一议研学: at most 20 minutes, in groups
)

// DefaultMeetingReminders are the lead times of a kind's reminders when it
// names none: a day and two hours before the start.
var DefaultMeetingReminders = []time.Duration{24 * time.Hour, 2 * time.Hour}

// MeetingKindSpec is one kind of meeting with its names and defaults.
type MeetingKindSpec struct {
	Kind   MeetingKind
	NameZH string
	NameEN string
	// Audience is who a meeting of this kind is for unless the secretary
	// says otherwise: AudienceAll, AudienceCommittee or AudienceGroup
	// (the scheduler's own group).
	Audience string
	Length   time.Duration
	// Reminders are the lead times of the reminders, longest first.
	Reminders []time.Duration
}

// Name is the kind's name in language l.
func (k MeetingKindSpec) Name(l Lang) string {
	if l == LangEN {
		return k.NameEN
	}
	return k.NameZH
}

// DefaultMeetingKinds are the kinds of meeting of a branch whose config
// names none.
func DefaultMeetingKinds() []MeetingKindSpec {
	r := DefaultMeetingReminders
	return []MeetingKindSpec{
		{MeetingThemedDay, "主题党日", "themed branch day", AudienceAll, 2 * time.Hour, r},
		{MeetingLesson, "党课", "party lesson", AudienceAll, 90 * time.Minute, r},
		{MeetingCommittee, "支委会", "committee meeting", AudienceCommittee, time.Hour, r},
		{MeetingGroup, "党小组会", "group meeting", AudienceGroup, time.Hour, r},
		{MeetingAssembly, "党员大会", "member assembly", AudienceAll, 2 * time.Hour, r},
		{MeetingPrep, "教育准备会", "education preparation meeting", AudienceCommittee, time.Hour, r},
		{MeetingCase, "一事一议研学", "case study", AudienceGroup, 20 * time.Minute, r},
	}
}

// MeetingKinds are the kinds a branch knows, the first being the default.
type MeetingKinds []MeetingKindSpec

// Lookup finds a kind by its id or by either of its names. Case does not
// matter, nor do hyphens, underscores and spaces: "committee meeting",
// "Committee-Meeting" and "committee_meeting" are the same name.
func (ks MeetingKinds) Lookup(word string) (MeetingKindSpec, bool) {
	w := KindKey(word)
	if w == "" {
		return MeetingKindSpec{}, false
	}
	for _, k := range ks {
		if w == KindKey(string(k.Kind)) || w == KindKey(k.NameZH) || w == KindKey(k.NameEN) {
			return k, true
		}
	}
	return MeetingKindSpec{}, false
}

// MaxWords is how many words the longest id or name of a kind has, once
// hyphens and underscores count as spaces: how far a parser reads ahead
// for a kind's name.
func (ks MeetingKinds) MaxWords() int {
	n := 1
	for _, k := range ks {
		for _, s := range []string{string(k.Kind), k.NameZH, k.NameEN} {
			n = max(n, len(strings.Fields(KindKey(s))))
		}
	}
	return n
}

// KindKey is a kind's id or name as Lookup compares it: lower case, with
// hyphens and underscores as spaces and runs of spaces as one. Lookup
// takes the first kind with the key, so no two kinds may share one.
func KindKey(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Get returns the kind with id kind; a kind no longer configured gets its
// id as its names and the default lead times.
func (ks MeetingKinds) Get(kind MeetingKind) MeetingKindSpec {
	for _, k := range ks {
		if k.Kind == kind {
			return k
		}
	}
	return MeetingKindSpec{Kind: kind, NameZH: string(kind), NameEN: string(kind), Audience: AudienceAll, Length: time.Hour, Reminders: DefaultMeetingReminders}
}

// MeetingState is where a meeting is in its life.
type MeetingState string

// The states of a meeting. A later step adds held (after sign-in).
const (
	// MeetingDraft is previewed, waiting for the organiser's confirmation.
	MeetingDraft MeetingState = "draft"
	// MeetingScheduled is confirmed: the invited were told and are
	// reminded before it starts.
	MeetingScheduled MeetingState = "scheduled"
	// MeetingCancelled was dropped as a draft or called off after.
	MeetingCancelled MeetingState = "cancelled"
)

// Meeting is one meeting of the branch. The answers of the invited are in
// RSVP records.
type Meeting struct {
	ID       int64         `json:"id"`
	Kind     MeetingKind   `json:"kind"`
	State    MeetingState  `json:"state"`
	Audience string        `json:"audience"`
	Group    string        `json:"group,omitempty"`
	Start    time.Time     `json:"start"`
	Length   time.Duration `json:"length"`
	Place    string        `json:"place,omitempty"`
	Title    string        `json:"title"`
	Agenda   string        `json:"agenda,omitempty"`
	// CreatedBy is the organiser: the secretary or group leader who
	// scheduled it, who sees its status and is told of leave.
	CreatedBy int64     `json:"by"`
	CreatedAt time.Time `json:"created"`
	// Version counts the changes of time or place, from 1 at
	// confirmation: notices and reminders name the version they tell of.
	Version int `json:"v"`
	// ArmedAt is when the current version was announced (confirmed or
	// moved): reminders that would fall before it are not sent.
	ArmedAt time.Time `json:"armed,omitzero"`
	// Leads are the lead times of the reminders, from the kind.
	Leads []time.Duration `json:"leads,omitempty"`
	// Reminded are the leads of the current version whose reminders are
	// done with (queued, skipped or missed).
	Reminded []time.Duration `json:"reminded,omitempty"`
	// Missed counts the reminders that could not go out before the start
	// because the bot was down.
	Missed int `json:"missed,omitempty"`
	// GroupChat posts the notice in the branch's group chat too.
	GroupChat bool `json:"group_chat,omitempty"`
	// AuthorChat and StatusMsg are the organiser's status message.
	AuthorChat int64 `json:"author_chat,omitempty"`
	StatusMsg  int   `json:"status_msg,omitempty"`
	// StatusKey, when StatusMsg is 0, names the status message by its
	// outbox key: it was sent, not turned from the preview.
	StatusKey string `json:"status_key,omitempty"`
	// StatusOut is the outbox id of the last edit of the status message
	// queued: a newer one replaces it while it waits.
	StatusOut    uint64 `json:"status_out,omitempty"`
	CancelReason string `json:"cancel_reason,omitempty"`
	Invited      int    `json:"invited,omitempty"` // notices queued at confirmation

	// Items are the agenda items registered for the meeting's decision
	// (committee meetings and member assemblies), with their decisions.
	Items []AgendaItem `json:"items,omitempty"`
	// Proposed are the agenda items typed while scheduling a draft (the
	// guided /meeting), registered as Items at its confirmation.
	Proposed []string `json:"proposed,omitempty"`
	// Occurrence names the occurrence of a recurring meeting the
	// scheduler created (RecurringKey); empty for one scheduled by hand.
	Occurrence string `json:"occ,omitempty"`
}

// End is when the meeting ends.
func (mt *Meeting) End() time.Time { return mt.Start.Add(mt.Length) }

// Invites reports whether member m is invited to the meeting: one of its
// audience, other than its organiser.
func (mt *Meeting) Invites(m *Member) bool {
	if m.ID == mt.CreatedBy {
		return false
	}
	switch mt.Audience {
	case AudienceAll:
		return true
	case AudienceCommittee:
		return m.Is(RoleCommittee)
	case AudienceGroup:
		return m.Group == mt.Group
	}
	return false
}

// Answer is a member's answer to a meeting's notice.
type Answer string

// The answers.
const (
	AnswerNone   Answer = ""
	AnswerAttend Answer = "attend"
	AnswerLeave  Answer = "leave" // 请假, with a reason
)

// LeaveReason is why a member asks for leave from a meeting.
type LeaveReason string

// The reasons offered as buttons; LeaveOther comes with the member's own
// words.
const (
	LeaveTrip     LeaveReason = "trip"     // 出差
	LeaveSick     LeaveReason = "sick"     // 病假
	LeavePersonal LeaveReason = "personal" // 事假
	LeaveOther    LeaveReason = "other"    // 其他: typed
)

// LeaveReasons are the reasons in the order their buttons show.
var LeaveReasons = []LeaveReason{LeaveTrip, LeaveSick, LeavePersonal, LeaveOther}

// Approval is the organiser's word on a leave, when the branch asks for
// approval.
type Approval string

// The approvals.
const (
	ApprovalNone    Approval = "" // the branch does not ask for approval
	ApprovalPending Approval = "pending"
	ApprovalGranted Approval = "granted"
	ApprovalRefused Approval = "refused"
)

// RSVP is one member's answer to a meeting.
type RSVP struct {
	MeetingID int64       `json:"mt"`
	MemberID  int64       `json:"m"`
	Answer    Answer      `json:"a,omitempty"`
	Reason    LeaveReason `json:"r,omitempty"`
	// Note is the reason in the member's words (LeaveOther).
	Note     string    `json:"note,omitempty"`
	Approval Approval  `json:"ap,omitempty"`
	At       time.Time `json:"at,omitzero"`
	// Version is the meeting's version the answer was given to.
	Version int `json:"v,omitempty"`
	// LeaveSeq numbers the member's leave requests for the meeting: each
	// Leave adds one, so a decision button names the request it was sent
	// for. Answers kept before the number existed read as 0.
	LeaveSeq int `json:"ls,omitempty"`
}
