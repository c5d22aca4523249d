package telegramtest

import (
	"context"
	"net/http"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// TestBotRoundTrip runs a go-telegram/bot bot with long polling against
// the server: a user command, a keyboard, a button press, an edit.
func TestBotRoundTrip(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	ctx := testContext(t)
	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithSkipGetMe(),
		tg.WithHTTPClient(2*time.Second, &http.Client{}),
		tg.WithDefaultHandler(func(ctx context.Context, b *tg.Bot, u *models.Update) {
			// The test may end as soon as the server stored what it
			// waits for, before the bot read the answer: errors after
			// the bot's context ended do not count.
			switch {
			case u.Message != nil && u.Message.Text == "/ping":
				_, err := b.SendMessage(ctx, &tg.SendMessageParams{
					ChatID: u.Message.Chat.ID, Text: "pong?",
					ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "again", CallbackData: "again"}}),
				})
				if err != nil && ctx.Err() == nil {
					t.Errorf("send: %v", err)
				}
			case u.CallbackQuery != nil:
				if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "ok"}); err != nil && ctx.Err() == nil {
					t.Errorf("answer: %v", err)
				}
				m := u.CallbackQuery.Message.Message
				if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: m.Chat.ID, MessageID: m.ID, Text: "pong!"}); err != nil && ctx.Err() == nil {
					t.Errorf("edit: %v", err)
				}
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	botCtx, stop := context.WithCancel(ctx)
	stopped := make(chan struct{})
	go func() {
		b.Start(botCtx)
		close(stopped)
	}()
	defer func() {
		stop()
		<-stopped
	}()

	ann := User{ID: 42, FirstName: "Ann"}
	s.SendText(ann, 42, "/ping")
	m, err := s.WaitMessage(ctx, 42, func(m Message) bool { return m.FromBot && len(m.Keyboard) == 1 })
	if err != nil {
		t.Fatal(err)
	}
	_, cb := s.Press(ann, 42, m.ID, m.Keyboard[0][0].Data)
	if _, err := s.WaitMessage(ctx, 42, func(m Message) bool { return m.Text == "pong!" }); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	// The bot answers the query before it edits.
	if text, _, ok := s.CallbackAnswer(cb); !ok || text != "ok" {
		t.Errorf("callback answer %q %v", text, ok)
	}
	want := "user 42: /ping\nbot (edited): pong!\n"
	if got := s.Transcript(42); got != want {
		t.Errorf("transcript %q, want %q", got, want)
	}
}
