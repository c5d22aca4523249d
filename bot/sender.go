package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/time/rate"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// sender drains the outbox to Telegram. One dispatcher goroutine owns the
// rate-limit state and decides what goes next (dispatch.go); workers make
// the requests and record each outcome in the store before reporting back.
// The dispatcher sends a record only as the store holds it after every
// outcome reported so far, so a record is never dispatched twice unless an
// answer never came back. Messages to one chat go out one at a time, in
// order.
type sender struct {
	b       *Bot
	log     *slog.Logger
	clock   func() time.Time // paces requests: Telegram's limits run on real time
	global  *rate.Limiter
	kickc   chan struct{}
	results chan result

	// Owned by the dispatcher goroutine.
	chats       map[int64]*chatState
	inflight    map[uint64]bool
	heads       map[int64]uint64 // per chat, its oldest record the current pass met
	globalUntil time.Time
	wakeAt      time.Time // earliest time a skipped record may be ready
}

type chatState struct {
	limiter  *rate.Limiter
	until    time.Time // retry_after from Telegram: nothing to this chat before it
	busy     bool      // a request to this chat is in flight
	lastSent time.Time // when the latest request to this chat went out
	prevSent time.Time // and the one before it
	interval time.Duration
}

// result is what a worker reports after recording an attempt.
type result struct {
	id         uint64
	chat       int64
	retryAfter time.Duration // > 0 after a 429
}

const scanBatch = 256

func newSender(b *Bot) *sender {
	l := b.opts.Limits
	return &sender{
		b:        b,
		log:      b.log.With("component", "sender"),
		clock:    b.opts.SendClock,
		global:   rate.NewLimiter(rate.Limit(l.GlobalPerSecond), 1),
		kickc:    make(chan struct{}, 1),
		results:  make(chan result, b.opts.SendWorkers),
		chats:    make(map[int64]*chatState),
		inflight: make(map[uint64]bool),
		heads:    make(map[int64]uint64),
	}
}

// kick tells the dispatcher that the outbox has new records.
func (s *sender) kick() {
	select {
	case s.kickc <- struct{}{}:
	default:
	}
}

// run dispatches until ctx ends, then waits for requests in flight to
// finish (each bounded by its own timeout) so their outcome is recorded.
func (s *sender) run(ctx context.Context) error {
	jobs := make(chan branchbot.Outgoing)
	var wg sync.WaitGroup
	for range s.b.opts.SendWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := range jobs {
				s.results <- s.deliver(context.WithoutCancel(ctx), o)
			}
		}()
	}
	err := s.dispatch(ctx, jobs)
	close(jobs)
	go func() {
		wg.Wait()
		close(s.results)
	}()
	for range s.results {
	}
	return err
}

// deliver makes one request for o and records the outcome.
func (s *sender) deliver(ctx context.Context, o branchbot.Outgoing) result {
	res := result{id: o.ID, chat: o.ChatID}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	msgID, err := s.request(ctx, &o)
	now := s.clock()
	var rec func(*store.Tx) error
	var tooMany *tg.TooManyRequestsError
	var stale *staleError
	switch {
	case errors.As(err, &stale):
		s.log.Info("study message not sent: its day is over", "id", o.ID, "chat", o.ChatID, "day", stale.day)
		rec = func(tx *store.Tx) error { return s.b.dropStale(tx, &o, stale) }
	case err == nil:
		d := branchbot.Delivery{ChatID: o.ChatID, MessageID: msgID, SentAt: s.b.now()}
		rec = func(tx *store.Tx) error { return tx.MarkSent(&o, d) }
		s.b.obs.MessageSent(sentKind(&o), o.Edit != 0 || o.EditKey != "")
	case errors.As(err, &tooMany):
		s.b.obs.Retried("send")
		res.retryAfter = time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
		o.NotBefore = now.Add(res.retryAfter)
		o.LastError = "429 " + err.Error()
		rec = func(tx *store.Tx) error { return tx.Reschedule(&o) }
	case unreachable(err):
		why := shortError(err)
		s.log.Info("chat unreachable", "chat", o.ChatID, "err", why)
		rec = func(tx *store.Tx) error { return s.markUnreachable(tx, o.ChatID, why) }
	case permanent(err):
		why := shortError(err)
		s.log.Warn("message refused by Telegram", "id", o.ID, "chat", o.ChatID, "err", why)
		rec = func(tx *store.Tx) error { return tx.FailOutgoing(&o, why) }
	default:
		o.Attempts++
		o.LastError = shortError(err)
		if o.Deadline.IsZero() {
			o.Deadline = now.Add(s.b.opts.GiveUpAfter)
		}
		if now.After(o.Deadline) {
			s.log.Error("giving up on message", "id", o.ID, "chat", o.ChatID, "attempts", o.Attempts, "err", o.LastError)
			rec = func(tx *store.Tx) error { return tx.FailOutgoing(&o, o.LastError) }
			break
		}
		o.NotBefore = now.Add(backoff(o.Attempts))
		s.b.obs.Retried("send")
		s.log.Warn("send failed; will retry", "id", o.ID, "chat", o.ChatID, "attempt", o.Attempts, "err", o.LastError, "at", o.NotBefore)
		rec = func(tx *store.Tx) error { return tx.Reschedule(&o) }
	}
	// A broadcast's copies move its progress on: the author's status
	// message is edited in the same transaction that records the send.
	record := func(tx *store.Tx) error {
		if err := rec(tx); err != nil {
			return err
		}
		return s.b.broadcastProgress(tx, tx.BroadcastsTouched())
	}
	// Batch may run record more than once; every rec above is idempotent.
	if err := s.b.db.Batch(record); err != nil {
		s.log.Error("recording a send failed", "id", o.ID, "err", err)
	}
	return res
}

