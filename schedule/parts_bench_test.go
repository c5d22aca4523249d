package schedule

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// tickParts are the part sizes the benchmarks below try; fanoutMembers is
// the whole morning in one transaction, as before Ticks were split.
var tickParts = []int{1024, 2048, 4096, 8192, 16384, fanoutMembers}

// BenchmarkTickParts is BenchmarkMorningFanout/text=live for each part
// size: what the commits of the parts cost the fan-out.
func BenchmarkTickParts(b *testing.B) {
	for _, n := range tickParts {
		b.Run(fmt.Sprintf("part=%d", n), func(b *testing.B) {
			old := tickPart
			tickPart = n
			defer func() { tickPart = old }()
			benchFanout(b)
		})
	}
}

// BenchmarkPressesDuringFanout measures ✅ presses that arrive while the
// morning Tick queues the prompts of fanoutMembers members: one press every
// pressEvery, from the Tick's start to its end, each in its own goroutine,
// each a store transaction doing what the bot's done press does to the
// store (the plan, today's record, the history since the streak mark, the
// update id, and the edit of the prompt queued in the outbox). Each
// press's latency runs from when it arrived to its commit. It reports the
// 50th and 99th percentile and the worst, and how long the Tick took
// meanwhile, for each part size; notick is the presses alone, for half a
// second, as the floor.
//
// It goes through the store rather than the bot's update loop: the loop's
// own cost is what BenchmarkDonePresses in package bot measures, and what
// the Tick adds to a press is the wait for the store's write lock.
func BenchmarkPressesDuringFanout(b *testing.B) {
	b.Run("notick", func(b *testing.B) { benchPressesDuringFanout(b, false) })
	for _, n := range tickParts {
		b.Run(fmt.Sprintf("part=%d", n), func(b *testing.B) {
			old := tickPart
			tickPart = n
			defer func() { tickPart = old }()
			benchPressesDuringFanout(b, true)
		})
	}
}

// pressEvery is how often a ✅ press arrives during the fan-out benchmark:
// 100 a second, a busy morning for a large branch, and well within what
// the store commits alone (a commit syncs the file: about 2 ms here).
const pressEvery = 10 * time.Millisecond

func benchPressesDuringFanout(b *testing.B, tick bool) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	now := time.Date(2026, 3, 10, 7, 46, 0, 0, loc)
	hb := benchHandbook()
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	b.StopTimer()
	var lat []time.Duration
	var tickTime time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		s := fanoutScheduler(b, db, now, hb)
		runtime.GC()

		var (
			mu      sync.Mutex
			wg      sync.WaitGroup
			pressed = make(map[int64]bool)
			errs    []error
		)
		stop := make(chan struct{})
		var presser sync.WaitGroup
		presser.Add(1)
		go func() {
			defer presser.Done()
			tk := time.NewTicker(pressEvery)
			defer tk.Stop()
			for {
				select {
				case <-stop:
					return
				case arrived := <-tk.C:
					id := 1 + rng.Int64N(fanoutMembers)
					if pressed[id] {
						continue
					}
					pressed[id] = true
					wg.Add(1)
					go func() {
						defer wg.Done()
						err := db.Update(func(tx *store.Tx) error { return pressDone(tx, id, fanoutDay) })
						d := time.Since(arrived)
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							errs = append(errs, err)
						}
						lat = append(lat, d)
					}()
				}
			}
		}()
		start := time.Now()
		r := TickResult{Prompts: fanoutMembers}
		if tick {
			r, err = s.Tick(now)
		} else {
			time.Sleep(500 * time.Millisecond)
		}
		tickTime += time.Since(start)
		close(stop)
		presser.Wait()
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		// A member who pressed before their part came is done and
		// not prompted; everyone else is prompted once.
		if r.Prompts > fanoutMembers || r.Prompts < fanoutMembers-len(pressed) {
			b.Fatalf("Tick: %+v with %d presses", r, len(pressed))
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if len(lat) == 0 {
		b.Fatal("no press arrived during the fan-out")
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "p50_ms")
	b.ReportMetric(ms(lat[len(lat)*99/100]), "p99_ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max_ms")
	b.ReportMetric(float64(len(lat))/float64(b.N), "presses/op")
	b.ReportMetric(tickTime.Seconds()/float64(b.N), "tick-s")
}

// pressDone does to the store what the bot's ✅ press does: it reads the
// plan and today's record and the days since the member's streak mark,
// marks the day done, moves the plan on, records the update as applied and
// queues the edit of the day's prompt.
func pressDone(tx *store.Tx, id int64, day branchbot.Day) error {
	p, err := tx.StudyPlan(id)
	if err != nil {
		return err
	}
	rec, err := tx.StudyDay(id, day)
	if err != nil {
		return err
	}
	rec.Status, rec.At, rec.Minutes = branchbot.DayDone, 7*60+46, 15
	if err := tx.PutStudyDay(id, day, rec); err != nil {
		return err
	}
	p.DoneDay = day
	p.Section++
	if err := tx.PutStudyPlan(p); err != nil {
		return err
	}
	if _, err := tx.StudyHistory(id, day-60, day); err != nil {
		return err
	}
	if err := tx.SetLastUpdateID(tx.LastUpdateID() + 1); err != nil {
		return err
	}
	_, err = tx.Enqueue(&branchbot.Outgoing{ChatID: p.ChatID, EditKey: branchbot.PromptKey(day, id, 0), Text: "✅ 已学 · 连续 12 天"})
	return err
}
