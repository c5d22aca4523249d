package bot

// broadcastTexts are the sentences of broadcasts, /broadcasts and /audit.
var broadcastTexts = map[string][2]string{
	"bc.usage": {
		"用法：/broadcast [指示] [全体|党小组|支委] [定时 [日期] 时:分] 内容\n" +
			"例如：\n/broadcast 全体 周五下午三点在三楼会议室召开支部党员大会。\n" +
			"/broadcast 第一党小组 请于本周内提交学习心得。\n" +
			"/broadcast 支委 明早九点召开支委会。\n" +
			"/broadcast 指示 上级指示精神传达：……（党员点“已阅”计入学习记录）\n" +
			"/broadcast 定时 2026-12-01 08:00 定时发送的通知\n" +
			"（也可写英文：directive、all、committee、at）\n" +
			"内容可以多行，可带格式；也可以发送图片或文件，在说明里写 /broadcast ……\n发送前会先给您预览。",
		"Usage: /broadcast [directive] [all|GROUP|committee] [at [DATE] HH:MM] TEXT\n" +
			"Examples:\n/broadcast all Branch meeting on Friday at 15:00, room 301.\n" +
			"/broadcast \"Group 1\" Please hand in your study notes this week.\n" +
			"/broadcast committee Committee meeting tomorrow at 9:00.\n" +
			"/broadcast directive Directives from above: … (acknowledging counts in the study record)\n" +
			"/broadcast at 2026-12-01 08:00 a notice sent at a set time\n" +
			"The text may have several lines and formatting; you can also send a photo or a file with /broadcast … as its caption.\nYou get a preview before anything is sent.",
	},
	"bc.toolong":             {"通知太长：最多 %d 字，现有 %d 字。请精简或分几次发送。", "The notice is too long: at most %d characters, it has %d. Shorten it or send it in parts."},
	"bc.nobody":              {"%s中没有可以发送的党员。", "There is nobody to send to in %s."},
	"bc.head.notice":         {"📢 %s · 通知", "📢 %s · Notice"},
	"bc.head.directive":      {"📜 指示精神传达 · %s", "📜 Directives · %s"},
	"bc.head.late":           {"%s（补发）", "%s (sent late)"},
	"bc.pv.head":             {"📋 通知 #%d · 预览（党员将收到上面这条消息）", "📋 Notice #%d · preview (members will get the message above)"},
	"bc.pv.kind":             {"类型：%s", "Kind: %s"},
	"bc.kind.notice":         {"通知", "notice"},
	"bc.kind.directive":      {"上级指示精神传达（点“已阅”计入学习记录）", "directive from above (acknowledging counts in the study record)"},
	"bc.pv.audience":         {"对象：%s，共 %d 人", "To: %s, %d {member|members}"},
	"bc.pv.unreach":          {"（其中 %d 人未加入或无法送达，将列入名单）", " (%d of them not joined or unreachable; they will be listed)"},
	"bc.pv.ack.on":           {"回执：需要点“已阅”", "Acknowledgement: required (the “Mark as read” button)"},
	"bc.pv.ack.off":          {"回执：不需要", "Acknowledgement: not required"},
	"bc.pv.group.on":         {"支部群：同时发布", "Branch group chat: posted too"},
	"bc.pv.group.off":        {"支部群：不发布", "Branch group chat: not posted"},
	"bc.pv.hint":             {"确认无误后点“%s”。", "Press “%s” when it is right."},
	"bc.pv.now":              {"发送：确认后立即发送", "When: as soon as you confirm"},
	"bc.pv.at":               {"发送：定时 %s", "When: at %s"},
	"bc.badtime":             {"“%s”不是可用的发送时间。请写 at HH:MM 或 at YYYY-MM-DD HH:MM，须在今后 30 天内，例如 /broadcast at 08:00 明早的通知", "“%s” is not a time it can be sent at. Write at HH:MM or at YYYY-MM-DD HH:MM, within the next 30 days, e.g. /broadcast at 08:00 tomorrow's notice"},
	"bc.btn.sendat":          {"⏰ 定时发送", "⏰ Send at that time"},
	"bc.btn.aud":             {"对象：%s 🔁", "To: %s 🔁"},
	"bc.btn.unsend":          {"✖️ 撤回", "✖️ Withdraw"},
	"bc.scheduled":           {"⏰ 通知 #%d 将于 %s 发给%s。在那之前可以撤回。", "⏰ Notice #%d will go to %[3]s at %[2]s. You can withdraw it until then."},
	"bc.list.scheduled":      {" · ⏰ 定时 %s", " · ⏰ at %s"},
	"bc.aud.all":             {"全体党员", "all members"},
	"bc.aud.committee":       {"支委会", "the branch committee"},
	"bc.aud.group":           {"党小组“%s”", "group “%s”"},
	"bc.btn.send":            {"📤 发送", "📤 Send"},
	"bc.btn.cancel":          {"✖️ 取消", "✖️ Cancel"},
	"bc.btn.ack.on":          {"回执：需要 🔁", "Ack: required 🔁"},
	"bc.btn.ack.off":         {"回执：不需要 🔁", "Ack: not required 🔁"},
	"bc.btn.group.on":        {"支部群：发布 🔁", "Group chat: post 🔁"},
	"bc.btn.group.off":       {"支部群：不发 🔁", "Group chat: don't post 🔁"},
	"bc.btn.names":           {"#%d 名单", "#%d names"},
	"bc.cancelled":           {"已取消，通知 #%d 没有发出。", "Cancelled; notice #%d was not sent."},
	"bc.already":             {"通知 #%d 已经处理过了。", "Notice #%d has been dealt with already."},
	"bc.status.sending":      {"📤 通知 #%d 发送中：%d/%d\n已送达 %d · 失败 %d · 无法送达 %d", "📤 Notice #%d sending: %d/%d\ndelivered %d · failed %d · unreachable %d"},
	"bc.status.done":         {"✅ 通知 #%d 已发送完毕：%d/%d\n已送达 %d · 失败 %d · 无法送达 %d\n发送 /broadcasts 查看送达和回执名单。", "✅ Notice #%d sent: %d/%d\ndelivered %d · failed %d · unreachable %d\nSend /broadcasts for who got it and who read it."},
	"bc.ack.btn":             {"已阅", "Mark as read"},
	"bc.acked.btn":           {"✅ 已阅 %s", "✅ Read %s"},
	"bc.ack.cb":              {"已记录，谢谢！", "Recorded, thank you!"},
	"bc.ack.again":           {"您已于 %s 确认阅读。", "You marked it read at %s."},
	"bc.remind":              {"🔔 提醒：您还没有确认阅读通知 #%d（“%s”）。请阅读后点“已阅”。", "🔔 Reminder: you have not yet confirmed notice #%d (“%s”). Please read it and press “Mark as read”."},
	"bc.report.head":         {"📋 通知 #%d（%s 发出，“%s”）回执情况：", "📋 Notice #%d (sent %s, “%s”): acknowledgements"},
	"bc.report.counts":       {"已阅 %d/%d · 仍未阅 %d · 无法送达 %d · 发送失败 %d", "read %d/%d · not yet read %d · unreachable %d · failed %d"},
	"bc.report.counts.noack": {"已送达 %d/%d · 无法送达 %d · 发送失败 %d", "delivered %d/%d · unreachable %d · failed %d"},
	"bc.report.silent":       {"⏳ 仍未阅（%d 人），请电话提醒：", "⏳ Not yet read (%d), please phone them:"},
	"bc.report.unreach":      {"⚠️ 无法送达（%d 人），请电话联系：", "⚠️ Unreachable (%d), please phone them:"},
	"bc.report.failed":       {"❌ 发送失败（%d 人）：", "❌ Failed (%d):"},
	"bc.report.allread":      {"✅ 全部已阅。", "✅ Everyone has read it."},
	"bc.removed":             {"（已移除）", " (removed)"},
	"bc.why":                 {"（%s）", " (%s)"},
	"bc.list.empty":          {"还没有发过通知。发送 /broadcast 查看用法。", "No notices yet. Send /broadcast to see how."},
	"bc.list.head":           {"📢 最近的通知（%d 条），点下面的按钮查看名单：", "📢 Recent notices (%d); press a button below for the names:"},
	"bc.list.directive":      {" · 📜 上级指示精神传达", " · 📜 directive"},
	"bc.list.counts":         {"送达 %d/%d · 失败 %d · 无法送达 %d", "delivered %d/%d · failed %d · unreachable %d"},
	"bc.list.acked":          {" · 已阅 %d/%d", " · read %d/%d"},
	"bc.list.sending":        {" · 发送中", " · sending"},
	"bc.names.head":          {"📋 通知 #%d 名单（共 %d 人）“%s”", "📋 Notice #%d: names (%d in all) “%s”"},
	"bc.names.acked":         {"✅ 已阅（%d）", "✅ Read (%d)"},
	"bc.names.unacked":       {"⏳ 未阅（%d）", "⏳ Not read yet (%d)"},
	"bc.names.sent":          {"📬 已送达（%d）", "📬 Delivered (%d)"},
	"bc.names.queued":        {"📤 待发送（%d）", "📤 Waiting to be sent (%d)"},
	"bc.names.unreach":       {"⚠️ 无法送达（%d）", "⚠️ Unreachable (%d)"},
	"bc.names.failed":        {"❌ 发送失败（%d）", "❌ Failed (%d)"},
	"me.directives":          {"📜 本月上级指示精神传达：已阅 %d/%d", "📜 This month's directives: read %d of %d"},
	"me.directive.acked":     {"  #%d ✅ 已阅 %s", "  #%d ✅ read %s"},
	"me.directive.unread":    {"  #%d ⏳ 未阅：请在通知下点“已阅”", "  #%d ⏳ not read: press “Mark as read” under the notice"},
	"audit.usage":            {"用法：/audit [条数]，默认 20 条，最多 %d 条。例如：/audit 50", "Usage: /audit [N]; 20 by default, at most %d. Example: /audit 50"},
	"audit.empty":            {"审计日志是空的。", "The audit log is empty."},
	"audit.head":             {"🗂 审计日志（最近 %d 条，新的在前）：", "🗂 Audit log (latest %d, newest first):"},
	"audit.system":           {"系统", "system"},
	"audit.refused":          {"⛔ ", "⛔ "},
}