// backoff is the pause before attempt n+1: exponential with jitter, capped
// at five minutes.
func backoff(n int) time.Duration {
	d := time.Second << min(n, 8)
	d = min(d, 5*time.Minute)
	return d/2 + rand.N(d)
}

// request sends or edits the message and returns its Telegram id.
func (s *sender) request(ctx context.Context, o *branchbot.Outgoing) (int, error) {
	if id, done, err := s.sendCalendar(ctx, o); done {
		return id, err
	}
	if id, done, err := s.sendLedger(ctx, o); done {
		return id, err
	}
	if id, done, err := s.sendReportFile(ctx, o); done { // report_charts.go
		return id, err
	}
	if o.Live != "" {
		if err := s.b.renderLive(o); err != nil {
			return 0, err
		}
	}
	if id, done, err := s.sendParts(ctx, o); done || err != nil {
		return id, err
	}
	edit := o.Edit
	if edit == 0 && o.EditKey != "" {
		var found bool
		var d branchbot.Delivery
		_ = s.b.db.View(func(tx *store.Tx) error {
			d, found = tx.Delivered(o.EditKey)
			return nil
		})
		if found && d.ChatID == o.ChatID {
			edit = d.MessageID
		}
	}
	markup := keyboard(o.Keyboard)
	if edit != 0 && o.KeyboardOnly {
		p := &tg.EditMessageReplyMarkupParams{ChatID: o.ChatID, MessageID: edit}
		if markup != nil {
			p.ReplyMarkup = markup
		}
		_, err := s.b.api.EditMessageReplyMarkup(ctx, p)
		switch {
		case err == nil, isBadRequest(err, "message is not modified"):
			return edit, nil
		case isBadRequest(err, "message to edit not found"), isBadRequest(err, "message can't be edited"):
			return 0, nil // gone: there is no keyboard left to change
		}
		return 0, err
	}
	if o.KeyboardOnly {
		return 0, nil // the message was never delivered (or is forgotten)
	}
	if edit != 0 {
		p := &tg.EditMessageTextParams{ChatID: o.ChatID, MessageID: edit, Text: o.Text, ParseMode: models.ParseMode(o.ParseMode)}
		if markup != nil {
			p.ReplyMarkup = markup
		}
		_, err := s.b.api.EditMessageText(ctx, p)
		switch {
		case err == nil:
			return edit, nil
		case isBadRequest(err, "message is not modified"):
			return edit, nil
		case !isBadRequest(err, "message to edit not found") && !isBadRequest(err, "message can't be edited"):
			return 0, err
		}
		// The message is gone or too old: say it anew.
	}
	var reply *models.ReplyParameters
	if o.ReplyKey != "" {
		var d branchbot.Delivery
		var found bool
		_ = s.b.db.View(func(tx *store.Tx) error {
			d, found = tx.Delivered(o.ReplyKey)
			return nil
		})
		if found && d.ChatID == o.ChatID && d.MessageID != 0 {
			reply = &models.ReplyParameters{MessageID: d.MessageID, AllowSendingWithoutReply: true}
		}
	}
	var rm models.ReplyMarkup
	if markup != nil {
		rm = markup
	}
	var msg *models.Message
	var err error
	switch {
	case o.Photo != "":
		msg, err = s.b.api.SendPhoto(ctx, &tg.SendPhotoParams{
			ChatID: o.ChatID, Photo: &models.InputFileString{Data: o.Photo},
			Caption: o.Text, ParseMode: models.ParseMode(o.ParseMode), CaptionEntities: entities(o.Entities),
			DisableNotification: o.Silent, ReplyParameters: reply, ReplyMarkup: rm,
		})
	case o.Document != "":
		msg, err = s.b.api.SendDocument(ctx, &tg.SendDocumentParams{
			ChatID: o.ChatID, Document: &models.InputFileString{Data: o.Document},
			Caption: o.Text, ParseMode: models.ParseMode(o.ParseMode), CaptionEntities: entities(o.Entities),
			DisableNotification: o.Silent, ReplyParameters: reply, ReplyMarkup: rm,
		})
	default:
		msg, err = s.b.api.SendMessage(ctx, &tg.SendMessageParams{
			ChatID: o.ChatID, Text: o.Text, ParseMode: models.ParseMode(o.ParseMode), Entities: entities(o.Entities),
			DisableNotification: o.Silent, ReplyParameters: reply, ReplyMarkup: rm,
		})
	}
	if err != nil {
		return 0, err
	}
	return msg.ID, nil
}

