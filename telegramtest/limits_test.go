package telegramtest

import (
	"context"
	"errors"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
)

// send sends text to chat and returns the 429's retry_after, 0 on
// success; other errors fail the test.
func send(ctx context.Context, t *testing.T, b *tg.Bot, chat int64) int {
	t.Helper()
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: chat, Text: "hi"})
	var tooMany *tg.TooManyRequestsError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &tooMany):
		return tooMany.RetryAfter
	}
	t.Fatalf("send to %d: %v", chat, err)
	return 0
}

func TestPerChatLimit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithLimits(Limits{PerChatPerSecond: 1, RetryAfter: 3}))
	b := newClient(t, s)
	ctx := testContext(t)

	if ra := send(ctx, t, b, 1); ra != 0 {
		t.Fatalf("first message: retry_after %d", ra)
	}
	if ra := send(ctx, t, b, 1); ra != 3 {
		t.Fatalf("second message at once: retry_after %d, want 3", ra)
	}
	if ra := send(ctx, t, b, 2); ra != 0 {
		t.Errorf("another chat is not limited: retry_after %d", ra)
	}
	clock.Advance(2 * time.Second)
	if ra := send(ctx, t, b, 1); ra != 1 {
		t.Errorf("retry after 2 of 3 seconds: retry_after %d, want the 1 left", ra)
	}
	clock.Advance(time.Second)
	if ra := send(ctx, t, b, 1); ra != 0 {
		t.Errorf("retry after 3 seconds: retry_after %d", ra)
	}
	clock.Advance(time.Second)
	if ra := send(ctx, t, b, 1); ra != 0 {
		t.Errorf("one per second: retry_after %d", ra)
	}
	st := s.Stats()
	if st.TooManyRequests != 2 || st.EarlyRetries != 1 || st.Requests["sendMessage"] != 6 {
		t.Errorf("stats = %+v", st)
	}
	if n := len(s.Messages(1)); n != 3 {
		t.Errorf("chat 1 holds %d messages, want 3", n)
	}
}

func TestGlobalAndGroupLimits(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithLimits(Limits{GlobalPerSecond: 30, PerGroupPerMinute: 20}))
	b := newClient(t, s)
	ctx := testContext(t)

	for i := 0; i < 20; i++ {
		if ra := send(ctx, t, b, -100); ra != 0 {
			t.Fatalf("group message %d: retry_after %d", i, ra)
		}
	}
	if ra := send(ctx, t, b, -100); ra != 1 {
		t.Fatalf("21st group message in a minute: retry_after %d, want the default 1", ra)
	}
	clock.Advance(3 * time.Second) // 20 per minute refill one each 3 s
	if ra := send(ctx, t, b, -100); ra != 0 {
		t.Errorf("after 3 s: retry_after %d", ra)
	}
	clock.Advance(time.Second)
	for i := 0; i < 30; i++ {
		if ra := send(ctx, t, b, int64(1000+i)); ra != 0 {
			t.Fatalf("global message %d: retry_after %d", i, ra)
		}
	}
	if ra := send(ctx, t, b, 2000); ra != 1 {
		t.Fatalf("31st message in a second: retry_after %d", ra)
	}
	if ra := send(ctx, t, b, 3000); ra != 1 {
		t.Errorf("any chat during a global block: retry_after %d", ra)
	}
	st := s.Stats()
	if st.TooManyRequests != 3 || st.EarlyRetries != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestRetryAfterUnit(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, WithClock(clock.Now), WithLimits(Limits{PerChatPerSecond: 1, RetryAfter: 5, RetryAfterUnit: time.Millisecond}))
	b := newClient(t, s)
	ctx := testContext(t)
	send(ctx, t, b, 1)
	if ra := send(ctx, t, b, 1); ra != 5 {
		t.Fatalf("retry_after %d", ra)
	}
	// The block lasts 5 ms; the token bucket still refills in seconds, so
	// chat 1 stays limited but no longer counts early retries.
	clock.Advance(5 * time.Millisecond)
	if ra := send(ctx, t, b, 1); ra != 5 {
		t.Errorf("after the block: retry_after %d", ra)
	}
	if st := s.Stats(); st.EarlyRetries != 0 {
		t.Errorf("stats = %+v", st)
	}
}
