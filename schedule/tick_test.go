package schedule

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// byLocal turns tick results keyed by instant into results keyed by the
// local clock reading, for readable comparisons.
func byLocal(rs map[time.Time]TickResult, loc *time.Location) map[string]TickResult {
	out := make(map[string]TickResult, len(rs))
	for t, r := range rs {
		out[t.In(loc).Format("2006-01-02 15:04:05 MST")] = r
	}
	return out
}

func checkResults(t *testing.T, got map[time.Time]TickResult, loc *time.Location, want map[string]TickResult) {
	t.Helper()
	g := byLocal(got, loc)
	for k, w := range want {
		if g[k] != w {
			t.Errorf("tick at %s: got %+v, want %+v", k, g[k], w)
		}
	}
	for k, r := range g {
		if _, ok := want[k]; !ok {
			t.Errorf("tick at %s: unexpected %+v", k, r)
		}
	}
}

func TestNormalDay(t *testing.T) {
	h := newHarness(t, "", nil)
	today := dayOf(2026, 3, 10) // a Tuesday
	h.addPlans(
		member(1, hm(7, 45)),
		member(2, branchbot.DefaultMinute), // the Prompt spec says 07:45
		member(3, hm(7, 45)),               // studies at 08:10
		member(4, hm(21, 45)),              // after the cutoff and the nudge
		member(5, hm(12, 0)),
	)
	h.update(func(tx *store.Tx) error { // 5 is not reachable
		p, err := tx.StudyPlan(5)
		if err != nil {
			return err
		}
		p.Active = false
		return tx.PutStudyPlan(p)
	})
	got := h.ticks(h.local(2026, 3, 10, 0, 0), h.local(2026, 3, 11, 0, 0), time.Minute, func(now time.Time) {
		if now.Equal(h.local(2026, 3, 10, 8, 10)) {
			h.done(3, now)
		}
	})
	checkResults(t, got, h.loc, map[string]TickResult{
		"2026-03-10 07:45:00 CST": {Prompts: 3},
		"2026-03-10 21:00:00 CST": {Nudges: 2},
		"2026-03-10 21:45:00 CST": {Prompts: 1},
	})
	wantKeys := []string{
		"study/2026-03-10/m0000000001", "study/2026-03-10/m0000000002", "study/2026-03-10/m0000000003",
		"nudge/2026-03-10/m0000000001", "nudge/2026-03-10/m0000000002",
		"study/2026-03-10/m0000000004",
	}
	if keys := h.keys(); !slices.Equal(keys, wantKeys) {
		t.Errorf("outbox keys %q, want %q", keys, wantKeys)
	}
	for _, o := range h.outbox() {
		if o.ChatID != 1000+o.MemberID || o.MemberID == 0 {
			t.Errorf("%s: chat %d member %d", o.Key, o.ChatID, o.MemberID)
		}
		if !o.NotBefore.IsZero() || o.CreatedAt.IsZero() || o.Live == "" {
			t.Errorf("%s: NotBefore %v CreatedAt %v live %q", o.Key, o.NotBefore, o.CreatedAt, o.Live)
		}
	}
	want := branchbot.StudyDay{Prompted: true, Nudged: true, Prompts: 1, Section: 1}
	if got := h.day(1, today); got != want {
		t.Errorf("member 1's day: %+v, want %+v", got, want)
	}
	if got := h.day(3, today); got.Status != branchbot.DayDone || got.Nudged {
		t.Errorf("member 3's day: %+v, want done, not nudged", got)
	}
	p := h.plan(1)
	if p.DayOpen != today || p.NudgedDay != today {
		t.Errorf("member 1's plan: %+v", p)
	}
	if p := h.plan(5); p.DayOpen != 0 || h.day(5, today) != (branchbot.StudyDay{}) {
		t.Errorf("inactive member 5 was touched: %+v", p)
	}
}

