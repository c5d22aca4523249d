package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// commandScope keys the command lists setMyCommands stores.
type commandScope struct {
	typ    string
	chatID int64
	lang   string
}

// scopeKey normalises a scope: "" is "default", and the chat id only
// counts for the scopes that name a chat. For "chat_member" the user id is
// ignored.
func scopeKey(typ string, chatID int64, lang string) commandScope {
	if typ == "" {
		typ = "default"
	}
	switch typ {
	case "chat", "chat_administrators", "chat_member":
	default:
		chatID = 0
	}
	return commandScope{typ: typ, chatID: chatID, lang: lang}
}

// scopeParam reads the scope and language_code parameters.
func scopeParam(p params) (commandScope, *apiError) {
	var sc struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
	}
	if raw := p.str("scope"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &sc); err != nil {
			return commandScope{}, badRequest("can't parse BotCommandScope JSON object")
		}
	}
	var chatID int64
	if len(sc.ChatID) > 0 {
		id, err := strconv.ParseInt(strings.Trim(string(sc.ChatID), `"`), 10, 64)
		if err != nil {
			return commandScope{}, badRequest("chat not found")
		}
		chatID = id
	}
	return scopeKey(sc.Type, chatID, p.str("language_code")), nil
}

// setMyCommands implements setMyCommands.
func (s *Server) setMyCommands(p params) (any, *apiError) {
	var cmds []models.BotCommand
	if err := json.Unmarshal([]byte(p.str("commands")), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	key, e := scopeParam(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

// deleteMyCommands implements deleteMyCommands.
func (s *Server) deleteMyCommands(p params) (any, *apiError) {
	key, e := scopeParam(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}

// getMyCommands implements getMyCommands.
func (s *Server) getMyCommands(p params) (any, *apiError) {
	key, e := scopeParam(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds := s.commands[key]
	if cmds == nil {
		cmds = []models.BotCommand{}
	}
	return cmds, nil
}

// MyCommands returns the commands setMyCommands stored for a scope
// ("default", "all_private_chats", "all_group_chats",
// "all_chat_administrators", "chat", "chat_administrators", "chat_member";
// "" means "default"), the chat of the chat scopes (ignored by the others)
// and a language code ("" for all languages). It returns nil when none
// are set.
func (s *Server) MyCommands(scopeType string, chatID int64, lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[scopeKey(scopeType, chatID, lang)]...)
}
