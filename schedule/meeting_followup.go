package schedule

import (
	"errors"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MeetingFollowUps writes what the scheduler queues around and after a
// meeting: the opening of sign-in, the make-up tasks with the materials,
// the make-up reminders and the word on the overdue. A MeetingRenderer
// that implements it has TickMeetings follow meetings up too; package bot
// does. Its methods run inside the store transaction, are quick and do
// not talk to Telegram; each queues with the keys of branchbot's
// meeting_keys.go, so a second call queues nothing, and returns how many
// messages it queued.
type MeetingFollowUps interface {
	// CheckinRules are the branch's sign-in window and make-up time.
	CheckinRules() branchbot.CheckinRules
	// CheckinOpen tells the invited (not on leave) that sign-in to mt is
	// open, and the organiser the code if the branch asks for one.
	CheckinOpen(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error)
	// MeetingOver settles mt's attendance (a record for each invited
	// member) and sends the absent and on leave the materials and their
	// make-up task, due at f.Due.
	MeetingOver(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error)
	// MakeupReminders reminds those who still owe mt's make-up (the n-th
	// reminder); MakeupOverdue tells the organiser who did not by f.Due.
	MakeupReminders(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp, n int) (int, error)
	MakeupOverdue(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error)
}

// FollowUpResult counts what one pass over the meetings' follow-ups did.
type FollowUpResult struct {
	Opened    int // sign-in openings queued
	Makeups   int // make-up tasks (and materials) queued
	Reminders int // make-up reminders queued
	Late      int // of which late
	Overdue   int // words on the overdue queued
}

// tickFollowUps does what is due at now for the meetings in the
// follow-up index (see branchbot.MeetingFollowUp.FollowUpStep): it is
// level-triggered like the reminders, so a pass after downtime catches up
// and a second pass queues nothing.
func (s *Scheduler) tickFollowUps(now time.Time) (FollowUpResult, error) {
	fu, ok := s.meetings.(MeetingFollowUps)
	if !ok {
		return FollowUpResult{}, nil
	}
	rules := fu.CheckinRules().WithDefaults()
	type work struct {
		mt *branchbot.Meeting
		f  *branchbot.MeetingFollowUp
	}
	load := func(tx *store.Tx) ([]work, error) {
		ids, err := tx.FollowUpMeetings()
		if err != nil {
			return nil, err
		}
		var out []work
		for _, id := range ids {
			mt, err := tx.Meeting(id)
			if errors.Is(err, branchbot.ErrNotFound) {
				continue
			} else if err != nil {
				return nil, err
			}
			f, err := tx.FollowUp(id)
			if err != nil {
				return nil, err
			}
			if f.FollowUpStep(mt, now, rules, s.quiet, s.loc).Any() {
				out = append(out, work{mt, f})
			}
		}
		return out, nil
	}
	var due []work
	err := s.db.View(func(tx *store.Tx) (err error) { due, err = load(tx); return err })
	if err != nil || len(due) == 0 {
		return FollowUpResult{}, wrapMeetings(err)
	}
	var res FollowUpResult
	err = s.db.Update(func(tx *store.Tx) error {
		res = FollowUpResult{}
		due, err := load(tx)
		if err != nil {
			return err
		}
		for _, w := range due {
			if err := s.followUpStep(tx, fu, w.mt, w.f, now, rules, &res); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return FollowUpResult{}, wrapMeetings(err)
	}
	if res != (FollowUpResult{}) {
		s.log.Info("meeting follow-ups", "opened", res.Opened, "makeups", res.Makeups, "reminders", res.Reminders,
			"late", res.Late, "overdue", res.Overdue)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

// followUpStep does in tx what is due for one meeting's follow-up.
func (s *Scheduler) followUpStep(tx *store.Tx, fu MeetingFollowUps, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp,
	now time.Time, rules branchbot.CheckinRules, res *FollowUpResult) error {
	d := f.FollowUpStep(mt, now, rules, s.quiet, s.loc)
	if d.Open {
		n, err := fu.CheckinOpen(tx, mt, f)
		if err != nil {
			return err
		}
		res.Opened += n
	}
	if d.Open || d.OpenPassed {
		f.Opened = mt.Version
	}
	if d.Close {
		f.ClosedAt = now
		f.Due = now.Add(time.Duration(rules.MakeupDays) * 24 * time.Hour)
		n, err := fu.MeetingOver(tx, mt, f)
		if err != nil {
			return err
		}
		res.Makeups += n
	}
	if d.Remind > 0 {
		n, err := fu.MakeupReminders(tx, mt, f, d.Remind)
		if err != nil {
			return err
		}
		f.Reminded = d.Remind
		res.Reminders += n
		if d.Late {
			res.Late += n
		}
	}
	if d.Overdue {
		n, err := fu.MakeupOverdue(tx, mt, f)
		if err != nil {
			return err
		}
		f.Overdue = true
		res.Overdue += n
	}
	if err := tx.PutFollowUp(f); err != nil {
		return err
	}
	if d.Done {
		return tx.DropFollowUp(mt.ID)
	}
	return nil
}

// TickFollowUps queues what is due at now around and after meetings:
// sign-in openings, make-up tasks, make-up reminders and the overdue.
// TickMeetings does this too.
func (s *Scheduler) TickFollowUps(now time.Time) (FollowUpResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tickFollowUps(now)
}
