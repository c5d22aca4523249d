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
	"group.none":    {"支部还没有党小组（/setgroup 党员 小组名 可以建立）。", "The branch has no party groups yet (/setgroup MEMBER GROUP makes one)."},
	"group.list":    {"现有党小组：%s。", "The groups are: %s."},
	"group.nearest": {"最接近的是“%s”。", "The nearest is “%s”."},
	"group.example": {"第一党小组", "\"Group 1\""},
	"bc.nogroup": {
		"没有发送：支部没有名为“%s”的党小组。\n%s\n发给一个党小组：/broadcast %s 内容\n如果“%s”是正文的开头、要发给全体，请写 /broadcast all 再接正文。",
		"Nothing was sent: the branch has no group “%s”.\n%s\nTo send to a group: /broadcast %s TEXT\nIf “%s” begins the text and the notice is for everyone, write /broadcast all and then the text.",
	},
	"setgroup.confirm": {
		"还没有名为“%s”的党小组。要新建这个党小组，并把 %s 调进去吗？",
		"There is no group “%s” yet. Make this new group and put %s in it?",
	},
	"setgroup.btn.new": {"➕ 新建“%s”", "➕ Make “%s”"},
	"setgroup.btn.use": {"改用“%s”", "Use “%s” instead"},
	"setgroup.toolong": {
		"“%s”作为新党小组的名称太长，请用短一些的名称（12 个汉字以内）。",
		"“%s” is too long for a new group's name; use a shorter one (up to about 40 letters).",
	},
	"handbook.confirm": {
		"⚠️ 要把全体党员调到第%d节《%s》吗？\n共 %d 人，其中 %d 人的进度会改变：每个人下一次学习的都将是这一节。",
		"⚠️ Move every member to section %d, “%s”?\n%d members in all, %d of them move: everyone's next study will be this section.",
	},
	"handbook.now":      {"目前进度：", "Where members are now:"},
	"handbook.at":       {"· 第%d节《%s》：%d 人", "· section %d, “%s”: %d"},
	"handbook.noundo":   {"调整后，各人原来的进度不会保留，无法撤销。", "Once moved, each member's own place is not kept: this cannot be undone."},
	"handbook.btn.move": {"✅ 全部调到第%d节", "✅ Move all to section %d"},
	"hbend.ask": {
		"📘 《%s》共 %d 节，进度最快的党员还剩 %d 节（每天一节，约 %[3]d 天）就学完了。学完以后怎么办？\n" +
			"· 从头再学：学完最后一节的党员从第 1 节重新开始；\n· 稍后更换：您准备新的手册，换好之前学完的党员也从第 1 节重新开始。",
		"📘 “%s” has %d sections; the members furthest ahead have %d left (about %[3]d days at a section a day). What then?\n" +
			"· Start again: members who finish the last section begin again at section 1;\n· Change later: you prepare a new handbook; until it is in place, those who finish also begin again at section 1.",
	},
	"hbend.btn.again": {"🔁 从头再学", "🔁 Start again"},
	"hbend.btn.later": {"📚 稍后更换", "📚 Change later"},
	"hbend.again": {
		"🔁 好的：学完最后一节的党员将从第 1 节重新开始。",
		"🔁 Done: members who finish the last section begin again at section 1.",
	},
	"hbend.later": {
		"📚 好的。更换手册：把新手册的文件写在配置文件的 study.handbook 里，运行 branchbot check-config 检查，然后重启机器人。换好之前，学完最后一节的党员从第 1 节重新开始；发送 /handbook 节 可以把全体调到某一节。",
		"📚 All right. To change the handbook: name the new handbook file in study.handbook in the configuration, run branchbot check-config, then restart the bot. Until then, members who finish the last section begin again at section 1; /handbook SECTION moves everyone to a section.",
	},
	"bc.pv.held": {
		"⚠️ 这个时间在免打扰时间（%s）内：通知将推迟到 %s 才发出。要按时发出，请点下面的“🔕 按时静音发送”（党员手机不响铃）。",
		"⚠️ That time is in the quiet hours (%s): the notice will be held until %s. To send it on time, press “🔕 Silently on time” below (members' phones stay silent).",
	},
	"bc.pv.silent": {
		"发送：定时 %s，静音发送（在免打扰时间 %s 内，党员手机不响铃）",
		"When: at %s, silently (inside the quiet hours %s, members' phones stay silent)",
	},
	"bc.btn.silent": {"🔕 %s 按时静音发送", "🔕 Silently on time, %s"},
	"bc.btn.loud":   {"🔔 改为 %s 正常发送", "🔔 Normally at %s instead"},
	"bc.silent.tag": {"（静音）", " (silently)"},
}
