package main

// TestWebhookEndToEnd runs the built binary in webhook mode behind a
// front like the reverse proxy an operator puts before it, with
// telegramtest delivering updates as Telegram does.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const (
	hookSecret   = "e2e_Hook-secret_42"
	hookURL      = "https://bot.example.org/tg/hook"
	hookConns    = 7 // telegram.webhook.max_connections in the test's configuration
	hookMembers  = 40
	secretHeader = "X-Telegram-Bot-Api-Secret-Token"
)

// hookAttempt is one delivery the front passed on (or could not).
type hookAttempt struct {
	id     int64
	status int // what the bot answered; 502 when it could not be reached
	told   int // what the front told telegramtest
}

// hookFront is the test's reverse proxy between telegramtest and the
// bot: it forwards each delivery to the bot's listen address, answers 502
// while the bot is down, and lets the test fail a delivery on purpose,
// lose the bot's 200 (so Telegram delivers the update again) or act the
// moment the bot answered 200.
type hookFront struct {
	t      *testing.T
	target string // the bot's listen address
	client *http.Client

	mu       sync.Mutex
	attempts []hookAttempt
	running  int // deliveries being forwarded now
	most     int
	secrets  map[string]bool // the secret headers seen
	handled  map[int64]bool  // updates the bot answered or the front failed on purpose
	// failFirst makes the front answer 502 to an update's first delivery
	// without passing it on; loseFirst passes it on but answers 502 for the
	// bot's 200 (attempts while the bot is down do not count); onOK runs
	// when the bot answered 200, before the front answers.
	failFirst, loseFirst func(id int64) bool
	onOK                 func(id int64)
}

func newHookFront(t *testing.T, target string) (*hookFront, string) {
	f := &hookFront{t: t, target: target, secrets: map[string]bool{}, handled: map[int64]bool{},
		client: &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, strings.TrimPrefix(srv.URL, "http://")
}

func (f *hookFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var u struct {
		ID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(body, &u); err != nil {
		f.t.Errorf("front: delivery %q: %v", body, err)
	}
	f.mu.Lock()
	f.secrets[r.Header.Get(secretHeader)] = true
	first := !f.handled[u.ID]
	fail := first && f.failFirst != nil && f.failFirst(u.ID)
	lose := first && f.loseFirst != nil && f.loseFirst(u.ID)
	onOK := f.onOK
	f.running++
	f.most = max(f.most, f.running)
	f.mu.Unlock()

	status, reached := http.StatusBadGateway, false
	if !fail {
		status, reached = f.forward(r, body, func() {
			if onOK != nil {
				onOK(u.ID)
			}
		})
	}
	told := status
	if status == http.StatusOK && lose {
		told = http.StatusBadGateway
	}
	f.mu.Lock()
	f.running--
	f.handled[u.ID] = f.handled[u.ID] || fail || reached
	f.attempts = append(f.attempts, hookAttempt{id: u.ID, status: status, told: told})
	f.mu.Unlock()
	w.WriteHeader(told)
}

// forward passes a delivery on to the bot and returns its status, 502
// and false when the bot cannot be reached. It calls ok as soon as the
// bot's 200 arrives, before the rest of the answer.
func (f *hookFront) forward(r *http.Request, body []byte, ok func()) (int, bool) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, "http://"+f.target+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		f.t.Errorf("front: %v", err)
		return http.StatusBadGateway, false
	}
	req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
	req.Header.Set(secretHeader, r.Header.Get(secretHeader))
	resp, err := f.client.Do(req)
	if err != nil {
		return http.StatusBadGateway, false
	}
	if resp.StatusCode == http.StatusOK {
		ok()
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, true
}

// snapshot returns the attempts so far and the most forwarded at once.
func (f *hookFront) snapshot() ([]hookAttempt, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.attempts), f.most
}