// entities converts the formatting the outbox keeps to Telegram's.
func entities(es []branchbot.Entity) []models.MessageEntity {
	if len(es) == 0 {
		return nil
	}
	out := make([]models.MessageEntity, len(es))
	for i, e := range es {
		out[i] = models.MessageEntity{
			Type: models.MessageEntityType(e.Type), Offset: e.Offset, Length: e.Length,
			URL: e.URL, Language: e.Language, CustomEmojiID: e.CustomEmojiID,
		}
		if e.UserID != 0 {
			out[i].User = &models.User{ID: e.UserID, FirstName: e.UserName}
		}
	}
	return out
}

func keyboard(rows [][]branchbot.Button) *models.InlineKeyboardMarkup {
	if len(rows) == 0 {
		return nil
	}
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: make([][]models.InlineKeyboardButton, len(rows))}
	for i, row := range rows {
		for _, btn := range row {
			kb.InlineKeyboard[i] = append(kb.InlineKeyboard[i], models.InlineKeyboardButton{Text: btn.Text, CallbackData: btn.Data, URL: btn.URL})
		}
	}
	return kb
}

func isBadRequest(err error, phrase string) bool {
	return errors.Is(err, tg.ErrorBadRequest) && strings.Contains(err.Error(), phrase)
}

// unreachable reports errors that mean the chat cannot get messages: the
// user blocked the bot, deleted their account, or the chat is gone.
func unreachable(err error) bool {
	if errors.Is(err, tg.ErrorForbidden) {
		return true
	}
	for _, p := range []string{"chat not found", "user is deactivated", "PEER_ID_INVALID", "bot was kicked"} {
		if isBadRequest(err, p) {
			return true
		}
	}
	return false
}

// permanent reports errors that no retry will cure.
func permanent(err error) bool {
	var migrate *tg.MigrateError
	return errors.Is(err, tg.ErrorBadRequest) || errors.As(err, &migrate) || errors.Is(err, tg.ErrorNotFound) ||
		errors.Is(err, errUnrenderable)
}

// shortError is Telegram's description of an error, for people to read.
func shortError(err error) string {
	s := err.Error()
	for _, sentinel := range []error{tg.ErrorForbidden, tg.ErrorBadRequest, tg.ErrorNotFound, tg.ErrorUnauthorized, tg.ErrorConflict} {
		if errors.Is(err, sentinel) {
			s = strings.TrimPrefix(s, sentinel.Error()+", ")
		}
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// markUnreachable stops sending to a chat: its queued messages move to the
// failed list, the member is flagged, and the secretaries are told once.
//
// The member is flagged before their messages are dropped, so that the
// copies of broadcasts among them count as unreachable, not failed.
func (s *sender) markUnreachable(tx *store.Tx, chatID int64, why string) error {
	drop := func() error {
		_, err := tx.DropChat(chatID, "unreachable: "+why)
		return err
	}
	m, err := tx.MemberByTelegramID(chatID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return drop()
	} else if err != nil {
		return err
	}
	if m.Unreachable {
		return drop()
	}
	m.Unreachable, m.UnreachableSince, m.UnreachableWhy = true, tx.Now(), why
	if err := tx.PutMember(m); err != nil {
		return err
	}
	if err := drop(); err != nil {
		return err
	}
	if err := tx.Audit(branchbot.AuditEntry{Action: "unreachable", Detail: fmt.Sprintf("#%d %s: %s", m.ID, m.Name, why)}); err != nil {
		return err
	}
	key := fmt.Sprintf("unreachable/%d/%d", m.ID, m.UnreachableSince.Unix())
	return tellSecretaries(tx, s.b.opts.Language, m.ID, key, "unreachable.notice", m.Name, telegramError(why))
}
