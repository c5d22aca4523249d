package telegramtest

import (
	"math"
	"time"
)

// Limits configures Telegram's flood limits for the methods that target a
// chat (send*, edit*, delete*, copy*, forward*, pin*, unpin*, stop* with a
// chat_id). Each limit is a token bucket that holds as many requests as the
// rate allows in one unit of time (at least one) and refills continuously:
// PerChatPerSecond 1 means one request per second sustained with a burst of
// one, PerGroupPerMinute 20 means a burst of 20 refilled at one per three
// seconds. A zero rate is unlimited. A request that finds a bucket empty is
// answered 429 "Too Many Requests: retry after N" with
// parameters.retry_after N = RetryAfter, and the chat (or, for the global
// limit, every chat) stays blocked for that long: requests made meanwhile
// are answered 429 again and counted in Stats.EarlyRetries.
type Limits struct {
	// GlobalPerSecond limits all chat requests together.
	GlobalPerSecond float64
	// PerChatPerSecond limits each private chat (chat id > 0).
	PerChatPerSecond float64
	// PerGroupPerMinute limits each group (chat id < 0).
	PerGroupPerMinute float64
	// RetryAfter is the retry_after told in a 429; 0 means 1.
	RetryAfter int
	// RetryAfterUnit is how long one unit of retry_after lasts on the
	// server; 0 means time.Second. Tests whose client scales retry_after
	// down (say to milliseconds) set the same unit here.
	RetryAfterUnit time.Duration
}

// limitSlack forgives clients whose requests arrive a little early, as
// network jitter would make them on Telegram too.
const limitSlack = 5 * time.Millisecond

func (l Limits) retryAfter() int {
	if l.RetryAfter <= 0 {
		return 1
	}
	return l.RetryAfter
}

func (l Limits) unit() time.Duration {
	if l.RetryAfterUnit <= 0 {
		return time.Second
	}
	return l.RetryAfterUnit
}

// Stats counts what the server answered.
type Stats struct {
	// Requests counts requests by method name as the specification spells
	// it (unknown methods as sent).
	Requests map[string]int
	// TooManyRequests counts 429 answers, injected ones included.
	TooManyRequests int
	// EarlyRetries counts requests to a chat made while a retry_after told
	// for that chat (or a global one) was still running, and requests of a
	// method made while a retry_after injected for it (FailMethod) was.
	EarlyRetries int
}

// bucket is a token bucket; a zero bucket is full.
type bucket struct {
	tokens float64
	last   time.Time
}

// available refills b up to now and reports whether a request fits.
func (b *bucket) available(now time.Time, perSecond, capacity float64) bool {
	if b.last.IsZero() {
		b.tokens = capacity
	} else if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(capacity, b.tokens+d.Seconds()*perSecond)
	}
	b.last = now
	return b.tokens+limitSlack.Seconds()*perSecond >= 1
}

func (b *bucket) take() {
	b.tokens--
}

// limiter enforces Limits; Server.mu guards it.
type limiter struct {
	limits        Limits
	global        bucket
	chats         map[int64]*bucket
	blocked       map[int64]time.Time
	globalBlocked time.Time
}

func newLimiter(l Limits) limiter {
	return limiter{limits: l, chats: map[int64]*bucket{}, blocked: map[int64]time.Time{}}
}

// verdict is the outcome of a limit check.
type verdict struct {
	limited    bool
	early      bool
	retryAfter int
}

// check decides whether a request to chatID may run now and, if so,
// consumes its tokens.
func (l *limiter) check(chatID int64, now time.Time) verdict {
	until := l.blocked[chatID]
	if l.globalBlocked.After(until) {
		until = l.globalBlocked
	}
	if now.Before(until) {
		left := int(math.Ceil(float64(until.Sub(now)) / float64(l.limits.unit())))
		return verdict{limited: true, early: true, retryAfter: max(left, 1)}
	}
	delete(l.blocked, chatID)

	gRate := l.limits.GlobalPerSecond
	if gRate > 0 && !l.global.available(now, gRate, math.Max(1, math.Floor(gRate))) {
		l.globalBlocked = now.Add(time.Duration(l.limits.retryAfter()) * l.limits.unit())
		return verdict{limited: true, retryAfter: l.limits.retryAfter()}
	}
	perSecond, capacity := l.limits.PerChatPerSecond, math.Floor(l.limits.PerChatPerSecond)
	if chatID < 0 {
		perSecond, capacity = l.limits.PerGroupPerMinute/60, math.Floor(l.limits.PerGroupPerMinute)
	}
	var cb *bucket
	if perSecond > 0 {
		cb = l.chats[chatID]
		if cb == nil {
			cb = &bucket{}
			l.chats[chatID] = cb
		}
		if !cb.available(now, perSecond, math.Max(1, capacity)) {
			l.block(chatID, now, l.limits.retryAfter())
			return verdict{limited: true, retryAfter: l.limits.retryAfter()}
		}
		cb.take()
	}
	if gRate > 0 {
		l.global.take()
	}
	return verdict{}
}

// block makes requests to chatID early retries for retryAfter units.
func (l *limiter) block(chatID int64, now time.Time, retryAfter int) {
	l.blocked[chatID] = now.Add(time.Duration(retryAfter) * l.limits.unit())
}
