package bot

// Why a message did not reach a member, in words a secretary understands
// and with what to do about it. The sender stores Telegram's own short
// description ("Forbidden: bot was blocked by the user"); it is rendered
// here, when it is shown.

import (
	"strings"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

// failure is a kind of failed delivery.
type failure string

// The kinds of failure a secretary is told about.
const (
	failNotJoined   failure = "notjoined"   // invited, never joined
	failBlocked     failure = "blocked"     // blocked the bot
	failDeactivated failure = "deactivated" // deleted their Telegram account
	failNoChat      failure = "nochat"      // no chat with them (never opened the bot, or gone)
	failKicked      failure = "kicked"      // the bot was removed from a group
	failTooLong     failure = "toolong"     // the text was too long
	failRejected    failure = "rejected"    // any other refusal of the message itself
	failRateLimited failure = "ratelimited" // Telegram asked to wait
	failGaveUp      failure = "gaveup"      // Telegram did not answer, again and again
	failToken       failure = "token"       // the bot's token was refused
	failStale       failure = "stale"       // a study prompt whose day was over
	failOther       failure = "other"
)

// failureWords are the phrases of Telegram's descriptions (and of our own
// records) that tell the kinds apart, most specific first.
var failureWords = []struct {
	kind  failure
	words []string
}{
	{failNotJoined, []string{"not joined"}},
	{failBlocked, []string{"blocked by the user", "bot was blocked"}},
	{failDeactivated, []string{"user is deactivated", "deactivated"}},
	{failKicked, []string{"bot was kicked", "not a member of the", "group chat was deactivated"}},
	{failNoChat, []string{"chat not found", "peer_id_invalid", "can't initiate conversation", "user not found"}},
	{failTooLong, []string{"too long", "message_too_long"}},
	{failRateLimited, []string{"too many requests", "retry after"}},
	{failToken, []string{"unauthorized"}},
	{failStale, []string{"a day that is over", "can no longer be rendered"}},
	{failRejected, []string{"bad request", "forbidden", "not found"}},
	{failGaveUp, []string{"error response from telegram", "deadline exceeded", "timeout", "connection", "eof",
		"error do request", "internal server error", "bad gateway", "service unavailable", "gateway timeout"}},
}

// classify tells what kind of failure a stored description is.
func classify(why string) failure {
	w := strings.ToLower(strings.TrimPrefix(why, "unreachable: "))
	if strings.HasPrefix(w, "429") {
		return failRateLimited
	}
	for _, f := range failureWords {
		for _, p := range f.words {
			if strings.Contains(w, p) {
				return f.kind
			}
		}
	}
	return failOther
}

// compactError is Telegram's own description, trimmed for the operator:
// without our prefixes, at most 80 characters.
func compactError(why string) string {
	s := strings.TrimSpace(strings.TrimPrefix(why, "unreachable: "))
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:79]) + "…"
	}
	return s
}

// failureLabel names a failure in a few words, for lists of names.
func failureLabel(l branchbot.Lang, why string) string {
	k := classify(why)
	if k == failOther {
		return T(l, "tgerr.label.other", compactError(why))
	}
	return T(l, "tgerr.label."+string(k))
}

// failureAdvice says what a failure means and what to do about it.
func failureAdvice(l branchbot.Lang, why string) string {
	k := classify(why)
	if k == failOther || k == failRejected {
		return T(l, "tgerr.advice."+string(k), compactError(why))
	}
	return T(l, "tgerr.advice."+string(k))
}

// telegramError is a stored description as an argument of T: it is said
// with its advice in the reader's language.
type telegramError string

func (e telegramError) in(l branchbot.Lang) string { return failureAdvice(l, string(e)) }

