package schedule

import (
	"fmt"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// smallParts makes Ticks change at most n plans per transaction for the
// rest of the test.
func smallParts(t *testing.T, n int) {
	t.Helper()
	old := tickPart
	tickPart = n
	t.Cleanup(func() { tickPart = old })
}

// partsHarness is a harness with members 1 to members on the default
// time.
type partsHarness struct {
	*harness
	members int
}

func newPartsHarness(t *testing.T, members int, edit func(*Options)) *partsHarness {
	t.Helper()
	h := newHarness(t, "", edit)
	plans := make([]branchbot.StudyPlan, members)
	for i := range plans {
		plans[i] = member(int64(i+1), branchbot.DefaultMinute)
	}
	h.addPlans(plans...)
	return &partsHarness{harness: h, members: members}
}

// once checks that every member has exactly one message queued and today
// marked prompted.
func (h *partsHarness) once(t *testing.T, today branchbot.Day) {
	t.Helper()
	seen := make(map[int64]int)
	for _, o := range h.outbox() {
		if o.Key != branchbot.PromptKey(today, o.MemberID, 0) {
			t.Errorf("queued %q for member %d", o.Key, o.MemberID)
		}
		seen[o.MemberID]++
	}
	for id := int64(1); id <= int64(h.members); id++ {
		if seen[id] != 1 {
			t.Errorf("member %d: %d prompts queued, want 1", id, seen[id])
		}
		if sd := h.day(id, today); !sd.Prompted || sd.Prompts != 1 {
			t.Errorf("member %d: today %+v, want prompted once", id, sd)
		}
	}
}

// A morning larger than a part is queued in several transactions, every
// member once, and a second Tick queues nothing.
func TestTickInParts(t *testing.T) {
	smallParts(t, 3)
	h := newPartsHarness(t, 10, nil)
	var notified int
	h.s.notify = func() { notified++ }
	today := dayOf(2026, 3, 10)
	h.tick(h.local(2026, 3, 10, 0, 0)) // opens the day
	if r := h.tick(h.local(2026, 3, 10, 7, 45)); r != (TickResult{Prompts: 10}) {
		t.Fatalf("morning Tick: %+v, want 10 prompts", r)
	}
	if notified != 4 {
		t.Errorf("the sender was told %d times, want once a part (4)", notified)
	}
	h.once(t, today)
	if r := h.tick(h.local(2026, 3, 10, 7, 46)); r != (TickResult{}) {
		t.Errorf("second Tick: %+v", r)
	}
	h.once(t, today)
}

// A Tick stopped in the middle of its parts leaves the parts before
// committed, each with its members' Prompted marks, and nothing of the
// part it was in; the next Tick queues the rest, nobody twice.
func TestTickCrashBetweenParts(t *testing.T) {
	smallParts(t, 3)
	h := newPartsHarness(t, 10, nil)
	h.s.beforePrompt = func(p *branchbot.StudyPlan) {
		if p.MemberID == 5 {
			panic(fmt.Sprintf("crash at member %d", p.MemberID))
		}
	}
	today := dayOf(2026, 3, 10)
	at := h.local(2026, 3, 10, 7, 45)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the Tick did not stop at member 5")
			}
		}()
		h.tick(at)
	}()
	if keys := h.keys(); len(keys) != 3 {
		t.Fatalf("after the crash %q are queued, want the first part's 3", keys)
	}
	for id := int64(1); id <= 10; id++ {
		if sd := h.day(id, today); sd.Prompted != (id <= 3) {
			t.Errorf("member %d after the crash: %+v", id, sd)
		}
	}
	h.reopen()
	if r := h.tick(at.Add(time.Minute)); r != (TickResult{Prompts: 7}) {
		t.Fatalf("Tick after the restart: %+v, want the 7 left", r)
	}
	h.once(t, today)
}

