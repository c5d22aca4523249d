package schedule

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// call is one study message the scheduler queued, read back from its live
// name.
type call struct {
	kind   string // "prompt" or "nudge"
	member int64
	day    branchbot.Day
	index  int
	late   bool
	repeat int
}

// harness is a scheduler over a real bbolt file in a temporary directory,
// with a clock the test sets.
type harness struct {
	tb   testing.TB
	loc  *time.Location
	path string
	opts Options
	db   *store.DB
	s    *Scheduler
	clk  *clocktest.Clock
}

func testHandbook() *branchbot.Handbook {
	return &branchbot.Handbook{Title: "手册", Sections: []branchbot.Section{
		{ID: "one", Title: "第一节", Reading: "一"},
		{ID: "two", Title: "第二节", Reading: "二"},
		{ID: "three", Title: "第三节", Reading: "三"},
	}}
}

// newHarness opens a scheduler in zone (Asia/Shanghai if empty) with the
// branch defaults: prompt 07:45 every day, nudge 21:00, cutoff 21:30, no
// quiet hours. edit changes the options before New.
func newHarness(tb testing.TB, zone string, edit func(*Options)) *harness {
	tb.Helper()
	if zone == "" {
		zone = "Asia/Shanghai"
	}
	loc := mustLoad(tb, zone)
	h := &harness{tb: tb, loc: loc, path: filepath.Join(tb.TempDir(), "branchbot.db"), clk: clocktest.New(time.Time{})}
	h.opts = Options{
		Now:      h.now,
		Location: loc,
		Rules:    &branchbot.StudyRules{Handbook: testHandbook(), SnoozeMinutes: 30},
		Prompt:   mustParseSpec(tb, "45 7 * * *", loc),
		Nudge:    mustParseSpec(tb, "0 21 * * *", loc),
		Cutoff:   branchbot.ClockTime{Hour: 21, Minute: 30},
	}
	if edit != nil {
		edit(&h.opts)
	}
	h.open()
	tb.Cleanup(func() {
		if h.db != nil {
			_ = h.db.Close()
		}
	})
	return h
}

func (h *harness) now() time.Time { return h.clk.Now() }

func (h *harness) setClock(t time.Time) { h.clk.Set(t) }

// open opens the database and a new scheduler on it.
func (h *harness) open() {
	h.tb.Helper()
	db, err := store.Open(h.path, store.Options{Now: h.now})
	if err != nil {
		h.tb.Fatal(err)
	}
	h.db = db
	o := h.opts
	o.Store = db
	s, err := New(o)
	if err != nil {
		h.tb.Fatal(err)
	}
	h.s = s
}

// reopen closes the database and opens it again with a new scheduler, as
// a restart of the bot would.
func (h *harness) reopen() {
	h.tb.Helper()
	if err := h.db.Close(); err != nil {
		h.tb.Fatal(err)
	}
	h.open()
}

// local is a wall-clock time in the harness's zone.
func (h *harness) local(y int, m time.Month, d, hour, minute int) time.Time {
	return time.Date(y, m, d, hour, minute, 0, 0, h.loc)
}

func (h *harness) update(fn func(tx *store.Tx) error) {
	h.tb.Helper()
	if err := h.db.Update(fn); err != nil {
		h.tb.Fatal(err)
	}
}

// member is an active plan on its own time (minute of the day, or
// branchbot.DefaultMinute).
func member(id int64, minute int) branchbot.StudyPlan {
	return branchbot.StudyPlan{MemberID: id, ChatID: 1000 + id, Active: true, Minute: int16(minute)}
}

func hm(hour, minute int) int { return hour*60 + minute }

