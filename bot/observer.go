package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// Observer is told what the bot does, for the operator's metrics
// (package ops implements it with Prometheus; the bot knows nothing of
// that). The bot calls it from several goroutines, after the fact; its
// methods must be quick and must not block. Options.Observer nil means
// NopObserver.
type Observer interface {
	// UpdateHandled is told of each update once the transaction that
	// applied it committed: its kind (one of the Update… constants) and
	// how long its batch took from being taken up to the commit.
	UpdateHandled(kind string, took time.Duration)
	// MessageSent is told of each outbox message Telegram accepted: kind
	// is what it is for, the first part of its idempotency key ("study",
	// "bc", "meeting", …) or "reply" for an answer to an update; edit is
	// whether it changed an earlier message rather than sending one.
	MessageSent(kind string, edit bool)
	// APIAnswered is told of every answer of the Bot API: the method
	// and the HTTP status, 0 when no answer came (timeout, connection
	// lost). Telegram answers with the error's code as the status (429,
	// 403, 5xx …).
	APIAnswered(method string, status int)
	// Retried is told of every call tried again after a failure: "send"
	// for an outbox message rescheduled after a 429 or a transient
	// error, the method (getUpdates, getMe, deleteWebhook, setWebhook)
	// the bot cannot run without, or the method (answerCallbackQuery,
	// setMyCommands, deleteMyCommands) made again after a 429.
	Retried(call string)
	// Polled is told that getUpdates answered successfully.
	Polled()
}

// The kinds of update UpdateHandled is told.
const (
	UpdateMessage   = "message"        // a message that is not a command
	UpdateCommand   = "command"        // a message starting with /
	UpdateCallback  = "callback"       // a button press
	UpdateEdited    = "edited_message" // an edit, which changes nothing
	UpdateOther     = "other"          // any other kind, which changes nothing
	UpdateDuplicate = "duplicate"      // one already applied, delivered again
	UpdateFailed    = "failed"         // undecodable, or its handler failed: recorded and skipped
)

// NopObserver observes nothing.
type NopObserver struct{}

func (NopObserver) UpdateHandled(string, time.Duration) {}
func (NopObserver) MessageSent(string, bool)            {}
func (NopObserver) APIAnswered(string, int)             {}
func (NopObserver) Retried(string)                      {}
func (NopObserver) Polled()                             {}

// updateKind is the kind of a decoded update, for UpdateHandled.
func updateKind(u *models.Update) string {
	switch {
	case u.Message != nil:
		if strings.HasPrefix(u.Message.Text, "/") || strings.HasPrefix(u.Message.Caption, "/") {
			return UpdateCommand
		}
		return UpdateMessage
	case u.CallbackQuery != nil:
		return UpdateCallback
	case u.EditedMessage != nil:
		return UpdateEdited
	}
	return UpdateOther
}

// sentKind is what an outbox message is for, for MessageSent: the first
// part of its key (or of the key of the message it edits, or of its live
// name), "reply" when it has none. The parts are the package's own
// constants, so the kinds are few.
func sentKind(o *branchbot.Outgoing) string {
	for _, name := range []string{o.Key, o.EditKey, o.Live} {
		if name == "" {
			continue
		}
		head, _, _ := strings.Cut(name, "/")
		if metricWord(head) {
			return head
		}
		return "other"
	}
	return "reply"
}

// metricWord reports whether s is short and made of lower-case letters,
// digits, _ and -: safe as a metric label whatever a name holds.
func metricWord(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// observedTransport tells the observer of every answer of the Bot API.
// Telegram answers with the error's code as the HTTP status, so the
// status is the outcome, for every call the bot makes (the outbox's and
// getUpdates, callback answers and menus alike).
type observedTransport struct {
	base http.RoundTripper
	obs  Observer
}

func (t observedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]
	if !methodName(method) {
		method = "other" // the path also holds the token: never pass on more than a method's name
	}
	resp, err := t.base.RoundTrip(req)
	switch {
	case err == nil:
		t.obs.APIAnswered(method, resp.StatusCode)
	case !errors.Is(req.Context().Err(), context.Canceled):
		// No answer (a timeout counts). A call cancelled because the
		// bot stops is no sign of Telegram's and is not counted.
		t.obs.APIAnswered(method, 0)
	}
	return resp, err
}

// methodName reports whether s looks like a Bot API method's name.
func methodName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// observedClient returns c with its requests observed; c itself is not
// changed.
func observedClient(c *http.Client, obs Observer) *http.Client {
	oc := *c
	base := oc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	oc.Transport = observedTransport{base: base, obs: obs}
	return &oc
}
