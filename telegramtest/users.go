package telegramtest

import (
	"strings"

	"github.com/go-telegram/bot/models"
)

// User is a simulated Telegram user.
type User struct {
	// ID is the user id, which is also the id of the private chat with
	// the bot.
	ID int64
	// FirstName is the first name; "User" when empty.
	FirstName string
	// LastName is the optional last name.
	LastName string
	// Username is the optional username, without "@".
	Username string
	// LanguageCode is the optional IETF language tag of the user's client.
	LanguageCode string
}

func (u User) model() *models.User {
	first := u.FirstName
	if first == "" {
		first = "User"
	}
	return &models.User{
		ID:           u.ID,
		FirstName:    first,
		LastName:     u.LastName,
		Username:     u.Username,
		LanguageCode: u.LanguageCode,
	}
}

// userChatLocked returns chatID for a message from u; a private chat
// (chatID == u.ID) takes the user's names.
func (s *Server) userChatLocked(from User, chatID int64) *chat {
	c := s.chatLocked(chatID)
	if c.info.Type == models.ChatTypePrivate && chatID == from.ID {
		c.info.FirstName = from.model().FirstName
		c.info.LastName = from.LastName
		c.info.Username = from.Username
	}
	return c
}

// SendText makes from write text in chat chatID and queues the Update with
// that message; it returns the update id. chatID == from.ID is the private
// chat with the bot, a negative chatID a group ("supergroup" below
// -1000000000000). Text starting with "/" gets a bot_command entity over
// the command word (with its @botname suffix), as real clients send it.
// The message is stored in the chat too, with its own message_id.
func (s *Server) SendText(from User, chatID int64, text string) int64 {
	return s.userMessage(from, chatID, 0, text)
}

// Reply is SendText with reply_to_message set to message replyTo of the
// chat (left out if there is no such message).
func (s *Server) Reply(from User, chatID int64, replyTo int, text string) int64 {
	return s.userMessage(from, chatID, replyTo, text)
}

func (s *Server) userMessage(from User, chatID int64, replyTo int, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.userChatLocked(from, chatID)
	if replyTo != 0 && c.find(replyTo) == nil {
		replyTo = 0
	}
	m := &storedMessage{
		from:     from.model(),
		text:     text,
		entities: commandEntities(text),
		replyTo:  replyTo,
	}
	s.addLocked(c, m)
	msg := c.model(m, true)
	return s.pushModelLocked(models.Update{Message: &msg})
}

// commandEntities returns the bot_command entity of text, if it starts
// with a command.
func commandEntities(text string) []models.MessageEntity {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return nil
	}
	word := text
	if i := strings.IndexAny(text, " \t\n\r"); i >= 0 {
		word = text[:i]
	}
	if len(word) < 2 {
		return nil
	}
	return []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: utf16Len(word)}}
}

// Press makes from press the inline button with callback data on message
// messageID of the chat and queues the Update with the callback query; it
// returns the update id and the callback query id (see CallbackAnswer).
// The query carries the message as it is now (text and keyboard); if the
// message does not exist (any more) it carries an inaccessible message, as
// Telegram does for old messages.
func (s *Server) Press(from User, chatID int64, messageID int, data string) (updateID int64, callbackID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.userChatLocked(from, chatID)
	callbackID = s.newCallbackLocked(chatID, messageID)
	q := &models.CallbackQuery{
		ID:           callbackID,
		From:         *from.model(),
		ChatInstance: chatInstance(chatID),
		Data:         data,
	}
	m := c.find(messageID)
	s.recordLocked(c, Event{
		Kind:       EventPress,
		MessageID:  messageID,
		From:       from.ID,
		Text:       buttonLabel(m, data),
		Data:       data,
		CallbackID: callbackID,
	})
	if m != nil {
		msg := c.model(m, true)
		q.Message = models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &msg}
	} else {
		q.Message = models.MaybeInaccessibleMessage{
			Type:                models.MaybeInaccessibleMessageTypeInaccessibleMessage,
			InaccessibleMessage: &models.InaccessibleMessage{Chat: c.info, MessageID: messageID},
		}
	}
	return s.pushModelLocked(models.Update{CallbackQuery: q}), callbackID
}
