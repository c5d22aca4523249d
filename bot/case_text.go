package bot

import "github.com/branchbot/branchbot"

// caseTexts are the words of conversation-due cases: /event, /talks,
// /talked, the talker's notices and reminders and the secretaries'
// digest. None of them ever goes to the member a case is about.
var caseTexts = map[string][2]string{
	"case.kind.wedding_funeral": {"婚丧嫁娶", "wedding or funeral"},
	"case.kind.family":          {"家庭变故", "family change"},
	"case.kind.hospital":        {"生病住院", "in hospital"},
	"case.kind.commendation":    {"评优表彰", "commended"},
	"case.kind.discipline":      {"批评处分", "criticised or disciplined"},
	"case.mode.in_person":       {"面谈", "in person"},
	"case.mode.phone":           {"电话", "by phone"},
	"case.mode.visit":           {"走访", "home visit"},
	"case.line": {
		"#%d %s · 党员：%s · 到期：%s",
		"#%d %s · member: %s · due: %s",
	},
	"case.line.talker": {" · 谈话人：%s", " · talker: %s"},
	"case.line.note":   {"\n备注：%s", "\nNote: %s"},
	"case.line.overdue": {
		"（已逾期 %d 天）",
		" (overdue by %d {day|days})",
	},
	"event.usage": {
		"用法：/event 党员 类别 [备注] [→ 谈话人]\n类别：婚丧嫁娶、家庭变故、生病住院、评优表彰、批评处分\n例：/event 张三 生病住院 住市一院 → 李四",
		"Usage: /event MEMBER KIND [NOTE] [→ TALKER]\nKIND: wedding_funeral, family, hospital, commendation, discipline\nE.g. /event #12 hospital City Hospital → #7",
	},
	"event.refused": {
		"您不能为“%s”登记谈话事项：党小组长只能登记本小组党员的事项，也不能为自己登记。",
		"You cannot open a case about “%s”: a group leader opens cases about the members of their own group only, and nobody about themselves.",
	},
	"event.badtalker": {
		"“%s”不能担任谈话人：谈话人须是已加入的党小组长、支委委员或书记，且不是当事党员本人。",
		"“%s” cannot be the talker: a talker is a group leader, committee member or secretary who has joined, and not the member concerned.",
	},
	"event.notalker": {
		"找不到可以担任谈话人的人，请用 → 指定谈话人。",
		"Nobody can be the talker under the rules; name one with → TALKER.",
	},
	"event.preview": {
		"请确认谈话事项（当事党员不会收到任何通知）：\n%s",
		"Please confirm this case (the member concerned is told nothing):\n%s",
	},
	"event.confirm":   {"✅ 确认", "✅ Confirm"},
	"event.change":    {"👤 换谈话人", "👤 Change talker"},
	"event.cancel":    {"✖️ 取消", "✖️ Cancel"},
	"event.pick":      {"请选择谈话人：\n%s", "Choose the talker:\n%s"},
	"event.opened":    {"已登记，已通知谈话人：\n%s", "Opened; the talker has been told:\n%s"},
	"event.opened.me": {"已登记，您是谈话人：\n%s", "Opened; you are the talker:\n%s"},
	"event.dropped":   {"已取消，未登记。", "Cancelled; nothing was opened."},
	"case.assigned": {
		"📋 新的谈心谈话事项，请按时谈话：\n%s\n\n谈话后发送 /talked %d 或点击下方按钮登记。",
		"📋 A new conversation is due:\n%s\n\nAfter the talk, send /talked %d or press the button below.",
	},
	"case.reminder": {
		"⏰ 谈心谈话提醒：\n%s",
		"⏰ A conversation is due:\n%s",
	},
	"case.reminder.late": {"（补发）", " (sent late)"},
	"case.talked.button": {"✅ 已谈话，登记", "✅ Talk held: log it"},
	"case.digest": {
		"⚠️ 逾期未谈的谈心谈话事项 %d 项：",
		"⚠️ %d overdue {conversation|conversations}:",
	},
	"case.digest.new": {"🆕 ", "🆕 "},
	"talks.none":      {"目前没有待谈的事项。", "No conversations are due."},
	"talks.head":      {"待谈事项 %d 项：", "%d {conversation|conversations} due:"},
	"talks.usage": {
		"用法：/talks — 查看待谈事项\n书记：/talks reassign 事项 谈话人 原因 — 改派\n/talks cancel 事项 原因 — 撤销",
		"Usage: /talks — the conversations due\nSecretary: /talks reassign CASE TALKER REASON — give to another talker\n/talks cancel CASE REASON — cancel",
	},
	"case.notfound": {
		"找不到您可查看的事项 #%s。发送 /talks 查看您的待谈事项。",
		"No case #%s that you can read. Send /talks for the conversations due to you.",
	},
	"case.closed":     {"事项 #%d 已办结或已撤销。", "Case #%d is done or cancelled."},
	"case.reassigned": {"已将事项 #%d 改派给 %s。", "Case #%d is now %s's."},
	"case.reassigned.old": {
		"事项 #%d 已由书记改派给他人，您无需再谈。原因：%s",
		"Case #%d was given to another talker by the secretary; you need not hold it. Reason: %s",
	},
	"case.cancelled": {"已撤销事项 #%d。", "Case #%d is cancelled."},
	"case.cancelled.talker": {
		"事项 #%d 已由书记撤销，无需再谈。原因：%s",
		"Case #%d was cancelled by the secretary; no talk is needed. Reason: %s",
	},
	"talked.usage": {
		"用法：/talked 事项编号，例：/talked 12。发送 /talks 查看编号。",
		"Usage: /talked CASE, e.g. /talked 12. Send /talks for the numbers.",
	},
	"talked.date": {
		"登记事项 #%d 的谈话。谈话是哪天？点按钮，或输入日期（如 10-05）。",
		"Logging the talk of case #%d. On which day was it? Press a button or type the date (e.g. 10-05).",
	},
	"talked.today":     {"今天", "Today"},
	"talked.yesterday": {"昨天", "Yesterday"},
	"talked.baddate": {
		"日期无效：须在事项登记之日（%s）到今天之间，格式如 10-05 或 2026-10-05。",
		"Not a valid date: it must be between the day the case was opened (%s) and today, written like 10-05 or 2026-10-05.",
	},
	"talked.mode":    {"谈话方式？", "How was the talk held?"},
	"talked.summary": {"请输入简要记录（一两句话）。", "Type a short summary (a sentence or two)."},
	"talked.followup": {
		"是否需要跟进？",
		"Is a follow-up needed?",
	},
	"talked.followup.no":  {"不需要", "No"},
	"talked.followup.yes": {"需要，设定日期", "Yes, by a date"},
	"talked.followup.date": {
		"跟进须在哪天前完成？输入日期（如 10-20）。",
		"By which day is the follow-up due? Type the date (e.g. 10-20).",
	},
	"talked.followup.bad": {
		"日期无效：须在今天之后，格式如 10-20 或 2026-10-20。",
		"Not a valid date: it must be after today, written like 10-20 or 2026-10-20.",
	},
	"talked.done": {
		"已登记事项 #%d 的谈话（%s，%s）。",
		"The talk of case #%d is logged (%s, %s).",
	},
	"talked.done.followup": {
		"\n已登记跟进事项 #%d，到期 %s。",
		"\nFollow-up case #%d opened, due %s.",
	},
	"talked.press":       {"请点击上面的按钮回答。", "Please answer with the buttons above."},
	"case.followup.note": {"跟进 #%d", "follow-up of #%d"},
	"case.button.talk":   {"✅ #%d 已谈", "✅ #%d held"},
}

// caseKindName names kind k in l.
func caseKindName(l branchbot.Lang, k branchbot.CaseKind) string { return T(l, "case.kind."+string(k)) }
