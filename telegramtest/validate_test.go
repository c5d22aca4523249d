package telegramtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// expectViolation checks that err is a 400 with desc and that exactly one
// violation mentioning what was recorded and reported.
func expectViolation(t *testing.T, s *Server, rec *recorder, err error, desc, what string) {
	t.Helper()
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), desc) {
		t.Errorf("err = %v, want a 400 with %q", err, desc)
	}
	v := s.Violations()
	if len(v) != 1 || !strings.Contains(v[0], what) {
		t.Errorf("violations = %q, want one with %q", v, what)
	}
	reported := rec.all()
	if len(reported) != 1 || !strings.HasPrefix(reported[0], "telegramtest: ") || !strings.Contains(reported[0], what) {
		t.Errorf("reported = %q, want one with %q", reported, what)
	}
}

func TestTextTooLongIsAViolation(t *testing.T) {
	t.Parallel()
	s, rec := newRecordingServer(t)
	b := newClient(t, s)
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{ChatID: 1, Text: strings.Repeat("é", 5000)})
	expectViolation(t, s, rec, err, "message is too long", "sendMessage: text: 5000 characters, must be 1-4096 characters")
	if len(s.Messages(1)) != 0 {
		t.Error("a rejected message was stored")
	}
}

func TestTextLimitCountsCharactersAfterParsing(t *testing.T) {
	t.Parallel()
	s := newTestServer(t) // no violation expected: 4096 characters of text
	b := newClient(t, s)
	text := "<b>" + strings.Repeat("ß", 4096) + "</b>"
	if _, err := b.SendMessage(testContext(t), &tg.SendMessageParams{ChatID: 1, Text: text, ParseMode: models.ParseModeHTML}); err != nil {
		t.Fatal(err)
	}
}

func TestEmptyTextIsAViolation(t *testing.T) {
	t.Parallel()
	s, rec := newRecordingServer(t)
	b := newClient(t, s)
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{ChatID: 1, Text: "<i> </i>", ParseMode: models.ParseModeHTML})
	expectViolation(t, s, rec, err, "message text is empty", "sendMessage: text: empty")
}

func TestCallbackDataTooLongIsAViolation(t *testing.T) {
	t.Parallel()
	s, rec := newRecordingServer(t)
	b := newClient(t, s)
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{
		ChatID: 1,
		Text:   "x",
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{
			{Text: "ok", CallbackData: strings.Repeat("a", 64)},
			{Text: "too long", CallbackData: strings.Repeat("a", 65)},
		}),
	})
	expectViolation(t, s, rec, err, "BUTTON_DATA_INVALID", "reply_markup.inline_keyboard[0][1].callback_data: 65 bytes, must be 1-64 bytes")
}

func TestCallbackDataCountsBytes(t *testing.T) {
	t.Parallel()
	s, rec := newRecordingServer(t)
	b := newClient(t, s)
	// 33 two-byte characters are 66 bytes.
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{
		ChatID:      1,
		Text:        "x",
		ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "ok", CallbackData: strings.Repeat("ж", 33)}}),
	})
	expectViolation(t, s, rec, err, "BUTTON_DATA_INVALID", "66 bytes")
}

func TestUnknownFieldIsAViolation(t *testing.T) {
	t.Parallel()
	s, rec := newRecordingServer(t)
	r := call(testContext(t), t, s, "sendMessage", "application/x-www-form-urlencoded", "chat_id=1&text=hi&reply_to_msg_id=3")
	if r.status != 400 || !strings.Contains(r.Description, `unknown parameter "reply_to_msg_id"`) {
		t.Errorf("answer = %+v", r)
	}
	v := s.Violations()
	if len(v) != 1 || v[0] != `sendMessage: unknown parameter "reply_to_msg_id"` {
		t.Errorf("violations = %q", v)
	}
	if len(rec.all()) != 1 {
		t.Errorf("reported = %q", rec.all())
	}
}

