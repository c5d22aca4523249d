package branchbot

import "time"

// The steps of the guided /meeting flow, in order: the organiser presses
// a kind and an audience, then types the date and time, the place (or
// skips it) and the title (or takes the month's theme).
const (
	GuideKind     = "kind"
	GuideAudience = "audience"
	GuideTime     = "time"
	GuidePlace    = "place"
	GuideTitle    = "title"
)

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
}