func TestSectionFromPlan(t *testing.T) {
	h := newHarness(t, "", nil)
	p := member(1, hm(7, 0))
	p.Section = 4 // past the end of a 3-section handbook: wraps to 1
	h.addPlans(p)
	h.tick(h.local(2026, 3, 10, 7, 0))
	calls := h.calls()
	if len(calls) != 1 || calls[0].index != 1 {
		t.Fatalf("calls %+v, want one prompt of section index 1", calls)
	}
	if got := h.day(1, dayOf(2026, 3, 10)).Section; got != 2 {
		t.Errorf("recorded section %d, want 2", got)
	}
}

func TestRestart(t *testing.T) {
	h := newHarness(t, "", nil)
	h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)))
	at := h.local(2026, 3, 10, 7, 50)
	if r := h.tick(at); r != (TickResult{Prompts: 2, LatePrompts: 0}) {
		t.Fatalf("first tick: %+v", r)
	}
	if r := h.tick(at); r != (TickResult{}) {
		t.Errorf("same instant again: %+v", r)
	}
	h.reopen()
	for _, now := range []time.Time{at, at.Add(time.Second), h.local(2026, 3, 10, 8, 0)} {
		if r := h.tick(now); r != (TickResult{}) {
			t.Errorf("after restart, tick at %s: %+v", now, r)
		}
	}
	nudge := h.local(2026, 3, 10, 21, 0)
	if r := h.tick(nudge); r.Nudges != 2 {
		t.Errorf("nudge: %+v", r)
	}
	h.reopen()
	if r := h.tick(nudge); r != (TickResult{}) {
		t.Errorf("nudge again after restart: %+v", r)
	}
	if r := h.tick(h.local(2026, 3, 10, 23, 0)); r != (TickResult{}) {
		t.Errorf("late evening: %+v", r)
	}

	// Even if member 2's plan and record were written back stale, the
	// outbox keys keep the messages once-only.
	today := dayOf(2026, 3, 10)
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(2)
		if err != nil {
			return err
		}
		p.NudgedDay = today - 1
		if err := tx.PutStudyPlan(p); err != nil {
			return err
		}
		return tx.PutStudyDay(2, today, branchbot.StudyDay{})
	})
	if r := h.tick(h.local(2026, 3, 10, 21, 5)); r != (TickResult{}) {
		t.Errorf("stale plan: %+v", r)
	}
	if n := len(h.outbox()); n != 4 {
		t.Errorf("%d messages queued, want 4: %q", n, h.keys())
	}
	if sd := h.day(2, today); !sd.Prompted {
		t.Errorf("stale record not brought up to date: %+v", sd)
	}
}

func TestQuietHours(t *testing.T) {
	h := newHarness(t, "", func(o *Options) {
		o.Quiet = branchbot.QuietHours{From: clockAt(22, 0), To: clockAt(7, 0)}
		o.Nudge = mustParseSpec(t, "0 21,23 * * *", o.Location)
	})
	h.addPlans(member(1, hm(6, 30)), member(2, hm(7, 30)), member(3, hm(23, 15)))
	got := h.ticks(h.local(2026, 3, 10, 0, 0), h.local(2026, 3, 11, 0, 0), time.Minute, nil)
	checkResults(t, got, h.loc, map[string]TickResult{
		"2026-03-10 07:00:00 CST": {Prompts: 1, LatePrompts: 1},
		"2026-03-10 07:30:00 CST": {Prompts: 1},
		"2026-03-10 21:00:00 CST": {Nudges: 2},
	})
	calls := h.calls()
	if len(calls) == 0 || calls[0].member != 1 || !calls[0].late {
		t.Errorf("first call %+v, want member 1's prompt marked late", calls)
	}
	if sd := h.day(1, dayOf(2026, 3, 10)); !sd.Late {
		t.Errorf("member 1's day not marked late: %+v", sd)
	}
	// Member 3's time is in the quiet hours all the way to midnight: the
	// next day's first tick records the day as missed by the bot.
	if r := h.tick(h.local(2026, 3, 11, 0, 0)); r.BotMissed != 1 {
		t.Errorf("midnight: %+v", r)
	}
	if sd := h.day(3, dayOf(2026, 3, 10)); sd.Status != branchbot.DayBotMissed {
		t.Errorf("member 3's day: %+v", sd)
	}
}

