package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	tg "github.com/go-telegram/bot"
)

// serveWebhook registers the webhook with Telegram and serves it until ctx
// ends. Telegram retries an update until it gets a 200, and the bot answers
// 200 only after the update's effect is committed. Telegram posts over up
// to 40 connections at once and retries a failed update after later ones
// succeeded (max_connections is Options.Webhook.MaxConnections, 40 by
// default), so updates come in any order: Apply recognises an applied
// one by its id, whatever came before it.
func (b *Bot) serveWebhook(ctx context.Context) error {
	w := b.opts.Webhook
	u, err := url.Parse(w.URL)
	if err != nil {
		return fmt.Errorf("bot: webhook url: %w", err)
	}
	path := u.Path
	if path == "" {
		path = "/"
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+path, b.WebhookHandler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	ln, err := net.Listen("tcp", w.Listen)
	if err != nil {
		return fmt.Errorf("bot: webhook listen %s: %w", w.Listen, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	// Serving already, so updates Telegram posts while setWebhook is
	// retried are taken; a Bot API that is down is waited for.
	err = b.untilUp(ctx, "setWebhook", func(ctx context.Context) error {
		_, err := b.api.SetWebhook(ctx, &tg.SetWebhookParams{
			URL:            w.URL,
			SecretToken:    w.Secret,
			MaxConnections: w.MaxConnections,
			AllowedUpdates: allowedUpdates,
		})
		return err
	})
	if err != nil {
		_ = srv.Close()
		<-errc
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	b.log.Info("webhook serving", "listen", ln.Addr().String(), "path", path)
	select {
	case <-ctx.Done():
	case err := <-errc:
		return fmt.Errorf("bot: webhook server: %w", err)
	}
	shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	<-errc
	return nil
}

// WebhookHandler serves Telegram's webhook requests: the secret header is
// compared in constant time, the body is capped, and 200 is answered only
// once the update is committed.
func (b *Bot) WebhookHandler() http.Handler {
	secret := []byte(b.opts.Webhook.Secret)
	limit := b.opts.Webhook.MaxBody
	if limit <= 0 {
		limit = 1 << 20
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		case !json.Valid(body):
			// Not JSON at all: nothing Telegram would send; retrying will
			// not help, so it is refused rather than failed.
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := b.Apply(r.Context(), []json.RawMessage{body}); err != nil {
			b.log.Error("webhook update not applied", "err", err)
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