// The days missed by the bot are reported once, for the whole Tick, with
// its last part, however many parts it took.
func TestTickInPartsReportsMissedOnce(t *testing.T) {
	smallParts(t, 2)
	log := new(missedLog)
	h := newPartsHarness(t, 5, func(o *Options) { o.Missed = log })
	h.tick(h.local(2026, 3, 9, 7, 0))
	at := h.local(2026, 3, 12, 7, 0) // the 9th, 10th and 11th went by
	if r := h.tick(at); r.BotMissed != 15 {
		t.Fatalf("Tick after the bot was down: %+v", r)
	}
	want := branchbot.MissedByBot{At: at, First: dayOf(2026, 3, 9), Last: dayOf(2026, 3, 11), Days: 15, Members: 5}
	if len(log.got) != 1 || !log.got[0].At.Equal(want.At) || log.got[0].First != want.First ||
		log.got[0].Last != want.Last || log.got[0].Days != want.Days || log.got[0].Members != want.Members {
		t.Fatalf("reported %+v, want once %+v", log.got, want)
	}
}

// A prompt queued (or sent) before an upgrade under the key of the time,
// without the zero-padded member id, is not queued again under the new
// key: the day record's Prompted mark, written with it, stops the Tick.
// The same holds for a reprompt after a snooze (Prompts) and the nudge
// (NudgedDay).
func TestTickAfterKeyUpgrade(t *testing.T) {
	h := newHarness(t, "", nil)
	today := dayOf(2026, 3, 10)
	h.addPlans(member(1, hm(7, 45)), member(2, hm(7, 45)), member(3, hm(7, 45)))
	h.tick(h.local(2026, 3, 10, 0, 0))
	old := func(kind string, id int64, suffix string) string {
		return fmt.Sprintf("%s/%s/m%d%s", kind, today, id, suffix)
	}
	h.update(func(tx *store.Tx) error {
		// What the old Tick wrote at 07:45: 1 still queued, 2 sent,
		// 3 sent, snoozed until 08:00 and prompted again.
		for id, recs := range map[int64][]string{1: {old("study", 1, "")}, 2: {old("study", 2, "")}, 3: {old("study", 3, ""), old("study", 3, "/r1")}} {
			for i, k := range recs {
				o := &branchbot.Outgoing{Key: k, ChatID: 1000 + id, MemberID: id, Text: "old"}
				if _, err := tx.Enqueue(o); err != nil {
					return err
				}
				if id > 1 && i == 0 {
					if err := tx.MarkSent(o, branchbot.Delivery{ChatID: o.ChatID, MessageID: int(id)}); err != nil {
						return err
					}
				}
			}
			sd := branchbot.StudyDay{Prompted: true, Prompts: uint8(len(recs)), Section: 1}
			if id == 3 {
				sd.Snoozes, sd.At = 1, uint16(hm(8, 0))
			}
			if err := tx.PutStudyDay(id, today, sd); err != nil {
				return err
			}
		}
		// And the evening before the upgrade: 2 was nudged.
		if _, err := tx.Enqueue(&branchbot.Outgoing{Key: old("nudge", 2, ""), ChatID: 1002, MemberID: 2, Text: "old"}); err != nil {
			return err
		}
		p, err := tx.StudyPlan(2)
		if err != nil {
			return err
		}
		p.NudgedDay = today
		return tx.PutStudyPlan(p)
	})
	before := len(h.keys())
	got := h.ticks(h.local(2026, 3, 10, 7, 45), h.local(2026, 3, 10, 21, 1), time.Minute, nil)
	// Only the nudges of 1 and 3 are new.
	if s := sum(got); s != (TickResult{Nudges: 2}) {
		t.Errorf("Ticks after the upgrade: %+v, want the 2 nudges not sent yet", s)
	}
	if n := len(h.keys()); n != before+2 {
		t.Errorf("outbox holds %d messages, want the %d there plus 2 nudges: %q", n, before, h.keys())
	}
	for _, k := range h.keys() {
		for id := int64(1); id <= 3; id++ {
			if k == branchbot.PromptKey(today, id, 0) || k == branchbot.PromptKey(today, id, 1) {
				t.Errorf("prompt %q queued again under the new key", k)
			}
		}
	}
}
