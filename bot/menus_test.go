package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/telegramtest"
)

// shownMenu is the menu Telegram shows in a member's private chat, by its
// documented order of scopes: the chat's (with the app's language, then
// without), all private chats' (likewise), then the default scope's.
func shownMenu(srv *telegramtest.Server, chat int64, appLang string) []models.BotCommand {
	for _, s := range []struct {
		scope string
		lang  string
	}{{"chat", appLang}, {"chat", ""}, {"all_private_chats", appLang}, {"all_private_chats", ""}, {"default", appLang}, {"default", ""}} {
		if cmds := srv.MyCommands(s.scope, chat, s.lang); cmds != nil {
			return cmds
		}
	}
	return nil
}

// menuLang says which language a menu is written in, and whether it has
// command cmd.
func menuLang(cmds []models.BotCommand, cmd string) (lang string, has bool) {
	lang = "en"
	for _, c := range cmds {
		if strings.IndexFunc(c.Description, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
			lang = "zh"
		}
		if c.Command == cmd {
			has = true
		}
	}
	if len(cmds) == 0 {
		lang = ""
	}
	return lang, has
}

// waitMenu waits until the menu shown in chat to an app in appLang is in
// lang and has (or has not) cmd.
func waitMenu(t *testing.T, srv *telegramtest.Server, chat int64, appLang, lang, cmd string, has bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		cmds := shownMenu(srv, chat, appLang)
		l, h := menuLang(cmds, cmd)
		if l == lang && h == has {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat %d, app in %q: menu in %q with /%s %v, want %q and %v: %v", chat, appLang, l, cmd, h, lang, has, cmds)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func menuCalls(srv *telegramtest.Server) int {
	st := srv.Stats()
	return st.Requests["setMyCommands"] + st.Requests["deleteMyCommands"]
}

// TestMenusFollowBotLanguage: the command menu is in the language the
// member reads in the bot (/lang), whatever their app's language, and
// follows their role; menus are set on events, not again at each start.
func TestMenusFollowBotLanguage(t *testing.T) {
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	// Menus by app language, as an earlier version registered them.
	api, err := tg.New(srv.Token(), tg.WithServerURL(srv.URL()), tg.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"zh", "en"} {
		if _, err := api.SetMyCommands(context.Background(), &tg.SetMyCommandsParams{
			Scope: &models.BotCommandScopeAllPrivateChats{}, LanguageCode: l,
			Commands: []models.BotCommand{{Command: "help", Description: "old " + l}},
		}); err != nil {
			t.Fatal(err)
		}
	}
	var logs syncBuffer
	h, _ := startBot(t, srv, &logs, nil)
	h.say(secretary, "/help")
	h.wait(secretaryID, "/help")
	h.settle()

	for _, l := range []string{"zh", "en"} {
		if cmds := srv.MyCommands("all_private_chats", 0, l); cmds != nil {
			t.Errorf("a menu for apps in %q is left: %v", l, cmds)
		}
	}
	// A stranger, with an English app, sees the branch's language.
	waitMenu(t, srv, 9999, "en", "zh", "invite", false)
	// The secretary has their role's menu, in Chinese, on an English app.
	waitMenu(t, srv, secretaryID, "en", "zh", "audit", true)

	// A member with an English app who reads Chinese in the bot.
	li := telegramtest.User{ID: 4001, FirstName: "李", LastName: "明", LanguageCode: "en"}
	h.join(li, "李明")
	waitMenu(t, srv, li.ID, "en", "zh", "done", true)
	waitMenu(t, srv, li.ID, "en", "zh", "report", false)

	h.sayAndWait(li, "/lang en", "Language set to English")
	waitMenu(t, srv, li.ID, "zh-hans", "en", "done", true)
	h.sayAndWait(li, "/lang zh", "已切换为中文")
	waitMenu(t, srv, li.ID, "en", "zh", "done", true)

	h.sayAndWait(secretary, "/setrole 李明 leader", "党小组长")
	waitMenu(t, srv, li.ID, "en", "zh", "report", true)
	h.sayAndWait(secretary, "/setrole 李明 member", "党员")
	waitMenu(t, srv, li.ID, "en", "zh", "report", false)
	h.settle()

	// A restart with the same menus makes no menu call at all.
	before := menuCalls(srv)
	h.restart(nil)
	h.sayAndWait(secretary, "/help", "/help")
	h.settle()
	if n := menuCalls(srv) - before; n != 0 {
		t.Errorf("a restart made %d menu calls, want 0", n)
	}

	// Another default language: the default menu follows it, and the
	// member who chose Chinese keeps Chinese.
	h.cancel()
	<-h.done
	opts := h.opts
	opts.Language = branchbot.LangEN
	h.start(opts)
	defer h.stop()
	h.sayAndWait(secretary, "/help", "/help")
	waitMenu(t, srv, 9999, "zh-hans", "en", "help", true)
	waitMenu(t, srv, li.ID, "en", "zh", "done", true)
	// The secretary never chose: they read the new default now.
	waitMenu(t, srv, secretaryID, "zh-hans", "en", "audit", true)
}
