package schedule

import (
	"errors"
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// BroadcastRenderer writes the messages the scheduler queues about a
// broadcast. Package bot implements it. Like MissedReporter it is called
// inside a store transaction, must be quick and must not talk to Telegram;
// the scheduler fills in ChatID, MemberID, Key and CreatedAt of what
// Reminder and Report return.
type BroadcastRenderer interface {
	// Send queues in tx the copies of broadcast b, whose set time has
	// come, as the bot does when the secretary confirms one, and writes b.
	Send(tx *store.Tx, b *branchbot.Broadcast) error
	// Reminder is the one reminder to member m, who has not acknowledged
	// broadcast b.
	Reminder(b *branchbot.Broadcast, m *branchbot.Member) branchbot.Outgoing
	// Report is the list, for secretary to, of the recipients of b still
	// silent and of those it could not reach. members holds the
	// recipients' records; a member since removed is missing.
	Report(b *branchbot.Broadcast, to *branchbot.Member, rs []*branchbot.Recipient, members map[int64]*branchbot.Member) branchbot.Outgoing
	// Queue puts a reminder or report in tx's outbox as the bot queues its
	// own messages, cut to Telegram's limits (a report of a large branch
	// can be longer than one message), and reports false when its key
	// was queued before, as store.Tx.Enqueue does.
	Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error)
}

// BroadcastOptions configure the follow-up of broadcasts.
type BroadcastOptions struct {
	// Renderer renders the reminders and reports; nil turns the
	// follow-up off.
	Renderer BroadcastRenderer
	// RemindAfter is how long after a broadcast was sent those who have
	// not acknowledged it get their one reminder; default 24 h.
	RemindAfter time.Duration
	// ReportAfter is how long after it was sent the author gets the list
	// of those still silent and those unreachable; default 48 h.
	ReportAfter time.Duration
}

// Defaults of BroadcastOptions.
const (
	DefaultRemindAfter = 24 * time.Hour
	DefaultReportAfter = 48 * time.Hour
)

func (o BroadcastOptions) withDefaults() BroadcastOptions {
	if o.RemindAfter <= 0 {
		o.RemindAfter = DefaultRemindAfter
	}
	if o.ReportAfter <= 0 {
		o.ReportAfter = DefaultReportAfter
	}
	return o
}

// BroadcastResult counts what one pass over the broadcasts queued.
type BroadcastResult struct {
	Sent      int // broadcasts sent at their set time
	Reminders int // reminders to members who had not acknowledged
	Reports   int // reports to secretaries
}

// sendDue reports whether b is to be sent at its set time, now.
func sendDue(b *branchbot.Broadcast, now time.Time) bool {
	return b.State == branchbot.BroadcastScheduled && !now.Before(b.SendAt)
}

func sent(b *branchbot.Broadcast) bool {
	return b.State == branchbot.BroadcastSending || b.State == branchbot.BroadcastSent
}

// remindDue reports whether b's reminders are due at now.
func (o BroadcastOptions) remindDue(b *branchbot.Broadcast, now time.Time) bool {
	return sent(b) && b.Ack && b.RemindedAt.IsZero() && !now.Before(b.SentAt.Add(o.RemindAfter))
}

// reportDue reports whether b's report is due at now.
func (o BroadcastOptions) reportDue(b *branchbot.Broadcast, now time.Time) bool {
	return sent(b) && b.ReportedAt.IsZero() && !now.Before(b.SentAt.Add(o.ReportAfter))
}

// TickBroadcasts queues what is due at now for the broadcasts: the copies
// of one whose set time has come; and for those sent, once RemindAfter
// has passed, one reminder to each recipient who got the
// notice and has not acknowledged it; once ReportAfter has passed, the
// report for the author (or, if the author is no longer a reachable
// secretary, for every secretary), after which the broadcast is closed. It
// is level-triggered like Tick: a pass that runs late catches up, a
// second pass at the same now queues nothing, and the idempotency keys
// guard against queueing anything twice. Nothing is queued in quiet
// hours but a notice set to go silently (Broadcast.Silent) at its time.
// Tick does this too, after the study; it takes its own
// transactions.
func (s *Scheduler) TickBroadcasts(now time.Time) (BroadcastResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tickBroadcasts(now)
}

// followUpBroadcasts is TickBroadcasts for Tick, which holds s.mu.
func (s *Scheduler) followUpBroadcasts(now time.Time) error {
	_, err := s.tickBroadcasts(now)
	return err
}

