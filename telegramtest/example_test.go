package telegramtest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot/telegramtest"
)

// A test drives a bot through the fake server: a user writes, the bot
// answers with a keyboard, the user presses a button.
func Example() {
	s := telegramtest.NewServer(nil) // in a test: NewServer(t)
	defer s.Close()

	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithSkipGetMe())
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ann := telegramtest.User{ID: 42, FirstName: "Ann"}
	s.SendText(ann, 42, "/branches")

	// The bot would get the update with getUpdates; here it just answers.
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{
		ChatID:    42,
		Text:      "<b>Branches</b>",
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "main", CallbackData: "b:main"}, {Text: "dev", CallbackData: "b:dev"}},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	s.Press(ann, 42, sent.ID, "b:dev")

	m, err := s.WaitMessage(ctx, 42, func(m telegramtest.Message) bool { return len(m.Keyboard) > 0 })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Text, m.Keyboard[0][1].Data)
	fmt.Print(s.Transcript(42))
	fmt.Println(s.Stats().Requests["sendMessage"], len(s.Violations()))
	// Output:
	// Branches b:dev
	// user 42: /branches
	// bot: Branches
	//   [main] [dev]
	// 1 0
}
