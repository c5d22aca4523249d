package bot

// Messages the sender renders when it sends them (study prompts, the live
// texts of broadcasts) or whose text grew after enqueue split them (a
// late notice's "（补发）" on a caption at its limit) can be longer than
// Telegram takes, which it answers with a 400 that no retry cures. The
// sender therefore makes every message fit at the last moment, counting in
// UTF-16 code units (a character outside the Basic Multilingual Plane
// counts twice, so the count is never below Telegram's):
//
//   - a new text is sent as several messages in order, cut at line breaks
//     as enqueue cuts when it queues (branchbot.SplitText), the buttons on
//     the last;
//   - a caption keeps what fits and the rest of its text follows at once
//     as a text message, so a member reads the whole notice and the file
//     keeps its place at the top;
//   - an edit, which can only replace one message, is cut short with "…".
//
// The outbox record stays one record under its key: after each part goes
// out, the record is rewritten, in its own transaction, to what is left of
// it, already rendered. A crash between two parts thus sends again at most
// the part in flight, and the record's key and Delivery end on the last
// part, the one with the buttons, which later edits by key aim at.

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// sendParts makes o fit Telegram's limits. An edit is cut short in place;
// a message too long for one request is sent part by part, and then done
// is true and id is the last part's message id. When sending a part
// fails, o is what is left to send, already recorded in the outbox, and
// the error is returned for the sender to handle as for any message.
func (s *sender) sendParts(ctx context.Context, o *branchbot.Outgoing) (id int, done bool, err error) {
	if o.ParseMode != "" || o.KeyboardOnly {
		// Markup is counted after parsing and cannot be cut blindly;
		// the bot writes none itself.
		return 0, false, nil
	}
	if o.Edit != 0 || o.EditKey != "" {
		clipText(o, branchbot.MaxMessageLen)
		return 0, false, nil
	}
	first, rest := cutFirst(*o)
	if rest == nil {
		*o = first
		return 0, false, nil
	}
	for {
		if rest == nil {
			*o = first
			id, err := s.request(ctx, o)
			if err != nil {
				return 0, false, err
			}
			// The next message to this chat is dispatched as soon as
			// this one is recorded: leave it the chat's interval. The
			// part went out, so a wait cut short is no failure.
			_ = s.chatGap(ctx, o.ChatID)
			return id, true, nil
		}
		if first.Photo != "" || first.Document != "" || strings.TrimSpace(first.Text) != "" {
			if _, err := s.request(ctx, &first); err != nil {
				return 0, false, err
			}
		}
		*o = *rest
		if err := s.b.db.Update(func(tx *store.Tx) error { return tx.Reschedule(o) }); err != nil {
			return 0, false, fmt.Errorf("sender: record the rest of message %d: %w", o.ID, err)
		}
		// The dispatcher paced the first part; the others keep to the
		// chat's limit themselves.
		if err := s.pace(ctx, o.ChatID); err != nil {
			return 0, false, err
		}
		first, rest = cutFirst(*o)
	}
}

// pace waits the interval Telegram allows between two messages to a chat,
// then for the bot's global limit.
func (s *sender) pace(ctx context.Context, chat int64) error {
	if err := s.chatGap(ctx, chat); err != nil {
		return err
	}
	return s.global.Wait(ctx)
}

// chatGap waits the interval Telegram allows between two messages to a
// chat.
func (s *sender) chatGap(ctx context.Context, chat int64) error {
	l := s.b.opts.Limits
	gap := time.Duration(float64(time.Second) / l.PerChatPerSecond)
	if chat < 0 {
		gap = time.Duration(float64(time.Minute) / l.PerGroupPerMinute)
	}
	t := time.NewTimer(gap)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// cutFirst splits o into the first message that fits Telegram's limits
// and the rest, or returns o and nil when it fits whole. The first part
// keeps the file, the reply and the start of the text with its
// formatting; the rest is text only, with the buttons, the key and the
// rest of the formatting. Both are rendered: neither is rendered again.
func cutFirst(o branchbot.Outgoing) (first branchbot.Outgoing, rest *branchbot.Outgoing) {
	limit := branchbot.MaxMessageLen
	if o.Photo != "" || o.Document != "" {
		limit = branchbot.MaxCaption
	}
	if branchbot.UTF16Len(o.Text) <= limit {
		return o, nil
	}
	head := branchbot.SplitText(o.Text, limit)[0]
	if h := strings.TrimRight(head, " \n"); h != "" {
		head = h
	}
	// SplitText drops the line break or space it cut at; blank lines at
	// the start of the rest would be dropped by Telegram anyway.
	start := len(o.Text) - len(strings.TrimLeft(o.Text[len(head):], " \n"))
	headEnd := branchbot.UTF16Index(o.Text, len(head))
	if strings.TrimSpace(o.Text[start:]) == "" {
		// Only white space was over the limit.
		o.Text, o.Entities = head, branchbot.SliceEntities(o.Entities, 0, headEnd)
		return o, nil
	}
	restStart := branchbot.UTF16Index(o.Text, start)

	first = o
	first.Text = head
	first.Entities = branchbot.SliceEntities(o.Entities, 0, headEnd)
	first.Keyboard, first.Key, first.Live = nil, "", ""

	r := o
	r.Text = o.Text[start:]
	r.Entities = branchbot.SliceEntities(o.Entities, restStart, branchbot.UTF16Len(o.Text))
	r.Photo, r.Document, r.ReplyKey, r.Live = "", "", "", ""
	return first, &r
}

// clipText cuts o's text to at most limit UTF-16 code units, ending it
// with "…" when it cuts, and its formatting with it.
func clipText(o *branchbot.Outgoing, limit int) {
	if branchbot.UTF16Len(o.Text) <= limit {
		return
	}
	cut, units := 0, 0
	for cut < len(o.Text) {
		r, size := utf8.DecodeRuneInString(o.Text[cut:])
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > limit-1 {
			break
		}
		cut, units = cut+size, units+n
	}
	o.Entities = branchbot.SliceEntities(o.Entities, 0, units)
	o.Text = o.Text[:cut] + "…"
}
