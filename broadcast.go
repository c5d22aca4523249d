package branchbot

import "time"

// BroadcastKind is what a broadcast is for.
type BroadcastKind string

// The kinds of broadcast.
const (
	// BroadcastNotice is an ordinary notice (支部通知).
	BroadcastNotice BroadcastKind = "notice"
	// BroadcastDirective passes on the month's directives (指示精神传达);
	// its acknowledgement counts in the member's study record.
	BroadcastDirective BroadcastKind = "directive"
)

// BroadcastState is where a broadcast is in its life.
type BroadcastState string

// The states of a broadcast.
const (
	// BroadcastDraft is composed and previewed, waiting for the
	// secretary's confirmation.
	BroadcastDraft BroadcastState = "draft"
	// BroadcastScheduled is confirmed to go out at SendAt; the scheduler
	// sends it then.
	BroadcastScheduled BroadcastState = "scheduled"
	// BroadcastSending is confirmed: its messages are in the outbox.
	BroadcastSending BroadcastState = "sending"
	// BroadcastSent has every recipient's delivery settled (sent, failed
	// or unreachable).
	BroadcastSent BroadcastState = "sent"
	// BroadcastCancelled was a draft the secretary dropped.
	BroadcastCancelled BroadcastState = "cancelled"
)

// The audiences a broadcast can go to.
const (
	AudienceAll       = "all"       // every member
	AudienceCommittee = "committee" // the branch committee: secretaries and committee members
	AudienceGroup     = "group"     // one party group (Broadcast.Group)
)

// MaxCaption is Telegram's limit on the caption of a photo or document, in
// characters.
const MaxCaption = 1024

// Broadcast is a notice the secretary sends to many members at once, with
// the counts of how its delivery went. The per-member state is in
// Recipient records.
type Broadcast struct {
	ID       int64          `json:"id"`
	Kind     BroadcastKind  `json:"kind"`
	State    BroadcastState `json:"state"`
	AuthorID int64          `json:"author"`
	// AuthorChat is the chat of the author's status message.
	AuthorChat int64  `json:"author_chat"`
	Audience   string `json:"audience"`
	Group      string `json:"group,omitempty"`
	// Text is the notice as the secretary wrote it (the caption, for a
	// photo or document), with its formatting as Entities.
	Text     string   `json:"text"`
	Entities []Entity `json:"entities,omitempty"`
	// Photo or Document is the Telegram file id of the attached file.
	Photo    string `json:"photo,omitempty"`
	Document string `json:"document,omitempty"`
	// Ack asks every recipient to acknowledge with the 已阅 button.
	Ack bool `json:"ack"`
	// GroupChat also posts the notice in the branch's group chat.
	GroupChat bool `json:"group_chat,omitempty"`

	CreatedAt time.Time `json:"created"`
	// SendAt, if set, is when the secretary wants it sent.
	SendAt time.Time `json:"send_at,omitzero"`
	// Silent sends it at SendAt even in quiet hours, without a sound
	// (disable_notification); otherwise a SendAt in quiet hours waits
	// until they end.
	Silent bool `json:"silent,omitempty"`
	// SentAt is when its copies went into the outbox.
	SentAt time.Time `json:"sent,omitzero"`

	// Counts of the recipients: Total of them, and those whose delivery
	// is settled one way or another; Acked of those Sent.
	Total       int `json:"total"`
	Sent        int `json:"n_sent,omitempty"`
	Failed      int `json:"n_failed,omitempty"`
	Unreachable int `json:"n_unreach,omitempty"`
	Acked       int `json:"n_acked,omitempty"`

	// RemindedAt is when the reminders to those silent were queued;
	// ReportedAt when the author got the list of those still silent.
	RemindedAt time.Time `json:"reminded,omitzero"`
	ReportedAt time.Time `json:"reported,omitzero"`
	// StatusMsg is the author's status message (the preview, once
	// confirmed), which shows the progress of the delivery.
	StatusMsg int `json:"status_msg,omitempty"`
}

// Settled is how many recipients' delivery is decided.
func (b *Broadcast) Settled() int { return b.Sent + b.Failed + b.Unreachable }

// Open reports whether the broadcast still has work to do: sending at its
// time, delivery, reminders or the report.
func (b *Broadcast) Open() bool {
	switch b.State {
	case BroadcastScheduled:
		return true
	case BroadcastSending, BroadcastSent:
		return b.ReportedAt.IsZero()
	}
	return false
}

// Includes reports whether m is in the broadcast's audience.
func (b *Broadcast) Includes(m *Member) bool {
	switch b.Audience {
	case AudienceAll:
		return true
	case AudienceCommittee:
		return m.Is(RoleCommittee)
	case AudienceGroup:
		return m.Group == b.Group
	}
	return false
}

// RecipientState is where one member's copy of a broadcast is.
type RecipientState string

// The states of a recipient.
const (
	RecipientQueued      RecipientState = "queued"
	RecipientSent        RecipientState = "sent"
	RecipientFailed      RecipientState = "failed"      // Telegram refused it, or it kept failing
	RecipientUnreachable RecipientState = "unreachable" // not joined, or blocked the bot
)

// Recipient is one member's copy of a broadcast.
type Recipient struct {
	BroadcastID int64          `json:"b"`
	MemberID    int64          `json:"m"`
	State       RecipientState `json:"state"`
	Why         string         `json:"why,omitempty"` // why it failed or is unreachable
	SentAt      time.Time      `json:"sent,omitzero"`
	AckedAt     time.Time      `json:"acked,omitzero"`
	RemindedAt  time.Time      `json:"reminded,omitzero"`
}
