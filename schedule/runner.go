package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// Options are what New needs. Store, Now and Location are required, and
// for the daily study Rules (with a handbook of at least one section) and
// Prompt. A branch without daily study leaves those two out and sets
// Broadcasts.Renderer: its scheduler only follows up broadcasts.
type Options struct {
	Store *store.DB
	// Now is the clock Run reads; Tick takes its instant as an argument.
	Now      func() time.Time
	Location *time.Location
	// Rules are the branch's study rules: the handbook, rest days and
	// weekends.
	Rules *branchbot.StudyRules
	// Prompt is the branch's default prompt time, such as "45 7 * * *": its
	// first occurrence on a local day is the study time that day of every
	// member on the default time (StudyPlan.Minute == DefaultMinute), and a
	// day it does not fire is not a study day for them.
	Prompt *Spec
	// Nudge is the evening reminder, such as "0 21 * * *"; nil for none.
	Nudge *Spec
	// Cutoff is the evening cutoff, such as 21:30: a prompt not sent by
	// then is not sent, and the day is recorded as missed by the bot
	// (DayBotMissed). A member whose own time is at or after the cutoff
	// has until the end of the day instead. The zero value, 00:00, means
	// no cutoff: every member has until the end of the day.
	Cutoff branchbot.ClockTime
	// Quiet are the quiet hours, such as 22:00 to 07:00 (they may wrap
	// midnight): nothing is queued from Quiet.From until Quiet.To, and
	// what falls due meanwhile waits until they end. The zero value means
	// no quiet hours.
	Quiet branchbot.QuietHours
	// Missed is told what each Tick recorded as missed by the bot; nil
	// for nobody.
	Missed MissedReporter
	// Broadcasts configures the reminders and reports of broadcasts,
	// which Tick queues too; its zero value turns them off.
	Broadcasts BroadcastOptions
	// Meetings renders the reminders of meetings, which Tick queues too;
	// nil turns them off.
	Meetings MeetingRenderer
	// Cases configures the reminders and escalation of
	// conversation-due cases (cases.go), which Tick queues too; its zero
	// value turns them off.
	Cases CaseOptions
	// Plan creates recurring meetings and checks the required cadence,
	// with the meetings' reminders; its zero value does neither.
	Plan PlanOptions
	// Quizzes reminds those who have not finished an open quiz and
	// closes it at its deadline (quiz.go); nil turns that off.
	Quizzes QuizRenderer
	// Reports configures the weekly digest, the monthly summary and the
	// league table (reports.go), which Tick queues too; its zero value
	// sends none.
	Reports ReportOptions
	// Notify is called after a Tick that queued something, to wake the
	// sender; nil for none. It must not block.
	Notify func()
	// Observer is told how long each of Run's Ticks took; nil for
	// nobody.
	Observer TickObserver
	Logger   *slog.Logger
}

// TickObserver is told of each Tick Run makes, for the operator's
// metrics: how long it took (on Options.Now's clock) and its error, nil
// if it succeeded. It must not block.
type TickObserver interface {
	TickDone(took time.Duration, err error)
}

// LateAfter is how long after a member's time a prompt counts as late: a
// prompt that goes out later than this (after a restart, or when quiet
// hours end) says so.
const LateAfter = 5 * time.Minute

// pruneAge is how long Run keeps the record of where a message went: long
// enough for any edit of a day's prompt, which never goes back more than a
// week.
const pruneAge = 8 * 24 * time.Hour

// Scheduler queues the daily study prompts, the re-prompts after a snooze
// and the evening nudges, and records the days the bot missed; and it
// follows up broadcasts (broadcast.go). Create one with New; it is safe
// for concurrent use (Ticks run one at a time). A scheduler made without
// the daily study only follows up broadcasts: call TickBroadcasts, not
// Tick, on it (Run does).
type Scheduler struct {
	db       *store.DB
	now      func() time.Time
	loc      *time.Location
	rules    *branchbot.StudyRules
	prompt   *Spec
	nudge    *Spec
	cutoff   branchbot.ClockTime
	quiet    branchbot.QuietHours
	missed   MissedReporter
	bcast    BroadcastOptions
	meetings MeetingRenderer
	cases    CaseOptions
	plan     PlanOptions
	quizzes  QuizRenderer
	reports  ReportOptions
	notify   func()
	observer TickObserver
	log      *slog.Logger

	// beforePrompt, if set, is called as a prompt is decided in a Tick's
	// write pass; the tests stop a Tick midway with it, as a crash would.
	beforePrompt func(p *branchbot.StudyPlan)

	mu        sync.Mutex    // held by Tick
	lastPrune branchbot.Day // the day Run last pruned deliveries; guarded by mu
}

