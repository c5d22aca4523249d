package bot

// noticeTexts are the sentences of replies to notices, of free text the
// bot cannot place, and of the confirmations that guard actions touching
// many members.
var noticeTexts = map[string][2]string{
	"free.unplaced": {
		"这条消息没有转给任何人：机器人只处理命令，以及对通知和学习提醒的回复。\n" +
			"· 回复通知：长按那条通知，选“回复”后再写；\n· 找书记：请直接私信或电话联系支部书记；\n· 学习打卡：回复“已学”或点 ✅。\n发送 /help 查看全部命令。",
		"This message was not passed on to anyone: the bot only acts on commands and on replies to notices and study prompts.\n" +
			"· To answer a notice, long-press it, choose Reply, then write;\n· To reach the secretary, message or phone them directly;\n· To mark today's study done, reply “done” or press ✅.\nSend /help for all commands.",
	},
	"free.reply.unplaced": {
		"这条回复没有转给任何人：它回复的不是一条通知（或是很久以前的通知）。有事请直接私信或电话联系支部书记；学习打卡请回复“已学”或点 ✅。",
		"This reply was not passed on to anyone: the message it answers is not a notice (or is an old one). To reach the secretary, message or phone them directly; to mark today's study done, reply “done” or press ✅.",
	},
	"free.acked": {"✅ 已记为已阅：通知 #%d（%s）。", "✅ Recorded as read: notice #%d (%s)."},
	"free.relay": {"💬 %s 回复了通知 #%d（“%s”）：\n%s", "💬 %s replied to notice #%d (“%s”):\n%s"},
	"free.relayed": {
		"已将您对通知 #%d 的回复转给%s。",
		"Your reply to notice #%d was passed on to %s.",
	},
	"free.and": {"、", ", "},
	"free.relay.nobody": {
		"您对通知 #%d 的回复没有转出：发通知的人和书记现在都收不到消息。请直接电话联系支部书记。",
		"Your reply to notice #%d was not passed on: neither its author nor any secretary can get messages now. Please phone your branch secretary.",
	},
}
