package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// BenchmarkDonePresses measures ✅ presses end to end: from the simulated
// member's press, through getUpdates, the done transaction (record, plan,
// streak) and the callback answer sent after the commit, until telegramtest
// holds the answer. Members press from 64 concurrent clients. It reports
// presses per second and the 50th and 99th percentile latency.
//
// history=365d gives every member a year of days done before, and the
// streak mark their earlier presses left: each press reads the days since
// the mark, some two to three months, not the year.
func BenchmarkDonePresses(b *testing.B) {
	for _, history := range []int{0, 365} {
		b.Run(fmt.Sprintf("history=%dd", history), func(b *testing.B) { benchDonePresses(b, history) })
	}
}

func benchDonePresses(b *testing.B, history int) {
	const members = 2000
	clk := clocktest.New(local(2026, 12, 1, 8, 0))
	day := dayOf(2026, 12, 1)
	srv := telegramtest.NewServer(b)
	defer srv.Close()
	db, err := store.Open(filepath.Join(b.TempDir(), "branchbot.db"), store.Options{Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rules := testRules()
	bo := bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: clk.Now, SendClock: time.Now,
		BranchName: "测试支部", Location: shanghai, Secretaries: []int64{secretaryID},
		PollTimeout: 2 * time.Second, Study: rules, DefaultStudyMinute: 7*60 + 30,
		Limits: bot.Limits{GlobalPerSecond: 100000, PerChatPerSecond: 1000, PerGroupPerMinute: 600},
	}
	start := func(bo bot.Options) (*bot.Bot, func()) {
		bt, err := bot.New(bo)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- bt.Run(ctx) }()
		return bt, func() {
			cancel()
			if err := <-done; err != nil {
				b.Error(err)
			}
		}
	}
	bt, stop := start(bo)

	ms := addMembers(b, db, 900000, members)
	err = db.Update(func(tx *store.Tx) error {
		for _, m := range ms {
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			o := bt.Renderer().Prompt(p, day, &rules.Handbook.Sections[0], 0, false, 0)
			o.Key, o.ChatID, o.MemberID = branchbot.PromptKey(day, m.ID, 0), p.ChatID, p.MemberID
			if _, err := tx.Enqueue(&o); err != nil {
				return err
			}
			p.JoinedDay = day - branchbot.Day(history)
			if err := tx.PutStudyPlan(p); err != nil {
				return err
			}
			if err := tx.PutStudyDay(m.ID, day, branchbot.StudyDay{Prompted: true, Prompts: 1, Section: 1}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// A year-old branch's members have streak marks, which their presses
	// of the months before left: the marks the bot would have written.
	if history > 0 {
		first, settled := day-branchbot.Day(history), branchbot.SettledMonth(day)
		done := make([]branchbot.DayStatus, history)
		for i := range done {
			done[i] = branchbot.DayDone
		}
		_, fold := branchbot.ComputeStreaksFrom(branchbot.StreakFold{}, first, done, day-1, rules.Streaks, settled)
		mark := branchbot.StreakMark{First: first, Upto: settled, Rules: rules.Streaks.Fingerprint(), StreakFold: fold}
		err := db.Update(func(tx *store.Tx) error {
			for _, m := range ms {
				if err := tx.PutStreakMark(m.ID, mark); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for d := day - branchbot.Day(history); d < day; d++ {
		err := db.Update(func(tx *store.Tx) error {
			rec := tx.DayRecords(d)
			for _, m := range ms {
				if err := rec.Put(m.ID, branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Minutes: 15, Section: 1}); err != nil {
					return err
				}
			}
			return rec.Flush()
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	bt.Kick()
	// The prompts go out fast for the set-up; for the presses a new bot
	// keeps Telegram's real limit of 30 messages a second, as production
	// does, so the edits that follow the presses trickle out beside them.
	type target struct {
		user  telegramtest.User
		msgID int
		data  string
	}
	targets := make([]target, len(ms))
	wctx, wcancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer wcancel()
	for i, m := range ms {
		msg, err := srv.WaitMessage(wctx, m.ChatID(), func(x telegramtest.Message) bool { return x.FromBot && len(x.Keyboard) > 0 })
		if err != nil {
			b.Fatal(err)
		}
		targets[i] = target{telegramtest.User{ID: m.TelegramID, FirstName: m.Name}, msg.ID, msg.Keyboard[0][0].Data}
	}
	stop()
	bo.Limits = bot.Limits{GlobalPerSecond: 30, PerChatPerSecond: 1, PerGroupPerMinute: 20}
	_, stop = start(bo)
	defer stop()

	b.ResetTimer()
	var lat []time.Duration
	var elapsed time.Duration
	for range b.N {
		// Each iteration presses every prompt once; later iterations
		// are repeat presses, which must change nothing.
		const clients = 64
		var mu sync.Mutex
		var wg sync.WaitGroup
		next := make(chan target)
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for tg := range next {
					t0 := time.Now()
					_, cb := srv.Press(tg.user, tg.user.ID, tg.msgID, tg.data)
					for {
						if _, _, ok := srv.CallbackAnswer(cb); ok {
							break
						}
						time.Sleep(100 * time.Microsecond)
					}
					d := time.Since(t0)
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			}()
		}
		for _, tg := range targets {
			next <- tg
		}
		close(next)
		wg.Wait()
		elapsed += time.Since(start)
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "presses/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")

	// Every member is done once, however often they pressed.
	err = db.View(func(tx *store.Tx) error {
		for _, m := range ms {
			rec, err := tx.StudyDay(m.ID, day)
			if err != nil {
				return err
			}
			if rec.Status != branchbot.DayDone {
				return fmt.Errorf("member %d: %v after pressing ✅", m.ID, rec.Status)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
