package telegramtest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestHistory(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s := newTestServer(t, WithHistory(), WithClock(clock.Now))
	b := newClient(t, s)
	ctx := testContext(t)
	ann := User{ID: 42, FirstName: "Ann"}
	bot := s.BotUser().ID
	start := clock.Now()

	s.SendText(ann, 42, "/start")
	clock.Advance(time.Minute)
	kb := keyboard([]models.InlineKeyboardButton{{Text: "✅ Done", CallbackData: "d"}, {Text: "⏰ Later", CallbackData: "l"}})
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 42, Text: "<b>Study</b> today", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	_, cb1 := s.Press(ann, 42, sent.ID, "l")
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cb1, Text: "See you at 8:20"}); err != nil {
		t.Fatal(err)
	}
	later := keyboard([]models.InlineKeyboardButton{{Text: "✅ Done", CallbackData: "d"}})
	if _, err := b.EditMessageReplyMarkup(ctx, &tg.EditMessageReplyMarkupParams{ChatID: 42, MessageID: sent.ID, ReplyMarkup: later}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	_, cb2 := s.Press(ann, 42, sent.ID, "d")
	// The bot edits before it answers; the history keeps that order and
	// the press's label as the keyboard showed it.
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 42, MessageID: sent.ID, Text: "Study today\n✅ done"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cb2, Text: "Well done", ShowAlert: true}); err != nil {
		t.Fatal(err)
	}
	s.Reply(ann, 42, sent.ID, "done")
	_, cb3 := s.Press(ann, 42, sent.ID, "d") // no button any more
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cb3}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SendDocument(ctx, &tg.SendDocumentParams{ChatID: 42, Document: &models.InputFileUpload{Filename: "log.txt", Data: strings.NewReader("x")}, Caption: "the log"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.DeleteMessage(ctx, &tg.DeleteMessageParams{ChatID: 42, MessageID: sent.ID}); err != nil {
		t.Fatal(err)
	}
	// A failed edit is not part of the history.
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 42, MessageID: sent.ID, Text: "gone"}); err == nil {
		t.Fatal("edit of a deleted message succeeded")
	}

	at := func(d time.Duration) time.Time { return start.Add(d) }
	done := [][]Button{{{Text: "✅ Done", Data: "d"}}}
	want := []Event{
		{Kind: EventText, Time: at(0), MessageID: 1, From: 42, Text: "/start"},
		{Kind: EventSend, Time: at(time.Minute), MessageID: 2, From: bot, Text: "Study today",
			Keyboard: [][]Button{{{Text: "✅ Done", Data: "d"}, {Text: "⏰ Later", Data: "l"}}}},
		{Kind: EventPress, Time: at(2 * time.Minute), MessageID: 2, From: 42, Text: "⏰ Later", Data: "l", CallbackID: cb1},
		{Kind: EventAnswer, Time: at(2 * time.Minute), MessageID: 2, From: bot, Text: "See you at 8:20", CallbackID: cb1},
		{Kind: EventEdit, Time: at(2 * time.Minute), MessageID: 2, From: bot, Text: "Study today", Keyboard: done, KeyboardOnly: true},
		{Kind: EventPress, Time: at(62 * time.Minute), MessageID: 2, From: 42, Text: "✅ Done", Data: "d", CallbackID: cb2},
		{Kind: EventEdit, Time: at(62 * time.Minute), MessageID: 2, From: bot, Text: "Study today\n✅ done"},
		{Kind: EventAnswer, Time: at(62 * time.Minute), MessageID: 2, From: bot, Text: "Well done", CallbackID: cb2, ShowAlert: true},
		{Kind: EventText, Time: at(62 * time.Minute), MessageID: 3, From: 42, Text: "done", ReplyTo: 2},
		{Kind: EventPress, Time: at(62 * time.Minute), MessageID: 2, From: 42, Data: "d", CallbackID: cb3},
		{Kind: EventAnswer, Time: at(62 * time.Minute), MessageID: 2, From: bot, CallbackID: cb3},
		{Kind: EventSend, Time: at(62 * time.Minute), MessageID: 4, From: bot, Text: "the log", Document: "log.txt"},
		{Kind: EventDelete, Time: at(62 * time.Minute), MessageID: 2, From: bot},
	}
	got := s.History(42)
	if len(got) != len(want) {
		t.Fatalf("history has %d events, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) {
			t.Errorf("event %d at %v, want %v", i, got[i].Time, want[i].Time)
		}
		got[i].Time = want[i].Time
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}

	// History returns a copy.
	got[1].Keyboard[0][0].Text = "changed"
	if s.History(42)[1].Keyboard[0][0].Text != "✅ Done" {
		t.Error("changing a returned keyboard changed the history")
	}
	if h := s.History(7); h != nil {
		t.Errorf("history of an unknown chat: %+v", h)
	}
}

func TestHistoryDeleteMessagesAndGroups(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, WithHistory())
	b := newClient(t, s)
	ctx := testContext(t)
	ann := User{ID: 42, FirstName: "Ann"}

	s.SendText(ann, -100, "hello all")
	for _, text := range []string{"one", "two"} {
		if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: -100, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.DeleteMessages(ctx, &tg.DeleteMessagesParams{ChatID: -100, MessageIDs: []int{2, 3, 9}}); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range s.History(-100) {
		kinds = append(kinds, string(e.Kind)+" "+e.Text)
	}
	want := []string{"text hello all", "send one", "send two", "delete ", "delete "}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("history %q, want %q", kinds, want)
	}
	if h := s.History(42); h != nil {
		t.Errorf("a group's events in the private chat: %+v", h)
	}
}

func TestHistoryOff(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	b := newClient(t, s)
	ctx := testContext(t)
	ann := User{ID: 42, FirstName: "Ann"}

	s.SendText(ann, 42, "/start")
	sent, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 42, Text: "hi", ReplyMarkup: keyboard([]models.InlineKeyboardButton{{Text: "ok", CallbackData: "ok"}})})
	if err != nil {
		t.Fatal(err)
	}
	_, cb := s.Press(ann, 42, sent.ID, "ok")
	if _, err := b.AnswerCallbackQuery(ctx, &tg.AnswerCallbackQueryParams{CallbackQueryID: cb, Text: "fine"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.EditMessageText(ctx, &tg.EditMessageTextParams{ChatID: 42, MessageID: sent.ID, Text: "bye"}); err != nil {
		t.Fatal(err)
	}
	if h := s.History(42); len(h) != 0 {
		t.Errorf("history without WithHistory: %+v", h)
	}
	if n := len(s.Messages(42)); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
}
