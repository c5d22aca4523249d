package bot

import (
	"context"
	"errors"
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
		if c.hidden || !roleAtLeast(r, c.role) {
			continue
		}
		cmds = append(cmds, models.BotCommand{Command: c.name, Description: c.desc[langIndex(l)]})
	}
	return cmds
}

func roleAtLeast(have, need branchbot.Role) bool {
	m := branchbot.Member{Role: have}
	return m.Is(need)
}

// needsOwnMenu reports whether a member's menu differs from the default
// one every private chat gets.
func (b *Bot) needsOwnMenu(m *branchbot.Member) bool {
	return m.Bound() && (m.Role != branchbot.RoleMember || langOf(m, b.opts.Language) != b.opts.Language)
}

// syncAllMenus registers the menus at start-up: the member menu for all
// private chats in each language, and a chat-scoped menu for every member
// whose role or language differs. Failures are logged; menus are a
// convenience, the commands work without them.
func (b *Bot) syncAllMenus(ctx context.Context) {
	for _, l := range []branchbot.Lang{branchbot.LangZH, branchbot.LangEN} {
		b.setMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, string(l), menu(branchbot.RoleMember, l))
	}
	b.setMenu(ctx, &models.BotCommandScopeAllPrivateChats{}, "", menu(branchbot.RoleMember, b.opts.Language))
	var own []*branchbot.Member
	_ = b.db.View(func(tx *store.Tx) error {
		return tx.ForEachMember(func(m *branchbot.Member) error {
			if b.needsOwnMenu(m) {
				own = append(own, m)
			}
			return nil
		})
	})
	for _, m := range own {
		b.syncMenu(ctx, m)
	}
}

// afterMenu updates a member's menu once the transaction has committed.
func (r *request) afterMenu(m *branchbot.Member) {
	mm := *m
	r.after = append(r.after, func(ctx context.Context) { r.b.syncMenu(ctx, &mm) })
}

func (b *Bot) syncMenu(ctx context.Context, m *branchbot.Member) {
	if !m.Bound() {
		return
	}
	if !b.needsOwnMenu(m) {
		b.clearMenu(ctx, m.TelegramID)
		return
	}
	b.setMenu(ctx, &models.BotCommandScopeChat{ChatID: m.TelegramID}, "", menu(m.Role, langOf(m, b.opts.Language)))
}

// menuBudget is how long a menu call may take, waits for retry_after
// included; a menu that cannot be set by then is logged and left.
const menuBudget = 2 * time.Minute

// menuCall makes one menu call, obeying retry_after within menuBudget.
func menuCall(ctx context.Context, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, menuBudget)
	defer cancel()
	return obeying(ctx, func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		return call(ctx)
	})
}

func (b *Bot) clearMenu(ctx context.Context, chatID int64) {
	err := menuCall(ctx, func(ctx context.Context) error {
		_, err := b.api.DeleteMyCommands(ctx, &tg.DeleteMyCommandsParams{Scope: &models.BotCommandScopeChat{ChatID: chatID}})
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		b.log.Warn("deleteMyCommands failed", "chat", chatID, "err", maskToken(err.Error(), b.opts.Token))
	}
}

func (b *Bot) setMenu(ctx context.Context, scope models.BotCommandScope, lang string, cmds []models.BotCommand) {
	err := menuCall(ctx, func(ctx context.Context) error {
		_, err := b.api.SetMyCommands(ctx, &tg.SetMyCommandsParams{Commands: cmds, Scope: scope, LanguageCode: lang})
		return err
	})
	if err != nil && !errors.Is(err, context.Canceled) {
		b.log.Warn("setMyCommands failed", "lang", lang, "err", maskToken(err.Error(), b.opts.Token))
	}
}
