package ops_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/ops"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const secretaryID = 1001

var (
	secretary = telegramtest.User{ID: secretaryID, FirstName: "王", LastName: "书记", LanguageCode: "zh-hans"}
	stranger  = telegramtest.User{ID: 3003, FirstName: "路人"}
)

// world is the real bot on a real database against telegramtest, with
// the ops server watching it.
type world struct {
	t    *testing.T
	srv  *telegramtest.Server
	db   *store.DB
	ops  *ops.Server
	base string // http://ADDR of the ops server
}

func newWorld(t *testing.T, o ops.Options) *world {
	t.Helper()
	srv := telegramtest.NewServer(t)
	db, err := store.Open(filepath.Join(t.TempDir(), "branchbot.db"), store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	o.Listen, o.Store, o.Now, o.Polling = "127.0.0.1:0", db, time.Now, true
	o.Version, o.Commit = "v1.2.3-test", "abc1234"
	s, err := ops.New(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: time.Now,
		BranchName: "测试支部", Language: branchbot.LangZH, Secretaries: []int64{secretaryID},
		PollTimeout: time.Second,
		Limits:      bot.Limits{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600},
		Observer:    s.Metrics(),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 2)
	go func() { done <- b.Run(ctx) }()
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		for range 2 {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Error("Run did not return after cancel")
			}
		}
		db.Close()
		srv.Close()
	})
	return &world{t: t, srv: srv, db: db, ops: s, base: "http://" + s.Addr().String()}
}

// wait waits for a message from the bot in chat containing want.
func (w *world) wait(chat int64, want string, d time.Duration) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if _, err := w.srv.WaitMessage(ctx, chat, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, want)
	}); err != nil {
		w.t.Fatalf("waiting for %q in chat %d: %v\n%s", want, chat, err, w.srv.Transcript(chat))
	}
}

// botMessages counts the bot's messages in chat.
func (w *world) botMessages(chat int64) int {
	n := 0
	for _, m := range w.srv.Messages(chat) {
		if m.FromBot {
			n++
		}
	}
	return n
}

// healthz returns /healthz's status and body.
func (w *world) healthz() (int, string) {
	w.t.Helper()
	return get(w.t, w.base+"/healthz")
}

// waitHealth waits until /healthz answers code with a body containing
// want, and returns the body.
func (w *world) waitHealth(code int, want string, d time.Duration) string {
	w.t.Helper()
	var body string
	var got int
	waitFor(w.t, d, "/healthz "+http.StatusText(code)+" with "+want, func() bool {
		got, body = w.healthz()
		return got == code && strings.Contains(body, want)
	})
	return body
}

