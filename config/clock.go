package config

import (
	"fmt"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
)

// ClockTime is a time of day written in YAML as "HH:MM" (24-hour clock),
// read by branchbot.ParseClock as chat reads it, so "7:45" and the
// full-width "07：45" are accepted too. Set is false when the value was
// left empty.
type ClockTime struct {
	Hour, Minute int
	Set          bool
}

// Clock is t as the branch's clock time; 00:00 if t is not set.
func (t ClockTime) Clock() branchbot.ClockTime {
	return branchbot.ClockTime{Hour: t.Hour, Minute: t.Minute}
}

// Hours is q as the branch's quiet hours: none unless both ends are set
// and differ.
func (q QuietHours) Hours() branchbot.QuietHours {
	if !q.Enabled() {
		return branchbot.QuietHours{}
	}
	return branchbot.QuietHours{From: q.From.Clock(), To: q.To.Clock()}
}

// Enabled reports whether quiet hours are configured.
func (q QuietHours) Enabled() bool {
	return q.From.Set && q.To.Set && q.From != q.To
}

// Contains reports whether the wall-clock time of t falls in the quiet
// hours, From inclusive and To exclusive. Convert t to the branch time zone
// (Config.Location) first.
func (q QuietHours) Contains(t time.Time) bool {
	return q.Hours().Contains(branchbot.ClockOf(t, t.Location()))
}

// Minutes returns the number of minutes from midnight to t.
func (t ClockTime) Minutes() int { return t.Clock().Minutes() }

// String formats t as "HH:MM", or "" if t is not set.
func (t ClockTime) String() string {
	if !t.Set {
		return ""
	}
	return t.Clock().String()
}

// UnmarshalYAML parses a time of day "HH:MM" (24-hour clock); an empty
// string leaves t unset.
func (t *ClockTime) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			*t = ClockTime{}
			return nil
		}
		if v, ok := parseClock(n.Value); ok {
			*t = v
			return nil
		}
	}
	return fmt.Errorf(`want a time of day "HH:MM" (00:00 to 23:59), got %s`, describe(n))
}

// MarshalYAML writes t as "HH:MM".
func (t ClockTime) MarshalYAML() (any, error) { return t.String(), nil }

// parseClock reads a time of day with branchbot.ParseClock.
func parseClock(s string) (ClockTime, bool) {
	c, err := branchbot.ParseClock(s)
	if err != nil {
		return ClockTime{}, false
	}
	return ClockTime{Hour: c.Hour, Minute: c.Minute, Set: true}, true
}
