package bot

import (
	"strings"

	"github.com/branchbot/branchbot"
)

// texts holds every sentence a person reads, in Chinese and English. A key
// missing a language is a bug caught by TestTextsComplete.
var texts = map[string][2]string{
	"stranger": {
		"您好！这是%s的机器人。请向支部书记索取邀请链接，点击链接即可加入。",
		"Hello! This is the bot of %s. Ask your branch secretary for an invite link and open it to join.",
	},
	"invite.bad": {
		"邀请链接无效。请检查链接是否完整，或向支部书记索取新的邀请链接。",
		"This invite link is not valid. Check that the link is complete, or ask your branch secretary for a new one.",
	},
	"invite.used": {
		"此邀请链接已被使用。如需加入，请向支部书记索取新的邀请链接。",
		"This invite link has already been used. Ask your branch secretary for a new one.",
	},
	"invite.expired": {
		"此邀请链接已过期（有效期 7 天）。请向支部书记索取新的邀请链接。",
		"This invite link has expired (links last 7 days). Ask your branch secretary for a new one.",
	},
	"invite.bound_other": {
		"您的 Telegram 账号已绑定为“%s”，不能再使用其他邀请链接。如有误，请联系支部书记。",
		"Your Telegram account is already bound to “%s” and cannot use another invite. If this is wrong, contact your branch secretary.",
	},
	"welcome": {
		"欢迎您，%s！您已加入%s。\n\n发送 /help 查看可用命令。",
		"Welcome, %s! You have joined %s.\n\nSend /help to see what you can do.",
	},
	"welcome.back": {
		"%s，您好！您已是%s的党员。发送 /help 查看可用命令。",
		"Hello, %s! You are already a member of %s. Send /help to see what you can do.",
	},
	"joined.notice": {
		"✅ %s 已通过邀请链接加入。",
		"✅ %s has joined through their invite link.",
	},
	"invite.made": {
		"已为“%s”生成邀请链接（仅限本人使用一次，有效期至 %s）：\n%s\n\n请私下转发给本人。",
		"Invite link for “%s” (for them alone, to be used once, valid until %s):\n%s\n\nSend it to them privately.",
	},
	"invite.usage": {
		"用法：/invite 姓名 [党小组]\n例如：/invite 张三 第一党小组\n姓名含空格时请加引号：/invite \"Li Ming\"",
		"Usage: /invite NAME [GROUP]\nExample: /invite Zhang San \"Group 1\" — quote names with spaces.",
	},
	"invite.joined_already": {
		"“%s”已经加入，无需再邀请。",
		"“%s” has already joined; no invite is needed.",
	},
	"bad.name": {
		"名称不符合要求：不能为空，不超过 64 个字符，不含换行。",
		"That name is not allowed: it must not be empty, at most 64 characters, on one line.",
	},
	"member.notfound": {
		"找不到党员“%s”。发送 /members 查看名单，可用编号（如 #12）指定。",
		"No member “%s”. Send /members for the list; you can name a member by number (e.g. #12).",
	},
	"member.ambiguous": {
		"“%s”匹配到多名党员，请写全名或用编号（如 #12）。",
		"“%s” matches more than one member; write the full name or the number (e.g. #12).",
	},
	"refused.role": {
		"抱歉，/%s 仅限%s使用。发送 /help 查看您可用的命令。",
		"Sorry, /%s is only for %s. Send /help to see the commands you can use.",
	},
	"refused.private": {
		"为保护信息安全，/%s 只能在与机器人的私聊中使用。",
		"For safety, /%s only works in your private chat with the bot.",
	},
	"unknown.command": {
		"未知命令 /%s。发送 /help 查看可用命令。",
		"Unknown command /%s. Send /help to see the commands.",
	},
	"help.head": {
		"%s · 可用命令（您是%s）：",
		"%s · commands for a %s:",
	},
	"lang.usage": {
		"用法：/lang zh（中文）或 /lang en（English）",
		"Usage: /lang en (English) or /lang zh (中文)",
	},
	"lang.set": {
		"已切换为中文。",
		"Language set to English.",
	},
	"members.head": {
		"党员名单（共 %d 人，已加入 %d 人）",
		"Members (%d in all, %d joined)",
	},
	"members.group":   {"【%s】", "— %s —"},
	"members.nogroup": {"未分组", "No group"},
	"members.empty":   {"还没有党员。发送 /invite 姓名 邀请第一位党员。", "No members yet. Send /invite NAME to invite the first one."},
	"status.joined":   {"已加入", "joined"},
	"status.pending":  {"待加入", "invited, not joined"},
	"status.unreach":  {"⚠️ 无法送达", "⚠️ unreachable"},
	"setrole.usage": {
		"用法：/setrole 党员 角色\n角色：书记、支委、党小组长、党员（也可写 secretary、committee、leader、member）\n例如：/setrole 张三 支委",
		"Usage: /setrole MEMBER ROLE\nRoles: secretary, committee, leader, member\nExample: /setrole #12 leader",
	},
	"setrole.done": {
		"已将 %s 的角色设为%s。",
		"%s is now %s.",
	},
	"setrole.notice": {
		"您在支部中的角色已设为%s。发送 /help 查看可用命令。",
		"Your role in the branch is now %s. Send /help to see your commands.",
	},
	"last.secretary": {
		"不能这样做：%s 是最后一位书记。请先任命另一位书记（/setrole 党员 书记）。",
		"Not possible: %s is the last secretary. Name another secretary first (/setrole MEMBER secretary).",
	},
	"setgroup.usage": {
		"用法：/setgroup 党员 党小组（写“无”表示移出小组）\n例如：/setgroup 张三 第二党小组",
		"Usage: /setgroup MEMBER GROUP (“none” for no group)\nExample: /setgroup #12 \"Group 2\"",
	},
	"setgroup.done": {
		"已将 %s 调整到“%s”。",
		"%s is now in “%s”.",
	},
	"remove.usage": {
		"用法：/remove 党员\n例如：/remove 张三",
		"Usage: /remove MEMBER\nExample: /remove #12",
	},
	"remove.confirm": {
		"确定要将 %s 移出支部吗？此操作不可撤销。",
		"Remove %s from the branch? This cannot be undone.",
	},
	"remove.yes":       {"确认移除", "Remove"},
	"remove.no":        {"取消", "Cancel"},
	"remove.done":      {"已将 %s 移出支部。", "%s has been removed from the branch."},
	"remove.cancelled": {"已取消。", "Cancelled."},
	"remove.gone":      {"该党员已不在名单中。", "That member is no longer on the list."},
	"button.notyours": {
		"这个按钮不是发给您的。",
		"This button was not sent to you.",
	},
	"button.stale": {
		"这个按钮已失效，请重新发送命令。",
		"This button no longer works; send the command again.",
	},
	"unreachable.notice": {
		"⚠️ 无法向 %s 发送消息，已停止向其发送：%s",
		"⚠️ Messages to %s cannot be delivered and are no longer sent: %s",
	},
	"outbox.stats": {
		"待发送 %d 条，发送失败 %d 条。",
		"%d {message|messages} waiting, %d failed.",
	},
	"outbox.failed": {
		"最近失败：",
		"Recent failures:",
	},
	"outbox.what": {"怎么办：", "What to do:"},
	"error.internal": {
		"抱歉，处理时出错，已记录。请稍后再试。",
		"Sorry, something went wrong and has been logged. Please try again later.",
	},
}

