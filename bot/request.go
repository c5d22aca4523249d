package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// request is one update being handled inside its transaction.
type request struct {
	b      *Bot
	tx     *store.Tx
	u      *models.Update
	now    time.Time
	from   *models.User
	chat   int64
	msg    *models.Message   // the message being handled, if it is one
	member *branchbot.Member // nil for a stranger
	lang   branchbot.Lang
	// reachable is set when the member became reachable with this
	// update (joined, or wrote again after blocking the bot): the
	// notices that never reached them are queued after the answer.
	reachable bool
	// after runs once the transaction has committed: calls to Telegram
	// that need no record (callback answers, menus).
	after []func(context.Context)
}

func (b *Bot) newRequest(tx *store.Tx, u *models.Update) *request {
	return &request{b: b, tx: tx, u: u, now: tx.Now(), lang: b.opts.Language}
}

// say queues text for the request's chat in the asker's language.
func (r *request) say(key string, args ...any) error {
	return r.send(&branchbot.Outgoing{ChatID: r.chat, Text: T(r.lang, key, args...)})
}

// sayStranger is say to a stranger, within what they may be answered (see
// branchbot.StrangerAnswers): with onlyFirst, only if they got no answer
// yet in their window.
func (r *request) sayStranger(onlyFirst bool, key string, args ...any) error {
	ok, err := r.tx.AnswerStranger(r.from.ID, onlyFirst)
	if err != nil || !ok {
		return err
	}
	return r.say(key, args...)
}

// send queues a message for the request's chat (or o.ChatID if set).
func (r *request) send(o *branchbot.Outgoing) error {
	if o.ChatID == 0 {
		o.ChatID = r.chat
	}
	if r.member != nil && o.ChatID == r.member.ChatID() {
		o.MemberID = r.member.ID
	}
	_, err := enqueue(r.tx, o)
	return err
}

// tell queues a message for another member in their own language. Members
// who have not joined or cannot be reached are skipped.
func (r *request) tell(m *branchbot.Member, key string, args ...any) error {
	return tellMember(r.tx, r.b.opts.Language, m, "", key, args...)
}

func tellMember(tx *store.Tx, def branchbot.Lang, m *branchbot.Member, dedupKey, key string, args ...any) error {
	if !m.Bound() || m.Unreachable {
		return nil
	}
	_, err := enqueue(tx, &branchbot.Outgoing{
		Key:      dedupKey,
		ChatID:   m.ChatID(),
		MemberID: m.ID,
		Text:     T(langOf(m, def), key, args...),
	})
	return err
}

// tellSecretaries queues a notice for every secretary except the one
// acting (who already sees the result). dedupKey, if set, makes the
// notice once-only per secretary.
func tellSecretaries(tx *store.Tx, def branchbot.Lang, except int64, dedupKey, key string, args ...any) error {
	return tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Role != branchbot.RoleSecretary || m.ID == except {
			return nil
		}
		k := ""
		if dedupKey != "" {
			k = fmt.Sprintf("%s/to%d", dedupKey, m.ID)
		}
		return tellMember(tx, def, m, k, key, args...)
	})
}

func langOf(m *branchbot.Member, def branchbot.Lang) branchbot.Lang {
	if m != nil && m.Lang != "" {
		return m.Lang
	}
	return def
}

// audit appends to the audit log on behalf of the asker.
func (r *request) audit(action, detail string, refused bool) error {
	e := branchbot.AuditEntry{Action: action, Detail: detail, Refused: refused}
	if r.from != nil {
		e.ActorTG = r.from.ID
	}
	if r.member != nil {
		e.ActorID = r.member.ID
	}
	return r.tx.Audit(e)
}

// answerBudget is how long a callback answer may take, waits for
// retry_after included.
const answerBudget = 30 * time.Second

// answer queues the answer to a pressed button, sent after commit.
func (r *request) answer(cq *models.CallbackQuery, text string, alert bool) {
	id := cq.ID
	r.after = append(r.after, func(ctx context.Context) {
		// The person waits with a spinner: an answer later than this
		// is given up rather than sent before a retry_after ends.
		ctx, cancel := context.WithTimeout(ctx, answerBudget)
		defer cancel()
		err := r.b.obeying(ctx, "answerCallbackQuery", func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			_, err := r.b.api.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: id, Text: text, ShowAlert: alert})
			return err
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			r.b.log.Warn("answerCallbackQuery failed", "err", maskToken(err.Error(), r.b.opts.Token))
		}
	})
}
