package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

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
	for i, want := range []string{"first", "second"} {
		d := <-got
		if d.secret != "s3cret" {
			t.Errorf("secret header %q", d.secret)
		}
		if d.update.ID != int64(i+1) || d.update.Message == nil || d.update.Message.Text != want {
			t.Errorf("delivery %d: %+v", i, d.update)
		}
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
