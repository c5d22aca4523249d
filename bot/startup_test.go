package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
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

// startBot runs a bot on a new database against srv (or against apiURL
// when set) and returns its harness; edit adjusts the options.
func startBot(t *testing.T, srv *telegramtest.Server, logs *syncBuffer, edit func(*bot.Options)) (*harness, *bot.Bot) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "branchbot.db")
	db, err := store.Open(path, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	bo := bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: time.Now,
		BranchName:  "测试支部",
		Language:    branchbot.LangZH,
		Secretaries: []int64{secretaryID},
		PollTimeout: time.Second,
		Limits:      bot.Limits{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600},
		Logger:      slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&bo)
	}
	b, err := bot.New(bo)
	if err != nil {
		t.Fatal(err)
	}
	bot.SetRetryBase(b, 20*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, srv: srv, db: db, path: path, bot: b, cancel: cancel, done: make(chan error, 1), opts: bo}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() { db.Close() })
	return h, b
}

// runEnds waits for Run to return and gives its error.
func runEnds(t *testing.T, h *harness, within time.Duration) error {
	t.Helper()
	select {
	case err := <-h.done:
		stopOnce.Store(h, true)
		return err
	case <-time.After(within):
		h.cancel()
		<-h.done
		stopOnce.Store(h, true)
		t.Fatalf("Run still running after %v", within)
		return nil
	}
}

// TestUnauthorizedEndsRun runs the bot with a token Telegram rejects, at
// start, while polling, and at setWebhook: Run returns at once with an
// error naming the cause and not the token.
func TestUnauthorizedEndsRun(t *testing.T) {
	const wrong = "654321:revoked-SECRET-token"
	check := func(t *testing.T, err error, logs *syncBuffer, token string) {
		t.Helper()
		if !errors.Is(err, bot.ErrUnauthorized) || !strings.Contains(err.Error(), "401") {
			t.Errorf("Run: %v; want one naming the rejected token (401)", err)
		}
		if err != nil && strings.Contains(err.Error(), token) {
			t.Errorf("the error shows the token: %v", err)
		}
		if strings.Contains(logs.String(), token) {
			t.Errorf("the log shows the token:\n%s", logs.String())
		}
	}
	t.Run("at start", func(t *testing.T) {
		srv := telegramtest.NewServer(t)
		defer srv.Close()
		var logs syncBuffer
		h, _ := startBot(t, srv, &logs, func(o *bot.Options) { o.Token = wrong })
		err := runEnds(t, h, 5*time.Second)
		check(t, err, &logs, wrong)
		if strings.Contains(logs.String(), "retrying") {
			t.Errorf("a rejected token was retried:\n%s", logs.String())
		}
	})
	t.Run("while polling", func(t *testing.T) {
		srv := telegramtest.NewServer(t)
		defer srv.Close()
		var logs syncBuffer
		h, _ := startBot(t, srv, &logs, nil)
		h.say(secretary, "/help")
		waitBotMessages(h, secretaryID, 1)
		srv.RevokeToken()
		check(t, runEnds(t, h, 5*time.Second), &logs, srv.Token())
	})
	t.Run("at setWebhook", func(t *testing.T) {
		srv := telegramtest.NewServer(t)
		defer srv.Close()
		srv.FailMethod("setWebhook", 1, http.StatusUnauthorized, "", 0)
		var logs syncBuffer
		addr := freeAddr(t)
		h, _ := startBot(t, srv, &logs, func(o *bot.Options) {
			o.Webhook = &bot.WebhookOptions{Listen: addr, URL: "http://" + addr + "/hook", Secret: "s"}
		})
		check(t, runEnds(t, h, 5*time.Second), &logs, srv.Token())
	})
}

