package branchbot

import (
	"errors"
	"fmt"
	"time"
)

// DefaultAgendaDeadline is how long before a meeting's start its agenda
// closes when the branch's config says nothing (议事决策: no item unless
// registered before).
const DefaultAgendaDeadline = 48 * time.Hour

// MaxAgendaItem is the longest text of an agenda item or a decision, in
// characters.
const MaxAgendaItem = 500

// Errors of the agenda rules.
var (
	// ErrNoAgenda means the meeting takes no agenda items: it is not a
	// committee meeting or a member assembly, or it is not scheduled.
	ErrNoAgenda = errors.New("meeting takes no agenda items")
	// ErrAgendaClosed means the deadline for items has passed and the
	// member is not a secretary (不搞临时动议).
	ErrAgendaClosed = errors.New("agenda deadline has passed")
	// ErrAgendaNotYours means the member may not submit items: only the
	// committee may.
	ErrAgendaNotYours = errors.New("only committee members submit agenda items")
	// ErrNoSuchItem means an agenda item was named that the meeting has
	// not.
	ErrNoSuchItem = errors.New("no such agenda item")
	// ErrNotHeldYet means a decision was recorded before the meeting
	// started.
	ErrNotHeldYet = errors.New("meeting has not started")
)

// AgendaItem is an item registered for a meeting's decision, and what was
// decided on it.
type AgendaItem struct {
	// N numbers the items of a meeting from 1.
	N        int       `json:"n"`
	MemberID int64     `json:"m"`
	Text     string    `json:"text"`
	At       time.Time `json:"at"`
	// Late marks an item the secretary added after the deadline.
	Late      bool      `json:"late,omitempty"`
	Decision  string    `json:"decision,omitempty"`
	DecidedBy int64     `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
}

// TakesAgenda reports whether meetings of kind have registered agenda
// items: committee meetings and member assemblies.
func TakesAgenda(kind MeetingKind) bool {
	return kind == MeetingCommittee || kind == MeetingAssembly
}

// AgendaDeadline is when the meeting's agenda closes: before its start
// by before (DefaultAgendaDeadline when zero).
func (mt *Meeting) AgendaDeadline(before time.Duration) time.Time {
	if before <= 0 {
		before = DefaultAgendaDeadline
	}
	return mt.Start.Add(-before)
}

// AddAgendaItem registers member m's item at now, the agenda closing
// before the start by deadline. A committee member may add one until
// the deadline; after it only a secretary may, and the item is marked
// late; once the meeting has started nobody may.
func (mt *Meeting) AddAgendaItem(m *Member, text string, now time.Time, deadline time.Duration) (*AgendaItem, error) {
	switch {
	case !TakesAgenda(mt.Kind) || mt.State != MeetingScheduled:
		return nil, fmt.Errorf("agenda of meeting %d (%s, %s): %w", mt.ID, mt.Kind, mt.State, ErrNoAgenda)
	case !m.Is(RoleCommittee):
		return nil, fmt.Errorf("agenda of meeting %d by %s: %w", mt.ID, m.Role, ErrAgendaNotYours)
	case !now.Before(mt.Start):
		return nil, fmt.Errorf("agenda of meeting %d: %w", mt.ID, ErrMeetingStarted)
	}
	late := !now.Before(mt.AgendaDeadline(deadline))
	if late && !m.Is(RoleSecretary) {
		return nil, fmt.Errorf("agenda of meeting %d by %s: %w", mt.ID, m.Role, ErrAgendaClosed)
	}
	it := AgendaItem{N: len(mt.Items) + 1, MemberID: m.ID, Text: agendaClip(text, MaxAgendaItem), At: now, Late: late}
	mt.Items = append(mt.Items, it)
	return &mt.Items[len(mt.Items)-1], nil
}

// Decide records the decision on item n, taken by member by, at now: only
// once the meeting has started. A later decision replaces an earlier one.
func (mt *Meeting) Decide(n int, text string, by int64, now time.Time) error {
	if n < 1 || n > len(mt.Items) {
		return fmt.Errorf("decide item %d of meeting %d: %w", n, mt.ID, ErrNoSuchItem)
	}
	if mt.State != MeetingScheduled || now.Before(mt.Start) {
		return fmt.Errorf("decide item %d of meeting %d: %w", n, mt.ID, ErrNotHeldYet)
	}
	it := &mt.Items[n-1]
	it.Decision, it.DecidedBy, it.DecidedAt = agendaClip(text, MaxAgendaItem), by, now
	return nil
}

func agendaClip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