func TestNestedObjectsAreChecked(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, method, body, what string
	}{
		{"unknown button field", "sendMessage",
			`{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"a","colour":"red"}]]}}`,
			`reply_markup.inline_keyboard[0][0]: unknown field "colour" for InlineKeyboardButton`},
		{"button without action", "sendMessage",
			`{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a"}]]}}`,
			`an inline button needs one of`},
		{"two button actions", "sendMessage",
			`{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback_data":"a","url":"https://x.org"}]]}}`,
			`exactly one of its optional fields, got callback_data, url`},
		{"entity without length", "sendMessage",
			`{"chat_id":1,"text":"x","entities":[{"type":"bold","offset":0}]}`,
			`entities[0]: required field "length" is missing`},
		{"scope of unknown kind", "setMyCommands",
			`{"commands":[{"command":"start","description":"Start"}],"scope":{"type":"chat"}}`,
			`scope: required field "chat_id" is missing`},
		{"bad command", "setMyCommands",
			`{"commands":[{"command":"Start","description":"Start"}]}`,
			`commands[0]: command "Start" may contain only lowercase`},
		{"missing required", "sendMessage", `{"text":"x"}`, `required parameter "chat_id" is missing`},
		{"integer expected", "deleteMessage", `{"chat_id":1,"message_id":"abc"}`, `message_id: "abc" is not an Integer`},
		{"bad parse_mode", "sendMessage", `{"chat_id":1,"text":"x","parse_mode":"HTML5"}`, `unsupported parse_mode "HTML5"`},
		{"bad MarkdownV2", "sendMessage", `{"chat_id":1,"text":"v1.2 is out","parse_mode":"MarkdownV2"}`,
			`Character '.' is reserved and must be escaped with the preceding '\'`},
		{"bad HTML", "sendMessage", `{"chat_id":1,"text":"a < b","parse_mode":"HTML"}`, `Unsupported start tag "" at byte offset 2`},
		{"caption too long", "sendPhoto", `{"chat_id":1,"photo":"https://x.org/a.png","caption":"` + strings.Repeat("c", 1025) + `"}`,
			`caption: 1025 characters, must be 0-1024 characters`},
		{"not JSON", "sendMessage", `{"chat_id":1,"text":"x","reply_markup":"{inline"}`, `reply_markup: invalid JSON`},
	}
	s, rec := newRecordingServer(t)
	ctx := testContext(t)
	for _, tc := range cases {
		before := len(s.Violations())
		r := call(ctx, t, s, tc.method, "application/json", tc.body)
		if r.status != 400 {
			t.Errorf("%s: answer = %+v", tc.name, r)
		}
		v := s.Violations()[before:]
		if len(v) == 0 || !strings.Contains(v[0], tc.what) {
			t.Errorf("%s: violations = %q, want %q", tc.name, v, tc.what)
		}
		if len(rec.all()) != before+len(v) {
			t.Errorf("%s: reported %d, recorded %d", tc.name, len(rec.all()), before+len(v))
		}
	}
}