// TestStartupWaitsForTheBotAPI starts the bot while the Bot API refuses
// connections, then answers 502, then works: the bot logs each attempt,
// starts, and answers.
func TestStartupWaitsForTheBotAPI(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	addr := freeAddr(t) // nothing listens: connection refused
	var logs syncBuffer
	h, _ := startBot(t, srv, &logs, func(o *bot.Options) { o.APIURL = "http://" + addr })
	defer h.stop()
	waitLog(t, &logs, "getMe failed; retrying", 3)
	if !strings.Contains(logs.String(), "refused") {
		t.Errorf("the attempts do not say why:\n%s", logs.String())
	}

	srv.FailMethod("getMe", 2, http.StatusBadGateway, "", 0)
	target, _ := url.Parse(srv.URL())
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	proxy := &http.Server{Handler: httputil.NewSingleHostReverseProxy(target)}
	go func() { _ = proxy.Serve(ln) }()
	defer proxy.Close()

	h.say(secretary, "/help")
	waitBotMessages(h, secretaryID, 1)
	if n := strings.Count(logs.String(), "getMe failed; retrying"); n < 5 {
		t.Errorf("%d logged attempts, want one for each of 3+ refused and 2 × 502:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "502") {
		t.Errorf("the 502s are not logged:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), srv.Token()) {
		t.Error("the log shows the token")
	}
}

// TestWebhookStartWaitsForSetWebhook: setWebhook failing at start (the
// Bot API down) is retried until it succeeds; the bot then works.
func TestWebhookStartWaitsForSetWebhook(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	srv.FailMethod("setWebhook", 3, http.StatusInternalServerError, "", 0)
	var logs syncBuffer
	addr := freeAddr(t)
	h, _ := startBot(t, srv, &logs, func(o *bot.Options) {
		o.Webhook = &bot.WebhookOptions{Listen: addr, URL: "http://" + addr + "/hook", Secret: "s3cret"}
	})
	defer h.stop()
	h.say(secretary, "/help")
	waitBotMessages(h, secretaryID, 1)
	if n := strings.Count(logs.String(), "setWebhook failed; retrying"); n != 3 {
		t.Errorf("%d logged setWebhook attempts, want 3:\n%s", n, logs.String())
	}
}

// TestRetryAfterOutsideTheOutbox answers 429 with retry_after to the
// first getMe, deleteWebhook, setMyCommands, getUpdates and
// answerCallbackQuery: each is made again after the wait, never before.
func TestRetryAfterOutsideTheOutbox(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	for _, m := range []string{"getMe", "deleteWebhook", "setMyCommands", "getUpdates"} {
		srv.FailMethod(m, 1, http.StatusTooManyRequests, "", 1)
	}
	var logs syncBuffer
	obs := &retries{got: map[string]int{}}
	h, _ := startBot(t, srv, &logs, func(o *bot.Options) { o.Observer = obs })
	defer h.stop()
	h.invite("甲")
	h.say(secretary, "/remove 甲")
	confirm := h.wait(secretaryID, "确定要将")
	srv.FailMethod("answerCallbackQuery", 1, http.StatusTooManyRequests, "", 1)
	_, cb := srv.Press(secretary, secretaryID, confirm.ID, confirm.Keyboard[0][0].Data)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, _, ok := srv.CallbackAnswer(cb); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the press was never answered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if cmds := srv.MyCommands("all_private_chats", 0, ""); len(cmds) == 0 {
		t.Error("the default menu was not set after its 429")
	}
	st := srv.Stats()
	if st.EarlyRetries != 0 {
		t.Errorf("%d requests before retry_after ran out", st.EarlyRetries)
	}
	if st.TooManyRequests != 5 {
		t.Errorf("%d × 429, want the 5 injected", st.TooManyRequests)
	}
	want := map[string]int{"getMe": 1, "deleteWebhook": 1, "setMyCommands": 1, "getUpdates": 1, "answerCallbackQuery": 1}
	if got := obs.counts(); !maps.Equal(got, want) {
		t.Errorf("retries told the observer %v, want %v", got, want)
	}
}

// retries is an observer that counts the retries it is told of.
type retries struct {
	bot.NopObserver
	mu  sync.Mutex
	got map[string]int
}

func (r *retries) Retried(call string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got[call]++
}

func (r *retries) counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.got)
}

// waitLog waits until the log holds n lines containing what.
func waitLog(t *testing.T, logs *syncBuffer, what string, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(logs.String(), what) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%q logged %d times, want %d:\n%s", what, strings.Count(logs.String(), what), n, logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