// TestMetricsAndHealthEndToEnd runs the real bot against telegramtest and
// watches it through /metrics and /healthz: the counters move with
// commands, replies, a 429, a 403 and a Bot API that stops answering
// getUpdates; /healthz turns 503 with the reason when polling has failed
// past its threshold and when the outbox is stuck past its, and 200
// again when each recovers.
func TestMetricsAndHealthEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out real retry_after and backoffs (about 15 s)")
	}
	w := newWorld(t, ops.Options{PollStale: 2 * time.Second, OutboxStale: 2 * time.Second})

	w.waitHealth(http.StatusOK, "ok", 10*time.Second)
	m := scrapeMetrics(t, w.base)
	if v, ok := m.value("branchbot_build_info", "version", "v1.2.3-test", "commit", "abc1234"); !ok || v != 1 {
		t.Errorf("branchbot_build_info{version=v1.2.3-test,commit=abc1234} = %v, %v; want 1", v, ok)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "branchbot_database_size_bytes", "branchbot_outbox_queued"} {
		if _, ok := m.value(name); !ok {
			t.Errorf("%s is missing", name)
		}
	}
	if _, ok := m.value("branchbot_backup_failing"); ok {
		t.Error("branchbot_backup_failing is reported without scheduled backups")
	}

	// A command and its reply.
	w.srv.SendText(secretary, secretaryID, "/help")
	w.wait(secretaryID, "/invite", 10*time.Second)
	waitFor(t, 5*time.Second, "a command and a reply counted", func() bool {
		m = scrapeMetrics(t, w.base)
		cmd, _ := m.value("branchbot_updates_handled_total", "kind", "command")
		reply, _ := m.value("branchbot_messages_sent_total", "kind", "reply", "edit", "false")
		ok, _ := m.value("branchbot_telegram_responses_total", "method", "sendMessage", "code", "200")
		lat, _ := m.value("branchbot_update_handling_seconds")
		return cmd >= 1 && reply >= 1 && ok >= 1 && lat >= 1
	})
	if v, _ := m.value("branchbot_last_poll_success_timestamp_seconds"); v < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last poll at %v, want within the last minute", v)
	}

	// A 429 with retry_after 4 s: the secretary's next reply waits it
	// out. Meanwhile the outbox's oldest message passes its 2 s
	// threshold, so /healthz says 503 and why; after the wait it is sent
	// and /healthz is back to 200.
	before := w.botMessages(secretaryID)
	w.srv.FailNext(1, http.StatusTooManyRequests, "", 4)
	w.srv.SendText(secretary, secretaryID, "/help")
	body := w.waitHealth(http.StatusServiceUnavailable, "outbox: the oldest of 1 queued messages has waited", 10*time.Second)
	if strings.Contains(body, "polling") || strings.Contains(body, "ok") {
		t.Errorf("/healthz body %q: want only the outbox's reason", body)
	}
	m = scrapeMetrics(t, w.base)
	if v, _ := m.value("branchbot_outbox_oldest_age_seconds"); v < 2 {
		t.Errorf("branchbot_outbox_oldest_age_seconds = %v while stuck, want over 2", v)
	}
	if v, _ := m.value("branchbot_healthy"); v != 0 {
		t.Errorf("branchbot_healthy = %v while stuck, want 0", v)
	}
	w.waitHealth(http.StatusOK, "ok", 10*time.Second)
	if got := w.botMessages(secretaryID); got != before+1 {
		t.Errorf("%d messages from the bot after the 429, want %d", got, before+1)
	}
	m = scrapeMetrics(t, w.base)
	if v, _ := m.value("branchbot_telegram_responses_total", "method", "sendMessage", "code", "429"); v != 1 {
		t.Errorf("429s = %v, want 1", v)
	}
	if v, _ := m.value("branchbot_retries_total", "call", "send"); v != 1 {
		t.Errorf("send retries = %v, want 1", v)
	}
	// Telegram's answer is counted as it arrives, the record removed just
	// after.
	waitFor(t, 5*time.Second, "the outbox empty after the wait", func() bool {
		v, _ := scrapeMetrics(t, w.base).value("branchbot_outbox_queued")
		return v == 0
	})

	// A 403: a stranger who blocked the bot writes; the answer is
	// refused and dropped.
	w.srv.FailChat(stranger.ID, http.StatusForbidden, "")
	w.srv.SendText(stranger, stranger.ID, "你好")
	waitFor(t, 10*time.Second, "a 403 counted", func() bool {
		m = scrapeMetrics(t, w.base)
		v, _ := m.value("branchbot_telegram_responses_total", "method", "sendMessage", "code", "403")
		return v == 1
	})
	if v, _ := m.value("branchbot_updates_handled_total", "kind", "message"); v != 1 {
		t.Errorf("messages handled = %v, want the stranger's 1", v)
	}

	// getUpdates fails three times with 502: the bot backs off (0.5-1.5
	// s, then 1-3 s, then 2-6 s), so polling goes stale past its 2 s,
	// and recovers.
	w.srv.FailMethod("getUpdates", 3, http.StatusBadGateway, "Bad Gateway", 0)
	body = w.waitHealth(http.StatusServiceUnavailable, "polling: no successful getUpdates since", 15*time.Second)
	if !strings.Contains(body, "(threshold 2s)") {
		t.Errorf("/healthz body %q lacks the threshold", body)
	}
	w.waitHealth(http.StatusOK, "ok", 20*time.Second)
	m = scrapeMetrics(t, w.base)
	if v, _ := m.value("branchbot_telegram_responses_total", "method", "getUpdates", "code", "5xx"); v != 3 {
		t.Errorf("getUpdates 5xx = %v, want 3", v)
	}
	if v, _ := m.value("branchbot_retries_total", "call", "getUpdates"); v != 3 {
		t.Errorf("getUpdates retries = %v, want 3", v)
	}
	// Updates still flow after the outage.
	w.srv.SendText(secretary, secretaryID, "/me")
	waitFor(t, 10*time.Second, "the /me after the outage and its answer counted", func() bool {
		m = scrapeMetrics(t, w.base)
		v, _ := m.value("branchbot_updates_handled_total", "kind", "command")
		return v == 3 && m.sum("branchbot_messages_sent_total") >= 3
	})
}
