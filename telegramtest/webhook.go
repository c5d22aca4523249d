package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// Webhook delivery retries failed deliveries after a backoff that doubles
// from webhookMinBackoff up to webhookMaxBackoff.
const (
	webhookMinBackoff = 10 * time.Millisecond
	webhookMaxBackoff = time.Second
	webhookTimeout    = 30 * time.Second
)

// webhookState is the webhook configuration; Server.mu guards it.
type webhookState struct {
	url            string
	secret         string
	ipAddress      string
	maxConnections int
	gen            uint64 // bumped on every change
	lastErrorDate  int64
	lastErrorMsg   string
}

// setWebhook implements setWebhook.
func (s *Server) setWebhook(p params) (any, *apiError) {
	raw := p.str("url")
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, badRequest("bad webhook: invalid URL %q", raw)
		}
	}
	secret := p.str("secret_token")
	if strings.Trim(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != "" {
		return nil, badRequest("secret token contains unallowed characters")
	}
	maxConn, _, err := p.int64("max_connections")
	if err != nil {
		return nil, badRequest("%v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.has("allowed_updates") {
		if err := s.setAllowedLocked(p.str("allowed_updates")); err != nil {
			return nil, badRequest("can't parse allowed_updates: %v", err)
		}
	}
	if p.bool("drop_pending_updates") {
		s.dropPendingLocked()
	}
	w := &s.webhook
	w.url, w.secret, w.ipAddress, w.maxConnections = raw, secret, p.str("ip_address"), int(maxConn)
	w.lastErrorDate, w.lastErrorMsg = 0, ""
	w.gen++
	s.hookChanged.fire()
	s.updates.changed.fire()
	return true, nil
}

// deleteWebhook implements deleteWebhook.
func (s *Server) deleteWebhook(p params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.bool("drop_pending_updates") {
		s.dropPendingLocked()
	}
	s.webhook = webhookState{gen: s.webhook.gen + 1}
	s.hookChanged.fire()
	s.updates.changed.fire()
	return true, nil
}

// getWebhookInfo implements getWebhookInfo.
func (s *Server) getWebhookInfo() (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	info := models.WebhookInfo{
		URL:                w.url,
		PendingUpdateCount: len(s.updates.items),
		IPAddress:          w.ipAddress,
		LastErrorDate:      int(w.lastErrorDate),
		LastErrorMessage:   w.lastErrorMsg,
		MaxConnections:     w.maxConnections,
	}
	for k := range s.updates.allowed {
		info.AllowedUpdates = append(info.AllowedUpdates, k)
	}
	sort.Strings(info.AllowedUpdates)
	return info, nil
}

func (s *Server) dropPendingLocked() {
	if len(s.updates.items) > 0 {
		s.updates.items = nil
		s.updates.changed.fire()
	}
}

// webhookLoop delivers queued updates to the webhook one at a time, in
// order, until Close.
func (s *Server) webhookLoop(ctx context.Context) {
	defer s.bg.Done()
	backoff := webhookMinBackoff
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.closed {
			return
		}
		var next *queuedUpdate
		if s.webhook.url != "" {
			if got := s.takeLocked(1); len(got) > 0 {
				next = &s.updates.items[0]
			}
		}
		if next == nil {
			wake := s.updates.changed.wait()
			s.mu.Unlock()
			select {
			case <-wake:
			case <-s.done:
			}
			s.mu.Lock()
			continue
		}
		id, raw, gen := next.id, next.raw, s.webhook.gen
		target, secret := s.webhook.url, s.webhook.secret
		s.mu.Unlock()
		err := s.deliver(ctx, target, secret, raw)
		s.mu.Lock()
		if err == nil {
			backoff = webhookMinBackoff
			if s.webhook.gen == gen && len(s.updates.items) > 0 && s.updates.items[0].id == id {
				s.updates.items = s.updates.items[1:]
				s.updates.changed.fire()
			}
			continue
		}
		if s.webhook.gen == gen {
			s.webhook.lastErrorDate = s.cfg.now().Unix()
			s.webhook.lastErrorMsg = err.Error()
		}
		s.logf("webhook delivery of update %d failed, retrying in %v: %v", id, backoff, err)
		wake := s.hookChanged.wait()
		s.mu.Unlock()
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
			backoff = min(2*backoff, webhookMaxBackoff)
		case <-wake: // a new webhook starts afresh
			backoff = webhookMinBackoff
		case <-s.done:
		}
		t.Stop()
		s.mu.Lock()
	}
}

// deliver POSTs one update to the webhook.
func (s *Server) deliver(ctx context.Context, target, secret string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.hookClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("wrong response from the webhook: %s", resp.Status)
	}
	return nil
}
