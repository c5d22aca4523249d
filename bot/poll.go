package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
)

// allowedUpdates are the kinds of update the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// poll runs the getUpdates loop. It is our own rather than go-telegram/bot's,
// which confirms a batch before handling it: here a batch is confirmed
// (by the next call's offset) only once its effect is committed.
//
// The offset is kept in memory, not derived from the store: Telegram's
// update ids are not always increasing (after a week without updates the
// next one is chosen at random), and an offset above a new, lower id
// would confirm that update unseen. So the loop asks with offset = the
// last id of the batch it applied + 1, which confirms that batch; once
// such a call comes back empty, every update received is confirmed, and
// it asks without an offset, getting whatever Telegram holds from the
// earliest on, whatever its id. On start-up it asks without an offset
// too, and the store's set of applied ids skips what the last run
// applied but did not confirm.
func (b *Bot) poll(ctx context.Context) error {
	err := b.untilUp(ctx, "deleteWebhook", func(ctx context.Context) error {
		_, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{})
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	log := b.log.With("component", "poll")
	backoff := b.retryBase
	var offset int64
	for ctx.Err() == nil {
		raws, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, tg.ErrorUnauthorized) {
				return b.tokenRejected("getUpdates", err)
			}
			b.obs.Retried("getUpdates")
			wait, limited := retryAfter(err)
			if limited {
				log.Warn("getUpdates: Telegram asks to wait", "retry_after", wait)
			} else {
				wait = jitter(backoff)
				backoff = min(2*backoff, maxBackoff)
				log.Warn("getUpdates failed; retrying", "err", err, "in", wait)
			}
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		backoff = b.retryBase
		b.obs.Polled()
		if len(raws) == 0 {
			offset = 0 // this call confirmed the last batch: nothing is left to confirm
			continue
		}
		ins := decodeUpdates(raws)
		if err := b.apply(ctx, ins); err != nil {
			// The store failed: the offset has not moved, so the same
			// updates come again after a pause.
			log.Error("applying updates failed", "err", err)
			if !sleep(ctx, time.Second) {
				return nil
			}
			continue
		}
		offset = confirmOffset(ins, offset)
	}
	return nil
}

// confirmOffset is the offset that confirms the batch ins: its last
// update's id + 1 (Telegram returns a batch in ascending order). An
// update without an id (never seen from Telegram) cannot be confirmed.
func confirmOffset(ins []incoming, offset int64) int64 {
	for i := len(ins) - 1; i >= 0; i-- {
		if ins[i].id != 0 {
			return ins[i].id + 1
		}
	}
	return offset
}

// getUpdates asks for updates from offset on, waiting up to PollTimeout.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	params := map[string]any{
		"limit":           100,
		"timeout":         int(b.opts.PollTimeout / time.Second),
		"allowed_updates": allowedUpdates,
	}
	if offset != 0 {
		params["offset"] = offset
	}
	body, _ := json.Marshal(params)
	url := strings.TrimRight(b.opts.APIURL, "/") + "/bot" + b.opts.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, errors.New(maskToken(err.Error(), b.opts.Token))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, errors.New(maskToken(err.Error(), b.opts.Token))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: read: %w", err)
	}
	var r struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d, undecodable answer: %w", resp.StatusCode, err)
	}
	if !r.OK {
		switch r.ErrorCode {
		case http.StatusUnauthorized:
			return nil, fmt.Errorf("getUpdates: %w, %s", tg.ErrorUnauthorized, r.Description)
		case http.StatusTooManyRequests:
			return nil, &tg.TooManyRequestsError{Message: "getUpdates: " + r.Description, RetryAfter: r.Parameters.RetryAfter}
		}
		return nil, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, nil
}

// maskToken hides the token in text that may reach a log.
func maskToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "***")
}