func (s *Scheduler) tickBroadcasts(now time.Time) (BroadcastResult, error) {
	o := s.bcast
	if o.Renderer == nil {
		return BroadcastResult{}, nil
	}
	// In quiet hours only a notice the secretary chose to send silently
	// at its time goes; the rest waits until they end.
	quiet := s.quiet.Contains(branchbot.ClockOf(now, s.loc))
	sendNow := func(b *branchbot.Broadcast) bool { return sendDue(b, now) && (!quiet || b.Silent) }
	followUp := func(b *branchbot.Broadcast) bool { return !quiet && (o.remindDue(b, now) || o.reportDue(b, now)) }
	due := false
	err := s.db.View(func(tx *store.Tx) error {
		bs, err := tx.OpenBroadcasts()
		for _, b := range bs {
			if sendNow(b) || followUp(b) {
				due = true
			}
		}
		return err
	})
	if err != nil || !due {
		return BroadcastResult{}, wrapBroadcast(err)
	}
	var res BroadcastResult
	err = s.db.Update(func(tx *store.Tx) error {
		res = BroadcastResult{}
		bs, err := tx.OpenBroadcasts()
		if err != nil {
			return err
		}
		for _, b := range bs {
			if sendNow(b) {
				if err := o.Renderer.Send(tx, b); err != nil {
					return err
				}
				res.Sent++
				continue
			}
			if !followUp(b) {
				continue
			}
			if o.remindDue(b, now) {
				n, err := s.remind(tx, b, now)
				if err != nil {
					return err
				}
				res.Reminders += n
				b.RemindedAt = now
			}
			if o.reportDue(b, now) {
				n, err := s.report(tx, b, now)
				if err != nil {
					return err
				}
				res.Reports += n
				b.ReportedAt = now
			}
			if err := tx.PutBroadcast(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return BroadcastResult{}, wrapBroadcast(err)
	}
	if res != (BroadcastResult{}) {
		s.log.Info("broadcasts", "sent", res.Sent, "reminders", res.Reminders, "reports", res.Reports)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

func wrapBroadcast(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("schedule: broadcasts: %w", err)
}

// remind queues the reminders of b and returns how many.
func (s *Scheduler) remind(tx *store.Tx, b *branchbot.Broadcast, now time.Time) (int, error) {
	rs, err := tx.Recipients(b.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, rc := range rs {
		if rc.State != branchbot.RecipientSent || !rc.AckedAt.IsZero() || !rc.RemindedAt.IsZero() {
			continue
		}
		m, err := tx.Member(rc.MemberID)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return 0, err
		}
		if !m.Bound() || m.Unreachable {
			continue
		}
		out := s.bcast.Renderer.Reminder(b, m)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.BroadcastReminderKey(b.ID, m.ID), m.ChatID(), m.ID, now
		ok, err := s.bcast.Renderer.Queue(tx, &out)
		if err != nil {
			return 0, err
		}
		rc.RemindedAt = now
		if err := tx.PutRecipient(rc); err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// report queues b's report and returns how many secretaries it went to. A
// broadcast that asked for no acknowledgement and reached everyone needs
// no report.
func (s *Scheduler) report(tx *store.Tx, b *branchbot.Broadcast, now time.Time) (int, error) {
	if !b.Ack && b.Failed == 0 && b.Unreachable == 0 {
		return 0, nil
	}
	rs, err := tx.Recipients(b.ID)
	if err != nil {
		return 0, err
	}
	members := make(map[int64]*branchbot.Member, len(rs))
	for _, rc := range rs {
		if m, err := tx.Member(rc.MemberID); err == nil {
			members[rc.MemberID] = m
		} else if !errors.Is(err, branchbot.ErrNotFound) {
			return 0, err
		}
	}
	reachable := func(m *branchbot.Member) bool {
		return m.Role == branchbot.RoleSecretary && m.Bound() && !m.Unreachable
	}
	var to []*branchbot.Member
	if a, err := tx.Member(b.AuthorID); err == nil && reachable(a) {
		to = append(to, a)
	} else {
		err := tx.ForEachMember(func(m *branchbot.Member) error {
			if reachable(m) {
				to = append(to, m)
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	n := 0
	for _, m := range to {
		out := s.bcast.Renderer.Report(b, m, rs, members)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.BroadcastReportKey(b.ID, m.ID), m.ChatID(), m.ID, now
		ok, err := s.bcast.Renderer.Queue(tx, &out)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
