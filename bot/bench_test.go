package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// Run with
//
//	go test -run '^$' -bench . -benchtime 1x -count 3 ./bot/
//
// The drain and polling benchmarks run a real Bot on a real bbolt file
// against telegramtest over loopback HTTP, one fresh bot per iteration; the
// set-up (server, database, members, queued messages) is outside the timer.

// benchEnv is a Bot on its own database and fake Telegram, for benchmarks
// (newHarness takes a *testing.T and lives as long as the test).
type benchEnv struct {
	tb     testing.TB
	srv    *telegramtest.Server
	db     *store.DB
	bot    *bot.Bot
	cancel context.CancelFunc
	done   chan error
	dials  atomic.Int64 // TCP connections the bot opened
}

// newBenchEnv starts a Bot whose sender and fake Telegram share limits l,
// and waits until it polls.
func newBenchEnv(tb testing.TB, l bot.Limits) *benchEnv {
	tb.Helper()
	e := &benchEnv{tb: tb, srv: telegramtest.NewServer(tb, telegramtest.WithLimits(telegramtest.Limits{
		GlobalPerSecond:   l.GlobalPerSecond,
		PerChatPerSecond:  l.PerChatPerSecond,
		PerGroupPerMinute: l.PerGroupPerMinute,
		RetryAfter:        1,
	}))}
	e.db = openBenchDB(tb)
	// The client Bot makes by default (http.DefaultTransport keeping a
	// connection per send worker and the poller alive), with its dials
	// counted.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 8 + 2
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		e.dials.Add(1)
		return dialer.DialContext(ctx, network, addr)
	}
	const pollTimeout = 2 * time.Second
	b, err := bot.New(bot.Options{
		APIURL:      e.srv.URL(),
		Token:       e.srv.Token(),
		Store:       e.db,
		Now:         time.Now,
		BranchName:  "测试支部",
		Language:    branchbot.LangZH,
		Secretaries: []int64{secretaryID},
		PollTimeout: pollTimeout,
		Limits:      l,
		HTTPClient:  &http.Client{Timeout: pollTimeout + 15*time.Second, Transport: tr},
	})
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e.bot, e.cancel, e.done = b, cancel, make(chan error, 1)
	go func() { e.done <- b.Run(ctx) }()
	// The first getUpdates comes after getMe, bootstrap and the menus:
	// from then on the bot only waits for work.
	e.until(10*time.Second, "the first getUpdates", func() bool {
		return e.srv.Stats().Requests["getUpdates"] > 0
	})
	return e
}