// roleNames are the roles as members read them.
var roleNames = map[branchbot.Role][2]string{
	branchbot.RoleSecretary: {"书记", "secretary"},
	branchbot.RoleCommittee: {"支委委员", "committee member"},
	branchbot.RoleLeader:    {"党小组长", "group leader"},
	branchbot.RoleMember:    {"党员", "member"},
}

func langIndex(l branchbot.Lang) int {
	if l == branchbot.LangEN {
		return 1
	}
	return 0
}

// textTables are the tables T looks keys up in, one per feature.
var textTables = []map[string][2]string{texts, studyTexts, reportTexts, broadcastTexts, noticeTexts,
	telegramErrorTexts, auditTexts, helpTexts, studyTimeTexts, notesTexts, leaveTexts, firstDayTexts, meetingTexts,
	caseTexts, attendTexts, meetingMoveTexts, agendaTexts,
	dutyTexts, careTexts, reportTalksTexts, talksButtonTexts, meetingGuideTexts,
	quizBankTexts, quizTexts, ledgerTexts, digestTexts, backupTexts}

func lookup(key string) ([2]string, bool) {
	for _, tab := range textTables {
		if t, ok := tab[key]; ok {
			return t, true
		}
	}
	return [2]string{}, false
}

// localized is an argument of T that has words of its own to say in the
// reader's language, such as why Telegram refused a message.
type localized interface {
	in(l branchbot.Lang) string
}

