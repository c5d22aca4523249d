package telegramtest

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func keyboard(rows ...[]models.InlineKeyboardButton) *models.InlineKeyboardMarkup {
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func TestSendMessageWithKeyboard(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{
		ChatID: int64(42),
		Text:   "Pick a branch",
		ReplyMarkup: keyboard(
			[]models.InlineKeyboardButton{{Text: "main", CallbackData: "b:main"}, {Text: "dev", CallbackData: "b:dev"}},
			[]models.InlineKeyboardButton{{Text: "docs", URL: "https://example.com/docs"}},
		),
	})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ID != 1 || msg.Chat.ID != 42 || msg.Chat.Type != models.ChatTypePrivate || msg.Text != "Pick a branch" {
		t.Errorf("returned message = %+v", msg)
	}
	if msg.From == nil || !msg.From.IsBot || msg.From.ID != 123456 || msg.Date == 0 {
		t.Errorf("returned from/date = %+v %d", msg.From, msg.Date)
	}
	if msg.ReplyMarkup == nil || len(msg.ReplyMarkup.InlineKeyboard) != 2 {
		t.Errorf("returned reply_markup = %+v", msg.ReplyMarkup)
	}

	got := s.Messages(42)
	if len(got) != 1 {
		t.Fatalf("Messages = %+v", got)
	}
	want := [][]Button{
		{{Text: "main", Data: "b:main"}, {Text: "dev", Data: "b:dev"}},
		{{Text: "docs", URL: "https://example.com/docs"}},
	}
	if m := got[0]; m.ID != 1 || !m.FromBot || m.From != 123456 || m.Text != "Pick a branch" || !reflect.DeepEqual(m.Keyboard, want) {
		t.Errorf("Messages()[0] = %+v", m)
	}

	second, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 42, Text: "again"})
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != 2 {
		t.Errorf("second message id = %d, want 2", second.ID)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestEditMessage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	kb := keyboard([]models.InlineKeyboardButton{{Text: "ok", CallbackData: "ok"}})
	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 7, Text: "v1", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 7, MessageID: msg.ID, Text: "v2", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if edited.Text != "v2" || edited.EditDate == 0 {
		t.Errorf("edited = %+v", edited)
	}
	m := s.Messages(7)[0]
	if m.Text != "v2" || !m.Edited || len(m.Keyboard) != 1 {
		t.Errorf("after edit: %+v", m)
	}

	_, err = b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 7, MessageID: msg.ID, Text: "v2", ReplyMarkup: kb})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("same content: err = %v", err)
	}
	_, err = b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 7, MessageID: 99, Text: "x"})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("unknown message: err = %v", err)
	}

	// Without reply_markup an edit removes the keyboard, as on Telegram.
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 7, MessageID: msg.ID, Text: "v3"}); err != nil {
		t.Fatal(err)
	}
	if m := s.Messages(7)[0]; m.Text != "v3" || m.Keyboard != nil {
		t.Errorf("after edit without markup: %+v", m)
	}
	kb2 := keyboard([]models.InlineKeyboardButton{{Text: "again", CallbackData: "again"}})
	if _, err := b.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: 7, MessageID: msg.ID, ReplyMarkup: kb2}); err != nil {
		t.Fatal(err)
	}
	if m := s.Messages(7)[0]; m.Text != "v3" || len(m.Keyboard) != 1 || m.Keyboard[0][0].Data != "again" {
		t.Errorf("after markup edit: %+v", m)
	}
	_, err = b.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: 7, MessageID: msg.ID, ReplyMarkup: kb2})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message is not modified") {
		t.Errorf("same markup: err = %v", err)
	}

	// The bot cannot edit what a user wrote.
	s.SendText(User{ID: 7, FirstName: "Ann"}, 7, "hi")
	_, err = b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 7, MessageID: 2, Text: "x"})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message can't be edited") {
		t.Errorf("user message: err = %v", err)
	}
}

func TestDeleteMessage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	for _, text := range []string{"one", "two", "three"} {
		if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: -5, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	ok, err := b.DeleteMessage(ctx, &tg.DeleteMessageParams{ChatID: -5, MessageID: 2})
	if err != nil || !ok {
		t.Fatalf("DeleteMessage = %v, %v", ok, err)
	}
	var texts []string
	for _, m := range s.Messages(-5) {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, ",") != "one,three" {
		t.Errorf("after delete: %q", texts)
	}
	_, err = b.DeleteMessage(ctx, &tg.DeleteMessageParams{ChatID: -5, MessageID: 2})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message to delete not found") {
		t.Errorf("second delete: err = %v", err)
	}
	if _, err := b.DeleteMessages(ctx, &tg.DeleteMessagesParams{ChatID: -5, MessageIDs: []int{1, 3}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Messages(-5); len(got) != 0 {
		t.Errorf("after deleteMessages: %+v", got)
	}
	// Ids are not reused.
	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: -5, Text: "four"})
	if err != nil || msg.ID != 4 || msg.Chat.Type != models.ChatTypeGroup {
		t.Errorf("after deletes: %+v, %v", msg, err)
	}
}

func TestParseModeStoredAsClientsSeeIt(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 3, Text: "<b>main</b> is &lt;ahead&gt;", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatal(err)
	}
	if msg.Text != "main is <ahead>" || len(msg.Entities) != 1 || msg.Entities[0].Type != models.MessageEntityTypeBold || msg.Entities[0].Length != 4 {
		t.Errorf("returned %q %+v", msg.Text, msg.Entities)
	}
	if m := s.Messages(3)[0]; m.Text != "main is <ahead>" || len(m.Entities) != 1 {
		t.Errorf("stored %+v", m)
	}
}

func TestReplyParameters(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	s.SendText(User{ID: 9}, 9, "question")
	msg, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 9, Text: "answer", ReplyParameters: &models.ReplyParameters{MessageID: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if msg.ReplyToMessage == nil || msg.ReplyToMessage.Text != "question" {
		t.Errorf("reply_to_message = %+v", msg.ReplyToMessage)
	}
	if m := s.Messages(9)[1]; m.ReplyTo != 1 {
		t.Errorf("stored ReplyTo = %d", m.ReplyTo)
	}
	_, err = b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 9, Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 50}})
	if !errors.Is(err, tg.ErrorBadRequest) || !strings.Contains(err.Error(), "message to be replied not found") {
		t.Errorf("reply to missing: err = %v", err)
	}
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 9, Text: "x", ReplyParameters: &models.ReplyParameters{MessageID: 50, AllowSendingWithoutReply: true}}); err != nil {
		t.Errorf("allow_sending_without_reply: %v", err)
	}
}
