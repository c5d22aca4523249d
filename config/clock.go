package config

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"
)

// ClockTime is a time of day written in YAML as "HH:MM" (24-hour clock).
// Set is false when the value was left empty.
type ClockTime struct {
	Hour, Minute int
	Set          bool
}

// Enabled reports whether quiet hours are configured.
func (q QuietHours) Enabled() bool {
	return q.From.Set && q.To.Set && q.From != q.To
}

// Contains reports whether the wall-clock time of t falls in the quiet
// hours, From inclusive and To exclusive. Convert t to the branch time zone
// (Config.Location) first.
func (q QuietHours) Contains(t time.Time) bool {
	if !q.Enabled() {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	from, to := q.From.Minutes(), q.To.Minutes()
	if from < to {
		return from <= m && m < to
	}
	return m >= from || m < to // wraps midnight
}

// Minutes returns the number of minutes from midnight to t.
func (t ClockTime) Minutes() int { return t.Hour*60 + t.Minute }

// String formats t as "HH:MM", or "" if t is not set.
func (t ClockTime) String() string {
	if !t.Set {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute)
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

var clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)

func parseClock(s string) (ClockTime, bool) {
	m := clockRE.FindStringSubmatch(s)
	if m == nil {
		return ClockTime{}, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	return ClockTime{Hour: h, Minute: min, Set: true}, true
}
