package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"

	"github.com/branchbot/branchbot/store"
)

// allowedUpdates are the kinds of update the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// poll runs the getUpdates loop. It is our own rather than go-telegram/bot's,
// which confirms a batch before handling it: here the offset is derived from
// the store, so it moves only past updates whose effect is committed.
func (b *Bot) poll(ctx context.Context) error {
	if _, err := b.api.DeleteWebhook(ctx, &tg.DeleteWebhookParams{}); err != nil && ctx.Err() == nil {
		b.log.Warn("deleteWebhook failed", "err", maskToken(err.Error(), b.opts.Token))
	}
	log := b.log.With("component", "poll")
	backoff := time.Second
	for ctx.Err() == nil {
		var offset int64
		if err := b.db.View(func(tx *store.Tx) error {
			offset = tx.LastUpdateID() + 1
			return nil
		}); err != nil {
			return err
		}
		raws, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, tg.ErrorUnauthorized) {
				return fmt.Errorf("bot: Telegram rejected the token while polling: %w", err)
			}
			wait := backoff/2 + rand.N(backoff)
			log.Warn("getUpdates failed; retrying", "err", err, "in", wait)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(wait):
			}
			backoff = min(2*backoff, 30*time.Second)
			continue
		}
		backoff = time.Second
		if len(raws) == 0 {
			continue
		}
		if err := b.Apply(ctx, raws); err != nil {
			// The store failed: the offset has not moved, so the same
			// updates come again after a pause.
			log.Error("applying updates failed", "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second):
			}
		}
	}
	return nil
}

// getUpdates asks for updates from offset on, waiting up to PollTimeout.
func (b *Bot) getUpdates(ctx context.Context, offset int64) ([]json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"limit":           100,
		"timeout":         int(b.opts.PollTimeout / time.Second),
		"allowed_updates": allowedUpdates,
	})
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
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d, undecodable answer: %w", resp.StatusCode, err)
	}
	if !r.OK {
		if r.ErrorCode == http.StatusUnauthorized {
			return nil, fmt.Errorf("getUpdates: %w, %s", tg.ErrorUnauthorized, r.Description)
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
