package branchbot

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxMessageLen is Telegram's limit on the text of one message, in
// characters.
const MaxMessageLen = 4096

// Outgoing is a message waiting in the outbox. Everything the bot says goes
// through the outbox, written in the same transaction as the state change
// that caused it, so a crash can neither lose it nor send it twice (except
// the messages in flight: at most one per send worker).
type Outgoing struct {
	ID uint64 `json:"id"`
	// Key makes enqueueing idempotent (e.g. "study/2026-11-25/m0000000017"): a
	// second message with the key of one queued or delivered is not
	// enqueued (the key of one that failed is free again). Empty for
	// replies, which the applied update id already makes unique.
	Key      string `json:"key,omitempty"`
	ChatID   int64  `json:"chat"`
	MemberID int64  `json:"member,omitempty"`
	// Edit, when non-zero, is the id of an earlier message to edit instead
	// of sending a new one.
	Edit int `json:"edit,omitempty"`
	// EditKey names the earlier message to edit by its idempotency key; the
	// sender looks its message id up when it sends.
	EditKey   string `json:"edit_key,omitempty"`
	Text      string `json:"text,omitempty"`
	ParseMode string `json:"parse_mode,omitempty"`
	// Entities format Text (instead of ParseMode), as Telegram gave them
	// for a message the bot passes on.
	Entities []Entity `json:"entities,omitempty"`
	// Photo or Document, when set, is the Telegram file id of a file to
	// send, with Text as its caption (at most MaxCaption characters).
	Photo    string `json:"photo,omitempty"`
	Document string `json:"document,omitempty"`
	// Keyboard is an inline keyboard, rows of buttons.
	Keyboard [][]Button `json:"kb,omitempty"`
	// KeyboardOnly makes an edit change only the keyboard, keeping the
	// text or caption and its formatting; if the message is gone, nothing
	// is sent instead.
	KeyboardOnly bool `json:"kb_only,omitempty"`
	// ReplyKey names, by its idempotency key, an earlier message in the
	// same chat that this one replies to (if it was delivered).
	ReplyKey string `json:"reply_key,omitempty"`
	// Live names what the message shows when its text must be current
	// when it goes out rather than when it was queued, such as the
	// progress of a broadcast, or is rendered only then, such as a study
	// prompt ("study/prompt/…"); the sender renders Text (and, for study
	// messages, the buttons) afresh from it.
	Live string `json:"live,omitempty"`
	// Silent asks Telegram to deliver without a sound.
	Silent    bool      `json:"silent,omitempty"`
	CreatedAt time.Time `json:"created"`
	NotBefore time.Time `json:"not_before,omitzero"`
	// Deadline is when a message that keeps failing for transient reasons
	// is given up and moved to the failed list.
	Deadline  time.Time `json:"deadline,omitzero"`
	Attempts  int       `json:"attempts,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	FailedAt  time.Time `json:"failed_at,omitzero"`
}

// Button is an inline keyboard button: a callback button when Data is set,
// a link when URL is.
type Button struct {
	Text string `json:"t"`
	Data string `json:"d,omitempty"`
	URL  string `json:"u,omitempty"`
}

// Delivery records a message Telegram accepted, so later edits can find it.
type Delivery struct {
	ChatID    int64     `json:"chat"`
	MessageID int       `json:"msg"`
	SentAt    time.Time `json:"at"`
}

// SplitText cuts text into pieces of at most limit characters, at line
// boundaries where it can, else at spaces, else anywhere. It never splits a
// character. Characters are counted as UTF-16 code units, the unit of
// Telegram's entity offsets: a character outside the Basic Multilingual
// Plane, such as most emoji, counts twice, so a piece fits whether Telegram
// counts code points or code units.
func SplitText(text string, limit int) []string {
	if limit <= 0 {
		limit = MaxMessageLen
	}
	var parts []string
	for UTF16Len(text) > limit {
		// Byte offset just past limit code units.
		cut, units := 0, 0
		for {
			r, size := utf8.DecodeRuneInString(text[cut:])
			n := 1
			if r >= 0x10000 {
				n = 2
			}
			if units+n > limit {
				break
			}
			cut, units = cut+size, units+n
		}
		head := text[:cut]
		at := strings.LastIndexByte(head, '\n')
		if at <= 0 {
			at = strings.LastIndexByte(head, ' ')
		}
		if at <= 0 {
			at = cut
			parts = append(parts, text[:at])
			text = text[at:]
			continue
		}
		parts = append(parts, text[:at])
		text = text[at+1:]
	}
	if text != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// SplitMessage is SplitText for messages: it drops the pieces that are
// nothing but white space (a cut next to a run of blank lines leaves one),
// which Telegram refuses as empty, unless nothing else is left.
func SplitMessage(text string, limit int) []string {
	split := SplitText(text, limit)
	parts := slices.DeleteFunc(slices.Clone(split), func(p string) bool {
		return strings.TrimSpace(p) == ""
	})
	if len(parts) == 0 {
		return split
	}
	return parts
}
