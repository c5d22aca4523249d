package bot

// agendaTexts are the sentences of agenda items, decisions, themes and
// the calendar file.
var agendaTexts = map[string][2]string{
	"ag.usage":      {"用法：/agenda 会议编号 议题内容，例如：/agenda 3 研究发展党员工作", "Usage: /agenda MEETING TEXT, e.g. /agenda 3 Admitting new members"},
	"ag.none":       {"会议 #%d 不收议题：只有支委会和党员大会登记议题。", "Meeting #%d takes no agenda items: only committee meetings and member assemblies do."},
	"ag.notyours":   {"只有支委可以提交议题。", "Only committee members submit agenda items."},
	"ag.closed":     {"会议 #%d 的议题已于 %s 截止，不搞临时动议。如确有必要，请联系支部书记。", "The agenda of meeting #%d closed at %s: no items from the floor. If it must be discussed, ask the secretary."},
	"ag.added":      {"已登记会议 #%[2]d 的议题 %[1]d。议题截止时间：%[3]s。", "Item %[1]d registered for meeting #%[2]d. The agenda closes at %[3]s."},
	"ag.added.late": {"已登记会议 #%[2]d 的议题 %[1]d（截止后补充，已记入审计日志）。", "Item %[1]d added to meeting #%[2]d after the deadline (marked late, recorded in the audit log)."},
	"ag.ask":        {"请直接回复要提交给会议 #%d「%s」的议题。", "Reply with the item to put on the agenda of meeting #%d \"%s\"."},
	"ag.late.mark":  {"（截止后补充）", " (added late)"},
	"ag.list":       {"议题：", "Agenda:"},
	"ag.btn":        {"📝 提交议题", "📝 Add an item"},
	"mn.usage":      {"用法：/minutes 会议编号", "Usage: /minutes MEETING"},
	"mn.head":       {"会议 #%d「%s」议题与决定：", "Meeting #%d \"%s\": items and decisions:"},
	"mn.noitems":    {"没有登记议题。", "No items were registered."},
	"mn.after":      {"会后可在此记录各议题的决定。", "Record each item's decision here after the meeting."},
	"mn.btn":        {"记录议题 %d 的决定", "Record the decision on item %d"},
	"mn.decision":   {"决定：%s", "Decision: %s"},
	"mn.ask":        {"请直接回复议题 %d「%s」的决定。", "Reply with the decision on item %d \"%s\"."},
	"mn.recorded":   {"已记录会议 #%[2]d 议题 %[1]d 的决定。发送 /minutes %[2]d 查看。", "The decision on item %[1]d of meeting #%[2]d is recorded. Send /minutes %[2]d to see it."},

	"th.usage":   {"用法：/theme 年-月 主题，例如：/theme 2026-12 学习贯彻党章", "Usage: /theme YYYY-MM TEXT, e.g. /theme 2026-12 Studying the Constitution"},
	"th.set":     {"已设定 %s 的主题：%s。当月的主题党日和党课未写主题时使用它。", "The theme of %s is set: %s. That month's themed day and party lesson carry it when scheduled without a title."},
	"th.show":    {"本月（%s）主题：%s\n下月（%s）主题：%s", "This month's (%s) theme: %s\nNext month's (%s) theme: %s"},
	"th.unset":   {"（未设定）", "(not set)"},
	"th.in.card": {"本月主题：%s", "Theme of the month: %s"},

	"help.agenda": {
		"/agenda 会议编号 议题 — 支委为支委会、党员大会提交议题，截止后只有书记可以补充。例：/agenda 3 研究发展党员工作",
		"/agenda MEETING TEXT — committee members put an item on a committee meeting's or assembly's agenda before it closes. E.g. /agenda 3 Admitting new members",
	},
	"help.minutes": {
		"/minutes 会议编号 — 会议的议题与决定；会后逐项记录决定。例：/minutes 3",
		"/minutes MEETING — a meeting's items and decisions; record each decision after the meeting. E.g. /minutes 3",
	},
	"help.theme": {
		"/theme [年-月 主题] — 查看本月和下月主题，或设定某月主题（一月一主题）。例：/theme 2026-12 学习贯彻党章",
		"/theme [YYYY-MM TEXT] — show this and next month's themes, or set a month's theme. E.g. /theme 2026-12 Studying the Constitution",
	},

	"mt.auto": {"已按计划自动安排会议 #%d 并通知参会党员：\n\n%s\n\n已通知 %d 人。改期：/meeting move %d 日期 时间；取消：/meeting cancel %d",
		"Meeting #%d was scheduled from the plan and the invited told:\n\n%s\n\n%d notified. Move: /meeting move %d DATE TIME; cancel: /meeting cancel %d"},
	"mt.cadence": {"提醒：%s 还没有召开或安排%s，本期到 %s 结束。请及时安排。", "Reminder: no %[2]s has been held or scheduled in %[1]s, which ends on %[3]s. Please schedule one."},

	"cal.btn":     {"📅 加入日历", "📅 Add to calendar"},
	"cal.caption": {"会议 #%d「%s」的日历文件，打开即可加入日历。", "The calendar file of meeting #%d \"%s\": open it to add the meeting to your calendar."},
}
