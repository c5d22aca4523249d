package schedule

import (
	"errors"
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// CaseRenderer writes the messages the scheduler queues about
// conversation-due cases. Package bot implements it. It is called inside
// a store transaction, must be quick and must not talk to Telegram; the
// scheduler fills in ChatID, MemberID, Key and CreatedAt.
type CaseRenderer interface {
	// CaseReminder is the day's reminder of open case c to its talker;
	// late marks one sent later than the reminder time (after downtime
	// or quiet hours).
	CaseReminder(c *branchbot.Case, subject, talker *branchbot.Member, today branchbot.Day, late bool) branchbot.Outgoing
	// CaseOpened is the notice to talker that case c is theirs; subject
	// is nil for the visit of a standing contact.
	CaseOpened(c *branchbot.Case, subject, talker *branchbot.Member) branchbot.Outgoing
	// CaseDigest is secretary to's daily list of the overdue cases, with
	// their subjects and talkers in members; those in fresh are overdue
	// for the first time; uncovered are the members no talk has covered
	// yet in the coverage period, when the digest shows them.
	CaseDigest(to *branchbot.Member, overdue []*branchbot.Case, fresh map[int64]bool, members map[int64]*branchbot.Member, uncovered []*branchbot.Member, today branchbot.Day) branchbot.Outgoing
	// Queue puts a message in tx's outbox as the bot queues its own, and
	// reports false when its key was queued before.
	Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error)
}

// CaseOptions configure the reminders and escalation of cases.
type CaseOptions struct {
	// Renderer renders the reminders and digests; nil turns them off.
	Renderer CaseRenderer
	// Rules are the branch's case rules: working days and the time of
	// the reminders (branchbot.DefaultRemindAt if zero).
	Rules *branchbot.CaseRules
}

// CaseResult counts what one pass over the cases queued.
type CaseResult struct {
	Reminders int // reminders to talkers
	Digests   int // digests to secretaries
	Escalated int // cases overdue for the first time
	Visits    int // visits of standing contacts opened
}

// TickCases queues what is due at now for the open cases. On a working
// day, from the reminder time on and outside quiet hours: each talker's
// reminder of each open case they were told of before today; and every
// secretary's digest of the overdue cases, if there are any, in which a
// case past its due day for the first time is escalated (once per case).
// It is level-triggered like Tick: a reminder or digest missed while the
// bot was down goes once when it is back that day, or is folded into the
// next working day's; the idempotency keys (one per case per day, one
// digest per secretary per day) guard against anything twice. First it
// opens the visits due to standing contacts this period (openVisits);
// the digest also lists the members not yet covered by a talk in the
// last month of the coverage period. Tick does this too, after the study
// and the broadcasts.
func (s *Scheduler) TickCases(now time.Time) (CaseResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tickCases(now)
}

// followUpCases is TickCases for Tick, which holds s.mu.
func (s *Scheduler) followUpCases(now time.Time) error {
	_, err := s.tickCases(now)
	return err
}

func (s *Scheduler) tickCases(now time.Time) (CaseResult, error) {
	o := s.cases
	if o.Renderer == nil || o.Rules == nil {
		return CaseResult{}, nil
	}
	today := branchbot.DayOf(now, s.loc)
	at, due := DueToday(now, o.remindAt(), s.loc)
	if !due || !o.Rules.Calendar.WorkDay(today) || s.quiet.Contains(branchbot.ClockOf(now, s.loc)) {
		return CaseResult{}, nil
	}
	late := now.Sub(at) > LateAfter
	var res CaseResult
	err := s.db.Update(func(tx *store.Tx) error {
		res = CaseResult{}
		visits, err := s.openVisits(tx, today, now)
		if err != nil {
			return err
		}
		res.Visits = visits
		cs, err := tx.OpenCases()
		if err != nil {
			return err
		}
		branchbot.SortCases(cs)
		members := map[int64]*branchbot.Member{}
		member := func(id int64) (*branchbot.Member, error) {
			if m, ok := members[id]; ok {
				return m, nil
			}
			m, err := tx.Member(id)
			if errors.Is(err, branchbot.ErrNotFound) {
				return nil, nil
			}
			members[id] = m
			return m, err
		}
		var overdue []*branchbot.Case
		fresh := map[int64]bool{}
		for _, c := range cs {
			subject, err := member(c.Subject)
			if err != nil {
				return err
			}
			talker, err := member(c.Assignee)
			if err != nil {
				return err
			}
			changed := false
			if o.Rules.RemindDue(c, branchbot.DayOf(c.OpenedAt, s.loc), today) {
				c.RemindedOn, changed = today, true
				if (subject != nil || c.Contact != nil) && reachable(talker) {
					out := o.Renderer.CaseReminder(c, subject, talker, today, late)
					out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.CaseReminderKey(c.ID, today), talker.ChatID(), talker.ID, now
					ok, err := o.Renderer.Queue(tx, &out)
					if err != nil {
						return err
					}
					if ok {
						res.Reminders++
					}
				}
			}
			if c.Overdue(today) {
				overdue = append(overdue, c)
				if o.Rules.EscalateDue(c, today) {
					c.EscalatedAt, changed, fresh[c.ID] = now, true, true
					res.Escalated++
				}
			}
			if changed {
				if err := tx.PutCase(c); err != nil {
					return err
				}
			}
		}
		uncovered, err := s.uncovered(tx, today)
		if err != nil {
			return err
		}
		if len(overdue) == 0 && len(uncovered) == 0 {
			return nil
		}
		n, err := s.digests(tx, overdue, fresh, members, uncovered, today, now)
		res.Digests = n
		return err
	})
	if err != nil {
		return CaseResult{}, fmt.Errorf("schedule: cases: %w", err)
	}
	if res != (CaseResult{}) {
		s.log.Info("cases", "reminders", res.Reminders, "digests", res.Digests, "escalated", res.Escalated, "visits", res.Visits)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

// digests queues each reachable secretary's digest of the overdue cases,
// leaving out any case about the secretary themselves, and returns how
// many it queued.
func (s *Scheduler) digests(tx *store.Tx, overdue []*branchbot.Case, fresh map[int64]bool, members map[int64]*branchbot.Member, uncovered []*branchbot.Member, today branchbot.Day, now time.Time) (int, error) {
	var secs []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Role == branchbot.RoleSecretary && reachable(m) {
			secs = append(secs, m)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, sec := range secs {
		var mine []*branchbot.Case
		for _, c := range overdue {
			if c.Subject != sec.ID {
				mine = append(mine, c)
			}
		}
		if len(mine) == 0 && len(uncovered) == 0 {
			continue
		}
		out := s.cases.Renderer.CaseDigest(sec, mine, fresh, members, uncovered, today)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.CaseDigestKey(today, sec.ID), sec.ChatID(), sec.ID, now
		ok, err := s.cases.Renderer.Queue(tx, &out)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func reachable(m *branchbot.Member) bool { return m != nil && m.Bound() && !m.Unreachable }

func (o CaseOptions) remindAt() branchbot.ClockTime {
	if o.Rules.RemindAt == (branchbot.ClockTime{}) {
		return branchbot.DefaultRemindAt
	}
	return o.Rules.RemindAt
}
