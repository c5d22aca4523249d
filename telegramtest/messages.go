package telegramtest

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// Telegram's length limits, in characters (counted here as code points).
const (
	maxTextLen    = 4096
	maxCaptionLen = 1024
)

// targetChatID parses chat_id; "@username" chats do not exist here.
func targetChatID(p params) (int64, *apiError) {
	v := strings.TrimSpace(p.str("chat_id"))
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// messageID parses the message_id parameter.
func messageID(p params) (int, *apiError) {
	id, ok, err := p.int64("message_id")
	if !ok {
		return 0, badRequest("message identifier is not specified")
	}
	if err != nil {
		return 0, badRequest("%v", err)
	}
	return int(id), nil
}

// formatParams returns the text field after parse_mode parsing, or as is
// with the entities given in entitiesField.
func formatParams(p params, textField, modeField, entitiesField string) (string, []models.MessageEntity, *apiError) {
	text := p.str(textField)
	if p.has(entitiesField) {
		var ents []models.MessageEntity
		if err := json.Unmarshal([]byte(p.str(entitiesField)), &ents); err != nil {
			return "", nil, badRequest("can't parse entities JSON object")
		}
		return text, ents, nil
	}
	mode := p.str(modeField)
	if !validParseMode(mode) {
		return "", nil, badRequest("unsupported parse_mode")
	}
	out, ents, err := formatText(text, mode)
	if err != nil {
		return "", nil, badRequest("can't parse entities: %v", err)
	}
	return out, ents, nil
}

// inlineMarkup parses reply_markup, keeping it only if it is an inline
// keyboard with buttons (other keyboards are not part of the message).
func inlineMarkup(p params) (*models.InlineKeyboardMarkup, *apiError) {
	if !p.has("reply_markup") {
		return nil, nil
	}
	raw := []byte(p.str("reply_markup"))
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	if _, ok := probe["inline_keyboard"]; !ok {
		return nil, nil
	}
	var m models.InlineKeyboardMarkup
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	for _, row := range m.InlineKeyboard {
		if len(row) > 0 {
			return &m, nil
		}
	}
	return nil, nil
}

// replyTarget returns the message of c that reply_parameters names.
func replyTarget(c *chat, p params) (int, *apiError) {
	if !p.has("reply_parameters") {
		return 0, nil
	}
	var rp struct {
		MessageID                int  `json:"message_id"`
		ChatID                   any  `json:"chat_id"`
		AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
	}
	if err := json.Unmarshal([]byte(p.str("reply_parameters")), &rp); err != nil {
		return 0, badRequest("can't parse reply parameters JSON object")
	}
	if rp.ChatID != nil && strings.Trim(string(mustJSON(rp.ChatID)), `"`) != strconv.FormatInt(c.info.ID, 10) {
		return 0, nil // a reply to another chat is not shown in this one
	}
	if c.find(rp.MessageID) == nil {
		if rp.AllowSendingWithoutReply {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return rp.MessageID, nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// checkLength rejects text Telegram rejects for its length.
func checkLength(field, text string) *apiError {
	switch field {
	case "text":
		if strings.TrimSpace(text) == "" {
			return badRequest("message text is empty")
		}
		if utf8.RuneCountInString(text) > maxTextLen {
			return badRequest("message is too long")
		}
	case "caption":
		if utf8.RuneCountInString(text) > maxCaptionLen {
			return badRequest("message caption is too long")
		}
	}
	return nil
}

// sendMessage implements sendMessage.
func (s *Server) sendMessage(p params) (any, *apiError) {
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	text, ents, e := formatParams(p, "text", "parse_mode", "entities")
	if e != nil {
		return nil, e
	}
	if e := checkLength("text", text); e != nil {
		return nil, e
	}
	markup, e := inlineMarkup(p)
	if e != nil {
		return nil, e
	}
	thread, _, _ := p.int64("message_thread_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID)
	replyTo, e := replyTarget(c, p)
	if e != nil {
		return nil, e
	}
	m := &storedMessage{
		from:     &s.bot,
		fromBot:  true,
		text:     text,
		entities: ents,
		markup:   markup,
		replyTo:  replyTo,
		threadID: int(thread),
	}
	m.silent = p.bool("disable_notification")
	s.addLocked(c, m)
	return c.model(m, true), nil
}

// editMessage implements editMessageText, editMessageCaption and
// editMessageReplyMarkup.
func (s *Server) editMessage(name string, p params) (any, *apiError) {
	if !p.has("chat_id") && p.has("inline_message_id") {
		return nil, badRequest("inline messages are not supported by telegramtest")
	}
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	msgID, e := messageID(p)
	if e != nil {
		return nil, e
	}
	var (
		text string
		ents []models.MessageEntity
	)
	switch name {
	case "editMessageText":
		if text, ents, e = formatParams(p, "text", "parse_mode", "entities"); e == nil {
			e = checkLength("text", text)
		}
	case "editMessageCaption":
		if text, ents, e = formatParams(p, "caption", "parse_mode", "caption_entities"); e == nil {
			e = checkLength("caption", text)
		}
	}
	if e != nil {
		return nil, e
	}
	markup, e := inlineMarkup(p)
	if e != nil {
		return nil, e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	var m *storedMessage
	if c != nil {
		m = c.find(msgID)
	}
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	if !m.fromBot {
		return nil, badRequest("message can't be edited")
	}
	sameMarkup := reflect.DeepEqual(markup, m.markup)
	textChanged := false
	switch name {
	case "editMessageText":
		if m.media() {
			return nil, badRequest("there is no text in the message to edit")
		}
		if text == m.text && sameEntities(ents, m.entities) && sameMarkup {
			return nil, notModified()
		}
		textChanged = text != m.text || !sameEntities(ents, m.entities)
		m.text, m.entities = text, ents
	case "editMessageCaption":
		if !m.media() {
			return nil, badRequest("there is no caption in the message to edit")
		}
		if text == m.caption && sameEntities(ents, m.captionEntities) && sameMarkup {
			return nil, notModified()
		}
		textChanged = text != m.caption || !sameEntities(ents, m.captionEntities)
		m.caption, m.captionEntities = text, ents
	default:
		if sameMarkup {
			return nil, notModified()
		}
	}
	// Like Telegram, an edit without reply_markup removes the keyboard.
	m.markup = markup
	m.edited = true
	m.editDate = s.cfg.now().Unix()
	s.recordEditLocked(c, m, textChanged)
	c.changed.fire()
	return c.model(m, true), nil
}

func notModified() *apiError {
	return badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
}

func sameEntities(a, b []models.MessageEntity) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// deleteMessage implements deleteMessage.
func (s *Server) deleteMessage(p params) (any, *apiError) {
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	msgID, e := messageID(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil || c.find(msgID) == nil {
		return nil, badRequest("message to delete not found")
	}
	c.remove(c.find(msgID))
	s.recordLocked(c, Event{Kind: EventDelete, MessageID: msgID, From: s.bot.ID})
	return true, nil
}

// deleteMessages implements deleteMessages; missing messages are skipped.
func (s *Server) deleteMessages(p params) (any, *apiError) {
	chatID, e := targetChatID(p)
	if e != nil {
		return nil, e
	}
	var ids []int
	if err := json.Unmarshal([]byte(p.str("message_ids")), &ids); err != nil {
		return nil, badRequest("can't parse message_ids JSON array")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		for _, id := range ids {
			if m := c.find(id); m != nil {
				c.remove(m)
				s.recordLocked(c, Event{Kind: EventDelete, MessageID: id, From: s.bot.ID})
			}
		}
	}
	return true, nil
}
