package config

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/schedule"
)

// DayDuration is a duration that may also be written in days, such as
// "14d", besides "48h" or "90m".
type DayDuration time.Duration

// Duration returns d as a time.Duration.
func (d DayDuration) Duration() time.Duration { return time.Duration(d) }

// String formats d in days when it is whole days, e.g. "14d".
func (d DayDuration) String() string {
	if d > 0 && time.Duration(d)%(24*time.Hour) == 0 {
		return strconv.Itoa(int(time.Duration(d)/(24*time.Hour))) + "d"
	}
	return time.Duration(d).String()
}

// UnmarshalYAML parses "14d" or a duration such as "48h".
func (d *DayDuration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if days, ok := strings.CutSuffix(n.Value, "d"); ok {
			if v, err := strconv.Atoi(days); err == nil && v >= 0 {
				*d = DayDuration(time.Duration(v) * 24 * time.Hour)
				return nil
			}
		}
		if v, err := time.ParseDuration(n.Value); err == nil {
			*d = DayDuration(v)
			return nil
		}
	}
	return fmt.Errorf(`want a duration such as "14d" or "48h", got %s`, describe(n))
}

// MarshalYAML writes d as String does.
func (d DayDuration) MarshalYAML() (any, error) { return d.String(), nil }

// CadenceConfig maps a kind of meeting (id or name) to how often it must
// be held: month, quarter, or off.
type CadenceConfig map[string]string

// UnmarshalYAML reads a mapping of kind to cadence.
func (c *CadenceConfig) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("want a mapping of kind to month, quarter or off, got %s", describe(n))
	}
	out := CadenceConfig{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: want kind: month, quarter or off", k.Line)
		}
		out[k.Value] = v.Value
	}
	if len(out) == 0 {
		out = nil // as if left out, so that a written config reads back the same
	}
	*c = out
	return nil
}

// meetingSetup is the meetings configuration parsed.
type meetingSetup struct {
	recurring []schedule.RecurringMeeting
	cadence   map[branchbot.MeetingKind]branchbot.Cadence
}

// defaultAhead is how long ahead recurring meetings are created when the
// config says nothing.
const defaultAhead = 14 * 24 * time.Hour

func (m *MeetingsConfig) validateRhythm(v *validator, loc *time.Location, specs []branchbot.MeetingKindSpec) *meetingSetup {
	if loc == nil {
		loc = time.UTC
	}
	kinds := branchbot.MeetingKinds(specs)
	st := &meetingSetup{cadence: branchbot.DefaultCadences()}
	if d := m.AgendaDeadline.Duration(); d <= 0 || d > 30*24*time.Hour {
		v.errorf("meetings.agenda_deadline", "must be from 1m to 30d, got %s", m.AgendaDeadline)
	}
	for i, r := range m.Recurring {
		path := fmt.Sprintf("meetings.recurring[%d]", i)
		rm := schedule.RecurringMeeting{Title: r.Title, Place: r.Place, Ahead: r.Ahead.Duration()}
		k, ok := kinds.Lookup(r.Kind)
		if !ok {
			v.errorf(path+".kind", "unknown kind %s", quote(r.Kind))
		}
		rm.Kind = k.Kind
		var err error
		if rm.Spec, err = schedule.ParseSpec(r.Spec, loc); err != nil {
			v.errorf(path+".spec", "%v", err)
		}
		switch a := strings.TrimSpace(r.Audience); strings.ToLower(a) {
		case "":
			if ok && k.Audience == branchbot.AudienceGroup {
				v.errorf(path+".audience", "a %s is for one group: name the group", k.NameEN)
			}
		case branchbot.AudienceAll, branchbot.AudienceCommittee:
			rm.Audience = strings.ToLower(a)
		default:
			rm.Audience, rm.Group = branchbot.AudienceGroup, a
		}
		if rm.Ahead == 0 {
			rm.Ahead = defaultAhead
		}
		if rm.Ahead < time.Hour || rm.Ahead > 60*24*time.Hour {
			v.errorf(path+".ahead", "must be from 1h to 60d, got %s", r.Ahead)
		}
		st.recurring = append(st.recurring, rm)
	}
	keys := make([]string, 0, len(m.Cadence))
	for k := range m.Cadence {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, name := range keys {
		path := "meetings.cadence." + name
		k, ok := kinds.Lookup(name)
		if !ok {
			v.errorf(path, "unknown kind %s", quote(name))
			continue
		}
		switch c := m.Cadence[name]; c {
		case "off":
			delete(st.cadence, k.Kind)
		case string(branchbot.CadenceMonth), string(branchbot.CadenceQuarter):
			st.cadence[k.Kind] = branchbot.Cadence(c)
		default:
			v.oneOf(path, c, "month", "quarter", "off")
		}
	}
	return st
}

// RecurringMeetings returns meetings.recurring as parsed by validation,
// or nil for a Config that was never validated.
func (c *Config) RecurringMeetings() []schedule.RecurringMeeting {
	if c.meetings == nil {
		return nil
	}
	return c.meetings.recurring
}

// Cadences returns the required cadence of each kind (the defaults with
// meetings.cadence over them), or the defaults for a Config that was
// never validated.
func (c *Config) Cadences() map[branchbot.MeetingKind]branchbot.Cadence {
	if c.meetings == nil {
		return branchbot.DefaultCadences()
	}
	return c.meetings.cadence
}
