package bot_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// helpUpdate is the secretary sending /help, as update id.
func helpUpdate(id int64) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,"chat":{"id":%d,"type":"private","first_name":"王"},`+
		`"from":{"id":%d,"is_bot":false,"first_name":"王"},"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`,
		id, id, time.Now().Unix(), secretaryID, secretaryID)
}

// TestWebhookOutOfOrderAndTwice posts updates to the webhook handler as
// Telegram may: a later one before an earlier one (the earlier one
// retried after a failure), each again (an answer lost on the way), and
// many at once over parallel connections. Every update must be applied
// exactly once: one /help answer each.
func TestWebhookOutOfOrderAndTwice(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	db, err := store.Open(filepath.Join(t.TempDir(), "b.db"), store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *store.Tx) error {
		return tx.CreateMember(&branchbot.Member{Name: "王书记", TelegramID: secretaryID, Role: branchbot.RoleSecretary, JoinedAt: tx.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "hook-secret"
	b, err := bot.New(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: time.Now,
		BranchName: "测试支部",
		Webhook:    &bot.WebhookOptions{Listen: "127.0.0.1:0", URL: "https://example.org/hook", Secret: secret},
	})
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(b.WebhookHandler())
	defer hook.Close()
	post := func(id int64) error {
		req, _ := http.NewRequest(http.MethodPost, hook.URL, strings.NewReader(helpUpdate(id)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := hook.Client().Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("update %d: HTTP %d", id, resp.StatusCode)
		}
		return nil
	}
	answers := func() int {
		var n int
		if err := db.View(func(tx *store.Tx) error { n, _ = tx.OutboxStats(); return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}

	for _, id := range []int64{11, 10} {
		if err := post(id); err != nil {
			t.Fatal(err)
		}
	}
	if n := answers(); n != 2 {
		t.Fatalf("updates 11 then 10: %d answers, want 2", n)
	}
	for _, id := range []int64{11, 10, 10} {
		if err := post(id); err != nil {
			t.Fatal(err)
		}
	}
	if n := answers(); n != 2 {
		t.Fatalf("11 and 10 delivered again: %d answers, want still 2", n)
	}

	// 40 connections at once, as Telegram's default max_connections
	// allows: ids 100..139, each three times, shuffled.
	var ids []int64
	for id := int64(100); id < 140; id++ {
		ids = append(ids, id, id, id)
	}
	rand.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	work := make(chan int64)
	errs := make(chan error, len(ids))
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			for id := range work {
				errs <- post(id)
			}
		})
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := answers(); n != 42 {
		t.Fatalf("40 updates posted three times each, concurrently: %d answers in all, want 42", n)
	}
}

// waitBotMessages waits until the bot has sent n messages to chat.
func waitBotMessages(h *harness, chat int64, n int) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(h.botMessages(chat)) < n {
		if time.Now().After(deadline) {
			h.t.Fatalf("%d messages from the bot in chat %d, want %d\n%s", len(h.botMessages(chat)), chat, n, h.srv.Transcript(chat))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitPollTurn waits until the bot's long poll that is running now has
// ended and the next one has started, so that the offset the bot polls
// with no longer holds an earlier batch's confirmation.
func waitPollTurn(h *harness) {
	h.t.Helper()
	n := h.srv.Stats().Requests["getUpdates"]
	deadline := time.Now().Add(10 * time.Second)
	for h.srv.Stats().Requests["getUpdates"] <= n {
		if time.Now().After(deadline) {
			h.t.Fatal("the bot did not poll again")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestHearsMembersAfterAQuietWeek runs the bot against a Bot API that,
// after a week without updates, restarts its update ids below the old
// ones, once while the bot runs and once while it is stopped: every
// message after the quiet weeks is answered, once.
func TestHearsMembersAfterAQuietWeek(t *testing.T) {
	clk := clocktest.New(time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC))
	// The first id, then the ids chosen after each quiet week: 900001
	// was applied before the first week; 42 is far below everything.
	ids := []int64{900000, 900001, 42}
	var idsMu sync.Mutex
	srv := telegramtest.NewServer(t, telegramtest.WithClock(clk.Now), telegramtest.WithUpdateIDs(func() int64 {
		idsMu.Lock()
		defer idsMu.Unlock()
		id := ids[0]
		ids = ids[1:]
		return id
	}))
	path := filepath.Join(t.TempDir(), "branchbot.db")
	db, err := store.Open(path, store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, db: db, path: path}
	h.start(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db,
		Now:         clk.Now,
		SendClock:   time.Now,
		BranchName:  "测试支部",
		Language:    branchbot.LangZH,
		Secretaries: []int64{secretaryID},
		PollTimeout: time.Second,
		Limits:      bot.Limits{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600},
	})
	t.Cleanup(func() {
		h.stop()
		db.Close()
		srv.Close()
	})

	for range 3 { // updates 900000 … 900002
		h.say(secretary, "/help")
	}
	waitBotMessages(h, secretaryID, 3)
	h.settle()
	waitPollTurn(h)

	clk.Set(clk.Now().Add(8 * 24 * time.Hour))
	for range 3 { // updates 900001 … 900003 again, new ones
		h.say(secretary, "/help")
	}
	waitBotMessages(h, secretaryID, 6)
	h.settle()
	// As in a real week: the poll that confirmed the last batch is over
	// long before the ids restart.
	waitPollTurn(h)

	h.restart(func() {
		clk.Set(clk.Now().Add(8 * 24 * time.Hour))
		h.say(secretary, "/help") // update 42
	})
	waitBotMessages(h, secretaryID, 7)
	h.say(secretary, "/help") // 43
	waitBotMessages(h, secretaryID, 8)
	h.settle()
	if n := len(h.botMessages(secretaryID)); n != 8 {
		t.Errorf("%d answers to 8 messages", n)
	}
}