// New checks the options and returns a Scheduler.
func New(o Options) (*Scheduler, error) {
	var errs []error
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, errors.New("missing Options."+what))
		}
	}
	need(o.Store != nil, "Store")
	need(o.Now != nil, "Now")
	need(o.Location != nil, "Location")
	if o.Rules != nil || o.Prompt != nil || (o.Broadcasts.Renderer == nil && o.Cases.Renderer == nil && o.Quizzes == nil && o.Reports.Renderer == nil) {
		need(o.Rules != nil, "Rules")
		need(o.Prompt != nil, "Prompt")
	}
	if o.Rules != nil && (o.Rules.Handbook == nil || len(o.Rules.Handbook.Sections) == 0) {
		errs = append(errs, errors.New("the handbook (Options.Rules.Handbook) needs at least one section"))
	}
	if !o.Cutoff.Valid() {
		errs = append(errs, fmt.Errorf("cutoff %s is not a time of day", o.Cutoff))
	}
	if !o.Quiet.From.Valid() || !o.Quiet.To.Valid() {
		errs = append(errs, fmt.Errorf("quiet hours %s-%s are not times of day", o.Quiet.From, o.Quiet.To))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("schedule: new: %w", errors.Join(errs...))
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{
		db:       o.Store,
		now:      o.Now,
		loc:      o.Location,
		rules:    o.Rules,
		prompt:   o.Prompt,
		nudge:    o.Nudge,
		cutoff:   o.Cutoff,
		quiet:    o.Quiet,
		missed:   o.Missed,
		bcast:    o.Broadcasts.withDefaults(),
		meetings: o.Meetings,
		cases:    o.Cases,
		plan:     o.Plan,
		quizzes:  o.Quizzes,
		reports:  o.Reports,
		notify:   o.Notify,
		observer: o.Observer,
		log:      log.With("component", "schedule"),
	}, nil
}

// Run ticks once at once, which catches up after downtime, then at the top
// of every minute, and prunes old delivery records once a day. It blocks
// until ctx ends and the last Tick has finished, and then returns nil. A
// Tick that fails is logged and tried again the next minute: Ticks are
// level-triggered, so the next one does what the failed one did not.
//
// robfig/cron's runner triggers the minutes on the real clock; each Tick
// reads the instant from Options.Now.
func (s *Scheduler) Run(ctx context.Context) error {
	logger := cronLogger{s.log}
	c := cron.New(
		cron.WithLocation(s.loc),
		cron.WithLogger(logger),
		cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)),
	)
	if _, err := c.AddFunc("* * * * *", s.runOnce); err != nil {
		return fmt.Errorf("schedule: run: %w", err)
	}
	s.runOnce()
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// runOnce is Run's job: prune once a day, then tick (only the broadcasts'
// follow-up for a branch without daily study).
func (s *Scheduler) runOnce() {
	now := s.now()
	if err := s.prune(now); err != nil {
		s.log.Error("prune deliveries", "err", err)
	}
	tick := func() error { _, err := s.Tick(now); return err }
	if s.rules == nil {
		tick = func() error {
			_, err := s.TickBroadcasts(now)
			_, err2 := s.TickMeetings(now)
			_, cerr := s.TickCases(now)
			_, qerr := s.TickQuizzes(now)
			_, rerr := s.TickReports(now)
			return errors.Join(err, err2, cerr, qerr, rerr)
		}
	}
	start := s.now()
	err := tick()
	if s.observer != nil {
		s.observer.TickDone(s.now().Sub(start), err)
	}
	if err != nil {
		s.log.Error("tick", "err", err)
	}
}

// prune forgets deliveries older than pruneAge, the first time it runs on
// each local day.
func (s *Scheduler) prune(now time.Time) error {
	today := branchbot.DayOf(now, s.loc)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastPrune == today {
		return nil
	}
	var n int
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		n, err = tx.PruneDeliveries(now.Add(-pruneAge))
		return err
	})
	if err != nil {
		return fmt.Errorf("schedule: prune deliveries: %w", err)
	}
	s.lastPrune = today
	s.log.Info("pruned deliveries", "count", n)
	return nil
}

// cronLogger lets robfig/cron log through slog.
type cronLogger struct{ log *slog.Logger }

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
