package bot

import (
	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// enqueue puts a message the bot rendered in the outbox, cut to Telegram's
// limit on the text of one message (branchbot.MaxMessageLen), and sets
// o.ID (to the last part's). A message with a key queued or sent before is
// dropped, whole, and enqueue reports false.
//
// A new text message too long is split into several at line boundaries
// (branchbot.SplitMessage), each a record of the outbox: the keyboard and
// the key go with the last part, so an edit by key targets the message
// with the buttons. An edit, which can replace only one message, and a
// caption are cut short with "…" instead. The sender still makes every
// message fit when it sends it (split.go), for the texts rendered only
// then and for the count in UTF-16 code units.
func enqueue(tx *store.Tx, o *branchbot.Outgoing) (bool, error) {
	if len(o.Text) <= branchbot.MaxMessageLen {
		// Too few bytes to be too many characters, so nothing to
		// split or cut: the message goes whole, as nearly every one
		// does, without a copy.
		return tx.Enqueue(o)
	}
	texts := []string{o.Text}
	media := o.Photo != "" || o.Document != ""
	if o.Edit == 0 && o.EditKey == "" && !media {
		// A cut next to a run of blank lines can leave a part of
		// nothing but white space, which Telegram refuses as empty:
		// SplitMessage drops it, so the keyboard and key go with a
		// part that is sent.
		texts = branchbot.SplitMessage(o.Text, branchbot.MaxMessageLen)
	} else if r := []rune(o.Text); len(r) > branchbot.MaxMessageLen {
		texts[0] = string(r[:branchbot.MaxMessageLen-1]) + "…"
	}
	if len(texts) == 1 {
		// The text is cut short, or fits in characters though not
		// in bytes.
		part := *o
		part.Text = texts[0]
		ok, err := tx.Enqueue(&part)
		o.ID, o.CreatedAt = part.ID, part.CreatedAt
		return ok, err
	}
	parts := make([]*branchbot.Outgoing, len(texts))
	for i, text := range texts {
		part := *o
		part.Text = text
		// Entity offsets count from the start of the whole text; a cut
		// text goes out plain rather than misformatted.
		part.Entities = nil
		if i < len(texts)-1 {
			part.Keyboard, part.Key = nil, ""
		}
		parts[i] = &part
	}
	ok, err := tx.EnqueueParts(parts...)
	last := parts[len(parts)-1]
	o.ID, o.CreatedAt = last.ID, last.CreatedAt
	return ok, err
}

// Queue puts a reminder or report the scheduler rendered through the bot
// in the outbox, cut to Telegram's limits as the bot's own messages are.
func (b *Bot) Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error) {
	return enqueue(tx, o)
}
