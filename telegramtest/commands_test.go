package telegramtest

import (
	"reflect"
	"testing"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestMyCommands(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)

	general := []models.BotCommand{{Command: "start", Description: "Start"}, {Command: "help", Description: "Help"}}
	group := []models.BotCommand{{Command: "branches", Description: "List branches"}}
	german := []models.BotCommand{{Command: "start", Description: "Los"}}
	if _, err := b.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: general}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: group, Scope: &models.BotCommandScopeChat{ChatID: int64(-100)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: german, Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: "de"}); err != nil {
		t.Fatal(err)
	}

	if got := s.MyCommands("default", 0, ""); !reflect.DeepEqual(got, general) {
		t.Errorf("default: %+v", got)
	}
	if got := s.MyCommands("", 0, ""); !reflect.DeepEqual(got, general) {
		t.Errorf(`"" scope: %+v`, got)
	}
	if got := s.MyCommands("chat", -100, ""); !reflect.DeepEqual(got, group) {
		t.Errorf("chat -100: %+v", got)
	}
	if got := s.MyCommands("all_private_chats", 0, "de"); !reflect.DeepEqual(got, german) {
		t.Errorf("private de: %+v", got)
	}
	if got := s.MyCommands("all_private_chats", 0, ""); got != nil {
		t.Errorf("private, no language: %+v", got)
	}

	got, err := b.GetMyCommands(ctx, &tg.GetMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: int64(-100)}})
	if err != nil || !reflect.DeepEqual(got, group) {
		t.Errorf("getMyCommands: %+v, %v", got, err)
	}
	if _, err := b.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: int64(-100)}}); err != nil {
		t.Fatal(err)
	}
	if got := s.MyCommands("chat", -100, ""); got != nil {
		t.Errorf("after delete: %+v", got)
	}
	got, err = b.GetMyCommands(ctx, &tg.GetMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: int64(-100)}})
	if err != nil || len(got) != 0 {
		t.Errorf("getMyCommands after delete: %+v, %v", got, err)
	}
}
