package branchbot

import "time"

// The steps of the guided /meeting flow, in order: the organiser presses
// a kind and an audience, then types the date and time, the place (or
// skips it) and the title (or takes the month's theme); for a meeting
// that takes an agenda, the items follow, one a line, until 完成.
const (
	GuideKind     = "kind"
	GuideAudience = "audience"
	GuideTime     = "time"
	GuidePlace    = "place"
	GuideTitle    = "title"
	GuideAgenda   = "agenda"
)

// MaxGuideItems is how many agenda items the guided flow takes.
const MaxGuideItems = 20

// MeetingGuide is how far an organiser has come in the guided /meeting
// flow: what they chose so far and the step that waits for them. It is
// kept in the store, so a restart in the middle loses nothing.
type MeetingGuide struct {
	Step     string      `json:"step"`
	Kind     MeetingKind `json:"kind,omitempty"`
	Audience string      `json:"audience,omitempty"`
	Group    string      `json:"group,omitempty"`
	Start    time.Time   `json:"start,omitzero"`
	Place    string      `json:"place,omitempty"`
	// Title and Items are kept for the agenda step: the items typed so
	// far, registered when the meeting is confirmed.
	Title string   `json:"title,omitempty"`
	Items []string `json:"items,omitempty"`
}

// GuideTakesAgenda reports whether the guided flow asks member m for the
// agenda of a meeting of kind: one that takes agenda items, scheduled by
// someone who may register them (the committee).
func GuideTakesAgenda(kind MeetingKind, m *Member) bool {
	return TakesAgenda(kind) && m.Is(RoleCommittee)
}

// RegisterProposed registers the items the organiser typed while
// scheduling mt (Proposed) as its agenda items, at now and by member m,
// under the rules of AddAgendaItem: once confirmed, before the deadline
// as ordinary items, after it (a meeting scheduled late) marked late,
// which only a secretary may. The items registered leave Proposed; on an
// error the rest stay there.
func (mt *Meeting) RegisterProposed(m *Member, now time.Time, deadline time.Duration) ([]AgendaItem, error) {
	var out []AgendaItem
	for len(mt.Proposed) > 0 {
		it, err := mt.AddAgendaItem(m, mt.Proposed[0], now, deadline)
		if err != nil {
			return out, err
		}
		out = append(out, *it)
		mt.Proposed = mt.Proposed[1:]
	}
	mt.Proposed = nil
	return out, nil
}
