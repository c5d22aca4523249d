package schedule

import (
	"errors"
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MeetingRenderer writes the messages the scheduler queues about a
// meeting. Package bot implements it. It is called inside a store
// transaction, must be quick and must not talk to Telegram; the scheduler
// fills in ChatID, MemberID, Key and CreatedAt of what MeetingReminder
// returns.
type MeetingRenderer interface {
	// MeetingReminder is the reminder to member m, lead before meeting
	// mt (late when its time passed while the bot was down); rsvp is
	// their answer so far.
	MeetingReminder(mt *branchbot.Meeting, m *branchbot.Member, rsvp *branchbot.RSVP, lead time.Duration, late bool) branchbot.Outgoing
	// MeetingMissed tells the organiser that n reminders of mt could not
	// go out before it started.
	MeetingMissed(tx *store.Tx, mt *branchbot.Meeting, n int) error
	// Queue puts a message in tx's outbox as the bot queues its own, and
	// reports false when its key was queued before.
	Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error)
}

// MeetingResult counts what one pass over the meetings did.
type MeetingResult struct {
	Reminders int // reminders queued
	Late      int // of which sent late
	Missed    int // reminders recorded as missed: the meeting had started
	Created   int // recurring meetings created (meeting_plan.go)
	Warned    int // cadence warnings given
}

// TickMeetings queues the reminders of upcoming meetings due at now: for
// each lead time of a scheduled meeting, once its time (moved out of the
// quiet hours, see Meeting.ReminderAt) has come, one reminder to each
// invited member who has not asked for leave, keyed by meeting, version,
// lead and member. It is level-triggered like Tick: a reminder whose time
// passed while the bot was down goes late if the meeting has not started,
// else it is recorded as missed and the organiser is told; a second pass
// queues nothing. A moved meeting's reminders are armed again for its new
// time; a cancelled one has none. Meetings that have ended leave the
// index. Tick does this too, after the broadcasts. With a renderer that
// implements MeetingFollowUps, it follows meetings up as well.
func (s *Scheduler) TickMeetings(now time.Time) (MeetingResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.tickMeetings(now)
	_, err2 := s.tickFollowUps(now) // meeting_followup.go
	return res, errors.Join(err, err2)
}

func (s *Scheduler) followUpMeetings(now time.Time) error {
	_, err := s.tickMeetings(now)
	_, err2 := s.tickFollowUps(now)
	return errors.Join(err, err2)
}

// meetingWork reports whether mt needs a write at now.
func (s *Scheduler) meetingWork(mt *branchbot.Meeting, now time.Time) bool {
	if !now.Before(mt.End()) || mt.State != branchbot.MeetingScheduled {
		return true
	}
	for _, lead := range mt.Leads {
		switch mt.ReminderStep(lead, now, s.quiet, s.loc) {
		case branchbot.ReminderSend, branchbot.ReminderLate, branchbot.ReminderMissed, branchbot.ReminderSkip:
			return true
		}
	}
	return false
}

func (s *Scheduler) tickMeetings(now time.Time) (MeetingResult, error) {
	rend := s.meetings
	if rend == nil {
		return MeetingResult{}, nil
	}
	created, warned, err := s.planMeetings(now)
	if err != nil {
		return MeetingResult{}, err
	}
	if created+warned > 0 && s.notify != nil {
		s.notify()
	}
	res, err := s.remindMeetings(now)
	res.Created, res.Warned = created, warned
	return res, err
}

// remindMeetings queues the reminders due at now (see TickMeetings).
func (s *Scheduler) remindMeetings(now time.Time) (MeetingResult, error) {
	due := false
	err := s.db.View(func(tx *store.Tx) error {
		ms, err := tx.UpcomingMeetings()
		for _, mt := range ms {
			due = due || s.meetingWork(mt, now)
		}
		return err
	})
	if err != nil || !due {
		return MeetingResult{}, wrapMeetings(err)
	}
	var res MeetingResult
	err = s.db.Update(func(tx *store.Tx) error {
		res = MeetingResult{}
		ms, err := tx.UpcomingMeetings()
		if err != nil {
			return err
		}
		members := &memberList{tx: tx}
		for _, mt := range ms {
			if !s.meetingWork(mt, now) {
				continue
			}
			if err := s.meetingStep(tx, mt, now, members, &res); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return MeetingResult{}, wrapMeetings(err)
	}
	if res != (MeetingResult{}) {
		s.log.Info("meetings", "reminders", res.Reminders, "late", res.Late, "missed", res.Missed)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

// meetingStep does in tx what is due for one meeting at now.
func (s *Scheduler) meetingStep(tx *store.Tx, mt *branchbot.Meeting, now time.Time, members *memberList, res *MeetingResult) error {
	missed := 0
	for _, lead := range mt.Leads {
		step := mt.ReminderStep(lead, now, s.quiet, s.loc)
		switch step {
		case branchbot.ReminderSend, branchbot.ReminderLate:
			n, err := s.remindMeeting(tx, mt, lead, step == branchbot.ReminderLate, now, members)
			if err != nil {
				return err
			}
			res.Reminders += n
			if step == branchbot.ReminderLate {
				res.Late += n
			}
		case branchbot.ReminderMissed:
			missed++
		case branchbot.ReminderSkip:
		default:
			continue
		}
		mt.Reminded = append(mt.Reminded, lead)
	}
	if missed > 0 {
		mt.Missed += missed
		res.Missed += missed
	}
	if err := tx.PutMeeting(mt); err != nil {
		return err
	}
	if missed > 0 {
		if err := s.meetings.MeetingMissed(tx, mt, missed); err != nil {
			return err
		}
	}
	if !now.Before(mt.End()) {
		return tx.DropUpcoming(mt.ID)
	}
	return nil
}

// remindMeeting queues the reminder of lead to each invited member who
// can be reached and has not asked for leave, and returns how many.
func (s *Scheduler) remindMeeting(tx *store.Tx, mt *branchbot.Meeting, lead time.Duration, late bool, now time.Time, members *memberList) (int, error) {
	all, err := members.get()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range all {
		if !mt.Invites(m) || !m.Bound() || m.Unreachable {
			continue
		}
		rsvp, err := tx.RSVP(mt.ID, m.ID)
		if err != nil && !errors.Is(err, branchbot.ErrNotFound) {
			return 0, err
		}
		if rsvp.Answer == branchbot.AnswerLeave {
			continue
		}
		out := s.meetings.MeetingReminder(mt, m, rsvp, lead, late)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.MeetingReminderKey(mt.ID, mt.Version, lead, m.ID), m.ChatID(), m.ID, now
		ok, err := s.meetings.Queue(tx, &out)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// memberList reads the members once for all the meetings of a pass, and
// only if one has a reminder to send: a pass over many meetings, each for
// a few of the members, reads each member once, not once per meeting.
type memberList struct {
	tx      *store.Tx
	members []*branchbot.Member
	read    bool
}

func (l *memberList) get() ([]*branchbot.Member, error) {
	if l.read {
		return l.members, nil
	}
	err := l.tx.ForEachMember(func(m *branchbot.Member) error {
		l.members = append(l.members, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.read = true
	return l.members, nil
}

func wrapMeetings(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("schedule: meetings: %w", err)
}
