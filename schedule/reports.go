package schedule

import (
	"fmt"
	"strconv"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// ReportRenderer writes the reports the scheduler sends unasked. Package
// bot implements it. Each method is called inside a store transaction,
// reads what it needs through tx, queues its messages with key as the
// first one's idempotency key (later ones append to it), and reports
// whether it queued anything: a report with nothing in it is not sent.
type ReportRenderer interface {
	// WeeklyDigest is the digest of the week of days first…last for
	// member to: the whole branch for a secretary, their group for a
	// group leader.
	WeeklyDigest(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, key string, now time.Time) (bool, error)
	// MonthlySummary is the summary of the month of days first…last
	// (label YYYY-MM) for secretary to, with its chart and the ledger.
	MonthlySummary(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, label, key string, now time.Time) (bool, error)
	// League is the league table of groups of the quarter first…last
	// (label YYYY-Qn) for secretary to, or for the branch's group chat
	// when to is nil.
	League(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, label, key string, now time.Time) (bool, error)
}

// ReportOptions configure the reports; the zero value sends none.
type ReportOptions struct {
	Renderer ReportRenderer
	// Digest is when the weekly digest is due; DigestOn turns it on.
	Digest   branchbot.Weekly
	DigestOn bool
	// At is the time of day of the monthly summary and the league table,
	// on the first day of a month or quarter.
	At branchbot.ClockTime
	// Monthly and League turn those on; LeagueChat posts the league
	// table in the branch's group chat too.
	Monthly, League, LeagueChat bool
}

// ReportResult counts what one pass queued.
type ReportResult struct{ Digests, Summaries, Leagues int }

// TickReports queues the reports due at now, outside quiet hours: from
// the digest's weekday and time on, each secretary's and group leader's
// digest of the week before; from the first of a month (or quarter) at
// At on, the secretaries' summary of the month (and league table of the
// quarter) before. Level-triggered: a report missed while the bot was
// down goes when it is back, up to the next one's time (for the monthly
// and quarterly ones, within reportCatchUp days). Each report is
// decided once per reader and period, marked in the store in the
// transaction that queues it (or finds it empty), so a restart neither
// doubles nor drops one, and an empty one is not looked at again.
func (s *Scheduler) TickReports(now time.Time) (ReportResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tickReports(now)
}

func (s *Scheduler) tickReports(now time.Time) (ReportResult, error) {
	o := s.reports
	if o.Renderer == nil || s.quiet.Contains(branchbot.ClockOf(now, s.loc)) {
		return ReportResult{}, nil
	}
	today := branchbot.DayOf(now, s.loc)
	var res ReportResult
	err := s.db.Update(func(tx *store.Tx) error {
		res = ReportResult{}
		readers, err := reportReaders(tx)
		if err != nil {
			return err
		}
		if o.DigestOn {
			day := o.Digest.LastDay(today)
			if s.reached(now, day, o.Digest.At) {
				// The week before the digest's day: its seven days.
				first, last := day-7, day-1
				for _, m := range readers {
					key := "digest/" + day.String() + "/m" + strconv.FormatInt(m.ID, 10)
					n, err := s.once(tx, key, func() (bool, error) { return o.Renderer.WeeklyDigest(tx, m, first, last, key, now) })
					if err != nil {
						return err
					}
					res.Digests += n
				}
			}
		}
		monthFirst, _, _ := branchbot.MonthOf(today)
		if !s.reached(now, monthFirst, o.At) || today-monthFirst >= reportCatchUp {
			return nil
		}
		prev := monthFirst - 1
		if o.Monthly {
			first, last, label := branchbot.MonthOf(prev)
			for _, m := range readers {
				if m.Role != branchbot.RoleSecretary {
					continue
				}
				key := "monthly/" + label + "/m" + strconv.FormatInt(m.ID, 10)
				n, err := s.once(tx, key, func() (bool, error) {
					return o.Renderer.MonthlySummary(tx, m, first, last, label, key, now)
				})
				if err != nil {
					return err
				}
				res.Summaries += n
			}
		}
		if qFirst, _, _ := branchbot.QuarterOf(today); o.League && qFirst == monthFirst {
			first, last, label := branchbot.QuarterOf(prev)
			to := []*branchbot.Member{}
			for _, m := range readers {
				if m.Role == branchbot.RoleSecretary {
					to = append(to, m)
				}
			}
			if o.LeagueChat {
				to = append(to, nil)
			}
			for _, m := range to {
				key := "league/" + label + "/chat"
				if m != nil {
					key = "league/" + label + "/m" + strconv.FormatInt(m.ID, 10)
				}
				n, err := s.once(tx, key, func() (bool, error) { return o.Renderer.League(tx, m, first, last, label, key, now) })
				if err != nil {
					return err
				}
				res.Leagues += n
			}
		}
		return nil
	})
	if err != nil {
		return ReportResult{}, fmt.Errorf("schedule: reports: %w", err)
	}
	if res != (ReportResult{}) {
		s.log.Info("reports", "digests", res.Digests, "summaries", res.Summaries, "leagues", res.Leagues)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

// reportCatchUp is how many days into a month its summary (and into a
// quarter its league table) is still sent after downtime: later it would
// be news to nobody, and a secretary named mid-month is not sent the
// month before.
const reportCatchUp = 7

// reached reports whether now is at or past day's time at, in the
// branch's zone.
func (s *Scheduler) reached(now time.Time, day branchbot.Day, at branchbot.ClockTime) bool {
	y, m, d := day.Date()
	return !now.Before(At(y, m, d, at, s.loc))
}

// once runs queue unless the report named key was decided before, and
// marks it decided; it returns 1 when queue queued something.
func (s *Scheduler) once(tx *store.Tx, key string, queue func() (bool, error)) (int, error) {
	fresh, err := tx.Mark("report/" + key)
	if err != nil || !fresh {
		return 0, err
	}
	ok, err := queue()
	if err != nil || !ok {
		return 0, err
	}
	return 1, nil
}

// reportReaders are the reachable secretaries and group leaders who
// have joined, in member id order.
func reportReaders(tx *store.Tx) ([]*branchbot.Member, error) {
	var out []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if (m.Role == branchbot.RoleSecretary || m.Role == branchbot.RoleLeader) && m.Bound() && reachable(m) {
			out = append(out, m)
		}
		return nil
	})
	return out, err
}