// TestGoTelegramRequestsAreValid sends what a bot commonly sends through
// go-telegram/bot and expects no violation: the copy_text quirk and the
// client's encodings are tolerated.
func TestGoTelegramRequestsAreValid(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)
	yes := true
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
	}

	_, err := b.GetMe(ctx)
	must("getMe", err)
	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{
		ChatID:              int64(-1001234567890),
		Text:                "*bold* _it_ __u__ ~s~ ||sp|| `c` [link](https://example.com/a\\)b) \\. done",
		ParseMode:           models.ParseModeMarkdown,
		LinkPreviewOptions:  &models.LinkPreviewOptions{IsDisabled: &yes},
		DisableNotification: true,
		ProtectContent:      true,
		MessageThreadID:     3,
		ReplyMarkup: keyboard(
			[]models.InlineKeyboardButton{{Text: "a", CallbackData: "a"}, {Text: "b", URL: "https://example.com"}},
			[]models.InlineKeyboardButton{{Text: "copy", CopyText: models.CopyTextButton{Text: "token"}}},
		),
	})
	must("sendMessage MarkdownV2", err)
	if err == nil && msg.Chat.Type != models.ChatTypeSupergroup {
		t.Errorf("chat type %q", msg.Chat.Type)
	}
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "legacy *bold* `code`", ParseMode: models.ParseModeMarkdownV1})
	must("sendMessage Markdown", err)
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "k", ReplyMarkup: &models.ReplyKeyboardMarkup{
		Keyboard: [][]models.KeyboardButton{{{Text: "one"}, {Text: "two"}}}, ResizeKeyboard: true, OneTimeKeyboard: true,
	}})
	must("sendMessage reply keyboard", err)
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "r", ReplyMarkup: &models.ReplyKeyboardRemove{RemoveKeyboard: true}})
	must("sendMessage keyboard remove", err)
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "f", ReplyMarkup: &models.ForceReply{ForceReply: true, InputFieldPlaceholder: "name"}})
	must("sendMessage force reply", err)
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "bold", Entities: []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 4}}})
	must("sendMessage entities", err)
	_, err = b.SendChatAction(ctx, &tg.SendChatActionParams{ChatID: 5, Action: models.ChatActionTyping})
	must("sendChatAction", err)

	for _, scope := range []models.BotCommandScope{
		nil,
		&models.BotCommandScopeDefault{},
		&models.BotCommandScopeAllPrivateChats{},
		&models.BotCommandScopeAllGroupChats{},
		&models.BotCommandScopeAllChatAdministrators{},
		&models.BotCommandScopeChat{ChatID: int64(-100)},
		&models.BotCommandScopeChatAdministrators{ChatID: int64(-100)},
		&models.BotCommandScopeChatMember{ChatID: int64(-100), UserID: 5},
	} {
		_, err = b.SetMyCommands(ctx, &tg.SetMyCommandsParams{
			Commands: []models.BotCommand{{Command: "start", Description: "Start"}, {Command: "pick_branch", Description: "Pick"}},
			Scope:    scope, LanguageCode: "en",
		})
		must("setMyCommands", err)
		_, err = b.GetMyCommands(ctx, &tg.GetMyCommandsParams{Scope: scope, LanguageCode: "en"})
		must("getMyCommands", err)
		_, err = b.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: scope})
		must("deleteMyCommands", err)
	}

	doc, err := b.SendDocument(ctx, &tg.SendDocumentParams{
		ChatID:    5,
		Document:  &models.InputFileUpload{Filename: "report.txt", Data: bytes.NewReader([]byte("hello"))},
		Caption:   "<i>report</i>",
		ParseMode: models.ParseModeHTML,
	})
	must("sendDocument", err)
	_, err = b.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: 5, Photo: &models.InputFileString{Data: "https://example.com/p.png"}, Caption: "pic"})
	must("sendPhoto", err)
	if doc != nil {
		_, err = b.EditMessageCaption(ctx, &tg.EditMessageCaptionParams{ChatID: 5, MessageID: doc.ID, Caption: "new"})
		must("editMessageCaption", err)
	}
	_, err = b.SetWebhook(ctx, &tg.SetWebhookParams{URL: "https://example.com/hook", SecretToken: "s3cr3t_-", AllowedUpdates: []string{"message"}, MaxConnections: 5})
	must("setWebhook", err)
	_, err = b.GetWebhookInfo(ctx)
	must("getWebhookInfo", err)
	_, err = b.DeleteWebhook(ctx, &tg.DeleteWebhookParams{DropPendingUpdates: true})
	must("deleteWebhook", err)
	_, err = b.GetChat(ctx, &tg.GetChatParams{ChatID: 5})
	must("getChat", err)

	_, cb := s.Press(User{ID: 5}, 5, 1, "a")
	_, err = b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cb, Text: "done", ShowAlert: true})
	must("answerCallbackQuery", err)
	_, err = b.DeleteMessage(ctx, &tg.DeleteMessageParams{ChatID: 5, MessageID: 1})
	must("deleteMessage", err)

	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations: %q", v)
	}
}

// TestValidatesAwayFromTheRepository checks that the specification goes
// with the package: a test run from a directory with nothing beside it
// validates as one run in the repository does.
func TestValidatesAwayFromTheRepository(t *testing.T) {
	t.Chdir(t.TempDir())
	var logged bytes.Buffer
	rec := &recorder{}
	s := NewServer(rec, WithLogger(newTestLogger(&logged)))
	t.Cleanup(s.Close)
	b := newClient(t, s)
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{ChatID: 1, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
		InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "b", CallbackData: strings.Repeat("d", 65)}}},
	}})
	expectViolation(t, s, rec, err, "BUTTON_DATA_INVALID", "callback_data: 65 bytes, must be 1-64 bytes")
	if logged.Len() != 0 {
		t.Errorf("log = %q", logged.String())
	}
}

func TestWithSpecUnreadablePanics(t *testing.T) {
	t.Parallel()
	for name, path := range map[string]string{
		"missing": "/nonexistent/api.json",
		"empty":   writeTemp(t, "{}"),
		"broken":  writeTemp(t, `{"methods": {`),
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "Bot API specification") {
					t.Errorf("recovered %v, want a panic about the specification", r)
				}
			}()
			s := NewServer(t, WithSpec(path))
			s.Close()
		})
	}
}

func TestWithSpecReadsTheFile(t *testing.T) {
	t.Parallel()
	// A specification whose sendMessage takes only chat_id: text is unknown.
	s, rec := newRecordingServer(t, WithSpec(writeTemp(t, `{"methods": {"sendMessage": {"name": "sendMessage", "returns": ["Message"],
		"fields": [{"name": "chat_id", "types": ["Integer", "String"], "required": true, "description": "Target"}]}}, "types": {}}`)))
	b := newClient(t, s)
	_, err := b.SendMessage(testContext(t), &tg.SendMessageParams{ChatID: 1, Text: "hi"})
	if err == nil || len(rec.all()) == 0 || !strings.Contains(strings.Join(s.Violations(), "\n"), "text") {
		t.Errorf("err = %v, violations = %q", err, s.Violations())
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "api.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
