package schedule

import (
	"slices"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestCatchUp(t *testing.T) {
	t.Run("down 07:00 to 10:00", func(t *testing.T) {
		h := newHarness(t, "", nil)
		h.addPlans(member(1, hm(7, 45)), member(2, branchbot.DefaultMinute), member(3, hm(10, 30)))
		h.tick(h.local(2026, 3, 10, 6, 59))
		if r := h.tick(h.local(2026, 3, 10, 10, 0)); r != (TickResult{Prompts: 2, LatePrompts: 2}) {
			t.Errorf("first tick after the restart: %+v", r)
		}
		for _, c := range h.calls() {
			if !c.late || c.repeat != 0 {
				t.Errorf("call %+v, want a late first prompt", c)
			}
		}
		if sd := h.day(1, dayOf(2026, 3, 10)); !sd.Prompted || !sd.Late {
			t.Errorf("day %+v, want prompted late", sd)
		}
		if r := h.tick(h.local(2026, 3, 10, 10, 30)); r != (TickResult{Prompts: 1}) {
			t.Errorf("member 3 at 10:30: %+v", r)
		}
	})

	t.Run("down past the cutoff", func(t *testing.T) {
		h := newHarness(t, "", nil)
		h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)), member(3, hm(22, 0)))
		h.tick(h.local(2026, 3, 10, 6, 59))
		h.done(2, h.local(2026, 3, 10, 7, 0)) // studied early, before the prompt
		if r := h.tick(h.local(2026, 3, 10, 21, 31)); r != (TickResult{BotMissed: 1}) {
			t.Errorf("first tick after the cutoff: %+v", r)
		}
		if sd := h.day(1, dayOf(2026, 3, 10)); sd.Status != branchbot.DayBotMissed || sd.Prompted {
			t.Errorf("day %+v, want bot-missed, not prompted", sd)
		}
		if sd := h.day(2, dayOf(2026, 3, 10)); sd.Status != branchbot.DayDone {
			t.Errorf("done member's day %+v", sd)
		}
		if r := h.tick(h.local(2026, 3, 10, 23, 59)); r != (TickResult{Prompts: 1, LatePrompts: 1}) {
			t.Errorf("rest of the evening: %+v (member 3's time is after the cutoff)", r)
		}
		if n := len(h.outbox()); n != 1 {
			t.Errorf("%d messages queued: %q", n, h.keys())
		}
	})

	t.Run("down two whole days", func(t *testing.T) {
		h := newHarness(t, "", nil)
		paused := member(3, hm(7, 45))
		paused.Paused, paused.PausedUntil = true, dayOf(2026, 3, 11)
		h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)), paused, member(4, hm(20, 0)))
		h.ticks(h.local(2026, 3, 10, 7, 0), h.local(2026, 3, 10, 8, 0), time.Minute, nil)
		h.done(2, h.local(2026, 3, 10, 7, 55))
		// Member 4's time has not come when the bot goes down at 08:00 on
		// the 10th; it comes back at 07:00 on the 13th.
		if r := h.tick(h.local(2026, 3, 13, 7, 0)); r != (TickResult{BotMissed: 8}) {
			t.Errorf("first tick after the restart: %+v", r)
		}
		want := map[int64][]branchbot.DayStatus{ // the 10th to the 12th
			1: {branchbot.DayDue, branchbot.DayBotMissed, branchbot.DayBotMissed}, // the 10th was prompted: missed by the member
			2: {branchbot.DayDone, branchbot.DayBotMissed, branchbot.DayBotMissed},
			3: {branchbot.DayPaused, branchbot.DayPaused, branchbot.DayDue}, // the 12th: not paused, not yet looked at
			4: {branchbot.DayBotMissed, branchbot.DayBotMissed, branchbot.DayBotMissed},
		}
		// Member 3 was paused up to the 11th; the 12th was a study day the
		// bot missed.
		want[3][2] = branchbot.DayBotMissed
		if r := h.tick(h.local(2026, 3, 13, 7, 0)); r != (TickResult{}) {
			t.Errorf("second tick: %+v", r)
		}
		for id, days := range want {
			for i, w := range days {
				d := dayOf(2026, 3, 10) + branchbot.Day(i)
				if got := h.day(id, d).Status; got != w {
					t.Errorf("member %d on %s: %s, want %s", id, d, got, w)
				}
			}
		}
		if r := h.tick(h.local(2026, 3, 13, 7, 45)); r != (TickResult{Prompts: 3}) {
			t.Errorf("the 13th at 07:45: %+v", r)
		}
	})

	t.Run("down for months", func(t *testing.T) {
		h := newHarness(t, "", nil)
		old := member(1, hm(7, 45))
		old.DayOpen = dayOf(2025, 11, 1)
		joined := member(2, hm(7, 45))
		joined.DayOpen, joined.JoinedDay = dayOf(2025, 11, 1), dayOf(2026, 3, 1)
		h.addPlans(old, joined)
		if r := h.tick(h.local(2026, 3, 10, 6, 0)); r.BotMissed != maxCatchUp+9 {
			t.Errorf("catch-up: %+v, want %d days", r, maxCatchUp+9)
		}
		today := dayOf(2026, 3, 10)
		if s := h.day(1, today-maxCatchUp-1).Status; s != branchbot.DayDue {
			t.Errorf("day %d back: %s, want untouched", maxCatchUp+1, s)
		}
		if s := h.day(1, today-maxCatchUp).Status; s != branchbot.DayBotMissed {
			t.Errorf("day %d back: %s", maxCatchUp, s)
		}
		if s := h.day(2, dayOf(2026, 2, 28)).Status; s != branchbot.DayDue {
			t.Errorf("before joining: %s, want untouched", s)
		}
		if s := h.day(2, dayOf(2026, 3, 1)).Status; s != branchbot.DayBotMissed {
			t.Errorf("the day of joining: %s", s)
		}
	})

	t.Run("down over a weekend", func(t *testing.T) {
		h := newHarness(t, "", func(o *Options) { o.Rules.Streaks.Weekends = true })
		h.addPlans(member(1, hm(7, 45)))
		h.tick(h.local(2026, 3, 13, 7, 45)) // Friday
		if r := h.tick(h.local(2026, 3, 16, 8, 0)); r != (TickResult{Prompts: 1, LatePrompts: 1}) {
			t.Errorf("Monday: %+v", r)
		}
		if sd := h.day(1, dayOf(2026, 3, 13)); sd.Status != branchbot.DayDue || !sd.Prompted {
			t.Errorf("Friday: %+v, want prompted, not done", sd)
		}
		for d := dayOf(2026, 3, 14); d <= dayOf(2026, 3, 15); d++ {
			if sd := h.day(1, d); sd != (branchbot.StudyDay{}) {
				t.Errorf("%s recorded %+v", d, sd)
			}
		}
	})
}