func openBenchDB(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "branchbot.db"), store.Options{Now: time.Now})
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// close stops the bot and closes the database and the server.
func (e *benchEnv) close() {
	e.tb.Helper()
	e.cancel()
	select {
	case err := <-e.done:
		if err != nil {
			e.tb.Errorf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		e.tb.Error("Run did not return after cancel")
	}
	if err := e.db.Close(); err != nil {
		e.tb.Error(err)
	}
	e.srv.Close()
}

// until polls cond every millisecond for at most d.
func (e *benchEnv) until(d time.Duration, what string, cond func() bool) {
	e.tb.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			e.tb.Fatalf("gave up after %s waiting for %s", d, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// outboxEmpty reports whether nothing is queued; it seeks rather than
// counting, so polling it costs the bot little.
func (e *benchEnv) outboxEmpty() bool {
	var empty bool
	if err := e.db.View(func(tx *store.Tx) error {
		recs, err := tx.Outbox(0, 1)
		empty = len(recs) == 0
		return err
	}); err != nil {
		e.tb.Fatal(err)
	}
	return empty
}

// waitDelivered waits until every member's chat has a message from the bot
// and the outbox is empty (the sender records a delivery just after
// Telegram answers, so the outbox empties last).
func (e *benchEnv) waitDelivered(ms []*branchbot.Member, d time.Duration) {
	e.tb.Helper()
	deadline := time.Now().Add(d)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	for _, m := range ms {
		if _, err := e.srv.WaitMessage(ctx, m.ChatID(), func(m telegramtest.Message) bool { return m.FromBot }); err != nil {
			e.tb.Fatal(err)
		}
	}
	e.until(time.Until(deadline), "the outbox to empty", e.outboxEmpty)
}

// botTexts returns the texts of the bot's messages in a chat.
func (e *benchEnv) botTexts(chat int64) []string {
	var out []string
	for _, m := range e.srv.Messages(chat) {
		if m.FromBot {
			out = append(out, m.Text)
		}
	}
	return out
}

// BenchmarkOutboxDrain measures how close the sender comes to Telegram's
// global limit when every message goes to a different chat, so that only
// the global limit binds: the time from Kick until every message is in its
// chat and the outbox is empty. The fake server enforces the same limits
// and any 429 fails the benchmark.
func BenchmarkOutboxDrain(b *testing.B) {
	cases := []struct {
		name   string
		global float64
		msgs   int
		rtt    time.Duration // added to every request by the server
	}{
		{"G=300/N=1000", 300, 1000, 0},
		{"G=30/N=150", 30, 150, 0}, // Telegram's default
		// api.telegram.org is some 50–250 ms away: more requests are in
		// flight at once.
		{"G=30/N=150/rtt=150ms", 30, 150, 150 * time.Millisecond},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			benchDrain(b, bot.Limits{GlobalPerSecond: c.global, PerChatPerSecond: 100, PerGroupPerMinute: 600}, c.msgs, c.rtt)
		})
	}
}

func benchDrain(b *testing.B, l bot.Limits, n int, rtt time.Duration) {
	var elapsed time.Duration
	var dials int64
	tooMany := 0
	b.StopTimer()
	for i := range b.N {
		e := newBenchEnv(b, l)
		ms := addMembers(b, e.db, 100_000, n)
		text := func(m *branchbot.Member) string { return fmt.Sprintf("通知 %d/%d", i, m.TelegramID) }
		enqueueEach(b, e.db, ms, text)
		e.srv.SetDelay(rtt)
		e.dials.Store(0)

		b.StartTimer()
		start := time.Now()
		e.bot.Kick()
		e.waitDelivered(ms, 15*time.Second+time.Duration(float64(n)/l.GlobalPerSecond*float64(time.Second)))
		elapsed += time.Since(start)
		b.StopTimer()
		dials += e.dials.Load()

		st := e.srv.Stats()
		tooMany += st.TooManyRequests
		if st.TooManyRequests != 0 {
			b.Fatalf("%d answers 429 (%d early retries): the sender overran limits it knows", st.TooManyRequests, st.EarlyRetries)
		}
		for _, m := range ms {
			if got := e.botTexts(m.ChatID()); len(got) != 1 || got[0] != text(m) {
				b.Fatalf("chat %d got %q, want one %q", m.ChatID(), got, text(m))
			}
		}
		e.close()
	}
	rate := float64(n*b.N) / elapsed.Seconds()
	b.ReportMetric(rate, "msgs/s")
	if l.GlobalPerSecond < unlimited {
		b.ReportMetric(rate/l.GlobalPerSecond, "ratio_to_limit")
	}
	b.ReportMetric(float64(tooMany)/float64(b.N), "429s")
	b.ReportMetric(float64(dials)/float64(n*b.N), "dials/msg")
}

// BenchmarkOutboxDrainCeiling drains messages to distinct chats with no
// limits anywhere: the sender's own ceiling, SendWorkers (8) requests in
// flight, each worker recording its outcome in the store (a DB.Batch) before
// it takes the next. With Telegram's round trip added, that ceiling is what
// a paid broadcast (up to 1,000 messages/s) would meet. dials/msg counts the
// TCP connections the bot opened per message.
func BenchmarkOutboxDrainCeiling(b *testing.B) {
	l := bot.Limits{GlobalPerSecond: unlimited, PerChatPerSecond: unlimited, PerGroupPerMinute: unlimited}
	b.Run("N=1000", func(b *testing.B) { benchDrain(b, l, 1000, 0) })
	b.Run("N=300/rtt=150ms", func(b *testing.B) { benchDrain(b, l, 300, 150*time.Millisecond) })
}

// unlimited is a rate no benchmark comes near.
const unlimited = 1e6

// BenchmarkOutboxDrainOneChat queues several messages for one private
// chat, so that only the per-chat limit binds: ratio_to_limit is the
// chat's allowed interval over the measured one (1 when the sender wakes
// as soon as the chat may send again).
func BenchmarkOutboxDrainOneChat(b *testing.B) {
	const (
		n       = 6
		perChat = 5 // per second
	)
	l := bot.Limits{GlobalPerSecond: 300, PerChatPerSecond: perChat, PerGroupPerMinute: 600}
	var elapsed time.Duration
	b.StopTimer()
	for range b.N {
		e := newBenchEnv(b, l)
		ms := addMembers(b, e.db, 100_000, 1)
		for i := range n {
			enqueueEach(b, e.db, ms, func(*branchbot.Member) string { return fmt.Sprintf("第%d条", i+1) })
		}
		b.StartTimer()
		start := time.Now()
		e.bot.Kick()
		e.until(15*time.Second, "the outbox to empty", e.outboxEmpty)
		elapsed += time.Since(start)
		b.StopTimer()
		if got := e.botTexts(ms[0].ChatID()); len(got) != n || got[0] != "第1条" || got[n-1] != fmt.Sprintf("第%d条", n) {
			b.Fatalf("chat got %q", got)
		}
		if st := e.srv.Stats(); st.TooManyRequests != 0 {
			b.Fatalf("%d answers 429", st.TooManyRequests)
		}
		e.close()
	}
	gap := elapsed.Seconds() / float64(b.N*(n-1))
	b.ReportMetric(gap, "s/gap")
	b.ReportMetric(1.0/perChat/gap, "ratio_to_limit")
}

// BenchmarkOutboxDrainSlowAPI drains three messages each for 50 members,
// queued in a shuffled order, through a Bot API 100–500 ms away that
// answers two 429s and six 5xx in the first seconds (as TestSlowAPIWithFaults
// does). Any message lost, doubled or out of its chat's order fails it.
// With 8 workers and some 300 ms per request the workers bind before the
// 20/s limit does, and the faults' pauses (a 429 stops everyone for 1 s, a
// 5xx backs its chat off for 1–3 s) come on top: ratio_to_limit is what is
// left of the limit, not the sender's overhead.
func BenchmarkOutboxDrainSlowAPI(b *testing.B) {
	const (
		members = 50
		perChat = 3
	)
	l := bot.Limits{GlobalPerSecond: 20, PerChatPerSecond: 5, PerGroupPerMinute: 600}
	var elapsed time.Duration
	var requests, tooMany int
	b.StopTimer()
	for i := range b.N {
		e := newBenchEnv(b, l)
		ms := addMembers(b, e.db, 100_000, members)
		msgs := shuffledMessages(rand.New(rand.NewPCG(uint64(i), 1)), ms, perChat)
		enqueueAll(b, e.db, msgs)
		before := e.srv.Stats()
		stop := make(chan struct{})
		var wg sync.WaitGroup

		b.StartTimer()
		start := time.Now()
		wg.Go(func() { slowFaultyAPI(e.srv, rand.New(rand.NewPCG(uint64(i), 2)), stop) })
		e.bot.Kick()
		e.until(60*time.Second, "the outbox to empty", e.outboxEmpty)
		elapsed += time.Since(start)
		b.StopTimer()
		close(stop)
		wg.Wait()
		e.srv.SetDelay(0)

		want := map[int64][]string{}
		for _, q := range msgs {
			want[q.chat] = append(want[q.chat], q.text)
		}
		for _, m := range ms {
			if got := e.botTexts(m.ChatID()); strings.Join(got, "|") != strings.Join(want[m.ChatID()], "|") {
				b.Fatalf("chat %d got %q, want %q", m.ChatID(), got, want[m.ChatID()])
			}
		}
		st := e.srv.Stats()
		if st.EarlyRetries != 0 {
			b.Fatalf("%d requests before retry_after ran out", st.EarlyRetries)
		}
		requests += st.Requests["sendMessage"] - before.Requests["sendMessage"]
		tooMany += st.TooManyRequests - before.TooManyRequests
		e.close()
	}
	rate := float64(members*perChat*b.N) / elapsed.Seconds()
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(rate/l.GlobalPerSecond, "ratio_to_limit")
	b.ReportMetric(float64(requests)/float64(members*perChat*b.N), "requests/msg")
	b.ReportMetric(float64(tooMany)/float64(b.N), "429s")
}

// textUpdate is the update Telegram sends when user writes text in their
// private chat with the bot, as telegramtest's SendText makes it.
func textUpdate(id, user int64, msgID int, text string) json.RawMessage {
	from := &models.User{ID: user, FirstName: "User"}
	msg := &models.Message{
		ID:   msgID,
		From: from,
		Date: int(time.Now().Unix()),
		Chat: models.Chat{ID: user, Type: models.ChatTypePrivate, FirstName: "User"},
		Text: text,
	}
	if len(text) > 1 && text[0] == '/' {
		msg.Entities = []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Length: len(text)}}
	}
	raw, err := json.Marshal(&models.Update{ID: id, Message: msg})
	if err != nil {
		panic(err)
	}
	return raw
}