// T renders the text under key in language l. English plurals are written
// "{day|days}" after the number they follow (see pluralForms).
func T(l branchbot.Lang, key string, args ...any) string {
	t, ok := lookup(key)
	if !ok {
		return key
	}
	if len(args) == 0 {
		return t[langIndex(l)]
	}
	copied := false
	for i, a := range args {
		if loc, ok := a.(localized); ok {
			if !copied {
				args, copied = append([]any(nil), args...), true
			}
			args[i] = loc.in(l)
		}
	}
	return fmtPlural(t[langIndex(l)], args...)
}

// rolesFrom names who holds role r or a higher one: "党小组长、支委委员和书记".
func rolesFrom(l branchbot.Lang, r branchbot.Role) string {
	var names []string
	for i := len(branchbot.Roles) - 1; i >= 0; i-- {
		if have := branchbot.Roles[i]; have.AtLeast(r) {
			names = append(names, roleNamePlural(l, have))
		}
	}
	switch len(names) {
	case 0:
		return string(r)
	case 1:
		return names[0]
	}
	last := len(names) - 1
	if l == branchbot.LangEN {
		return strings.Join(names[:last], ", ") + " and " + names[last]
	}
	return strings.Join(names[:last], "、") + "和" + names[last]
}

// roleNamePlural names the holders of a role in a list: "secretaries".
func roleNamePlural(l branchbot.Lang, r branchbot.Role) string {
	if l == branchbot.LangEN {
		if n, ok := map[branchbot.Role]string{branchbot.RoleSecretary: "secretaries"}[r]; ok {
			return n
		}
		return roleName(l, r) + "s"
	}
	return roleName(l, r)
}

func roleName(l branchbot.Lang, r branchbot.Role) string {
	if n, ok := roleNames[r]; ok {
		return n[langIndex(l)]
	}
	return string(r)
}

// firstDayTexts are the texts of a member's first study day, of marking
// a day done before its prompt, and of a snooze the day has no room for.
var firstDayTexts = map[string][2]string{
	"welcome.study": {
		"📖 每日学习：您的第一次学习提醒在%s。\n· 改时间：发送 /studytime 加时间，例如 /studytime 07:45（24 小时制）\n· 暂停提醒：发送 /studytime off；恢复：发送 /studytime on",
		"📖 Daily study: your first study prompt comes %s.\n· To change the time, send /studytime and a time, e.g. /studytime 07:45 (24-hour clock)\n· To pause the prompts, send /studytime off; to resume, /studytime on",
	},
	"first.today":    {"今天", "today"},
	"first.tomorrow": {"明天", "tomorrow"},
	"first.date":     {"%s", "on %s"},
	"first.at":       {"%s %s", "%s at %s"},
	"studytime.first": {
		"您的第一次学习提醒在%s。",
		"Your first study prompt comes %s.",
	},
	"studytime.firstpassed": {
		"今天的 %s 已经过了，您的第一次学习提醒在%s。",
		"%s has passed for today: your first study prompt comes %s.",
	},
	"done.beforefirst": {
		"还没有给您发过学习内容，现在不能打卡。您的第一次学习提醒在%s，学完后再打卡。",
		"No study section has been sent to you yet, so there is nothing to mark done. Your first study prompt comes %s; mark it done once you have studied it.",
	},
	"done.unseen": {
		"今天的学习提醒还没发出：本节内容已发在上方，并已记为已学，今天不再另行提醒。",
		"Today's prompt had not gone out yet: the section is above, marked done, and no prompt follows today.",
	},
	"prompt.again.short": {
		"📄 学习内容见上方第一条提醒。学完后点“✅ 已学”，或回复“已学”。",
		"📄 The reading is in the first prompt above. When you have studied, press “✅ Done” or reply “done”.",
	},
	"snooze.toolate": {
		"今天不能再推迟了：推迟到 %s 的提醒会落在夜间免打扰时间或今天的截止时间之后，发不出来。学完后请点“✅ 已学”或回复“已学”。",
		"This cannot be put off any more today: a reminder at %s would fall in the quiet hours or after today's cutoff, when nothing is sent. When you have studied, press “✅ Done” or reply “done”.",
	},
}