func TestSnooze(t *testing.T) {
	h := newHarness(t, "", nil)
	h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)))
	day := func(hour, minute int) time.Time { return h.local(2026, 3, 10, hour, minute) }
	got := h.ticks(day(7, 0), day(23, 0), time.Minute, func(now time.Time) {
		switch {
		case now.Equal(day(7, 50)):
			h.snooze(1, now, hm(8, 20))
			h.snooze(2, now, hm(21, 40)) // past the cutoff: never comes
		case now.Equal(day(8, 30)):
			h.snooze(1, now, hm(9, 0))
		case now.Equal(day(9, 10)):
			// A third snooze, if the bot let one through, brings no third
			// re-prompt.
			h.snooze(1, now, hm(9, 40))
		}
	})
	checkResults(t, got, h.loc, map[string]TickResult{
		"2026-03-10 07:45:00 CST": {Prompts: 2},
		"2026-03-10 08:20:00 CST": {Reprompts: 1},
		"2026-03-10 09:00:00 CST": {Reprompts: 1},
		"2026-03-10 21:00:00 CST": {Nudges: 1},
	})
	wantKeys := []string{
		"study/2026-03-10/m0000000001", "study/2026-03-10/m0000000002",
		"study/2026-03-10/m0000000001/r1", "study/2026-03-10/m0000000001/r1/off",
		"study/2026-03-10/m0000000001/r2", "study/2026-03-10/m0000000001/r2/off",
		"nudge/2026-03-10/m0000000001",
	}
	if keys := h.keys(); !slices.Equal(keys, wantKeys) {
		t.Errorf("outbox keys %q, want %q", keys, wantKeys)
	}
	// Each prompt that comes again takes the buttons off the one before.
	for _, o := range h.outbox() {
		if !strings.HasSuffix(o.Key, "/off") {
			continue
		}
		before := "study/2026-03-10/m0000000001"
		if strings.HasSuffix(o.Key, "/r2/off") {
			before += "/r1"
		}
		if !o.KeyboardOnly || o.EditKey != before || len(o.Keyboard) != 0 || o.Text != "" || o.Live != "" {
			t.Errorf("%s: %+v, want a keyboard-only edit of %s taking the buttons off", o.Key, o, before)
		}
	}
	var repeats []int
	for _, c := range h.calls() {
		if c.kind == "prompt" && c.member == 1 {
			repeats = append(repeats, c.repeat)
		}
	}
	if !slices.Equal(repeats, []int{0, 1, 2}) {
		t.Errorf("member 1's prompts had repeats %v, want [0 1 2]", repeats)
	}
	if sd := h.day(1, dayOf(2026, 3, 10)); sd.Prompts != 3 || sd.Snoozes != 3 {
		t.Errorf("member 1's day: %+v", sd)
	}
}

func TestSnoozeLate(t *testing.T) {
	// A re-prompt held up by a restart goes out late, and stands in for a
	// nudge whose time has passed.
	h := newHarness(t, "", func(o *Options) { o.Nudge = mustParseSpec(t, "0 9,21 * * *", o.Location) })
	h.addPlans(member(1, hm(7, 45)))
	h.tick(h.local(2026, 3, 10, 7, 45))
	h.snooze(1, h.local(2026, 3, 10, 7, 50), hm(8, 20))
	if r := h.tick(h.local(2026, 3, 10, 9, 5)); r != (TickResult{Reprompts: 1}) {
		t.Errorf("late re-prompt: %+v", r)
	}
	if c := h.calls(); len(c) != 2 || !c[1].late || c[1].repeat != 1 {
		t.Errorf("calls %+v", c)
	}
	if r := h.tick(h.local(2026, 3, 10, 21, 0)); r != (TickResult{}) {
		t.Errorf("nudge after a late re-prompt: %+v", r)
	}
}

