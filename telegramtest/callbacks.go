package telegramtest

import (
	"strconv"
)

// callbackState is a callback query and its answer; Server.mu guards it.
type callbackState struct {
	chatID    int64 // where the pressed message is
	messageID int
	answered  bool
	text      string
	showAlert bool
	url       string
}

// newCallbackLocked registers a fresh callback query id for a press on
// message messageID of chat chatID.
func (s *Server) newCallbackLocked(chatID int64, messageID int) string {
	s.nextCallback++
	id := strconv.FormatInt(4_000_000_000_000_000_000+s.nextCallback, 10)
	s.callbacks[id] = &callbackState{chatID: chatID, messageID: messageID}
	return id
}

// chatInstance is the chat_instance of callback queries from chatID.
func chatInstance(chatID int64) string {
	return strconv.FormatUint(uint64(chatID)*2654435761+0x9E3779B9, 10)
}

// answerCallbackQuery implements answerCallbackQuery; a query can be
// answered once.
func (s *Server) answerCallbackQuery(p params) (any, *apiError) {
	id := p.str("callback_query_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[id]
	if cb == nil || cb.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	cb.answered = true
	cb.text = p.str("text")
	cb.showAlert = p.bool("show_alert")
	cb.url = p.str("url")
	if c := s.chats[cb.chatID]; c != nil {
		s.recordLocked(c, Event{
			Kind:       EventAnswer,
			MessageID:  cb.messageID,
			From:       s.bot.ID,
			Text:       cb.text,
			CallbackID: id,
			ShowAlert:  cb.showAlert,
		})
	}
	return true, nil
}

// CallbackAnswer returns how the bot answered the callback query
// callbackID (see Press); ok is false while it is unanswered.
func (s *Server) CallbackAnswer(callbackID string) (text string, showAlert bool, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[callbackID]
	if cb == nil || !cb.answered {
		return "", false, false
	}
	return cb.text, cb.showAlert, true
}