// telegramErrorTexts are the words for failed deliveries.
var telegramErrorTexts = map[string][2]string{
	"tgerr.label.notjoined":   {"未加入", "not joined"},
	"tgerr.label.blocked":     {"已屏蔽机器人", "blocked the bot"},
	"tgerr.label.deactivated": {"Telegram 账号已注销", "Telegram account deleted"},
	"tgerr.label.nochat":      {"未打开过机器人", "has not opened the bot"},
	"tgerr.label.kicked":      {"机器人已被移出群聊", "the bot was removed from the group"},
	"tgerr.label.toolong":     {"消息太长", "message too long"},
	"tgerr.label.rejected":    {"Telegram 拒收", "refused by Telegram"},
	"tgerr.label.ratelimited": {"Telegram 限流", "Telegram asked to wait"},
	"tgerr.label.gaveup":      {"Telegram 多次无响应", "Telegram did not answer"},
	"tgerr.label.token":       {"机器人令牌无效", "the bot's token was refused"},
	"tgerr.label.stale":       {"学习提醒已过期", "study prompt out of date"},
	"tgerr.label.other":       {"发送失败：%s", "not sent: %s"},

	"tgerr.advice.notjoined": {
		"对方还没有通过邀请链接加入。请把邀请链接（/invite 姓名）私下发给本人。",
		"they have not joined with their invite link yet. Send them their link (/invite NAME) privately.",
	},
	"tgerr.advice.blocked": {
		"对方屏蔽了机器人。请电话联系本人，请其打开与机器人的对话，点“解除屏蔽”或“重新开始”，再发送 /start。",
		"they blocked the bot. Phone them and ask them to open their chat with the bot, press “Unblock” or “Restart”, and send /start.",
	},
	"tgerr.advice.deactivated": {
		"对方的 Telegram 账号已注销。请电话联系本人；如已换用新账号，请先移除（/remove）再重新邀请。",
		"their Telegram account has been deleted. Phone them; if they use a new account, remove them (/remove) and invite them again.",
	},
	"tgerr.advice.nochat": {
		"机器人找不到与对方的对话（可能从未打开过机器人，或删除了对话）。请电话联系本人，请其打开机器人并发送 /start。",
		"the bot has no chat with them (they may never have opened it, or deleted the chat). Phone them and ask them to open the bot and send /start.",
	},
	"tgerr.advice.kicked": {
		"机器人已被移出群聊。请群管理员把机器人重新加入群聊。",
		"the bot was removed from the group chat. Ask a group admin to add it again.",
	},
	"tgerr.advice.toolong": {
		"消息太长，Telegram 拒收。请精简后重新发送。",
		"the message was too long for Telegram. Shorten it and send it again.",
	},
	"tgerr.advice.rejected": {
		"Telegram 拒收了这条消息。请重新发送；如仍失败，请把这段说明转给运维人员：%s",
		"Telegram refused the message. Send it again; if it fails again, pass this on to whoever runs the bot: %s",
	},
	"tgerr.advice.ratelimited": {
		"Telegram 要求稍后再发，机器人会自动重发，无需处理。",
		"Telegram asked the bot to wait; it sends again by itself, nothing to do.",
	},
	"tgerr.advice.gaveup": {
		"多次尝试后仍连不上 Telegram，已放弃发送。请稍后重新发送；如经常出现，请告知运维人员检查网络。",
		"Telegram did not answer after many tries, so the bot gave up. Send it again later; if it keeps happening, ask whoever runs the bot to check the network.",
	},
	"tgerr.advice.token": {
		"Telegram 不接受机器人的令牌。请立即告知运维人员。",
		"Telegram refused the bot's token. Tell whoever runs the bot at once.",
	},
	"tgerr.advice.stale": {
		"这是已过期的学习提醒，没有补发，也不算未学。无需处理。",
		"a study prompt whose day was over; it was not sent late and counts against nobody. Nothing to do.",
	},
	"tgerr.advice.other": {
		"发送失败。请重新发送；如仍失败，请把这段说明转给运维人员：%s",
		"it could not be sent. Send it again; if it fails again, pass this on to whoever runs the bot: %s",
	},
}