func (h *harness) addPlans(plans ...branchbot.StudyPlan) {
	h.tb.Helper()
	h.update(func(tx *store.Tx) error {
		for i := range plans {
			if err := tx.PutStudyPlan(&plans[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// tick runs one Tick at now.
func (h *harness) tick(now time.Time) TickResult {
	h.tb.Helper()
	h.setClock(now)
	r, err := h.s.Tick(now)
	if err != nil {
		h.tb.Fatalf("Tick(%s): %v", now, err)
	}
	return r
}

// ticks runs a Tick at from and every step after it, before to, calling
// before (if not nil) ahead of each one, and returns the non-empty results
// by instant.
func (h *harness) ticks(from, to time.Time, step time.Duration, before func(now time.Time)) map[time.Time]TickResult {
	h.tb.Helper()
	out := make(map[time.Time]TickResult)
	for now := from; now.Before(to); now = now.Add(step) {
		if before != nil {
			before(now)
		}
		if r := h.tick(now); r != (TickResult{}) {
			out[now] = r
		}
	}
	return out
}

func (h *harness) outbox() []branchbot.Outgoing {
	h.tb.Helper()
	var out []branchbot.Outgoing
	if err := h.db.View(func(tx *store.Tx) error {
		var err error
		out, err = tx.Outbox(0, 1<<20)
		return err
	}); err != nil {
		h.tb.Fatal(err)
	}
	return out
}

// calls lists the study messages in the outbox, in the order they were
// queued.
func (h *harness) calls() []call {
	h.tb.Helper()
	var out []call
	for _, o := range h.outbox() {
		l, err := branchbot.ParseLive(o.Live)
		switch {
		case err != nil:
			continue
		case l.Kind == branchbot.LivePrompt:
			out = append(out, call{"prompt", o.MemberID, l.Day, l.Section, l.Late, l.Repeat})
		case l.Kind == branchbot.LiveNudge:
			out = append(out, call{"nudge", o.MemberID, l.Day, l.Section, false, 0})
		}
	}
	return out
}

func (h *harness) keys() []string {
	var keys []string
	for _, o := range h.outbox() {
		keys = append(keys, o.Key)
	}
	return keys
}

func (h *harness) plan(id int64) *branchbot.StudyPlan {
	h.tb.Helper()
	var p *branchbot.StudyPlan
	if err := h.db.View(func(tx *store.Tx) error {
		var err error
		p, err = tx.StudyPlan(id)
		return err
	}); err != nil {
		h.tb.Fatal(err)
	}
	return p
}

func (h *harness) day(id int64, d branchbot.Day) branchbot.StudyDay {
	h.tb.Helper()
	var sd branchbot.StudyDay
	if err := h.db.View(func(tx *store.Tx) error {
		var err error
		sd, err = tx.StudyDay(id, d)
		return err
	}); err != nil {
		h.tb.Fatal(err)
	}
	return sd
}

// done marks today done for the member, as the bot does when they press ✅.
func (h *harness) done(id int64, now time.Time) {
	h.tb.Helper()
	today := branchbot.DayOf(now, h.loc)
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(id)
		if err != nil {
			return err
		}
		p.DoneDay = today
		if err := tx.PutStudyPlan(p); err != nil {
			return err
		}
		sd, err := tx.StudyDay(id, today)
		if err != nil {
			return err
		}
		sd.Status = branchbot.DayDone
		sd.At = uint16(branchbot.ClockOf(now, h.loc).Minutes())
		return tx.PutStudyDay(id, today, sd)
	})
}

// snooze puts the prompt off until minute of the day, as the bot does when
// the member presses ⏰.
func (h *harness) snooze(id int64, now time.Time, until int) {
	h.tb.Helper()
	today := branchbot.DayOf(now, h.loc)
	h.update(func(tx *store.Tx) error {
		sd, err := tx.StudyDay(id, today)
		if err != nil {
			return err
		}
		sd.Snoozes++
		sd.At = uint16(until)
		return tx.PutStudyDay(id, today, sd)
	})
}

// dayOf is the Day of a calendar date.
func dayOf(y int, m time.Month, d int) branchbot.Day {
	return branchbot.DayOf(time.Date(y, m, d, 12, 0, 0, 0, time.UTC), time.UTC)
}

// sum adds up tick results.
func sum(rs map[time.Time]TickResult) TickResult {
	var t TickResult
	for _, r := range rs {
		t.Prompts += r.Prompts
		t.LatePrompts += r.LatePrompts
		t.Reprompts += r.Reprompts
		t.Nudges += r.Nudges
		t.BotMissed += r.BotMissed
	}
	return t
}