// freePort returns a loopback address nobody listens on right now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// webhookConfig writes, beside the polling configuration at cfg, one for
// webhook mode on listen.
func webhookConfig(t *testing.T, cfg, listen string) string {
	t.Helper()
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hook := fmt.Sprintf("telegram:\n  mode: webhook\n  webhook:\n    listen: %s\n    url: %s\n    max_connections: %d\n", listen, hookURL, hookConns)
	out := strings.Replace(string(data), "telegram:\n", hook, 1)
	path := filepath.Join(filepath.Dir(cfg), "webhook.yaml")
	if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// appliedIn opens a stopped bot's database and reports whether it
// recorded the update as applied and how many messages are queued.
func appliedIn(t *testing.T, path string, id int64) (applied bool, queued int) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *store.Tx) error {
		applied = tx.UpdateApplied(id)
		queued, _ = tx.OutboxStats()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return applied, queued
}

// TestWebhookEndToEnd: setWebhook with the secret and max_connections;
// 200 only after commit (the bot is killed the moment it answered 200 and
// the update's effect is in the database); deliveries refused while the
// bot is down retried until it is back; updates delivered concurrently,
// out of order and twice each applied once; and a restart in polling mode
// deletes the webhook and polls.
func TestWebhookEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildChildBinary(t)
	listen := freePort(t)
	front, frontAddr := newHookFront(t, listen)
	srv := telegramtest.NewServer(t, telegramtest.WithLimits(childLimits), telegramtest.WithWebhookFront(frontAddr))
	t.Cleanup(srv.Close)
	pollCfg, dbPath := newChildSetup(t, srv)
	hookCfg := webhookConfig(t, pollCfg, listen)
	seedDB(t, dbPath, hookMembers, false)
	env := append(childEnv(srv.Token()), "BRANCHBOT_WEBHOOK_SECRET="+hookSecret)
	api, err := tg.New(srv.Token(), tg.WithServerURL(srv.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// 1. setWebhook as configured.
	p := startChildProc(t, "webhook run 1", bin, env, "run", "-config", hookCfg)
	// The request is counted when it arrives, the webhook set as it is
	// answered: wait for the webhook itself.
	var info *models.WebhookInfo
	if !pollUntil(10*time.Second, func() bool {
		info, err = api.GetWebhookInfo(ctx)
		return err == nil && info.URL != ""
	}) {
		t.Fatalf("no webhook set within 10 s (last getWebhookInfo: %v):\n%s", err, p.stderr.String())
	}
	if info.URL != hookURL || info.MaxConnections != hookConns {
		t.Errorf("webhook %q with max_connections %d, want %q and %d", info.URL, info.MaxConnections, hookURL, hookConns)
	}

	// 2. 200 only after commit: the bot is killed as soon as it answered
	// 200 to member 0's /help; the update and its answer are in the file.
	killed := make(chan int64, 1)
	front.mu.Lock()
	front.onOK = func(id int64) {
		if p.kill() {
			killed <- id
		}
	}
	front.mu.Unlock()
	first := srv.SendText(memberUser(0), memberChat(0), "/help")
	var id int64
	select {
	case id = <-killed:
	case <-time.After(10 * time.Second):
		t.Fatalf("no 200 for update %d within 10 s:\n%s", first, p.stderr.String())
	}
	front.mu.Lock()
	front.onOK = nil
	front.mu.Unlock()
	applied, queued := appliedIn(t, dbPath, id)
	answered := countHelp(botTexts(srv, memberChat(0)))
	if id != first || !applied || queued > 1 || answered > 1 || queued+answered == 0 {
		t.Fatalf("killed on the 200 for update %d (sent %d): applied %v, %d answer queued, %d sent; want it applied and its answer queued or sent", id, first, applied, queued, answered)
	}
	// Sent but still queued: it was in flight at the kill, the one kind
	// of message that may go out twice.
	inflight := queued == 1 && answered == 1

	// 3. While the bot is down every delivery fails (502 from the front)
	// and is retried. Once it is back, deliveries run concurrently; every
	// third update's first delivery fails and comes after later ones, and
	// every fifth update's 200 is lost so that it is delivered again.
	ids := map[int64]int{} // update id → member
	for i := 1; i < hookMembers; i++ {
		ids[srv.SendText(memberUser(i), memberChat(i), "/help")] = i
	}
	if !pollUntil(10*time.Second, func() bool {
		att, _ := front.snapshot()
		down := 0
		for _, a := range att {
			if _, ok := ids[a.id]; ok && a.status == http.StatusBadGateway {
				down++
			}
		}
		return down >= hookMembers
	}) {
		t.Fatal("telegramtest did not keep delivering while the bot was down")
	}
	front.mu.Lock()
	front.failFirst = func(id int64) bool { return id%3 == 0 }
	front.loseFirst = func(id int64) bool { return id%5 == 0 }
	front.mu.Unlock()
	p = startChildProc(t, "webhook run 2", bin, env, "run", "-config", hookCfg)
	if err := srv.WaitIdle(ctx); err != nil {
		t.Fatalf("updates not taken after the restart: %v\n%s", err, p.stderr.String())
	}
	for i := range hookMembers {
		if _, err := srv.WaitMessage(ctx, memberChat(i), func(m telegramtest.Message) bool {
			return m.FromBot && strings.Contains(m.Text, helpMark)
		}); err != nil {
			t.Fatal(err)
		}
	}
	p.signal(syscall.SIGTERM)
	if code, ok := p.wait(15 * time.Second); !ok || code != 0 {
		t.Fatalf("webhook run 2 did not stop cleanly on SIGTERM (exit %d, in time %v):\n%s", code, ok, p.stderr.String())
	}
	if _, queued := appliedIn(t, dbPath, 0); queued != 0 {
		t.Errorf("%d messages still queued after the clean stop", queued)
	}
	for i := range hookMembers {
		n := countHelp(botTexts(srv, memberChat(i)))
		if n != 1 && (i != 0 || !inflight || n != 2) {
			t.Errorf("member %d got %d answers to one /help", i, n)
		}
	}
	att, most := front.snapshot()
	var okOrder []int64
	twice := 0
	for _, a := range att {
		if _, ok := ids[a.id]; !ok || a.status != http.StatusOK {
			continue
		}
		if slices.Contains(okOrder, a.id) {
			twice++
			continue
		}
		okOrder = append(okOrder, a.id)
	}
	if most < 2 || most > hookConns {
		t.Errorf("at most %d deliveries at once, want 2 to %d (max_connections)", most, hookConns)
	}
	if slices.IsSorted(okOrder) {
		t.Errorf("updates were applied in order %v; some were to come after later ones", okOrder)
	}
	if twice == 0 {
		t.Error("no update was delivered to the bot twice")
	}
	if len(front.secrets) != 1 || !front.secrets[hookSecret] {
		t.Errorf("secret headers %v, want only the configured one", front.secrets)
	}
	t.Logf("%d deliveries, at most %d at once, %d updates applied in the order %v, %d delivered again after their 200 was lost",
		len(att), most, len(okOrder), okOrder, twice)

	// 4. Back to polling: deleteWebhook, then updates by getUpdates.
	before := srv.Stats().Requests
	p = startChildProc(t, "polling run", bin, env, "run", "-config", pollCfg)
	if !pollUntil(10*time.Second, func() bool { return srv.Stats().Requests["getUpdates"] > before["getUpdates"] }) {
		t.Fatalf("no getUpdates within 10 s of a start in polling mode:\n%s", p.stderr.String())
	}
	if srv.Stats().Requests["deleteWebhook"] <= before["deleteWebhook"] {
		t.Error("polling mode started without deleteWebhook")
	}
	if info, err := api.GetWebhookInfo(ctx); err != nil || info.URL != "" {
		t.Errorf("webhook after the start in polling mode: %+v, %v", info, err)
	}
	delivered := len(att)
	srv.SendText(memberUser(1), memberChat(1), "/help") // member 1's second
	if !pollUntil(10*time.Second, func() bool { return countHelp(botTexts(srv, memberChat(1))) == 2 }) {
		t.Fatalf("no answer to /help in polling mode:\n%s", p.stderr.String())
	}
	if att, _ := front.snapshot(); len(att) != delivered {
		t.Errorf("%d deliveries to the webhook after it was deleted", len(att)-delivered)
	}
}
