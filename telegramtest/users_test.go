package telegramtest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// nextUpdate fetches the next update with getUpdates, confirming the
// previous ones.
func nextUpdate(ctx context.Context, t *testing.T, s *Server, id int64) models.Update {
	t.Helper()
	r := callJSON(ctx, t, s, "getUpdates", map[string]any{"offset": id, "limit": 1})
	var ups []models.Update
	if err := json.Unmarshal(r.Result, &ups); err != nil || len(ups) != 1 || ups[0].ID != id {
		t.Fatalf("getUpdates: %s, %v", r.Result, err)
	}
	return ups[0]
}

func TestSendTextCommands(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	ann := User{ID: 42, FirstName: "Ann", LastName: "Lee", Username: "ann", LanguageCode: "en"}

	u := nextUpdate(ctx, t, s, s.SendText(ann, 42, "/start@branchbot_test_bot now"))
	m := u.Message
	if m == nil || m.Text != "/start@branchbot_test_bot now" || m.Chat.Type != models.ChatTypePrivate || m.Chat.FirstName != "Ann" {
		t.Fatalf("message %+v", m)
	}
	if m.From == nil || m.From.ID != 42 || m.From.IsBot || m.From.Username != "ann" || m.From.LanguageCode != "en" || m.ID != 1 || m.Date == 0 {
		t.Errorf("from %+v", m.From)
	}
	if len(m.Entities) != 1 || m.Entities[0] != (models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: 25}) {
		t.Errorf("entities %+v", m.Entities)
	}

	u = nextUpdate(ctx, t, s, s.SendText(ann, -100, "plain"))
	if u.Message.Chat.Type != models.ChatTypeGroup || u.Message.Entities != nil || u.Message.ID != 1 {
		t.Errorf("group message %+v", u.Message)
	}
	u = nextUpdate(ctx, t, s, s.SendText(ann, -1001234567890, "/help"))
	if u.Message.Chat.Type != models.ChatTypeSupergroup || len(u.Message.Entities) != 1 {
		t.Errorf("supergroup message %+v", u.Message)
	}

	u = nextUpdate(ctx, t, s, s.Reply(ann, 42, 1, "a reply"))
	if u.Message.ReplyToMessage == nil || u.Message.ReplyToMessage.ID != 1 || u.Message.ReplyToMessage.Text != "/start@branchbot_test_bot now" {
		t.Errorf("reply %+v", u.Message.ReplyToMessage)
	}
	msgs := s.Messages(42)
	if len(msgs) != 2 || msgs[0].FromBot || msgs[0].From != 42 || msgs[1].ReplyTo != 1 {
		t.Errorf("chat 42: %+v", msgs)
	}
}

func TestPressAndAnswer(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)
	bob := User{ID: 5, FirstName: "Bob"}

	kb := keyboard([]models.InlineKeyboardButton{{Text: "Yes", CallbackData: "yes"}})
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 5, Text: "Sure?", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 5, MessageID: sent.ID, Text: "Really sure?", ReplyMarkup: kb}); err != nil {
		t.Fatal(err)
	}
	uid, cbID := s.Press(bob, 5, sent.ID, "yes")
	u := nextUpdate(ctx, t, s, uid)
	q := u.CallbackQuery
	if q == nil || q.ID != cbID || q.Data != "yes" || q.From.ID != 5 || q.ChatInstance == "" {
		t.Fatalf("callback query %+v", q)
	}
	if q.Message.Message == nil || q.Message.Message.Text != "Really sure?" || q.Message.Message.ReplyMarkup == nil || q.Message.Message.From == nil || !q.Message.Message.From.IsBot {
		t.Errorf("callback message %+v", q.Message.Message)
	}
	if _, _, ok := s.CallbackAnswer(cbID); ok {
		t.Error("answered before answerCallbackQuery")
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cbID, Text: "Done", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	if text, alert, ok := s.CallbackAnswer(cbID); !ok || text != "Done" || !alert {
		t.Errorf("CallbackAnswer = %q %v %v", text, alert, ok)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cbID}); err == nil {
		t.Error("second answer succeeded")
	}

	uid, _ = s.Press(bob, 5, 99, "stale")
	if u := nextUpdate(ctx, t, s, uid); u.CallbackQuery.Message.InaccessibleMessage == nil || u.CallbackQuery.Message.InaccessibleMessage.MessageID != 99 {
		t.Errorf("press on a missing message: %+v", u.CallbackQuery.Message)
	}
}

func TestTranscript(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)
	ann := User{ID: 42, FirstName: "Ann"}

	s.SendText(ann, 42, "/start")
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 42, Text: "Pick a branch\n(2 open)", ReplyMarkup: keyboard(
		[]models.InlineKeyboardButton{{Text: "main", CallbackData: "main"}, {Text: "dev", CallbackData: "dev"}},
		[]models.InlineKeyboardButton{{Text: "web", URL: "https://example.com"}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	s.Reply(ann, 42, sent.ID, "main please")
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 42, MessageID: sent.ID, Text: "Picked main"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 42, Document: &models.InputFileUpload{Filename: "log.txt", Data: strings.NewReader("x")}, Caption: "the log"}); err != nil {
		t.Fatal(err)
	}
	want := `user 42: /start
bot (edited): Picked main
user 42 (reply to #2): main please
bot: [document log.txt] the log
`
	if got := s.Transcript(42); got != want {
		t.Errorf("transcript:\n%s\nwant:\n%s", got, want)
	}

	s2 := newTestServer(t)
	b2 := newClient(t, s2)
	if _, err := b2.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "Pick\n(2 open)", ReplyMarkup: keyboard(
		[]models.InlineKeyboardButton{{Text: "main", CallbackData: "main"}, {Text: "dev", CallbackData: "dev"}},
		[]models.InlineKeyboardButton{{Text: "web", URL: "https://example.com"}},
	)}); err != nil {
		t.Fatal(err)
	}
	want = "bot: Pick\n  (2 open)\n  [main] [dev]\n  [web](https://example.com)\n"
	if got := s2.Transcript(1); got != want {
		t.Errorf("transcript:\n%q\nwant:\n%q", got, want)
	}
}

func TestWaitMessage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	type result struct {
		m   Message
		err error
	}
	done := make(chan result)
	go func() {
		m, err := s.WaitMessage(ctx, 77, func(m Message) bool { return m.FromBot && m.Text == "v2" })
		done <- result{m, err}
	}()
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 77, Text: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 77, MessageID: sent.ID, Text: "v2"}); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || r.m.ID != sent.ID || !r.m.Edited {
		t.Errorf("WaitMessage = %+v, %v", r.m, r.err)
	}

	// Existing messages match at once.
	if m, err := s.WaitMessage(ctx, 77, func(m Message) bool { return strings.HasPrefix(m.Text, "v") }); err != nil || m.ID != sent.ID {
		t.Errorf("existing: %+v, %v", m, err)
	}

	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = s.WaitMessage(short, 77, func(m Message) bool { return m.Text == "never" })
	if err == nil || !strings.Contains(err.Error(), "chat 77") || !strings.Contains(err.Error(), "bot (edited): v2") ||
		!strings.Contains(err.Error(), "deadline exceeded") {
		t.Errorf("deadline: %v", err)
	}
}