func TestPaused(t *testing.T) {
	h := newHarness(t, "", nil)
	open := member(1, hm(7, 45))
	open.Paused = true
	until := member(2, hm(7, 45))
	until.Paused, until.PausedUntil = true, dayOf(2026, 3, 11)
	h.addPlans(open, until, member(3, branchbot.DefaultMinute))
	got := h.ticks(h.local(2026, 3, 10, 0, 0), h.local(2026, 3, 13, 0, 0), time.Minute, nil)
	if s := sum(got); s != (TickResult{Prompts: 4, Nudges: 4}) {
		t.Errorf("three days: %+v", s)
	}
	for _, c := range h.calls() {
		if c.member == 1 || c.member == 2 && c.day < dayOf(2026, 3, 12) {
			t.Errorf("paused member got %+v", c)
		}
	}
	for d := dayOf(2026, 3, 10); d <= dayOf(2026, 3, 12); d++ {
		if s := h.day(1, d).Status; s != branchbot.DayPaused {
			t.Errorf("member 1 on %s: %s, want paused", d, s)
		}
		want := branchbot.DayPaused
		if d == dayOf(2026, 3, 12) {
			want = branchbot.DayDue // prompted, not done
		}
		if s := h.day(2, d).Status; s != want {
			t.Errorf("member 2 on %s: %s, want %s", d, s, want)
		}
	}
}

func TestRestDays(t *testing.T) {
	h := newHarness(t, "", func(o *Options) {
		o.Rules.Streaks = branchbot.StreakRules{Weekends: true, RestDays: map[branchbot.Day]bool{dayOf(2026, 3, 11): true}}
	})
	h.addPlans(member(1, hm(7, 45)), member(2, branchbot.DefaultMinute))
	// Wednesday 11 March (a rest day) to Sunday 15 March.
	got := h.ticks(h.local(2026, 3, 11, 0, 0), h.local(2026, 3, 16, 0, 0), time.Minute, nil)
	checkResults(t, got, h.loc, map[string]TickResult{
		"2026-03-12 07:45:00 CST": {Prompts: 2},
		"2026-03-12 21:00:00 CST": {Nudges: 2},
		"2026-03-13 07:45:00 CST": {Prompts: 2},
		"2026-03-13 21:00:00 CST": {Nudges: 2},
	})
	for _, d := range []branchbot.Day{dayOf(2026, 3, 11), dayOf(2026, 3, 14), dayOf(2026, 3, 15)} {
		if sd := h.day(1, d); sd != (branchbot.StudyDay{}) {
			t.Errorf("rest day %s recorded %+v", d, sd)
		}
	}
}

func TestDefaultSpec(t *testing.T) {
	h := newHarness(t, "", func(o *Options) { o.Prompt = mustParseSpec(t, "45 7 * * 1-5", o.Location) })
	h.addPlans(member(1, branchbot.DefaultMinute), member(2, hm(7, 45)))
	// Friday 13 March to Monday 16 March, the weekend ticked every minute.
	got := h.ticks(h.local(2026, 3, 13, 0, 0), h.local(2026, 3, 16, 0, 0), time.Minute, nil)
	checkResults(t, got, h.loc, map[string]TickResult{
		"2026-03-13 07:45:00 CST": {Prompts: 2},
		"2026-03-13 21:00:00 CST": {Nudges: 2},
		"2026-03-14 07:45:00 CST": {Prompts: 1},
		"2026-03-14 21:00:00 CST": {Nudges: 1},
		"2026-03-15 07:45:00 CST": {Prompts: 1},
		"2026-03-15 21:00:00 CST": {Nudges: 1},
	})
	for _, c := range h.calls() {
		if c.member == 1 && c.day != dayOf(2026, 3, 13) {
			t.Errorf("member on the default time got %+v", c)
		}
	}
	// The weekend was no study day for member 1: Monday's first tick,
	// after the bot was down all weekend, records nothing for it.
	h2 := newHarness(t, "", func(o *Options) { o.Prompt = mustParseSpec(t, "45 7 * * 1-5", o.Location) })
	h2.addPlans(member(1, branchbot.DefaultMinute))
	h2.tick(h2.local(2026, 3, 13, 22, 0))
	if r := h2.tick(h2.local(2026, 3, 16, 7, 45)); r != (TickResult{Prompts: 1}) {
		t.Errorf("Monday after a weekend down: %+v", r)
	}
	for d := dayOf(2026, 3, 14); d <= dayOf(2026, 3, 15); d++ {
		if sd := h2.day(1, d); sd != (branchbot.StudyDay{}) {
			t.Errorf("%s recorded %+v", d, sd)
		}
	}
}

