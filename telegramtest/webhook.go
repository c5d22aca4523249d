package telegramtest

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
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
	// webhookDefaultConnections is the Bot API's max_connections default.
	webhookDefaultConnections = 40
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
	tries          map[int64]*hookTry // by update id
	inflight       int                // deliveries running
}

// hookTry is the delivery state of one queued update.
type hookTry struct {
	inflight bool
	backoff  time.Duration // the last wait before a retry
	retryAt  time.Time     // wall clock: the backoff is real time
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
	for _, tr := range w.tries {
		tr.backoff, tr.retryAt = 0, time.Time{} // a new webhook starts afresh
	}
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
	// Deliveries still running count against the connections of a
	// webhook set later.
	s.webhook = webhookState{gen: s.webhook.gen + 1, tries: s.webhook.tries, inflight: s.webhook.inflight}
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

// webhookLoop starts deliveries of queued updates to the webhook until
// Close: up to max_connections at once (40 when setWebhook did not say),
// in order of their ids, each update retried after a failure with a
// backoff of its own while the later ones go on, as the Bot API does. So
// updates arrive concurrently and, after a failure, out of order.
func (s *Server) webhookLoop(ctx context.Context) {
	defer s.bg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.closed {
		next := s.startDeliveriesLocked(ctx)
		changed, hook := s.updates.changed.wait(), s.hookChanged.wait()
		s.mu.Unlock()
		var retry <-chan time.Time
		var t *time.Timer
		if !next.IsZero() {
			t = time.NewTimer(time.Until(next))
			retry = t.C
		}
		select {
		case <-changed:
		case <-hook:
		case <-retry:
		case <-s.done:
		}
		if t != nil {
			t.Stop()
		}
		s.mu.Lock()
	}
}

// startDeliveriesLocked starts the deliveries the webhook's connections
// allow and returns when the earliest update waiting for its retry is due
// (zero if none waits).
func (s *Server) startDeliveriesLocked(ctx context.Context) time.Time {
	w := &s.webhook
	if w.url == "" || len(s.updates.items) == 0 {
		return time.Time{}
	}
	s.takeLocked(len(s.updates.items)) // drops the kinds not allowed
	if w.tries == nil {
		w.tries = map[int64]*hookTry{}
	}
	limit := w.maxConnections
	if limit <= 0 {
		limit = webhookDefaultConnections
	}
	now := time.Now()
	var next time.Time
	for _, u := range s.updates.items {
		tr := w.tries[u.id]
		switch {
		case tr != nil && tr.inflight:
			continue
		case tr != nil && tr.retryAt.After(now):
			if next.IsZero() || tr.retryAt.Before(next) {
				next = tr.retryAt
			}
			continue
		case w.inflight >= limit:
			return next
		}
		if tr == nil {
			tr = &hookTry{}
			w.tries[u.id] = tr
		}
		tr.inflight = true
		w.inflight++
		s.bg.Add(1)
		go s.deliverOne(ctx, w.gen, u.id, w.url, w.secret, u.raw)
	}
	return next
}

// deliverOne delivers one update and records the outcome: a delivered
// update leaves the queue, a failed one waits for its retry.
func (s *Server) deliverOne(ctx context.Context, gen uint64, id int64, target, secret string, raw []byte) {
	defer s.bg.Done()
	err := s.deliver(ctx, target, secret, raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &s.webhook
	w.inflight--
	tr := w.tries[id]
	switch {
	case tr == nil:
	case err == nil:
		delete(w.tries, id)
		q := &s.updates
		if i, ok := sort.Find(len(q.items), func(i int) int { return cmp.Compare(id, q.items[i].id) }); ok {
			q.items = slices.Delete(q.items, i, i+1)
			q.changed.fire()
		}
	case w.gen != gen:
		tr.inflight = false // the webhook changed meanwhile; the new one starts afresh
	default:
		w.lastErrorDate = s.cfg.now().Unix()
		w.lastErrorMsg = err.Error()
		tr.inflight = false
		tr.backoff = min(max(2*tr.backoff, webhookMinBackoff), webhookMaxBackoff)
		tr.retryAt = time.Now().Add(tr.backoff)
		s.logf("webhook delivery of update %d failed, retrying in %v: %v", id, tr.backoff, err)
	}
	s.hookChanged.fire()
}

// deliver POSTs one update to the webhook.
func (s *Server) deliver(ctx context.Context, target, secret string, raw []byte) error {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	host := ""
	if front := s.cfg.webhookFront; front != "" {
		u, err := url.Parse(target)
		if err != nil {
			return err
		}
		host, u.Scheme, u.Host = u.Host, "http", front
		target = u.String()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	if host != "" {
		req.Host = host
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
