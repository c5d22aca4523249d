package schedule

import (
	"errors"
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TickResult counts what one Tick did.
type TickResult struct {
	Prompts     int // first prompts of the day queued, on time or late
	LatePrompts int // how many of Prompts were marked late
	Reprompts   int // prompts queued again after a snooze
	Nudges      int // evening nudges queued
	// BotMissed counts the days recorded as missed by the bot
	// (DayBotMissed): today for a member whose prompt could not go out
	// before the cutoff, and the whole days the bot was down.
	BotMissed int
}

// Queued is the number of messages the Tick queued.
func (r TickResult) Queued() int { return r.Prompts + r.Reprompts + r.Nudges }

// errWouldWrite stops Tick's read-only pass at the first plan that needs a
// write.
var errWouldWrite = errors.New("would write")

// Tick decides everything that is due at now and queues it. It is
// level-triggered: it compares now with what the store says was already
// done, so a Tick that runs late catches up, and a second Tick at the same
// now queues nothing. For each active member's plan it
//
//   - opens the day: the days since the plan was last looked at, while the
//     bot was down, are recorded as DayBotMissed (or DayPaused for a paused
//     member), at most 62 days back;
//   - on a study day (not a rest day or weekend under the rules, and for a
//     member on the default time a day the Prompt spec fires), unless the
//     member is paused or done: queues the day's prompt once the member's
//     time has come, marked late if it is more than LateAfter past it, or
//     records DayBotMissed if the cutoff has passed before it could go out;
//   - queues the prompt again when a snooze the member pressed runs out,
//     until the cutoff;
//   - queues the evening nudge to a member prompted and not done, at the
//     first occurrence of the Nudge spec after the member's last prompt.
//     A prompt that goes out late, after that occurrence, stands in for the
//     nudge; no nudge goes out while a snooze runs.
//
// During quiet hours nothing is queued: what falls due waits until they end
// (or the cutoff). The idempotency key of every message (PromptKey,
// NudgeKey) guards against queueing one twice even if a plan were written
// back stale.
//
// The plans are changed in member id order, tickPart of them to a store
// transaction: each part commits its members' plans and day records (the
// Prompted marks) with the messages it queued, so a Tick stopped between
// parts, by a crash or an error, leaves every member either done with or
// untouched, and the next Tick does the rest. The secretaries' notice of
// the days missed by the bot goes with the last part and counts what the
// whole Tick recorded.
//
// Most minutes nothing is due: Tick then reads in a read-only transaction
// and writes nothing, so it neither holds the store's write lock nor syncs
// the file.
func (s *Scheduler) Tick(now time.Time) (TickResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.newTick(now)
	first := int64(-1) // the first member whose plan needs a write
	err := s.db.View(func(tx *store.Tx) error {
		t.begin(tx, true)
		err := tx.ForEachStudyPlan(func(p *branchbot.StudyPlan) error {
			err := t.plan(p)
			if errors.Is(err, errWouldWrite) {
				first = p.MemberID
			}
			return err
		})
		if errors.Is(err, errWouldWrite) {
			return nil
		}
		return err
	})
	var res TickResult
	var missed branchbot.MissedByBot
	for after := first - 1; err == nil && first >= 0; {
		var last int64
		full := false
		err = s.db.Update(func(tx *store.Tx) error {
			t.begin(tx, false)
			err := tx.ForEachStudyPlanAfter(after, func(p *branchbot.StudyPlan) error {
				if t.changed >= tickPart {
					full = true
					return errPartFull
				}
				last = p.MemberID
				return t.plan(p)
			})
			if err != nil && !errors.Is(err, errPartFull) {
				return err
			}
			if err := t.flushDays(); err != nil {
				return err
			}
			if err := t.flush(); err != nil {
				return err
			}
			if all := addMissed(missed, t.missed); !full && all.Days > 0 && s.missed != nil {
				return s.missed.BotMissed(tx, all)
			}
			return nil
		})
		if err != nil {
			break
		}
		res = res.add(t.res)
		missed = addMissed(missed, t.missed)
		if t.res.Queued() > 0 && s.notify != nil {
			s.notify() // the sender starts on this part while the next is queued
		}
		if !full {
			break
		}
		after = last
	}
	err = errors.Join(err, s.followUpBroadcasts(now), s.followUpMeetings(now)) // broadcast.go, meetings.go
	err = errors.Join(err, s.followUpCases(now), s.followUpQuizzes(now))       // cases.go, quiz.go
	_, rerr := s.tickReports(now)                                              // reports.go
	err = errors.Join(err, rerr)
	if err != nil {
		return TickResult{}, fmt.Errorf("schedule: tick at %s: %w", now.Format(time.RFC3339), err)
	}
	if res != (TickResult{}) {
		s.log.Info("tick", "day", t.day, "prompts", res.Prompts, "late", res.LatePrompts,
			"reprompts", res.Reprompts, "nudges", res.Nudges, "bot_missed", res.BotMissed)
	}
	return res, nil
}

// tick is one Tick's view of time, computed once for all the plans, and
// its progress.
type tick struct {
	s        *Scheduler
	now      time.Time
	day      branchbot.Day // today, in the branch's zone
	y        int
	m        time.Month
	d        int
	dayEnd   time.Time // the first instant of tomorrow
	cutoff   time.Time // the branch's cutoff today; zero for none
	quiet    bool      // now is in the quiet hours
	study    bool      // today is a study day under the rules
	def      *slot     // the default time today; nil if the Prompt spec does not fire today
	slots    map[int]*slot
	defFires map[branchbot.Day]bool // whether the Prompt spec fires on a day (for catch-up)

	tx   *store.Tx
	days *store.DayRecords // today's records, a group of members at a time
	// past holds the records of the days before today that catch-up
	// closes, one reader and writer per day.
	past map[branchbot.Day]*store.DayRecords
	dry  bool // the read-only pass: stop at the first write
	// res and missed count what the current part did; changed counts the
	// plans it changed.
	res     TickResult
	changed int
	// missed sums up the days recorded as missed by the bot, for
	// Options.Missed; planMissed is set when the current plan had one.
	missed     branchbot.MissedByBot
	planMissed bool
	rec        todayRecord // the current plan's record of today
	queue      []queued    // messages to queue at the end of the part
}

// slot is a study time today and what follows from it.
type slot struct {
	at     time.Time // when the prompt is due
	cutoff time.Time // when a prompt not yet sent is given up
	nudge  time.Time // the first nudge after at today; zero if none
}

// todayRecord is a plan's StudyDay of today, read once and written back
// only if it changed.
type todayRecord struct {
	loaded bool
	day    branchbot.StudyDay
	orig   branchbot.StudyDay
}

// queued is a message decided in the Update pass, queued at its end.
type queued struct {
	o    branchbot.Outgoing
	kind kind
}

// kind is what a queued message counts as in TickResult.
type kind uint8

const (
	kindPrompt kind = iota
	kindLatePrompt
	kindReprompt
	kindNudge
	kindEdit
)

func (s *Scheduler) newTick(now time.Time) *tick {
	t := &tick{s: s, now: now, day: branchbot.DayOf(now, s.loc), slots: make(map[int]*slot)}
	t.y, t.m, t.d = t.day.Date()
	t.dayEnd = (t.day + 1).Time(s.loc)
	if s.cutoff != (branchbot.ClockTime{}) {
		t.cutoff = At(t.y, t.m, t.d, s.cutoff, s.loc)
	}
	t.quiet = s.quiet.Contains(branchbot.ClockOf(now, s.loc))
	t.study = s.rules.StudyDue(t.day)
	if at, ok := firstOn(s.prompt, t.day, s.loc); ok {
		t.def = t.slotAt(at)
	}
	return t
}

// begin starts a pass over the plans in tx.
func (t *tick) begin(tx *store.Tx, dry bool) {
	t.tx, t.days, t.past, t.dry, t.res, t.changed = tx, tx.DayRecords(t.day), nil, dry, TickResult{}, 0
	t.queue = t.queue[:0]
	t.missed = branchbot.MissedByBot{At: t.now}
}

// firstOn returns the first firing of spec on local day d in loc.
func firstOn(spec *Spec, d branchbot.Day, loc *time.Location) (time.Time, bool) {
	at := spec.Next(d.Time(loc).Add(-time.Nanosecond))
	return at, !at.IsZero() && at.Before((d + 1).Time(loc))
}

// slotAt works out the day's cutoff and nudge for a prompt due at at.
func (t *tick) slotAt(at time.Time) *slot {
	sl := &slot{at: at, cutoff: t.dayEnd, nudge: t.nudgeAfter(at)}
	if !t.cutoff.IsZero() && at.Before(t.cutoff) {
		sl.cutoff = t.cutoff
	}
	return sl
}

// nudgeAfter returns the first firing of the Nudge spec after instant at
// and still today, or the zero time.
func (t *tick) nudgeAfter(at time.Time) time.Time {
	if t.s.nudge == nil {
		return time.Time{}
	}
	n := t.s.nudge.Next(at)
	if n.IsZero() || !n.Before(t.dayEnd) {
		return time.Time{}
	}
	return n
}

// ownMinute returns the member's own study time as a minute of the day, or
// false for a member on the default time. A minute out of range is taken
// as the default time.
func ownMinute(p *branchbot.StudyPlan) (int, bool) {
	m := int(p.Minute)
	return m, 0 <= m && m < 24*60
}

// slotOf returns the member's study time today, or nil if today is not a
// study day for them.
func (t *tick) slotOf(p *branchbot.StudyPlan) *slot {
	if !t.study {
		return nil
	}
	m, own := ownMinute(p)
	if !own {
		return t.def
	}
	sl := t.slots[m]
	if sl == nil {
		sl = t.slotAt(At(t.y, t.m, t.d, branchbot.ClockFromMinutes(m), t.s.loc))
		t.slots[m] = sl
	}
	return sl
}

// studyDay reports whether day d is a study day for the member of p.
func (t *tick) studyDay(p *branchbot.StudyPlan, d branchbot.Day) bool {
	if !t.s.rules.StudyDue(d) {
		return false
	}
	if _, own := ownMinute(p); own {
		return true
	}
	if d == t.day {
		return t.def != nil
	}
	fires, ok := t.defFires[d]
	if !ok {
		_, fires = firstOn(t.s.prompt, d, t.s.loc)
		if t.defFires == nil {
			t.defFires = make(map[branchbot.Day]bool)
		}
		t.defFires[d] = fires
	}
	return fires
}

// plan decides what is due for one member.
func (t *tick) plan(p *branchbot.StudyPlan) error {
	if !p.Active || p.ChatID == 0 {
		return nil
	}
	orig := *p
	t.rec, t.planMissed = todayRecord{}, false
	if err := t.open(p); err != nil {
		return err
	}
	if err := t.due(p); err != nil {
		return err
	}
	if t.planMissed {
		t.missed.Members++
	}
	changed := false
	if t.rec.loaded && t.rec.day != t.rec.orig {
		if t.dry {
			return errWouldWrite
		}
		if err := t.days.Put(p.MemberID, t.rec.day); err != nil {
			return err
		}
		changed = true
	}
	if *p != orig {
		if t.dry {
			return errWouldWrite
		}
		if err := t.tx.PutStudyPlan(p); err != nil {
			return err
		}
		changed = true
	}
	if changed || t.planMissed {
		t.changed++
	}
	return nil
}

// records returns the reader and writer of day d's records.
func (t *tick) records(d branchbot.Day) *store.DayRecords {
	if d == t.day {
		return t.days
	}
	r := t.past[d]
	if r == nil {
		if t.past == nil {
			t.past = make(map[branchbot.Day]*store.DayRecords)
		}
		r = t.tx.DayRecords(d)
		t.past[d] = r
	}
	return r
}

// flushDays writes back the day records the pass changed.
func (t *tick) flushDays() error {
	if err := t.days.Flush(); err != nil {
		return err
	}
	for _, r := range t.past {
		if err := r.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// record returns the member's record of today, for reading and changing.
func (t *tick) record(p *branchbot.StudyPlan) (*branchbot.StudyDay, error) {
	if !t.rec.loaded {
		sd, err := t.days.Get(p.MemberID)
		if err != nil {
			return nil, err
		}
		t.rec = todayRecord{loaded: true, day: sd, orig: sd}
	}
	return &t.rec.day, nil
}
