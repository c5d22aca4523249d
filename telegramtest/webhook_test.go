package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

type delivery struct {
	secret string
	update models.Update
}

func TestWebhookDelivery(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	got := make(chan delivery, 10)
	var failures atomic.Int32
	failures.Store(1) // the first delivery fails and is retried
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if failures.Add(-1) >= 0 {
			http.Error(w, "try again", http.StatusServiceUnavailable)
			return
		}
		var u models.Update
		if err := json.Unmarshal(body, &u); err != nil {
			t.Errorf("webhook body %q: %v", body, err)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		got <- delivery{secret: r.Header.Get("X-Telegram-Bot-Api-Secret-Token"), update: u}
	}))
	t.Cleanup(hook.Close)

	if _, err := b.SetWebhook(ctx, &tg.SetWebhookParams{URL: hook.URL + "/hook", SecretToken: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	s.SendText(User{ID: 4, FirstName: "Dee"}, 4, "first")
	s.SendText(User{ID: 4, FirstName: "Dee"}, 4, "second")
	// The first delivery fails and is retried while the second goes on,
	// so they may arrive in either order.
	byID := map[int64]string{}
	for range 2 {
		d := <-got
		if d.secret != "s3cret" {
			t.Errorf("secret header %q", d.secret)
		}
		if d.update.Message != nil {
			byID[d.update.ID] = d.update.Message.Text
		}
	}
	if byID[1] != "first" || byID[2] != "second" {
		t.Errorf("delivered %v", byID)
	}
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	info, err := b.GetWebhookInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.URL != hook.URL+"/hook" || info.PendingUpdateCount != 0 || info.LastErrorMessage == "" {
		t.Errorf("webhook info %+v", info)
	}

	if _, err := b.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	s.SendText(User{ID: 4}, 4, "polled")
	if ids := updateIDs(t, callJSON(ctx, t, s, "getUpdates", map[string]any{})); len(ids) != 1 || ids[0] != 3 {
		t.Errorf("after deleteWebhook: %v", ids)
	}
	select {
	case d := <-got:
		t.Errorf("delivered after deleteWebhook: %+v", d)
	default:
	}
}

// TestWebhookWithGoTelegram feeds the webhook to go-telegram/bot's own
// webhook handler.
func TestWebhookWithGoTelegram(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	texts := make(chan string, 1)
	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithSkipGetMe(), tg.WithWebhookSecretToken("tok"),
		tg.WithDefaultHandler(func(ctx context.Context, b *tg.Bot, u *models.Update) {
			if u.Message != nil {
				texts <- u.Message.Text
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(b.WebhookHandler())
	t.Cleanup(hook.Close)
	botCtx, stop := context.WithCancel(ctx)
	defer stop()
	go b.StartWebhook(botCtx)

	if _, err := b.SetWebhook(ctx, &tg.SetWebhookParams{URL: hook.URL, SecretToken: "tok"}); err != nil {
		t.Fatal(err)
	}
	s.SendText(User{ID: 1}, 1, "via webhook")
	if got := <-texts; got != "via webhook" {
		t.Errorf("handler got %q", got)
	}
}

// TestWebhookConcurrentRetries has the server deliver over max_connections
// connections at once through a front address, fail one update's first
// delivery and deliver the later ones before its retry.
func TestWebhookConcurrentRetries(t *testing.T) {
	t.Parallel()
	const conns, n = 3, 9
	var (
		mu      sync.Mutex
		running int
		most    int
		order   []int64 // ids in the order they were answered 200
		tries   = map[int64]int{}
		hosts   = map[string]bool{}
		paths   = map[string]bool{}
	)
	release := make(chan struct{})
	othersDone := make(chan struct{}) // closed when all but update 1 are answered
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var u models.Update
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &u); err != nil {
			t.Errorf("webhook body %q: %v", body, err)
		}
		mu.Lock()
		running++
		most = max(most, running)
		tries[u.ID]++
		first := tries[u.ID] == 1
		hosts[r.Host], paths[r.URL.RequestURI()] = true, true
		mu.Unlock()
		if u.ID <= conns && first {
			<-release // the first connections are all busy at once
		}
		if u.ID == 1 && !first {
			// The retry holds one connection; the later updates must
			// get through on the others meanwhile.
			select {
			case <-othersDone:
			case <-time.After(5 * time.Second):
				t.Error("the later updates were not delivered while update 1 waited for its retry")
			}
		}
		mu.Lock()
		running--
		if u.ID == 1 && first {
			mu.Unlock()
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return
		}
		order = append(order, u.ID)
		if len(order) == n-1 && u.ID != 1 {
			close(othersDone)
		}
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	s := NewServer(t, WithWebhookFront(strings.TrimPrefix(hook.URL, "http://")))
	t.Cleanup(s.Close)
	b := newClient(t, s)
	ctx := testContext(t)
	if _, err := b.SetWebhook(ctx, &tg.SetWebhookParams{URL: "https://bot.example.org:8443/tg/hook?x=1", MaxConnections: conns}); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		s.SendText(User{ID: 4}, 4, fmt.Sprint("m", i))
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		r := running
		mu.Unlock()
		if r == conns {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries running at once, want %d", r, conns)
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if most != conns {
		t.Errorf("at most %d deliveries at once, want %d", most, conns)
	}
	if len(order) != n || order[len(order)-1] != 1 {
		t.Errorf("answered 200 in the order %v; want all %d, update 1 (failed once) after the others", order, n)
	}
	if tries[1] != 2 {
		t.Errorf("update 1 delivered %d times, want 2", tries[1])
	}
	if !hosts["bot.example.org:8443"] || len(hosts) != 1 || !paths["/tg/hook?x=1"] || len(paths) != 1 {
		t.Errorf("hosts %v, paths %v", hosts, paths)
	}
}
