package telegramtest

import (
	"context"
	"net/http"

	"github.com/go-telegram/bot/models"
)

// implementedMethods lists the methods the server implements; others in
// the specification that return True answer true after validation.
func implementedMethods() []string {
	return []string{
		"getMe", "logOut", "close", "getUpdates",
		"setWebhook", "deleteWebhook", "getWebhookInfo",
		"setMyCommands", "deleteMyCommands", "getMyCommands",
		"sendMessage", "sendDocument", "sendPhoto", "sendChatAction",
		"editMessageText", "editMessageCaption", "editMessageReplyMarkup",
		"deleteMessage", "deleteMessages",
		"answerCallbackQuery", "getChat",
	}
}

// dispatch runs method name.
func (s *Server) dispatch(ctx context.Context, name string, p params, ms *methodSpec) (any, *apiError) {
	switch name {
	case "getMe":
		return s.bot, nil
	case "logOut", "close", "sendChatAction":
		return true, nil
	case "getUpdates":
		return s.getUpdates(ctx, p)
	case "setWebhook":
		return s.setWebhook(p)
	case "deleteWebhook":
		return s.deleteWebhook(p)
	case "getWebhookInfo":
		return s.getWebhookInfo()
	case "setMyCommands":
		return s.setMyCommands(p)
	case "deleteMyCommands":
		return s.deleteMyCommands(p)
	case "getMyCommands":
		return s.getMyCommands(p)
	case "sendMessage":
		return s.sendMessage(p)
	case "sendDocument":
		return s.sendMedia("document", p)
	case "sendPhoto":
		return s.sendMedia("photo", p)
	case "editMessageText", "editMessageCaption", "editMessageReplyMarkup":
		return s.editMessage(name, p)
	case "deleteMessage":
		return s.deleteMessage(p)
	case "deleteMessages":
		return s.deleteMessages(p)
	case "answerCallbackQuery":
		return s.answerCallbackQuery(p)
	case "getChat":
		return s.getChat(p)
	}
	if ms != nil && ms.returnsBool {
		return true, nil
	}
	s.misuse("method %s is not implemented by telegramtest", name)
	return nil, &apiError{code: http.StatusNotImplemented, desc: "Not Implemented: telegramtest does not implement " + name}
}

// getChat implements getChat for chats the server knows.
func (s *Server) getChat(p params) (any, *apiError) {
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil, badRequest("chat not found")
	}
	return models.ChatFullInfo{
		ID:               c.info.ID,
		Type:             c.info.Type,
		Title:            c.info.Title,
		Username:         c.info.Username,
		FirstName:        c.info.FirstName,
		LastName:         c.info.LastName,
		MaxReactionCount: 11,
	}, nil
}