// missedLog records what the scheduler reports as missed by the bot, and
// queues a message in the Tick's transaction as the bot does.
type missedLog struct{ got []branchbot.MissedByBot }

func (l *missedLog) BotMissed(tx *store.Tx, m branchbot.MissedByBot) error {
	l.got = append(l.got, m)
	_, err := tx.Enqueue(&branchbot.Outgoing{ChatID: 1, Key: "missed/" + m.At.Format(time.RFC3339), Text: "missed"})
	return err
}

// The days recorded as missed by the bot are reported, once, with the
// span and the number of members, in the Tick's transaction.
func TestCatchUpReportsMissed(t *testing.T) {
	log := new(missedLog)
	h := newHarness(t, "", func(o *Options) { o.Missed = log })
	paused := member(3, hm(7, 45))
	paused.Paused, paused.PausedUntil = true, dayOf(2026, 3, 11)
	h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)), paused, member(4, hm(20, 0)))
	h.ticks(h.local(2026, 3, 10, 7, 0), h.local(2026, 3, 10, 8, 0), time.Minute, nil)
	if len(log.got) != 0 {
		t.Fatalf("reported before any day was missed: %+v", log.got)
	}
	at := h.local(2026, 3, 13, 7, 0)
	if r := h.tick(at); r.BotMissed != 8 {
		t.Fatalf("first tick after the restart: %+v", r)
	}
	want := branchbot.MissedByBot{At: at, First: dayOf(2026, 3, 10), Last: dayOf(2026, 3, 12), Days: 8, Members: 4}
	if len(log.got) != 1 || !log.got[0].At.Equal(want.At) || log.got[0].First != want.First || log.got[0].Last != want.Last ||
		log.got[0].Days != want.Days || log.got[0].Members != want.Members {
		t.Fatalf("reported %+v, want %+v", log.got, want)
	}
	if !slices.Contains(h.keys(), "missed/"+at.Format(time.RFC3339)) {
		t.Errorf("the report's message was not queued with the Tick: %q", h.keys())
	}
	h.tick(at.Add(time.Minute))
	if len(log.got) != 1 {
		t.Errorf("reported again: %+v", log.got)
	}
}

// Catch-up rewrites days through DayRecords, which leave streak marks be:
// it must never reach back to days a mark may count.
func TestCatchUpStaysClearOfSettledDays(t *testing.T) {
	if maxCatchUp >= branchbot.SettledDays {
		t.Fatalf("catch-up goes back %d days, but days are settled after %d", maxCatchUp, branchbot.SettledDays)
	}
}
