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

// benchQuizBank is a bank of 30 questions, ten of each kind.
func benchQuizBank() *branchbot.QuestionBank {
	qb := &branchbot.QuestionBank{}
	for i := range 30 {
		q := branchbot.Question{ID: fmt.Sprintf("q%d", i), Section: []string{"nature", "long", "paper"}[i%3],
			Text: fmt.Sprintf("第%d题", i), Explanation: "解析"}
		switch i % 3 {
		case 0:
			q.Kind, q.Options, q.Answer = branchbot.SingleChoice, []string{"甲", "乙", "丙", "丁"}, []int{1}
		case 1:
			q.Kind, q.Options, q.Answer = branchbot.MultipleChoice, []string{"甲", "乙", "丙", "丁"}, []int{0, 2}
		default:
			q.Kind, q.Answer = branchbot.TrueFalse, []int{0}
		}
		qb.Questions = append(qb.Questions, q)
	}
	return qb
}

// BenchmarkQuizPresses measures 1,000 members answering a 20-question
// quiz at once, end to end: each press goes from the simulated member
// through getUpdates, the answer's transaction and the callback answer
// sent after the commit, until telegramtest holds the answer. 64 clients
// take a member each and press their way through: 开始答题, then each
// question (a multiple choice is a tick and 提交). The bot keeps
// Telegram's real limit of 30 messages a second, so the edits that follow
// the presses trickle out beside them. It reports presses per second and
// the 50th and 99th percentile latency.
func BenchmarkQuizPresses(b *testing.B) {
	const members, questions = 1000, 20
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	srv := telegramtest.NewServer(b)
	defer srv.Close()
	db, err := store.Open(filepath.Join(b.TempDir(), "branchbot.db"), store.Options{Now: clk.Now})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bank := benchQuizBank()
	bo := bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: clk.Now, SendClock: time.Now,
		BranchName: "测试支部", Location: shanghai, Secretaries: []int64{secretaryID},
		PollTimeout: 2 * time.Second, QuizBank: bank,
		Limits: bot.Limits{GlobalPerSecond: 100000, PerChatPerSecond: 1000, PerGroupPerMinute: 600},
	}
	start := func(bo bot.Options) func() {
		bt, err := bot.New(bo)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- bt.Run(ctx) }()
		return func() {
			cancel()
			if err := <-done; err != nil {
				b.Error(err)
			}
		}
	}
	stop := start(bo)
	ms := addMembers(b, db, 700000, members)
	wctx, wcancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer wcancel()
	srv.SendText(secretary, secretaryID, fmt.Sprintf("/quiz open %d", questions))
	pv, err := srv.WaitMessage(wctx, secretaryID, func(m telegramtest.Message) bool { return m.FromBot && len(m.Keyboard) > 0 })
	if err != nil {
		b.Fatal(err)
	}
	srv.Press(secretary, secretaryID, pv.ID, pv.Keyboard[0][0].Data)

	// Each member's presses, in order, computed as the bot shuffles.
	type target struct {
		user    telegramtest.User
		msgID   int
		presses []string
	}
	var quiz *branchbot.Quiz
	for quiz == nil {
		err := db.View(func(tx *store.Tx) error {
			qs, err := tx.OpenQuizzes()
			if len(qs) > 0 {
				quiz = qs[0]
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	byID := map[string]*branchbot.Question{}
	for i := range bank.Questions {
		byID[bank.Questions[i].ID] = &bank.Questions[i]
	}
	cb := func(action string, owner int64, more ...int) string {
		arg := fmt.Sprint(quiz.ID)
		for _, v := range more {
			arg += fmt.Sprintf(".%d", v)
		}
		return branchbot.Callback{Action: action, Owner: owner, Arg: arg}.MustEncode()
	}
	targets := make([]target, len(ms))
	for i, m := range ms {
		msg, err := srv.WaitMessage(wctx, m.ChatID(), func(x telegramtest.Message) bool { return x.FromBot && len(x.Keyboard) > 0 })
		if err != nil {
			b.Fatal(err)
		}
		order, _ := branchbot.ShuffleFor(quiz.Questions, byID, quiz.Seed, m.ID)
		ps := []string{msg.Keyboard[0][0].Data}
		for pos, qi := range order {
			if byID[quiz.Questions[qi]].Kind == branchbot.MultipleChoice {
				ps = append(ps, cb("qzt", m.ID, pos, 0), cb("qzs", m.ID, pos))
			} else {
				ps = append(ps, cb("qza", m.ID, pos, i%2))
			}
		}
		targets[i] = target{userOf(m), msg.ID, ps}
	}
	stop()
	bo.Limits = bot.Limits{GlobalPerSecond: 30, PerChatPerSecond: 1, PerGroupPerMinute: 20}
	stop = start(bo)
	defer stop()

	b.ResetTimer()
	var lat []time.Duration
	var elapsed time.Duration
	for range b.N {
		// Later iterations press again on finished attempts, which
		// must change nothing.
		const clients = 64
		var mu sync.Mutex
		var wg sync.WaitGroup
		next := make(chan target)
		t0 := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for tg := range next {
					for _, data := range tg.presses {
						p0 := time.Now()
						_, id := srv.Press(tg.user, tg.user.ID, tg.msgID, data)
						for {
							if _, _, ok := srv.CallbackAnswer(id); ok {
								break
							}
							time.Sleep(100 * time.Microsecond)
						}
						mine = append(mine, time.Since(p0))
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			}()
		}
		for _, tg := range targets {
			next <- tg
		}
		close(next)
		wg.Wait()
		elapsed += time.Since(t0)
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "presses/s")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")

	// Every member finished once, with every answer counted once.
	err = db.View(func(tx *store.Tx) error {
		for _, m := range ms {
			a, ok, err := tx.QuizAttempt(quiz.ID, m.ID)
			if err != nil {
				return err
			}
			if !ok || !a.Finished() || len(a.Answers) != questions {
				return fmt.Errorf("member %d: attempt %+v", m.ID, a)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}