func TestJoinedLater(t *testing.T) {
	h := newHarness(t, "", nil)
	p := member(1, hm(7, 45))
	p.JoinedDay = dayOf(2026, 3, 11)
	h.addPlans(p)
	if r := h.tick(h.local(2026, 3, 10, 8, 0)); r != (TickResult{}) {
		t.Errorf("before joining: %+v", r)
	}
	if r := h.tick(h.local(2026, 3, 11, 8, 0)); r != (TickResult{Prompts: 1, LatePrompts: 1}) {
		t.Errorf("first day: %+v", r)
	}
	if sd := h.day(1, dayOf(2026, 3, 10)); sd != (branchbot.StudyDay{}) {
		t.Errorf("day before joining recorded %+v", sd)
	}
}

func TestDST(t *testing.T) {
	tests := []struct {
		name    string
		day     branchbot.Day
		own     branchbot.ClockTime
		spec    string
		wantUTC string // the instant both prompts go out
	}{
		// 02:00 PST jumps to 03:00 PDT: 02:30 fires at the jump.
		{"spring forward", dayOf(2026, 3, 8), clockAt(2, 30), "30 2 * * *", "2026-03-08T10:00:00Z"},
		// 01:00-02:00 happens twice: 01:30 fires at its first occurrence.
		{"fall back", dayOf(2026, 11, 1), clockAt(1, 30), "30 1 * * *", "2026-11-01T08:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "America/Los_Angeles", func(o *Options) { o.Prompt = mustParseSpec(t, tt.spec, o.Location) })
			h.addPlans(member(1, tt.own.Minutes()), member(2, branchbot.DefaultMinute))
			start, end := tt.day.Time(h.loc), (tt.day + 1).Time(h.loc)
			// Every 30 s through the small hours, where the clocks change,
			// then every minute.
			got := h.ticks(start, start.Add(4*time.Hour), 30*time.Second, nil)
			for k, v := range h.ticks(start.Add(4*time.Hour), end, time.Minute, nil) {
				got[k] = v
			}
			want := map[string]TickResult{
				mustTime(t, tt.wantUTC).In(h.loc).Format("2006-01-02 15:04:05 MST"):                                                         {Prompts: 2},
				time.Date(2026, tt.day.Time(h.loc).Month(), tt.day.Time(h.loc).Day(), 21, 0, 0, 0, h.loc).Format("2006-01-02 15:04:05 MST"): {Nudges: 2},
			}
			checkResults(t, got, h.loc, want)
			if n := len(h.outbox()); n != 4 {
				t.Errorf("%d messages, want 4: %q", n, h.keys())
			}
		})
	}
}

func TestTickIdleWritesNothing(t *testing.T) {
	h := newHarness(t, "", nil)
	h.addPlans(member(1, hm(7, 45)))
	h.tick(h.local(2026, 3, 10, 7, 0)) // opens the day
	var before, after *branchbot.StudyPlan
	before = h.plan(1)
	for m := 1; m < 45; m++ {
		h.tick(h.local(2026, 3, 10, 7, m))
	}
	after = h.plan(1)
	if *before != *after || len(h.outbox()) != 0 {
		t.Errorf("idle ticks changed the plan %+v to %+v", before, after)
	}
}
