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
