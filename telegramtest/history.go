package telegramtest

import (
	"time"

	"github.com/go-telegram/bot/models"
)

// EventKind says what an Event records.
type EventKind string

// The kinds of Event, one per thing that can happen in a chat.
const (
	// EventSend is a message the bot sent (sendMessage, sendDocument,
	// sendPhoto).
	EventSend EventKind = "send"
	// EventEdit is an edit by the bot of one of its messages
	// (editMessageText, editMessageCaption, editMessageReplyMarkup).
	EventEdit EventKind = "edit"
	// EventDelete is a message the bot deleted (deleteMessage,
	// deleteMessages).
	EventDelete EventKind = "delete"
	// EventText is a message a simulated user wrote (SendText, Reply).
	EventText EventKind = "text"
	// EventPress is an inline button a simulated user pressed (Press).
	EventPress EventKind = "press"
	// EventAnswer is the bot's answer to a press (answerCallbackQuery).
	EventAnswer EventKind = "answer"
)

// Event is one thing that happened in a chat, as a server started with
// WithHistory records it. Where a chat's Messages show the chat as it is
// now, its History shows how it came to be: every version of every
// message, and the presses that leave no message behind.
type Event struct {
	// Kind says what happened.
	Kind EventKind
	// Time is the server's clock (see WithClock) when it happened.
	Time time.Time
	// MessageID is the message sent, edited, deleted or written; for a
	// press and its answer, the message whose button was pressed.
	MessageID int
	// From is the user who wrote or pressed; the bot's user id for what
	// the bot did.
	From int64
	// Text is, for a send or an edit, the message's text or caption after
	// parse_mode parsing (the whole of it, also when only the keyboard
	// changed); for a user's message, its text; for a press, the label of
	// the pressed button as the message showed it then ("" if the message
	// or the button was gone); for an answer, the answer's text.
	Text string
	// Keyboard is, for a send or an edit, the inline keyboard the message
	// has afterwards, row by row (nil: none).
	Keyboard [][]Button
	// KeyboardOnly is true for an edit that changed the keyboard and left
	// the text or caption as it was.
	KeyboardOnly bool
	// Document is the file name of a document the bot sent.
	Document string
	// Photo is true for a photo the bot sent.
	Photo bool
	// ReplyTo is the message a sent or written message replies to, or 0.
	ReplyTo int
	// Data is the callback data of a pressed button.
	Data string
	// CallbackID is the callback query id of a press and of its answer:
	// it ties an answer to the press it answers.
	CallbackID string
	// ShowAlert is true for an answer shown as an alert rather than as a
	// passing notice.
	ShowAlert bool
}

// History returns everything that happened in chat chatID, in order; it
// is empty unless the server was started with WithHistory.
func (s *Server) History(chatID int64) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil || len(c.history) == 0 {
		return nil
	}
	out := make([]Event, len(c.history))
	for i, e := range c.history {
		e.Keyboard = copyKeyboard(e.Keyboard)
		out[i] = e
	}
	return out
}

// recordLocked appends e to c's history, stamped with the server's clock,
// if the server keeps one.
func (s *Server) recordLocked(c *chat, e Event) {
	if !s.cfg.history {
		return
	}
	e.Time = s.cfg.now()
	c.history = append(c.history, e)
}

// recordMessageLocked records m, just added to c, as sent or written.
func (s *Server) recordMessageLocked(c *chat, m *storedMessage) {
	if !s.cfg.history {
		return
	}
	e := Event{Kind: EventText, MessageID: m.id, Text: m.text, ReplyTo: m.replyTo}
	if m.from != nil {
		e.From = m.from.ID
	}
	if m.fromBot {
		e.Kind = EventSend
		e.Keyboard = publicKeyboard(m.markup)
		if m.media() {
			e.Text = m.caption
		}
		if m.document != nil {
			e.Document = m.document.FileName
		}
		e.Photo = len(m.photo) > 0
	}
	s.recordLocked(c, e)
}

// recordEditLocked records the edit of m; textChanged says whether its
// text or caption changed.
func (s *Server) recordEditLocked(c *chat, m *storedMessage, textChanged bool) {
	if !s.cfg.history {
		return
	}
	text := m.text
	if m.media() {
		text = m.caption
	}
	s.recordLocked(c, Event{
		Kind:         EventEdit,
		MessageID:    m.id,
		From:         s.bot.ID,
		Text:         text,
		Keyboard:     publicKeyboard(m.markup),
		KeyboardOnly: !textChanged,
	})
}

// buttonLabel returns the label of the button with callback data on m.
func buttonLabel(m *storedMessage, data string) string {
	if m == nil || m.markup == nil {
		return ""
	}
	for _, row := range m.markup.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return b.Text
			}
		}
	}
	return ""
}

// publicKeyboard renders an inline keyboard for tests; nil for none.
func publicKeyboard(markup *models.InlineKeyboardMarkup) [][]Button {
	if markup == nil {
		return nil
	}
	var out [][]Button
	for _, row := range markup.InlineKeyboard {
		r := make([]Button, 0, len(row))
		for _, b := range row {
			r = append(r, Button{Text: b.Text, Data: b.CallbackData, URL: b.URL})
		}
		out = append(out, r)
	}
	return out
}

func copyKeyboard(kb [][]Button) [][]Button {
	if kb == nil {
		return nil
	}
	out := make([][]Button, len(kb))
	for i, row := range kb {
		out[i] = append([]Button(nil), row...)
	}
	return out
}
