package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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

// syncBuffer is a log sink safe for the bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestWebhookMode runs the bot in webhook mode: telegramtest delivers
// updates to it with the secret header; requests without the secret or
// with a body over the cap are refused and change nothing.
func TestWebhookMode(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	db, err := store.Open(filepath.Join(t.TempDir(), "b.db"), store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logs syncBuffer
	addr := freeAddr(t)
	url := "http://" + addr + "/telegram/hook"
	const secret = "s3cret-Token_1"
	b, err := bot.New(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: time.Now,
		Logger:      slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		BranchName:  "测试支部",
		Secretaries: []int64{secretaryID},
		Webhook:     &bot.WebhookOptions{Listen: addr, URL: url, Secret: secret, MaxBody: 4096},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()

	srv.SendText(secretary, secretaryID, "/help")
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	if _, err := srv.WaitMessage(wctx, secretaryID, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, "可用命令")
	}); err != nil {
		t.Fatal(err)
	}

	post := func(secretHeader string, body string) int {
		req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		if secretHeader != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	invite := `{"update_id":%d,"message":{"message_id":9,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"王"},"text":"/invite 伪造"}}`
	tests := []struct {
		name   string
		secret string
		body   string
		want   int
	}{
		{"no secret", "", fmt.Sprintf(invite, 900), http.StatusForbidden},
		{"wrong secret", "s3cret-Token_2", fmt.Sprintf(invite, 901), http.StatusForbidden},
		{"too large", secret, fmt.Sprintf(invite, 902)[:10] + strings.Repeat(" ", 5000) + fmt.Sprintf(invite, 902)[10:], http.StatusRequestEntityTooLarge},
		{"not JSON", secret, "<xml/>", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := post(tt.secret, tt.body); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
	if err := db.View(func(tx *store.Tx) error {
		if _, err := tx.MemberByName("伪造"); err == nil {
			t.Error("a refused webhook request created a member")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// The right secret is applied once, however often it is posted.
	for range 2 {
		if got := post(secret, fmt.Sprintf(invite, 903)); got != http.StatusOK {
			t.Fatalf("status %d", got)
		}
	}
	invites := 0
	if err := db.View(func(tx *store.Tx) error {
		es, err := tx.LatestAudit(50)
		for _, e := range es {
			if e.Action == "invite" && strings.Contains(e.Detail, "伪造") {
				invites++
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if invites != 1 {
		t.Errorf("invite applied %d times", invites)
	}
	if strings.Contains(logs.String(), srv.Token()) {
		t.Error("the token appears in the log")
	}
}

// TestTokenNeverLogged provokes failures (a server error, a dropped
// connection, a blocked chat) and checks the log never holds the token.
func TestTokenNeverLogged(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	db, err := store.Open(filepath.Join(t.TempDir(), "b.db"), store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logs syncBuffer
	b, err := bot.New(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db, Now: time.Now,
		Logger:      slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		BranchName:  "测试支部",
		Secretaries: []int64{secretaryID},
		PollTimeout: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	ms := addMembers(t, db, 4000, 3)
	srv.FailNext(1, 502, "Bad Gateway", 0)
	srv.DropReplyNext(1)
	srv.FailChat(ms[2].ChatID(), 403, "Forbidden: bot was blocked by the user")
	enqueueEach(t, db, ms, func(m *branchbot.Member) string { return fmt.Sprintf("消息 %d", m.TelegramID) })
	b.Kick()
	wctx, wcancel := context.WithTimeout(ctx, 15*time.Second)
	defer wcancel()
	for _, m := range ms[:2] {
		if _, err := srv.WaitMessage(wctx, m.ChatID(), func(x telegramtest.Message) bool { return x.FromBot }); err != nil {
			t.Fatal(err)
		}
	}
	srv.Close() // every later request fails to connect
	enqueueEach(t, db, ms[:1], func(*branchbot.Member) string { return "之后的消息" })
	b.Kick()
	for !strings.Contains(logs.String(), "send failed") {
		select {
		case <-wctx.Done():
			t.Fatal("no failed send logged")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	out := logs.String()
	if out == "" {
		t.Fatal("nothing logged")
	}
	if strings.Contains(out, srv.Token()) || strings.Contains(out, strings.SplitN(srv.Token(), ":", 2)[1]) {
		t.Errorf("the token appears in the log:\n%s", out)
	}
}
