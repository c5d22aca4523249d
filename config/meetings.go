package config

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// MeetingsConfig configures meetings (三会一课 and the themed day).
type MeetingsConfig struct {
	// Kinds are the kinds of meeting by id. The defaults are
	// branchbot.DefaultMeetingKinds; an entry overrides the keys it sets
	// of a default kind, or adds a kind.
	Kinds map[string]MeetingKindConfig `yaml:"kinds"`
	// LeaveApproval has the organiser (and a group meeting's leader)
	// approve or refuse each leave.
	LeaveApproval bool `yaml:"leave_approval"`
	// CheckinBefore and CheckinAfter bound the sign-in window: from
	// CheckinBefore before a meeting's start to CheckinAfter after it.
	CheckinBefore Duration `yaml:"checkin_before"`
	CheckinAfter  Duration `yaml:"checkin_after"`
	// CheckinCode makes /checkin take the short code the organiser reads
	// out in the room, so that a press from home does not count.
	CheckinCode bool `yaml:"checkin_code"`

	// Agenda, the month's rhythm and the calendar (meetings_rhythm.go).

	// AgendaDeadline is how long before a committee meeting or member
	// assembly its agenda closes to all but the secretary.
	AgendaDeadline DayDuration `yaml:"agenda_deadline"`
	// Recurring are the meetings the scheduler creates on a schedule.
	Recurring []RecurringConfig `yaml:"recurring,omitempty"`
	// Cadence is how often each kind must be held (month or quarter, off
	// for no check); kinds it leaves out keep their defaults.
	Cadence CadenceConfig `yaml:"cadence,omitempty"`
}

// MeetingKindConfig is one kind of meeting.
type MeetingKindConfig struct {
	// NameZH and NameEN are the kind's names in Chinese and English.
	NameZH string `yaml:"name_zh"`
	NameEN string `yaml:"name_en"`
	// Audience is who a meeting of the kind is for unless the organiser
	// says otherwise: all, group (the organiser's group) or committee.
	Audience string `yaml:"audience"`
	// Length is how long a meeting of the kind lasts.
	Length Duration `yaml:"length"`
	// Reminders are the lead times of the reminders before the start.
	Reminders []Duration `yaml:"reminders" item:"a duration such as \"24h\""`
}

// defaultMeetings are the meetings settings of a file that sets none.
func defaultMeetings() MeetingsConfig {
	kinds := map[string]MeetingKindConfig{}
	for _, k := range branchbot.DefaultMeetingKinds() {
		rs := make([]Duration, len(k.Reminders))
		for i, r := range k.Reminders {
			rs[i] = Duration(r)
		}
		kinds[string(k.Kind)] = MeetingKindConfig{
			NameZH: k.NameZH, NameEN: k.NameEN, Audience: k.Audience, Length: Duration(k.Length), Reminders: rs,
		}
	}
	return MeetingsConfig{
		Kinds:          kinds,
		CheckinBefore:  Duration(30 * time.Minute),
		CheckinAfter:   Duration(30 * time.Minute),
		AgendaDeadline: DayDuration(branchbot.DefaultAgendaDeadline),
	}
}

// MeetingKinds returns meetings.kinds as validation ordered them: the
// default kinds in their order (the first, the themed day, is the default
// kind of /meeting), then the kinds the file adds in the order it names
// them. For a Config that was never validated it returns the defaults.
func (c *Config) MeetingKinds() []branchbot.MeetingKindSpec {
	if c.meetingKinds == nil {
		return branchbot.DefaultMeetingKinds()
	}
	return c.meetingKinds
}

