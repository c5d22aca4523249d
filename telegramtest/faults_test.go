package telegramtest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
)

func TestFailChat(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	s.FailChat(5, 403, "Forbidden: bot was blocked by the user")
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "hi"})
	if !errors.Is(err, tg.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Errorf("err = %v, want ErrorForbidden", err)
	}
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 6, Text: "hi"}); err != nil {
		t.Errorf("other chat: %v", err)
	}
	s.FailChat(6, 400, "")
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 6, Text: "hi"}); !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "chat not found") {
		t.Errorf("default 400: %v", err)
	}
	s.ClearChat(5)
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "hi"}); err != nil {
		t.Errorf("after ClearChat: %v", err)
	}
	if got := len(s.Messages(5)); got != 1 {
		t.Errorf("chat 5 holds %d messages", got)
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	s.FailNext(2, 500, "Internal Server Error", 0)
	s.FailNext(1, 429, "", 7)
	for i := 0; i < 2; i++ {
		_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: int64(i + 1), Text: "hi"})
		if err == nil || !strings.Contains(err.Error(), "500 Internal Server Error") {
			t.Errorf("call %d: %v", i, err)
		}
	}
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 3, Text: "hi"})
	var tooMany *tg.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 || !strings.Contains(err.Error(), "retry after 7") {
		t.Fatalf("injected 429: %v", err)
	}
	// An injected 429 blocks the chat like a real one.
	if ra := send(ctx, t, b, 3); ra == 0 {
		t.Error("early retry after an injected 429 succeeded")
	}
	if ra := send(ctx, t, b, 4); ra != 0 {
		t.Errorf("other chat: retry_after %d", ra)
	}
	if st := s.Stats(); st.TooManyRequests != 2 || st.EarlyRetries != 1 {
		t.Errorf("stats = %+v", st)
	}
	// Methods that do not target a chat are not affected.
	s.FailNext(1, 500, "", 0)
	if _, err := b.GetMe(ctx); err != nil {
		t.Errorf("getMe: %v", err)
	}
}

func TestDropReplyNext(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	s.DropReplyNext(1)
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 8, Text: "lost answer"})
	if err == nil {
		t.Fatal("dropped answer: no error")
	}
	msgs := s.Messages(8)
	if len(msgs) != 1 || msgs[0].Text != "lost answer" {
		t.Errorf("chat holds %+v, want the message", msgs)
	}
	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 8, Text: "next"})
	if err != nil || msg.ID != 2 {
		t.Errorf("next send: %+v, %v", msg, err)
	}
}

func TestSetDelay(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	s.SetDelay(30 * time.Millisecond)
	start := time.Now()
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "slow"}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	s.SetDelay(time.Hour)
	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, err := b.SendMessage(short, &tg.SendMessageParams{ChatID: 1, Text: "never"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the deadline", err)
	}
	s.SetDelay(0)
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "fast"}); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range s.Messages(1) {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, ",") != "slow,fast" {
		t.Errorf("chat holds %q", texts)
	}
}
