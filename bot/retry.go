package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	tg "github.com/go-telegram/bot"
)

// The calls to Telegram made outside the outbox (getMe, setWebhook,
// deleteWebhook, getUpdates, answerCallbackQuery, setMyCommands,
// deleteMyCommands): all of them wait what a 429's retry_after tells
// before trying again, and a rejected token stops the bot.

// ErrUnauthorized is what Run's error wraps when Telegram rejects the
// token (401): it was revoked or mistyped, and retrying cannot help.
var ErrUnauthorized = errors.New("the bot token was rejected (401 Unauthorized): it was revoked or mistyped")

// maxBackoff caps the pause between attempts of a failing call.
const maxBackoff = 30 * time.Second

// tokenRejected is the error that ends the bot when method met a 401.
func (b *Bot) tokenRejected(method string, err error) error {
	return fmt.Errorf("bot: %s: %w; check BRANCHBOT_TOKEN or telegram.token_file (%s)", method, ErrUnauthorized, maskToken(err.Error(), b.opts.Token))
}

// retryAfter returns the wait a 429 answer asks for.
func retryAfter(err error) (time.Duration, bool) {
	var tm *tg.TooManyRequestsError
	if !errors.As(err, &tm) {
		return 0, false
	}
	return time.Duration(max(tm.RetryAfter, 1)) * time.Second, true
}

// jitter spreads a pause over [d/2, 3d/2).
func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// untilUp makes a call the bot cannot start without until it succeeds:
// after a 429 it waits the retry_after told, after any other failure
// (Telegram down, 5xx, no network) it backs off with jitter, from
// retryBase up to maxBackoff, logging each attempt. It gives up only when
// the token is rejected (401; for getMe also 404, Telegram's answer to a
// malformed token) or ctx ends.
func (b *Bot) untilUp(ctx context.Context, method string, call func(context.Context) error) error {
	delay := b.retryBase
	for attempt := 1; ; attempt++ {
		err := call(ctx)
		switch {
		case err == nil:
			if attempt > 1 {
				b.log.Info(method+" succeeded", "attempt", attempt)
			}
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, tg.ErrorUnauthorized), method == "getMe" && errors.Is(err, tg.ErrorNotFound):
			return b.tokenRejected(method, err)
		}
		b.obs.Retried(method)
		wait, limited := retryAfter(err)
		if limited {
			b.log.Warn(method+": Telegram asks to wait", "attempt", attempt, "retry_after", wait)
		} else {
			wait = jitter(delay)
			delay = min(2*delay, maxBackoff)
			b.log.Warn(method+" failed; retrying", "attempt", attempt, "err", maskToken(err.Error(), b.opts.Token), "in", wait)
		}
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

// obeying makes a call that can do without success (a callback answer, a
// menu): after a 429 it waits the retry_after told and tries again, for
// as long as ctx lasts, telling the observer of each retry under method;
// any other failure is returned at once.
func (b *Bot) obeying(ctx context.Context, method string, call func(context.Context) error) error {
	for {
		err := call(ctx)
		wait, limited := retryAfter(err)
		if !limited {
			return err
		}
		b.obs.Retried(method)
		if !sleep(ctx, wait) {
			return fmt.Errorf("%w; not retried: the call's time ran out first", err)
		}
	}
}
