package bot

// meetingGuideTexts are the questions of the guided /meeting.
var meetingGuideTexts = map[string][2]string{
	"mg.kind": {
		"📋 安排会议（%s）：请选择会议类型。\n也可以一行写完：/meeting [类型] [全体|党小组|支委] [年-]月-日 时:分 主题 [@ 地点]",
		"📋 Scheduling a meeting (%s): choose the kind.\nOne line also works: /meeting [KIND] [all|GROUP|committee] [YYYY-]MM-DD HH:MM TITLE [@ PLACE]",
	},
	"mg.audience":    {"📋 %s（%s）：请选择参会范围。", "📋 %s (%s): who is invited?"},
	"mg.time":        {"📋 %s · %s（%s）：请回复日期和时间，例如 12-05 15:00 或 2026-12-05 15:00。", "📋 %s · %s (%s): reply with the date and time, e.g. 12-05 15:00 or 2026-12-05 15:00."},
	"mg.place":       {"📋 时间：%s（%s）：请回复会议地点，或点“跳过”。", "📋 When: %s (%s): reply with the place, or press Skip."},
	"mg.title":       {"📋 （%s）请回复会议主题。", "📋 (%s) Reply with the meeting's title."},
	"mg.title.theme": {"📋 （%s）请回复会议主题，或用本月主题：%s", "📋 (%s) Reply with the meeting's title, or take this month's theme: %s"},
	"mg.step":        {"%d/%d", "%d/%d"},
	"mg.step.open":   {"第 %d 步", "step %d"},
	"mg.btn.skip":    {"跳过", "Skip"},
	"mg.btn.theme":   {"用本月主题", "Use this month's theme"},
	"mg.btn.stop":    {"取消", "Cancel"},
	"mg.stopped":     {"已取消安排会议，没有保存任何内容。", "Scheduling stopped; nothing was kept."},
	"mg.took":        {"📋 主题：%s", "📋 Title: %s"},
	"mg.agenda": {
		"📋 议题（%s）：请回复本次会议的议题，每行一条，可以分几次发送；发完点“完成”，没有议题点“跳过”。议题在确认会议时登记，截止时间：%s。",
		"📋 Agenda (%s): reply with the meeting's agenda items, one a line, in one message or several; press Done when they are all in, or Skip for none. They are registered when you confirm the meeting; the agenda closes at %s.",
	},
	"mg.agenda.kept": {"已记下：", "Kept so far:"},
	"mg.agenda.full": {"议题最多 %d 条，其余没有记下。", "At most %d items; the rest were not kept."},
	"mg.agenda.took": {"📋 议题：%d 条", "📋 Agenda: %d {item|items}"},
	"mg.btn.done":    {"完成", "Done"},
	"mg.pv.agenda":   {"议题（确认后登记）：", "Agenda (registered on confirmation):"},
}
