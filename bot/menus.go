package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// menu is the command list a member of role r sees in language l.
func menu(r branchbot.Role, l branchbot.Lang) []models.BotCommand {
	var cmds []models.BotCommand
	for _, c := range commandSpecs {
		if c.hidden || !r.AtLeast(c.role) {
			continue
		}
		cmds = append(cmds, models.BotCommand{Command: c.name, Description: c.desc[langIndex(l)]})
	}
	return cmds
}

// needsOwnMenu reports whether a member's menu differs from the default
// one every private chat gets.
func (b *Bot) needsOwnMenu(m *branchbot.Member) bool {
	return m.Bound() && (m.Role != branchbot.RoleMember || langOf(m, b.opts.Language) != b.opts.Language)
}

// syncAllMenus registers the menus when they have changed since they were
// last registered (a new version, another default language): the member
// menu in the branch's default language for all private chats, and a
// chat-scoped menu for every member whose role or language differs (one
// call per such member, only when the menus change). A
// restart with the same menus makes no call: the chat-scoped menus are
// kept up to date as members join, change /lang or change role.
//
// Menus by the app's language_code are deleted: Telegram would show them by
// the language of the member's app (most Chinese members use an English
// one), not the language they read in the bot.
//
// Failures are logged and the menus tried again at the next start; menus
// are a convenience, the commands work without them.
func (b *Bot) syncAllMenus(ctx context.Context) {
	key := b.menusKey()
	if b.menusRegistered(key) {
		return
	}
	failed := 0
	for _, l := range []branchbot.Lang{branchbot.LangZH, branchbot.LangEN} {
		if !b.deleteMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, string(l)) {
			failed++
		}
	}
	if !b.setMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, "", menu(branchbot.RoleMember, b.opts.Language)) {
		failed++
	}
	// Those who may have had a menu of their own under the old menus or
	// default language: each gets theirs set, or cleared.
	var own []*branchbot.Member
	_ = b.db.View(func(tx *store.Tx) error {
		return tx.ForEachMember(func(m *branchbot.Member) error {
			if m.Bound() && (m.Role != branchbot.RoleMember || m.Lang != "") {
				own = append(own, m)
			}
			return nil
		})
	})
	for _, m := range own {
		if !b.syncMenu(ctx, m) {
			failed++
		}
	}
	if failed > 0 || ctx.Err() != nil {
		return
	}
	if err := b.db.Update(func(tx *store.Tx) error { _, err := tx.Mark(key); return err }); err != nil {
		b.log.Warn("recording the menus failed", "err", err)
	}
}

// menusKey names the menus of this version and default language: a
// fingerprint of every menu there is.
func (b *Bot) menusKey() string {
	h := fnv.New64a()
	fmt.Fprintf(h, "default=%s\n", b.opts.Language)
	for _, r := range branchbot.Roles {
		for _, l := range []branchbot.Lang{branchbot.LangZH, branchbot.LangEN} {
			for _, c := range menu(r, l) {
				fmt.Fprintf(h, "%s/%s/%s %s\n", r, l, c.Command, c.Description)
			}
		}
	}
	return fmt.Sprintf("menus/%016x", h.Sum64())
}

// errMenusNew rolls back the transaction that asks whether menus were
// registered, so that asking records nothing.
var errMenusNew = errors.New("menus not registered yet")

// menusRegistered reports whether the menus named key were registered.
func (b *Bot) menusRegistered(key string) bool {
	err := b.db.Update(func(tx *store.Tx) error {
		fresh, err := tx.Mark(key)
		if err == nil && fresh {
			return errMenusNew
		}
		return err
	})
	if err != nil && !errors.Is(err, errMenusNew) {
		b.log.Warn("reading the menus' record failed", "err", err)
	}
	return err == nil
}

// afterMenu updates a member's menu once the transaction has committed.
func (r *request) afterMenu(m *branchbot.Member) {
	mm := *m
	r.after = append(r.after, func(ctx context.Context) { r.b.syncMenu(ctx, &mm) })
}

// syncMenu gives a member the menu of their role in the language they
// read in the bot: a chat-scoped one when it differs from the default
// menu, else none. It reports whether Telegram took it.
func (b *Bot) syncMenu(ctx context.Context, m *branchbot.Member) bool {
	if !m.Bound() {
		return true
	}
	if !b.needsOwnMenu(m) {
		return b.clearMenu(ctx, m.TelegramID)
	}
	return b.setMenu(ctx, &models.BotCommandScopeChat{ChatID: m.TelegramID}, "", menu(m.Role, langOf(m, b.opts.Language)))
}

// menuBudget is how long a menu call may take, waits for retry_after
// included; a menu that cannot be set by then is logged and left.
const menuBudget = 2 * time.Minute

// menuCall makes one menu call, obeying retry_after within menuBudget.
func (b *Bot) menuCall(ctx context.Context, method string, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, menuBudget)
	defer cancel()
	return b.obeying(ctx, method, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return call(ctx)
	})
}

// clearMenu removes a chat's own menu, so the default one shows.
func (b *Bot) clearMenu(ctx context.Context, chatID int64) bool {
	return b.deleteMenu(ctx, &models.BotCommandScopeChat{ChatID: chatID}, "")
}

func (b *Bot) deleteMenu(ctx context.Context, scope models.BotCommandScope, lang string) bool {
	err := b.menuCall(ctx, "deleteMyCommands", func(ctx context.Context) error {
		_, err := b.api.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: scope, LanguageCode: lang})
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		b.log.Warn("deleteMyCommands failed", "scope", fmt.Sprintf("%T", scope), "lang", lang, "err", maskToken(err.Error(), b.opts.Token))
	}
	return err == nil
}

func (b *Bot) setMenu(ctx context.Context, scope models.BotCommandScope, lang string, cmds []models.BotCommand) bool {
	err := b.menuCall(ctx, "setMyCommands", func(ctx context.Context) error {
		_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: lang})
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		b.log.Warn("setMyCommands failed", "lang", lang, "err", maskToken(err.Error(), b.opts.Token))
	}
	return err == nil
}