// BenchmarkUpdatesThroughput measures how fast updates are applied:
//   - poll: a running Bot long-polls telegramtest while 2,000 "/help"
//     messages from 200 members are pushed; updates/s counts until every
//     update was confirmed (so applied), replies/s until every reply was
//     delivered too. Limits are high so that sending does not bind.
//   - apply: the same 2,000 updates handed to Bot.Apply in batches of 100
//     (as getUpdates returns them) on a Bot that is not running: the
//     store's cost without the transport.
func BenchmarkUpdatesThroughput(b *testing.B) {
	const (
		members = 200
		perUser = 10
		total   = members * perUser
	)
	b.Run("poll", func(b *testing.B) {
		var applied, replied, pushed time.Duration
		var dials int64
		b.StopTimer()
		for range b.N {
			e := newBenchEnv(b, bot.Limits{GlobalPerSecond: unlimited, PerChatPerSecond: unlimited, PerGroupPerMinute: unlimited})
			ms := addMembers(b, e.db, 100_000, members)
			users := make([]telegramtest.User, len(ms))
			for i, m := range ms {
				users[i] = telegramtest.User{ID: m.TelegramID, FirstName: "User"}
			}

			e.dials.Store(0)
			b.StartTimer()
			start := time.Now()
			for range perUser {
				for _, u := range users {
					e.srv.SendText(u, u.ID, "/help")
				}
			}
			pushed += time.Since(start)
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			if err := e.srv.WaitIdle(ctx); err != nil {
				b.Fatal(err)
			}
			cancel()
			applied += time.Since(start)
			e.until(15*time.Second, "the outbox to empty", e.outboxEmpty)
			replied += time.Since(start)
			b.StopTimer()
			dials += e.dials.Load()

			for _, m := range ms {
				got := e.botTexts(m.ChatID())
				if len(got) != perUser || !strings.Contains(got[0], "/help") {
					b.Fatalf("chat %d got %d replies, want %d /help answers: %q", m.ChatID(), len(got), perUser, got)
				}
			}
			e.close()
		}
		b.ReportMetric(float64(total*b.N)/applied.Seconds(), "updates/s")
		b.ReportMetric(float64(total*b.N)/replied.Seconds(), "replies/s")
		b.ReportMetric(float64(pushed.Milliseconds())/float64(b.N), "push-ms")
		b.ReportMetric(float64(dials)/float64(total*b.N), "dials/reply")
	})
	b.Run("apply", func(b *testing.B) {
		var elapsed time.Duration
		b.StopTimer()
		for range b.N {
			db := openBenchDB(b)
			bt := newIdleBot(b, db)
			ms := addMembers(b, db, 100_000, members)
			var batches [][]json.RawMessage
			var batch []json.RawMessage
			id := int64(1)
			for k := range perUser {
				for _, m := range ms {
					batch = append(batch, textUpdate(id, m.TelegramID, 2*k+1, "/help"))
					id++
					if len(batch) == 100 {
						batches, batch = append(batches, batch), nil
					}
				}
			}

			b.StartTimer()
			start := time.Now()
			for _, batch := range batches {
				if err := bt.Apply(context.Background(), batch); err != nil {
					b.Fatal(err)
				}
			}
			elapsed += time.Since(start)
			b.StopTimer()

			checkQueued(b, db, total, id-1)
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(total*b.N)/elapsed.Seconds(), "updates/s")
	})
}

