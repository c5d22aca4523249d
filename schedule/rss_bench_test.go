package schedule

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// BenchmarkDayRSS plays one day of a 100,000-member branch through the
// scheduler and the store, as the bot would: the morning Tick queues every
// prompt, the sender's records of each delivery, half the members marking
// the day done, and the evening Tick's nudges to the other half, then
// their deliveries. It reports the process's resident memory after the
// day (VmRSS, once the garbage collector has returned what it can) and at
// its peak (VmHWM), in MB. Run it alone: other benchmarks in the same
// process raise the peak.
func BenchmarkDayRSS(b *testing.B) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	hb := benchHandbook()
	for range b.N {
		clock := time.Date(2026, 3, 10, 7, 46, 0, 0, loc)
		now := func() time.Time { return clock }
		path := copyFixture(b, src, b.TempDir())
		db, err := store.Open(path, store.Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(Options{
			Store: db, Now: now, Location: loc,
			Rules:  &branchbot.StudyRules{Handbook: hb},
			Prompt: mustParseSpec(b, "45 7 * * *", loc),
			Nudge:  mustParseSpec(b, "0 21 * * *", loc),
			Cutoff: clockAt(21, 30),
		})
		if err != nil {
			b.Fatal(err)
		}
		if r, err := s.Tick(clock); err != nil || r.Prompts != fanoutMembers {
			b.Fatalf("morning tick: %+v, %v", r, err)
		}
		deliverAll(b, db, clock)
		clock = clock.Add(time.Hour)
		const chunk = 5000
		for first := int64(1); first <= fanoutMembers; first += chunk {
			err := db.Update(func(tx *store.Tx) error {
				for id := first; id < first+chunk && id <= fanoutMembers; id++ {
					if id%2 == 1 {
						continue
					}
					p, err := tx.StudyPlan(id)
					if err != nil {
						return err
					}
					rec, err := tx.StudyDay(id, fanoutDay)
					if err != nil {
						return err
					}
					rec.Status, rec.At, rec.Minutes = branchbot.DayDone, 8*60+46, 15
					p.DoneDay = fanoutDay
					if err := tx.PutStudyDay(id, fanoutDay, rec); err != nil {
						return err
					}
					if err := tx.PutStudyPlan(p); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		clock = time.Date(2026, 3, 10, 21, 0, 0, 0, loc)
		if r, err := s.Tick(clock); err != nil || r.Nudges != fanoutMembers/2 {
			b.Fatalf("evening tick: %+v, %v", r, err)
		}
		deliverAll(b, db, clock)
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		debug.FreeOSMemory()
		b.ReportMetric(procStatusMB(b, "VmRSS"), "rss-MB")
		b.ReportMetric(procStatusMB(b, "VmHWM"), "peak-rss-MB")
	}
}

// deliverAll does what the sender does for every queued message once
// Telegram has taken it, a page of records per transaction.
func deliverAll(b *testing.B, db *store.DB, at time.Time) {
	b.Helper()
	for {
		var n int
		err := db.Update(func(tx *store.Tx) error {
			recs, err := tx.Outbox(0, 2000)
			if err != nil {
				return err
			}
			n = len(recs)
			for i := range recs {
				o := &recs[i]
				if err := tx.MarkSent(o, branchbot.Delivery{ChatID: o.ChatID, MessageID: int(o.ID), SentAt: at}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// procStatusMB reads a memory figure of this process from /proc, in MB;
// 0 where /proc is not there.
func procStatusMB(b *testing.B, field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
		if err != nil {
			b.Fatal(err)
		}
		return kb / 1024
	}
	return 0
}
