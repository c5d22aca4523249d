package telegramtest

import (
	"strconv"
	"time"

	"github.com/go-telegram/bot/models"
)

// supergroupBelow is where supergroup ids start (-100xxxxxxxxxx).
const supergroupBelow = -1000000000000

// Message is a message of a chat as a client sees it now: edits applied.
type Message struct {
	// ID is the message_id, increasing per chat.
	ID int
	// From is the sender's user id (the bot's id for the bot's messages).
	From int64
	// FromBot is true for the bot's messages.
	FromBot bool
	// Text is the text after parse_mode parsing.
	Text string
	// Caption is the caption of a document or photo.
	Caption string
	// Document is the file name of a document.
	Document string
	// Photo is true for a photo.
	Photo bool
	// Keyboard is the inline keyboard, row by row.
	Keyboard [][]Button
	// Edited is true once the message was edited.
	Edited bool
	// ReplyTo is the id of the message this one replies to, or 0.
	ReplyTo int
	// Date is when the message was sent.
	Date time.Time
	// Entities are the entities of Text (or of Caption for media).
	Entities []models.MessageEntity
	// Silent is true when the bot sent it with disable_notification.
	Silent bool
}

// Button is one inline keyboard button.
type Button struct {
	// Text is the label.
	Text string
	// Data is the callback_data, if any.
	Data string
	// URL is the url, if any.
	URL string
}

// chat is one chat's state; Server.mu guards it.
type chat struct {
	info    models.Chat
	msgs    []*storedMessage // in order, deleted ones included
	byID    map[int]*storedMessage
	nextID  int
	changed signal
	history []Event // only with WithHistory
}

// storedMessage is one message as the server keeps it.
type storedMessage struct {
	id              int
	from            *models.User
	fromBot         bool
	date            int64
	editDate        int64
	text            string
	entities        []models.MessageEntity
	caption         string
	captionEntities []models.MessageEntity
	markup          *models.InlineKeyboardMarkup
	document        *models.Document
	photo           []models.PhotoSize
	replyTo         int
	threadID        int
	edited          bool
	deleted         bool
	silent          bool // sent with disable_notification
}

func (m *storedMessage) media() bool {
	return m.document != nil || len(m.photo) > 0
}

// chatLocked returns the chat with id, creating it on first use: positive
// ids are private chats, negative ones groups (supergroups below
// -1000000000000).
func (s *Server) chatLocked(id int64) *chat {
	c := s.chats[id]
	if c != nil {
		return c
	}
	c = &chat{info: models.Chat{ID: id}, byID: map[int]*storedMessage{}, nextID: 1}
	switch {
	case id > 0:
		c.info.Type = models.ChatTypePrivate
		c.info.FirstName = "User " + strconv.FormatInt(id, 10)
	case id < supergroupBelow:
		c.info.Type = models.ChatTypeSupergroup
		c.info.Title = "Supergroup " + strconv.FormatInt(id, 10)
	default:
		c.info.Type = models.ChatTypeGroup
		c.info.Title = "Group " + strconv.FormatInt(id, 10)
	}
	s.chats[id] = c
	return c
}

// addLocked stores a new message in c, giving it the next id and the date.
func (s *Server) addLocked(c *chat, m *storedMessage) {
	m.id = c.nextID
	c.nextID++
	m.date = s.cfg.now().Unix()
	c.msgs = append(c.msgs, m)
	c.byID[m.id] = m
	s.recordMessageLocked(c, m)
	c.changed.fire()
}

// find returns the live message with id in c, or nil.
func (c *chat) find(id int) *storedMessage {
	return c.byID[id]
}

// remove deletes message m from c.
func (c *chat) remove(m *storedMessage) {
	m.deleted = true
	delete(c.byID, m.id)
	c.changed.fire()
	// Drop deleted messages from the front so that long-lived chats that
	// delete what they send do not grow without bound.
	i := 0
	for i < len(c.msgs) && c.msgs[i].deleted {
		i++
	}
	if i > 0 {
		c.msgs = c.msgs[i:]
	}
}

// model renders m as the Bot API's Message.
func (c *chat) model(m *storedMessage, withReply bool) models.Message {
	out := models.Message{
		ID:              m.id,
		MessageThreadID: m.threadID,
		From:            m.from,
		Date:            int(m.date),
		EditDate:        int(m.editDate),
		Chat:            c.info,
		Text:            m.text,
		Entities:        m.entities,
		Caption:         m.caption,
		CaptionEntities: m.captionEntities,
		ReplyMarkup:     m.markup,
		Document:        m.document,
		Photo:           m.photo,
	}
	if withReply && m.replyTo != 0 {
		if r := c.find(m.replyTo); r != nil {
			rm := c.model(r, false)
			out.ReplyToMessage = &rm
		}
	}
	return out
}

// public renders m for tests.
func (m *storedMessage) public() Message {
	out := Message{
		ID:      m.id,
		FromBot: m.fromBot,
		Text:    m.text,
		Caption: m.caption,
		Photo:   len(m.photo) > 0,
		Edited:  m.edited,
		ReplyTo: m.replyTo,
		Date:    time.Unix(m.date, 0),
	}
	if m.from != nil {
		out.From = m.from.ID
	}
	if m.document != nil {
		out.Document = m.document.FileName
	}
	if m.media() {
		out.Entities = append(out.Entities, m.captionEntities...)
	} else {
		out.Entities = append(out.Entities, m.entities...)
	}
	out.Keyboard = publicKeyboard(m.markup)
	out.Silent = m.silent
	return out
}

// Messages returns the chat as a client sees it now: the bot's and the
// users' messages in order, edits applied, deleted ones left out.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID)
}

func (s *Server) messagesLocked(chatID int64) []Message {
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.byID))
	for _, m := range c.msgs {
		if !m.deleted {
			out = append(out, m.public())
		}
	}
	return out
}