// newIdleBot builds a Bot that is never run, to call Apply on: handlers
// that only queue replies make no request, so it needs no server.
func newIdleBot(tb testing.TB, db *store.DB) *bot.Bot {
	tb.Helper()
	bt, err := bot.New(bot.Options{
		APIURL:   "http://127.0.0.1:9", // never called
		Token:    "123456:BENCH",
		Store:    db,
		Now:      time.Now,
		Language: branchbot.LangZH,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return bt
}

// checkQueued checks that n replies are queued and lastID was applied.
func checkQueued(tb testing.TB, db *store.DB, n int, lastID int64) {
	tb.Helper()
	if err := db.View(func(tx *store.Tx) error {
		if queued, _ := tx.OutboxStats(); queued != n {
			return fmt.Errorf("%d replies queued, want %d", queued, n)
		}
		if got := tx.LastUpdateID(); got != lastID {
			return fmt.Errorf("last update id %d, want %d", got, lastID)
		}
		return nil
	}); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkApplyBatch measures Bot.Apply on batches of 100 updates, one
// transaction each, from 200 members:
//   - help: "/help", which reads the member and queues a reply;
//   - plain: free text, answered with a hint;
//   - redelivered: a batch already applied, which changes nothing.
func BenchmarkApplyBatch(b *testing.B) {
	const (
		members = 200
		batchN  = 100
	)
	for _, kind := range []string{"help", "plain", "redelivered"} {
		b.Run(kind, func(b *testing.B) {
			db := openBenchDB(b)
			defer db.Close()
			bt := newIdleBot(b, db)
			ms := addMembers(b, db, 100_000, members)
			text := "/help"
			if kind == "plain" {
				text = "今天学习了党章第三章"
			}
			id := int64(0)
			next := func() []json.RawMessage {
				batch := make([]json.RawMessage, batchN)
				for i := range batch {
					id++
					batch[i] = textUpdate(id, ms[int(id)%members].TelegramID, int(id), text)
				}
				return batch
			}
			ctx := context.Background()
			var old []json.RawMessage
			if kind == "redelivered" {
				old = next()
				if err := bt.Apply(ctx, old); err != nil {
					b.Fatal(err)
				}
			}
			var build time.Duration
			for b.Loop() {
				batch := old
				if batch == nil {
					t0 := time.Now()
					batch = next()
					build += time.Since(t0)
				}
				if err := bt.Apply(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((b.Elapsed()-build).Nanoseconds())/float64(b.N*batchN), "ns/update")
		})
	}
}