// meetingKindRE is what a kind's id may be: it is typed in /meeting and
// kept in the database.
var meetingKindRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,23}$`)

// maxMeetingLead bounds a reminder's lead time: a month before the start.
const maxMeetingLead = 30 * 24 * time.Hour

// maxMeetingReminders bounds the reminders of one kind.
const maxMeetingReminders = 5

// validate checks the meetings settings and returns the kinds in order.
func (m *MeetingsConfig) validate(v *validator) []branchbot.MeetingKindSpec {
	for _, k := range []struct {
		path string
		d    Duration
	}{{"meetings.checkin_before", m.CheckinBefore}, {"meetings.checkin_after", m.CheckinAfter}} {
		if d := k.d.Duration(); d < 0 || d > 24*time.Hour || d%time.Minute != 0 {
			v.errorf(k.path, "must be whole minutes from 0m to 24h, got %s", d)
		}
	}
	if m.CheckinBefore == 0 && m.CheckinAfter == 0 {
		v.errorf("meetings.checkin_after", "the sign-in window is empty: meetings.checkin_before and meetings.checkin_after cannot both be 0")
	}
	// The default kinds first, in their order; then the added ones in
	// the file's order (by line; by name when not from a file).
	var ids []string
	for _, k := range branchbot.DefaultMeetingKinds() {
		if _, ok := m.Kinds[string(k.Kind)]; ok {
			ids = append(ids, string(k.Kind))
		}
	}
	var added []string
	for id := range m.Kinds {
		if !slices.Contains(ids, id) {
			added = append(added, id)
		}
	}
	slices.SortFunc(added, func(a, b string) int {
		return cmp.Or(cmp.Compare(v.line(kindPath(a)), v.line(kindPath(b))), strings.Compare(a, b))
	})
	ids = append(ids, added...)
	kinds := make([]branchbot.MeetingKindSpec, 0, len(ids))
	keys := map[string]kindKeyUse{} // branchbot.KindKey of an id or name -> its kind
	for _, id := range ids {
		k, ok := m.Kinds[id].spec(v, id, keys)
		if ok {
			kinds = append(kinds, k)
		}
	}
	if len(m.Kinds) == 0 {
		v.errorf("meetings.kinds", "at least one kind of meeting is required")
	}
	return kinds
}

func kindPath(id string) string { return joinPath("meetings.kinds", id) }

// kindKeyUse is the kind whose id or name has a key (branchbot.KindKey),
// and which of the two it is.
type kindKeyUse struct{ kind, field, text string }

// claimKindKey claims the key of text, the id (field "id") or a name of
// kind id, for it; if another kind has the key it is an error at path,
// since /meeting finds a kind by its id or either name, ignoring case,
// '-', '_' and spaces, and would take the first.
func claimKindKey(v *validator, path, id, field, text string, keys map[string]kindKeyUse) {
	key := branchbot.KindKey(text)
	o, taken := keys[key]
	switch {
	case !taken:
		keys[key] = kindKeyUse{id, field, text}
	case o.kind == id:
	case field == "id":
		v.errorf(path, "the id reads as %s, the %s of kind %s: /meeting ignores case, '-', '_' and spaces", quote(o.text), o.field, o.kind)
	case o.text == text && o.field != "id":
		v.errorf(path, "%s is also the name of kind %s", quote(text), o.kind)
	default:
		v.errorf(path, "%s reads as %s, the %s of kind %s: /meeting ignores case, '-', '_' and spaces", quote(text), quote(o.text), o.field, o.kind)
	}
}

// spec checks kind id and returns it; ok is false if it has a problem.
// keys gathers the ids and names of the kinds checked so far, which must
// differ as /meeting reads them (claimKindKey).
func (k MeetingKindConfig) spec(v *validator, id string, keys map[string]kindKeyUse) (branchbot.MeetingKindSpec, bool) {
	p := kindPath(id)
	n := len(v.problems)
	if !meetingKindRE.MatchString(id) {
		v.errorf(p, "a kind's id must be 1-24 lower-case letters, digits and _, starting with a letter, got %s", quote(id))
	}
	claimKindKey(v, p, id, "id", id, keys)
	for _, nm := range []struct{ key, name string }{{"name_zh", k.NameZH}, {"name_en", k.NameEN}} {
		np := p + "." + nm.key
		if name := strings.TrimSpace(nm.name); name == "" {
			v.errorf(np, "required: the kind's name as members read it")
		} else {
			claimKindKey(v, np, id, nm.key, name, keys)
		}
	}
	// A kind the file adds takes what it leaves out from an unknown kind
	// (branchbot.MeetingKinds.Get): everyone, an hour, the default
	// reminders. "reminders: []" means none.
	if k.Audience == "" {
		k.Audience = branchbot.AudienceAll
	}
	if k.Length == 0 {
		k.Length = Duration(time.Hour)
	}
	if k.Reminders == nil {
		for _, r := range branchbot.DefaultMeetingReminders {
			k.Reminders = append(k.Reminders, Duration(r))
		}
	}
	v.oneOf(p+".audience", k.Audience, branchbot.AudienceAll, branchbot.AudienceGroup, branchbot.AudienceCommittee)
	if d := k.Length.Duration(); d < time.Minute || d > 24*time.Hour || d%time.Minute != 0 {
		v.errorf(p+".length", "must be whole minutes from 1m to 24h, got %s", d)
	}
	if len(k.Reminders) > maxMeetingReminders {
		v.errorf(p+".reminders", "at most %d reminders, got %d", maxMeetingReminders, len(k.Reminders))
	}
	leads := make([]time.Duration, 0, len(k.Reminders))
	for i, r := range k.Reminders {
		rp := fmt.Sprintf("%s.reminders[%d]", p, i)
		switch d := r.Duration(); {
		case d < time.Minute || d > maxMeetingLead || d%time.Minute != 0:
			v.errorf(rp, "must be whole minutes from 1m to 720h (30 days) before the start, got %s", d)
		case slices.Contains(leads, d):
			v.errorf(rp, "%s is already a reminder of this kind", d)
		default:
			leads = append(leads, d)
		}
	}
	slices.SortFunc(leads, func(a, b time.Duration) int { return cmp.Compare(b, a) }) // longest first
	spec := branchbot.MeetingKindSpec{
		Kind:   branchbot.MeetingKind(id),
		NameZH: strings.TrimSpace(k.NameZH), NameEN: strings.TrimSpace(k.NameEN),
		Audience: k.Audience, Length: k.Length.Duration(), Reminders: leads,
	}
	return spec, len(v.problems) == n
}
