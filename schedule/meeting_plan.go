package schedule

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MeetingPlanner announces the meetings the scheduler creates from the
// branch's recurring specs, and warns of a required meeting not held.
// Package bot implements it; like MeetingRenderer it is called inside a
// store transaction and must not talk to Telegram.
type MeetingPlanner interface {
	// AnnounceMeeting queues the notices of a meeting just confirmed.
	AnnounceMeeting(tx *store.Tx, mt *branchbot.Meeting) error
	// CadenceWarning tells member to that no meeting of kind (for group,
	// if not empty) was held or scheduled in period, which ends at end;
	// key makes it once-only.
	CadenceWarning(tx *store.Tx, to *branchbot.Member, kind branchbot.MeetingKind, group, period string, end time.Time, key string) error
}

// RecurringMeeting is a meeting the branch holds on a schedule, such as
// the themed day on the first Friday afternoon of each month.
type RecurringMeeting struct {
	Kind branchbot.MeetingKind
	Spec *Spec
	// Audience is AudienceAll, AudienceCommittee or AudienceGroup (with
	// Group); empty means the kind's.
	Audience, Group string
	// Title is the meeting's title; empty means the month's theme, or the
	// kind's name.
	Title, Place string
	// Ahead is how long before its start an occurrence is created.
	Ahead time.Duration
}

// PlanOptions configure the meetings the scheduler creates and the
// cadence it checks; the zero value does neither.
type PlanOptions struct {
	Planner   MeetingPlanner
	Kinds     branchbot.MeetingKinds
	Recurring []RecurringMeeting
	// Cadence is how often each kind must be held; nil means none is
	// checked (cmd passes branchbot.DefaultCadences when the config says
	// nothing).
	Cadence map[branchbot.MeetingKind]branchbot.Cadence
	// WarnBefore is how long before a period's end the warning goes;
	// zero means branchbot.CadenceWarnBefore.
	WarnBefore time.Duration
}

// planMeetings creates in one transaction the occurrences of recurring
// meetings due within their lead, confirmed so that their notices go out,
// and gives the cadence warnings due at now. It is level-triggered and
// idempotent: an occurrence is created once (keyed by kind, start and
// group; a cancelled or moved one is not created again), and a warning is
// given once per kind, period and group.
func (s *Scheduler) planMeetings(now time.Time) (created, warned int, err error) {
	p := s.plan
	if p.Planner == nil || (len(p.Recurring) == 0 && len(p.Cadence) == 0) {
		return 0, 0, nil
	}
	err = s.db.Update(func(tx *store.Tx) error {
		created, warned = 0, 0
		for i := range p.Recurring {
			n, err := s.createRecurring(tx, &p.Recurring[i], now)
			if err != nil {
				return err
			}
			created += n
		}
		n, err := s.checkCadence(tx, now)
		warned = n
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("schedule: plan meetings: %w", err)
	}
	if created+warned > 0 {
		s.log.Info("meeting plan", "created", created, "cadence_warnings", warned)
	}
	return created, warned, nil
}

func (s *Scheduler) createRecurring(tx *store.Tx, rm *RecurringMeeting, now time.Time) (int, error) {
	kind := s.plan.Kinds.Get(rm.Kind)
	audience, group := rm.Audience, rm.Group
	if audience == "" {
		audience = kind.Audience
	}
	if audience == branchbot.AudienceGroup && group == "" {
		return 0, nil // config validation refuses this; nothing to create
	}
	n := 0
	for _, at := range rm.Spec.Occurrences(now, now.Add(rm.Ahead)) {
		key := branchbot.RecurringKey(rm.Kind, group, at)
		if _, ok := tx.RecurringMeeting(key); ok {
			continue
		}
		org, err := organiser(tx, audience, group)
		if err != nil || org == nil {
			return n, err
		}
		title := rm.Title
		if title == "" && branchbot.TakesTheme(rm.Kind) {
			title = tx.Theme(branchbot.ThemeMonth(at, s.loc))
		}
		if title == "" {
			title = kind.NameZH
		}
		mt := &branchbot.Meeting{
			Kind: rm.Kind, State: branchbot.MeetingDraft, Audience: audience, Group: group,
			Start: at, Length: kind.Length, Place: rm.Place, Title: title,
			CreatedBy: org.ID, AuthorChat: org.ChatID(), Leads: kind.Reminders, Occurrence: key,
			CreatedAt: now,
		}
		if err := tx.CreateMeeting(mt); err != nil {
			return n, err
		}
		if err := mt.Confirm(now); err != nil {
			return n, err
		}
		if err := tx.MarkRecurring(key, mt.ID); err != nil {
			return n, err
		}
		if err := tx.Audit(branchbot.AuditEntry{Action: "meeting.recurring", Detail: fmt.Sprintf("#%d %s", mt.ID, key)}); err != nil {
			return n, err
		}
		if err := s.plan.Planner.AnnounceMeeting(tx, mt); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// organiser is who organises a meeting for audience: a group's leader
// for a group meeting if it has one, else the first secretary; nil if the
// branch has no secretary yet.
func organiser(tx *store.Tx, audience, group string) (*branchbot.Member, error) {
	var sec, leader *branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if sec == nil && m.Role == branchbot.RoleSecretary {
			sec = m
		}
		if leader == nil && audience == branchbot.AudienceGroup && m.Role == branchbot.RoleLeader && m.Group == group {
			leader = m
		}
		return nil
	})
	if leader != nil {
		return leader, err
	}
	return sec, err
}
